-- Request content (prompts and completions), stored only for tenants that choose a retention period and
-- purged when it has passed. It is no part of the ledger's hash chain: the ledger meters every request
-- whether or not its content is kept, and deleting content leaves the ledger rows and their hashes as they are.

-- Null (the default) stores no request content at all.
alter table tenant
    add column content_retention_days integer check (content_retention_days between 1 and 3650);

create table request_content (
    -- Deferred, so the content can be written before its ledger row in the same transaction: the ledger
    -- append then holds the chain head's lock only for its own row, never while a long prompt is written.
    request_id   text primary key references usage_ledger (request_id) deferrable initially deferred,
    tenant_id    uuid not null references tenant (id),
    model        text not null,
    messages     jsonb check (messages is null or jsonb_typeof(messages) = 'array'),  -- chat completions only
    prompt       text not null,   -- as the model saw it: the rendered chat template, or the completion prompt
    completion   text not null,
    created_at   timestamptz not null,
    purge_after  timestamptz not null check (purge_after > created_at)
);
-- The purge deletes by purge time; the admin API lists a tenant's content newest first.
create index request_content_purge_after on request_content (purge_after);
create index request_content_tenant_newest on request_content (tenant_id, created_at desc, request_id desc);
