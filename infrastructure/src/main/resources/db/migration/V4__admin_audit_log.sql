-- The admin audit log: every admin change, written in the same transaction as the change,
-- append-only and hash-chained like the usage ledger.
--
-- before_value and after_value are JSON kept as text, not jsonb: jsonb re-orders keys and spacing,
-- and the chain hashes the text exactly as written.
create table admin_audit_log (
    seq          bigserial primary key,
    at           timestamptz not null,
    actor        text not null,
    role         text not null,
    action       text not null,
    target       text not null,
    before_value text,
    after_value  text,
    address      text,
    prev_hash    char(64) not null,
    row_hash     char(64) not null
);
create index admin_audit_log_at on admin_audit_log (at);

create function refuse_admin_audit_change() returns trigger language plpgsql as $$
begin
    raise exception 'admin_audit_log is append-only: % refused', tg_op;
end;
$$;
create trigger admin_audit_log_append_only
    before update or delete on admin_audit_log
    for each row execute function refuse_admin_audit_change();
create trigger admin_audit_log_no_truncate
    before truncate on admin_audit_log
    for each statement execute function refuse_admin_audit_change();

-- The chain's last link; its row lock serializes appends.
create table admin_audit_chain_head (
    id         integer primary key check (id = 1),
    last_seq   bigint not null,
    last_hash  char(64) not null
);
insert into admin_audit_chain_head (id, last_seq, last_hash) values (1, 0, repeat('0', 64));
