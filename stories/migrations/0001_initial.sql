-- Story store, step 1: stories, their versions and events, privacy marks and the audit log (the
-- first release with the story service). Applied once per store by stories/schema.py.
-- Apart from the figures, never touched by a build. Rows are only ever added: an edit is a new
-- version, a status change is a new event, so the history is the data.

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
