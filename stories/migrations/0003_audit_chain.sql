-- Story store, step 3: the audit log's hash chain; stories/schema.py chains the records of an
-- older store once, right after this step.
-- Applied once per store, in order, by stories/schema.py; recorded in schema_migrations.

-- The audit log's hash chain (stories/audit_chain.py): one row per audit record, written in the
-- same transaction. audit_log keeps its shape; a store from before the chain is chained once.
create table if not exists audit_chain (
    audit_id bigint primary key,
    occurred_at timestamptz not null,
    prev_hash varchar not null,
    record_hash varchar not null
);
comment on table audit_chain is 'Hashketen van het auditlog: per record een sha256 over de inhoud en de hash van het vorige record.';
comment on column audit_chain.audit_id is 'Het record in audit_log.';
comment on column audit_chain.occurred_at is 'Tijdstip van het record (om een verwijderd record te kunnen noemen).';
comment on column audit_chain.prev_hash is 'Hash van het vorige record (64 nullen voor het eerste).';
comment on column audit_chain.record_hash is 'sha256 over id, tijdstip, wie, handeling, object, toelichting en de vorige hash.';
