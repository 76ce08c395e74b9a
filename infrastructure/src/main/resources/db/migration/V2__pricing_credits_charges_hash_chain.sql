-- Pricing (versioned tiers, promotions), prepaid credit with reservations, per-tenant limits,
-- charges and a hash chain on the usage ledger, and a daily rollup for reports.

alter table tenant
    add column plan                text,
    add column requests_per_minute integer check (requests_per_minute > 0),
    add column tokens_per_minute   integer check (tokens_per_minute > 0),
    add column max_concurrent      integer check (max_concurrent > 0);

-- Money columns: numeric(38,18) holds every exact amount the pricing rules produce.
create table credit_account (
    tenant_id  uuid not null references tenant (id),
    currency   char(3) not null,
    granted    numeric(38, 18) not null default 0 check (granted >= 0),
    topped_up  numeric(38, 18) not null default 0 check (topped_up >= 0),
    reserved   numeric(38, 18) not null default 0 check (reserved >= 0),
    primary key (tenant_id, currency)
);

-- Every credit movement in, append-only.
create table credit_entry (
    id          bigserial primary key,
    tenant_id   uuid not null references tenant (id),
    currency    char(3) not null,
    kind        text not null check (kind in ('granted', 'topped_up')),
    amount      numeric(38, 18) not null check (amount > 0),
    created_by  text not null,
    created_at  timestamptz not null default now()
);

-- The maximum cost of a running request, held against the balance until it settles.
create table credit_reservation (
    request_id  text primary key,
    tenant_id   uuid not null references tenant (id),
    currency    char(3) not null,
    amount      numeric(38, 18) not null check (amount >= 0),
    created_at  timestamptz not null default now()
);

create table price_tier (
    id                uuid primary key,
    model             text not null,
    version           integer not null check (version > 0),
    currency          char(3) not null,
    input_cache_hit   numeric(38, 18) not null check (input_cache_hit >= 0),
    input_cache_miss  numeric(38, 18) not null check (input_cache_miss >= 0),
    output            numeric(38, 18) not null check (output >= 0),
    effective_from    timestamptz not null,
    created_at        timestamptz not null default now(),
    unique (model, version)
);
create index price_tier_model_effective on price_tier (model, effective_from desc);

create table promotion (
    id              uuid primary key,
    name            text not null,
    percent_off     numeric(9, 6) not null check (percent_off > 0 and percent_off <= 100),
    token_classes   text[] not null check (cardinality(token_classes) > 0),
    models          text[] not null default '{}',
    tenants         text[] not null default '{}',
    plans           text[] not null default '{}',
    starts_at       timestamptz not null,
    ends_at         timestamptz,
    stackable       boolean not null default false,
    off_peak_days   text[],
    off_peak_start  time,
    off_peak_end    time,
    off_peak_zone   text,
    created_at      timestamptz not null default now(),
    check (ends_at is null or ends_at > starts_at)
);

alter table usage_ledger drop constraint usage_ledger_status_check;
alter table usage_ledger add constraint usage_ledger_status_check check (status in ('completed', 'cancelled', 'failed'));
alter table usage_ledger
    add column price_version            text,
    add column promotion_ids            text,
    add column currency                 char(3),
    add column charge_input_cache_hit   numeric(38, 18) not null default 0,
    add column charge_input_cache_miss  numeric(38, 18) not null default 0,
    add column charge_output            numeric(38, 18) not null default 0,
    add column charge_discount          numeric(38, 18) not null default 0,
    add column charge_total             numeric(38, 18) not null default 0,
    add column prev_hash                char(64),
    add column row_hash                 char(64);

-- One row holding the newest link of the ledger's hash chain; locking it serializes appends.
create table ledger_chain_head (
    id         integer primary key check (id = 1),
    last_seq   bigint not null,
    last_hash  char(64) not null
);
insert into ledger_chain_head (id, last_seq, last_hash) values (1, 0, repeat('0', 64));

-- Daily totals per tenant, model and backend, kept in the same transaction as each ledger row,
-- so reports never scan the ledger.
create table usage_daily (
    tenant_id               uuid not null references tenant (id),
    model                   text not null,
    backend                 text not null,
    day                     date not null,
    currency                char(3) not null,
    requests                bigint not null,
    prompt_cache_hit_tokens bigint not null,
    prompt_cache_miss_tokens bigint not null,
    completion_tokens       bigint not null,
    charge_discount         numeric(38, 18) not null,
    charge_total            numeric(38, 18) not null,
    primary key (tenant_id, day, model, backend, currency)
);
create index usage_daily_day on usage_daily (day);
