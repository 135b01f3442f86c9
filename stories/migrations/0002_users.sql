-- Story store, step 2: local accounts.
-- Applied once per store, in order, by stories/schema.py; recorded in schema_migrations.

-- Local accounts (embedded login). With single sign-on, rows are keyed by e-mail and carry no hash.
create table if not exists users (
    username varchar primary key,
    display_name varchar not null,
    role varchar not null,
    teams varchar[] not null,
    email varchar unique,
    password_hash varchar,
    active boolean not null,
    created_at timestamptz not null,
    changed_at timestamptz not null
);
comment on table users is 'Gebruikers met hun rol en teams; wachtwoorden alleen als gezouten argon2-hash.';
comment on column users.role is 'professional, manager, raad of beheerder.';
comment on column users.teams is 'Teams: één voor een professional, één of meer voor een manager.';
comment on column users.password_hash is 'Argon2id-hash van het wachtwoord (leeg bij single sign-on).';
comment on column users.active is 'Uitgeschakelde gebruikers kunnen niet inloggen; ze worden nooit verwijderd.';
