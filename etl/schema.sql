-- Figures store: reference tables, loaded sources (stg_*) and, after marts/*.sql, the marts.
-- Rebuilt from scratch on every build; stories live in their own store and are never here.

create table ref_themes (
    theme_code varchar primary key,
    name varchar not null,
    law varchar not null
);
comment on table ref_themes is 'Thema''s: de wetten die de gemeente uitvoert.';
comment on column ref_themes.theme_code is 'Code van het thema.';
comment on column ref_themes.name is 'Naam van het thema.';
comment on column ref_themes.law is 'De wet waarop het thema rust.';

create table ref_iv3_taakvelden (
    taakveld_code varchar primary key,
    name varchar not null,
    aliases varchar[] not null,
    parent_code varchar,
    series_code varchar not null,
    budget_group varchar not null,
    theme_code varchar not null references ref_themes,
    valid_from_year integer not null,
    valid_to_year integer
);
comment on table ref_iv3_taakvelden is 'Iv3-taakvelden (landelijke standaard voor financiële verantwoording).';
comment on column ref_iv3_taakvelden.taakveld_code is 'Iv3-code, bijvoorbeeld 6.72a.';
comment on column ref_iv3_taakvelden.name is 'Officiële naam van het taakveld.';
comment on column ref_iv3_taakvelden.aliases is 'Andere namen waaronder het taakveld voorkomt (oude of detailbenaming).';
comment on column ref_iv3_taakvelden.parent_code is 'Het taakveld van vóór 2023 waaronder dit verfijnde taakveld valt.';
comment on column ref_iv3_taakvelden.series_code is 'Code van de doorlopende reeks: het oude taakveld voor verfijnde codes, anders de code zelf.';
comment on column ref_iv3_taakvelden.budget_group is 'Groep voor overzichten (Participatie, Maatwerk Wmo, Maatwerk Jeugd, …).';
comment on column ref_iv3_taakvelden.theme_code is 'Thema waar het taakveld onder valt.';
comment on column ref_iv3_taakvelden.valid_from_year is 'Eerste begrotingsjaar waarin de code bestaat.';
comment on column ref_iv3_taakvelden.valid_to_year is 'Laatste begrotingsjaar waarin de code gebruikt mocht worden (leeg: nog geldig).';

create table ref_metric_catalog (
    metric_key varchar primary key,
    name varchar not null,
    definition varchar not null,
    unit varchar not null,
    source_system varchar not null,
    higher_is_better boolean,
    grain varchar not null,
    owner varchar not null
);
comment on table ref_metric_catalog is 'Catalogus van cijfers: wat elk cijfer betekent en waar het vandaan komt.';
comment on column ref_metric_catalog.metric_key is 'Vaste sleutel van het cijfer; verhalen verwijzen hiernaar.';
comment on column ref_metric_catalog.name is 'Naam van het cijfer.';
comment on column ref_metric_catalog.definition is 'Definitie: wat wordt geteld en hoe.';
comment on column ref_metric_catalog.unit is 'Eenheid.';
comment on column ref_metric_catalog.source_system is 'Bronsysteem.';
comment on column ref_metric_catalog.higher_is_better is 'Of een hogere waarde beter is (leeg: geen oordeel).';
comment on column ref_metric_catalog.grain is 'Niveau waarop het cijfer bestaat (team en maand, taakveld en kwartaal).';
comment on column ref_metric_catalog.owner is 'Wie verantwoordelijk is voor de definitie.';

create table stg_teams (
    team_code varchar primary key,
    team_name varchar not null,
    theme_code varchar not null references ref_themes,
    role varchar not null
);
comment on table stg_teams is 'Teams, met de rol waarvan het team de caseload rapporteert.';
comment on column stg_teams.team_code is 'Teamcode.';
comment on column stg_teams.team_name is 'Naam van het team.';
comment on column stg_teams.theme_code is 'Thema van het team.';
comment on column stg_teams.role is 'Rol (klantmanager, wmo-consulent, …).';

create table stg_regelingen (
    regeling_code varchar primary key,
    regeling_name varchar not null,
    theme_code varchar not null references ref_themes,
    taakveld_code varchar not null references ref_iv3_taakvelden,
    term_days integer not null
);
comment on table stg_regelingen is 'Regelingen waarop besluiten worden genomen.';
comment on column stg_regelingen.regeling_code is 'Code van de regeling.';
comment on column stg_regelingen.regeling_name is 'Naam van de regeling.';
comment on column stg_regelingen.theme_code is 'Thema van de regeling.';
comment on column stg_regelingen.taakveld_code is 'Iv3-taakveld waarop de kosten worden geboekt.';
comment on column stg_regelingen.term_days is 'Gebruikelijke wettelijke beslistermijn in dagen.';

create table stg_caseload_norms (
    role varchar not null,
    norm_low double not null,
    norm_high double not null,
    unit varchar not null,
    counting varchar not null,
    valid_from date not null,
    rationale varchar not null,
    primary key (role, valid_from)
);
comment on table stg_caseload_norms is 'Caseloadnormen per rol, met geschiedenis: er is geen landelijke norm.';
comment on column stg_caseload_norms.role is 'Rol waarvoor de norm geldt.';
comment on column stg_caseload_norms.norm_low is 'Ondergrens van de normband.';
comment on column stg_caseload_norms.norm_high is 'Bovengrens van de normband.';
comment on column stg_caseload_norms.unit is 'Wat er geteld wordt (cliënten, gezinnen, …).';
comment on column stg_caseload_norms.counting is 'Telwijze: actief op de peildatum per bezette fte, of per jaar.';
comment on column stg_caseload_norms.valid_from is 'Datum vanaf wanneer de norm geldt.';
comment on column stg_caseload_norms.rationale is 'Onderbouwing van de norm.';

create table stg_caseload (
    peildatum date not null,
    team_code varchar not null references stg_teams,
    role varchar not null,
    active_dossiers integer not null,
    occupied_fte double not null,
    primary key (peildatum, team_code, role)
);
comment on table stg_caseload is 'Caseload per peildatum, team en rol.';
comment on column stg_caseload.peildatum is 'Peildatum (meestal de laatste dag van de maand).';
comment on column stg_caseload.team_code is 'Teamcode.';
comment on column stg_caseload.role is 'Rol.';
comment on column stg_caseload.active_dossiers is 'Actieve dossiers op de peildatum.';
comment on column stg_caseload.occupied_fte is 'Bezette fte op de peildatum (36 uur = 1 fte).';

create table stg_budget (
    year integer not null,
    quarter integer not null,
    taakveld_code varchar not null references ref_iv3_taakvelden,
    ledger_name varchar,
    primitive_budget_eur double not null,
    amended_budget_eur double not null,
    realisation_eur double not null,
    primary key (year, quarter, taakveld_code)
);
comment on table stg_budget is 'Begroting en realisatie (lasten) per jaar, kwartaal en Iv3-taakveld.';
comment on column stg_budget.year is 'Begrotingsjaar.';
comment on column stg_budget.quarter is 'Kwartaal (1–4).';
comment on column stg_budget.taakveld_code is 'Iv3-taakveld.';
comment on column stg_budget.ledger_name is 'Omschrijving zoals de financiële administratie die exporteert.';
comment on column stg_budget.primitive_budget_eur is 'Primitieve begroting van het jaar, in euro.';
comment on column stg_budget.amended_budget_eur is 'Gewijzigde begroting van het jaar aan het eind van het kwartaal, in euro.';
comment on column stg_budget.realisation_eur is 'Realisatie binnen het kwartaal, in euro.';

-- No primary or foreign keys on this table, unlike the small ones: the reader already refuses a
-- duplicate Besluitnummer and an unknown team or regeling (with the row named, in Dutch), and
-- at city scale the index checks took longer than reading the file (2 million rows: 10 s).
create table stg_decisions (
    decision_id varchar not null,
    regeling_code varchar not null,
    kind varchar not null,
    team_code varchar not null,
    requested_on date,
    decided_on date not null,
    term_days integer not null,
    departs_from_policy boolean not null,
    departure_reason varchar,
    objected_on date,
    objection_outcome varchar
);
comment on table stg_decisions is 'Beschikkingen, één regel per besluit, gepseudonimiseerd.';
comment on column stg_decisions.decision_id is 'Gepseudonimiseerd besluitnummer.';
comment on column stg_decisions.regeling_code is 'Regeling.';
comment on column stg_decisions.kind is 'Soort besluit (toekenning, afwijzing, buiten behandeling, maatregel, waarschuwing, bestuurlijke boete, terugvordering).';
comment on column stg_decisions.team_code is 'Team dat besliste.';
comment on column stg_decisions.requested_on is 'Datum aanvraag (leeg bij besluiten zonder aanvraag).';
comment on column stg_decisions.decided_on is 'Datum besluit.';
comment on column stg_decisions.term_days is 'Wettelijke beslistermijn in dagen.';
comment on column stg_decisions.departs_from_policy is 'Of het besluit met motivering afwijkt van beleid (maatwerk).';
comment on column stg_decisions.departure_reason is 'Reden van de afwijking.';
comment on column stg_decisions.objected_on is 'Datum bezwaar (leeg: geen bezwaar).';
comment on column stg_decisions.objection_outcome is 'Uitkomst van het bezwaar (leeg: nog in behandeling of geen bezwaar).';

create table stg_metric_definitions (
    metric_key varchar not null references ref_metric_catalog,
    name varchar not null,
    definition varchar not null,
    unit varchar not null,
    source_system varchar not null,
    owner varchar not null,
    valid_from date not null,
    reason varchar not null,
    primary key (metric_key, valid_from)
);
comment on table stg_metric_definitions is 'Herziene definities van cijfers, door de functioneel beheerder vastgesteld (optioneel bronbestand definities.csv).';
comment on column stg_metric_definitions.metric_key is 'Sleutel van het cijfer.';
comment on column stg_metric_definitions.name is 'Naam van het cijfer.';
comment on column stg_metric_definitions.definition is 'Definitie: wat wordt geteld en hoe.';
comment on column stg_metric_definitions.unit is 'Eenheid.';
comment on column stg_metric_definitions.source_system is 'Bronsysteem.';
comment on column stg_metric_definitions.owner is 'Eigenaar van de definitie.';
comment on column stg_metric_definitions.valid_from is 'Datum vanaf wanneer deze definitie geldt.';
comment on column stg_metric_definitions.reason is 'Waarom de definitie is herzien.';

create table meta_source_files (
    source varchar primary key,
    file_name varchar not null,
    sha256 varchar not null,
    rows_read integer not null,
    rows_loaded integer not null
);
comment on table meta_source_files is 'De bronbestanden waaruit deze database is gebouwd.';
comment on column meta_source_files.source is 'Soort bron (caseload, begroting, …).';
comment on column meta_source_files.file_name is 'Bestandsnaam.';
comment on column meta_source_files.sha256 is 'SHA-256 van het bestand: dezelfde hash betekent precies hetzelfde bestand.';
comment on column meta_source_files.rows_read is 'Gelezen regels (zonder lege regels en totaalregel).';
comment on column meta_source_files.rows_loaded is 'Geladen regels.';

create table stg_cbs_observations (
    table_id varchar not null,
    figure varchar not null,
    measure_code varchar not null,
    measure_title varchar not null,
    region_code varchar not null,
    region_name varchar not null,
    period_code varchar not null,
    period_title varchar not null,
    period_status varchar not null,
    value double,
    value_attribute varchar,
    retrieved_on date not null,
    is_own boolean not null,
    synthetic boolean not null,
    primary key (table_id, region_code, period_code)
);
comment on table stg_cbs_observations is 'Momentopname van CBS StatLine (open data) voor de eigen en vergelijkbare gemeenten (optioneel bronbestand cbs_vergelijking.csv).';
comment on column stg_cbs_observations.table_id is 'CBS-tabel, bijvoorbeeld 82015NED.';
comment on column stg_cbs_observations.figure is 'Onderwerp: inwoners, bijstand, jeugdhulp of wmo.';
comment on column stg_cbs_observations.measure_code is 'Code van het onderwerp (Measure) bij CBS.';
comment on column stg_cbs_observations.measure_title is 'Naam van het onderwerp bij CBS.';
comment on column stg_cbs_observations.region_code is 'Gemeentecode van CBS (GM en vier cijfers).';
comment on column stg_cbs_observations.region_name is 'Naam van de gemeente bij CBS.';
comment on column stg_cbs_observations.period_code is 'Periode bij CBS, bijvoorbeeld 2025JJ00 of 2026MM06.';
comment on column stg_cbs_observations.period_title is 'Naam van de periode bij CBS.';
comment on column stg_cbs_observations.period_status is 'Status van de periode bij CBS: Voorlopig, Nader voorlopig of Definitief.';
comment on column stg_cbs_observations.value is 'Waarde zoals CBS die publiceert (al afgerond); leeg als CBS hem niet publiceert.';
comment on column stg_cbs_observations.value_attribute is 'Waarom CBS geen waarde publiceert (ValueAttribute, bijvoorbeeld Confidential); leeg bij een gewone waarde.';
comment on column stg_cbs_observations.retrieved_on is 'Datum waarop de cijfers bij CBS zijn opgehaald.';
comment on column stg_cbs_observations.is_own is 'Of dit de eigen gemeente is.';
comment on column stg_cbs_observations.synthetic is 'Of de cijfers verzonnen zijn (voorbeeldgemeente), niet van CBS.';
