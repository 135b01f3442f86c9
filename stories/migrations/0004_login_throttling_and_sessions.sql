-- Story store, step 4: login throttling and browser sessions.
-- Applied once per store, in order, by stories/schema.py; recorded in schema_migrations.

-- Login throttling (accounts/throttle.py): failed logins per user name and per client address,
-- and the locks they led to. Operational state, not history: the audit log keeps the history,
-- and an unlock by the beheerder clears these rows.
create table if not exists login_failures (
    subject varchar not null,
    occurred_at timestamptz not null
);
comment on table login_failures is 'Mislukte inlogpogingen per gebruikersnaam (gebruiker:…) en per adres (adres:…), voor de blokkering.';
comment on column login_failures.subject is 'gebruiker:<naam> of adres:<ip-adres>.';

create table if not exists login_locks (
    subject varchar primary key,
    locked_until timestamptz not null
);
comment on table login_locks is 'Geblokkeerde gebruikersnamen en adressen na te veel mislukte pogingen.';

-- Browser sessions (accounts/sessions.py): the cookie carries only a random token; this row says
-- whose it is and whether it still holds. Tokens are stored as SHA-256 hashes only.
create table if not exists sessions (
    session_id varchar primary key,
    username varchar not null,
    role varchar not null,
    teams varchar[] not null,
    client varchar,
    created_at timestamptz not null,
    last_seen timestamptz not null,
    ended_at timestamptz,
    end_reason varchar,
    handoff_hash varchar,
    handoff_until timestamptz,
    cookie_hash varchar unique
);
comment on table sessions is 'Sessies in de browser: van wie, sinds wanneer, laatst actief, beëindigd (uitloggen, verlopen).';
comment on column sessions.role is 'Rol bij het inloggen; een andere rol nu beëindigt de sessie.';
comment on column sessions.cookie_hash is 'SHA-256 van het token in het sessiecookie (het token zelf wordt niet bewaard).';
comment on column sessions.handoff_hash is 'SHA-256 van het eenmalige token waarmee de browser het cookie ophaalt.';
