-- The story store on PostgreSQL: what DuckDB has built in and the shared SQL relies on, and the
-- change log the dashboard's read replicas follow (stories/replica.py). Run at every start of a
-- process (harmless when present), after the migrations and derived tables.

-- DuckDB's sha256(text) (hex) and epoch_us(timestamptz): the audit chain's content hash is
-- computed by the same SQL on both backends (stories/audit_chain.py), so a store moved from
-- DuckDB keeps a chain that verifies.
create or replace function sha256(value text) returns text
    language sql immutable strict parallel safe
    return encode(sha256(convert_to(value, 'UTF8')), 'hex');
create or replace function epoch_us(moment timestamptz) returns bigint
    language sql immutable strict parallel safe
    return (extract(epoch from moment) * 1000000)::bigint;

-- One row per change to a story's current row, numbered in commit order (writers hold one lock):
-- a replica reads what changed since the number it has.
create table if not exists story_changes (
    change_id bigserial primary key,
    story_id varchar not null
);
comment on table story_changes is 'Wijzigingen aan verhalen, genummerd: de leeskopieën van het dashboard halen op wat sinds hun laatste nummer veranderde.';
