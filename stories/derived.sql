-- Story store: the tables derived from the history (stories/schema.py). Not migrated: when the
-- shape declared here changes, a store's table is dropped, created anew and filled from the history.

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
