-- Story store: apart from the figures, never touched by a build. Rows are only ever added:
-- an edit is a new version, a status change is a new event, so the history is the data.

create sequence if not exists story_event_seq;

create table if not exists stories (
    story_id varchar primary key,
    external_ref varchar unique,
    author varchar not null,
    author_team varchar,
    written_on date not null,
    created_at timestamptz not null
);
comment on table stories is 'Verhalen: één regel per verhaal; inhoud en status staan in versies en gebeurtenissen.';
comment on column stories.story_id is 'Vaste sleutel van het verhaal.';
comment on column stories.external_ref is 'Id in het bestand waaruit het verhaal is geïmporteerd (leeg: in het dashboard geschreven).';
comment on column stories.author is 'Gebruikersnaam van de schrijver.';
comment on column stories.author_team is 'Team van de schrijver; concepten blijven binnen dit team.';
comment on column stories.written_on is 'Datum waarop het verhaal is geschreven.';
comment on column stories.created_at is 'Moment waarop het verhaal in de opslag kwam.';

create table if not exists story_versions (
    story_id varchar not null references stories,
    version integer not null,
    title varchar not null,
    body varchar not null,
    metric_key varchar not null,
    period varchar,
    theme_code varchar,
    team_code varchar,
    regeling_code varchar,
    taakveld_code varchar,
    note_kind varchar not null,
    dilemma_tags varchar[] not null,
    strategy varchar,
    value_tags varchar[] not null,
    free_tags varchar[] not null,
    visibility varchar not null,
    figure_value double,
    figure_status varchar,
    edited_by varchar not null,
    edited_at timestamptz not null,
    unresolved_findings integer not null default 0,
    primary key (story_id, version)
);
comment on table story_versions is 'Elke versie van elk verhaal; een bewerking voegt een versie toe.';
comment on column story_versions.metric_key is 'Het cijfer dat het verhaal toelicht (sleutel uit de catalogus).';
comment on column story_versions.period is 'Periode van het cijfer: jjjj-mm, jjjj-Kn of jjjj.';
comment on column story_versions.figure_value is 'Waarde van het cijfer toen het verhaal werd geschreven.';
comment on column story_versions.unresolved_findings is 'Bevindingen van de privacycontrole die niet zijn opgelost; zolang dit meer dan 0 is, blijft het verhaal binnen het team.';
comment on column story_versions.figure_status is 'Status van het cijfer (voorlopig/definitief) toen het verhaal werd geschreven.';

create table if not exists story_events (
    event_id bigint primary key default nextval('story_event_seq'),
    story_id varchar not null references stories,
    version integer not null,
    status varchar not null,
    actor varchar not null,
    occurred_at timestamptz not null,
    reason varchar,
    other_discipline boolean
);
comment on table story_events is 'Statuswijzigingen: concept, ter_beoordeling, wacht_op_manager (voor de raad), gepubliceerd, teruggestuurd, ingetrokken.';
comment on column story_events.reason is 'Reden bij terugsturen of intrekken.';
comment on column story_events.other_discipline is 'Bij beoordeling: of de beoordelaar in een andere discipline werkt dan de schrijver.';

-- Findings of the privacy check that the author marked harmless, per version, with the reason.
create table if not exists story_privacy_marks (
    story_id varchar not null references stories,
    version integer not null,
    kind varchar not null,
    marked_text varchar not null,
    reason varchar not null,
    actor varchar not null,
    occurred_at timestamptz not null
);
comment on table story_privacy_marks is 'Bevindingen van de privacycontrole die de schrijver als onschuldig heeft gemarkeerd, met reden.';
comment on column story_privacy_marks.kind is 'Soort bevinding (bsn, naam, telefoon, …).';
comment on column story_privacy_marks.marked_text is 'De tekst die als onschuldig is gemarkeerd.';
comment on column story_privacy_marks.reason is 'Waarom de bevinding onschuldig is.';

-- The append-only audit log: only ever inserted into (see stories/audit.py).
create sequence if not exists audit_seq;
create table if not exists audit_log (
    audit_id bigint primary key default nextval('audit_seq'),
    occurred_at timestamptz not null,
    actor varchar not null,
    action varchar not null,
    object_type varchar,
    object_id varchar,
    detail varchar
);
comment on table audit_log is 'Auditlog: wie deed wat, wanneer, met welk object. Alleen toevoegen, nooit wijzigen.';
comment on column audit_log.actor is 'Gebruikersnaam (of "systeem" voor de ETL).';
comment on column audit_log.action is 'Handeling: inloggen, verhaal_aangemaakt, verhaal_gepubliceerd, export, laden, …';
comment on column audit_log.object_type is 'Soort object: verhaal, gebruiker, norm, bestand, briefing.';
comment on column audit_log.object_id is 'Sleutel van het object.';
comment on column audit_log.detail is 'Toelichting (nooit de tekst van een verhaal).';

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

-- The search index (stories/search.py): derived from story_versions and written in the same
-- transaction as each version, so it follows every save; it can be rebuilt from the versions
-- at any time (search.index_missing), so it is never the only copy of anything.
create sequence if not exists search_document_seq;
create table if not exists search_documents (
    doc_id integer primary key default nextval('search_document_seq'),
    story_id varchar not null,
    version integer not null,
    term_count integer not null,
    unique (story_id, version)
);
comment on table search_documents is 'Zoekindex: één regel per versie van een verhaal, met het aantal woorden.';
comment on column search_documents.doc_id is 'Nummer van de versie in de zoekindex (een getal zoekt sneller dan een tekst).';
comment on column search_documents.term_count is 'Aantal woorden in titel en tekst (voor de rangschikking).';

create table if not exists search_terms (
    term varchar not null,
    doc_id integer not null,
    frequency integer not null
);
comment on table search_terms is 'Zoekindex: één regel per stam per versie van een verhaal, op stam gesorteerd.';
comment on column search_terms.term is 'Stam van een woord (Nederlandse Snowball-stemmer), zonder hoofdletters en accenten.';
comment on column search_terms.frequency is 'Hoe vaak de stam in titel en tekst voorkomt.';

-- Every story as it is now (stories/current.py): its latest version and latest status, one row
-- per story. Derived from the tables above in the same transaction as each change, and
-- recomputed from them at will, so the history stays the only source.
create table if not exists story_current (
    story_id varchar primary key,
    external_ref varchar,
    author varchar not null,
    author_team varchar,
    written_on date not null,
    version integer not null,
    title varchar not null,
    body varchar not null,
    metric_key varchar not null,
    period varchar,
    period_start date,
    theme_code varchar,
    team_code varchar,
    regeling_code varchar,
    taakveld_code varchar,
    note_kind varchar not null,
    dilemma_tags varchar[] not null,
    strategy varchar,
    value_tags varchar[] not null,
    free_tags varchar[] not null,
    visibility varchar not null,
    figure_value double,
    figure_status varchar,
    unresolved_findings integer not null,
    status varchar not null,
    status_at timestamptz not null,
    doc_id integer,     -- the version in the search index, and its length in search terms:
    term_count integer  -- what a search ranks on (stories/search.py)
);
comment on table story_current is 'Elk verhaal zoals het nu is: de laatste versie en de laatste status (afgeleid uit versies en gebeurtenissen).';
comment on column story_current.period_start is 'Eerste dag van de periode van het cijfer.';
comment on column story_current.status is 'Laatste status: concept, ter_beoordeling, wacht_op_manager, gepubliceerd, teruggestuurd of ingetrokken.';
comment on column story_current.status_at is 'Moment van de laatste statuswijziging.';

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
