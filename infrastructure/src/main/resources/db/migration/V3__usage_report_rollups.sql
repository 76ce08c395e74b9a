-- For the admin API's usage reports. Whole days and months are summed from rollups kept in the same
-- transaction as each ledger row; only the partial days at a period's edges, and row listings, read the ledger.

-- Listings and partial days read ledger rows by start time, across tenants or for one.
create index usage_ledger_started on usage_ledger (started_at desc, seq desc);
create index usage_ledger_tenant_started on usage_ledger (tenant_id, started_at desc, seq desc);

-- Daily totals across all tenants, per model and backend: what a platform-wide report (revenue by
-- model for a month, say) reads, so its cost grows with days and models, never with tenants or rows.
create table usage_daily_total (
    day                      date not null,
    model                    text not null,
    backend                  text not null,
    currency                 char(3) not null,
    requests                 bigint not null,
    prompt_cache_hit_tokens  bigint not null,
    prompt_cache_miss_tokens bigint not null,
    completion_tokens        bigint not null,
    charge_discount          numeric(38, 18) not null,
    charge_total             numeric(38, 18) not null,
    primary key (day, model, backend, currency)
);

insert into usage_daily_total
select day, model, backend, currency, sum(requests), sum(prompt_cache_hit_tokens), sum(prompt_cache_miss_tokens),
       sum(completion_tokens), sum(charge_discount), sum(charge_total)
from usage_daily
group by day, model, backend, currency;

-- Monthly totals per tenant, model and backend: what a month's report per tenant (invoices, say) reads
-- for its whole months, so it costs a row per tenant and model rather than one per day as well.
create table usage_monthly (
    tenant_id                uuid not null references tenant (id),
    month                    date not null check (extract(day from month) = 1),
    model                    text not null,
    backend                  text not null,
    currency                 char(3) not null,
    requests                 bigint not null,
    prompt_cache_hit_tokens  bigint not null,
    prompt_cache_miss_tokens bigint not null,
    completion_tokens        bigint not null,
    charge_discount          numeric(38, 18) not null,
    charge_total             numeric(38, 18) not null,
    primary key (tenant_id, month, model, backend, currency)
);
create index usage_monthly_month on usage_monthly (month);

insert into usage_monthly
select tenant_id, date_trunc('month', day)::date, model, backend, currency, sum(requests), sum(prompt_cache_hit_tokens),
       sum(prompt_cache_miss_tokens), sum(completion_tokens), sum(charge_discount), sum(charge_total)
from usage_daily
group by tenant_id, date_trunc('month', day)::date, model, backend, currency;
