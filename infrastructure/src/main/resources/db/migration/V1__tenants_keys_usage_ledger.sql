-- Tenants, their API keys (hashes only), admin credentials, and the append-only usage ledger.

create table tenant (
    id          uuid primary key,
    name        text not null unique,
    status      text not null default 'active' check (status in ('active', 'suspended')),
    created_at  timestamptz not null default now()
);

create table api_key (
    id           uuid primary key,
    tenant_id    uuid not null references tenant (id),
    key_hash     char(64) not null unique,   -- SHA-256 hex of the secret; the secret is never stored
    key_prefix   text not null,              -- visible start of the key, for listings
    label        text not null default '',
    created_at   timestamptz not null default now(),
    revoked_at   timestamptz,
    last_used_at timestamptz
);
create index api_key_tenant on api_key (tenant_id);

create table admin_credential (
    id          uuid primary key,
    name        text not null unique,
    role        text not null check (role in ('admin', 'auditor')),
    token_hash  char(64) not null unique,
    created_at  timestamptz not null default now(),
    revoked_at  timestamptz
);

create table usage_ledger (
    seq                      bigserial primary key,
    request_id               text not null unique,
    tenant_id                uuid not null references tenant (id),
    api_key_id               uuid not null references api_key (id),
    model                    text not null,
    backend                  text not null,
    prompt_tokens            integer not null check (prompt_tokens >= 0),
    prompt_cache_hit_tokens  integer not null check (prompt_cache_hit_tokens >= 0 and prompt_cache_hit_tokens <= prompt_tokens),
    completion_tokens        integer not null check (completion_tokens >= 0),
    status                   text not null check (status in ('completed', 'cancelled')),
    started_at               timestamptz not null,
    finished_at              timestamptz not null,
    recorded_at              timestamptz not null default now()
);
create index usage_ledger_tenant_newest on usage_ledger (tenant_id, seq desc);

-- The ledger is append-only: the database itself refuses changes to recorded rows.
create function refuse_ledger_change() returns trigger language plpgsql as $$
begin
    raise exception 'usage_ledger is append-only: % refused', tg_op;
end;
$$;
create trigger usage_ledger_append_only
    before update or delete on usage_ledger
    for each row execute function refuse_ledger_change();
create trigger usage_ledger_no_truncate
    before truncate on usage_ledger
    for each statement execute function refuse_ledger_change();
