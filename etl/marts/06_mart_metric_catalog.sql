-- The catalog with the date of the data each figure was computed from and its latest status.
-- A definition revised by the beheerder (stg_metric_definitions) replaces the standard one.
create table mart_metric_catalog as
with revised as (
    select *
    from stg_metric_definitions
    qualify row_number() over (partition by metric_key order by valid_from desc) = 1
),

catalog as (
    select
        c.metric_key,
        coalesce(r.name, c.name) as name,
        coalesce(r.definition, c.definition) as definition,
        coalesce(r.unit, c.unit) as unit,
        coalesce(r.source_system, c.source_system) as source_system,
        c.higher_is_better,
        c.grain,
        coalesce(r.owner, c.owner) as owner,
        r.valid_from as definition_valid_from
    from ref_metric_catalog as c
    left join revised as r using (metric_key)
),

latest as (
    select
        metric_key,
        max(period_end) as data_through,
        arg_max(status, period_end) as latest_status
    from mart_metric_values
    group by metric_key
),

final as (
    select
        c.*,
        least(l.data_through, s.source_through) as data_through,
        coalesce(l.latest_status, 'voorlopig') as latest_status
    from catalog as c
    left join latest as l using (metric_key)
    left join (
        select 'caseload' as source, max(peildatum) as source_through from stg_caseload
        union all select 'decisions', max(decided_on) from stg_decisions
        union all select 'budget', max(make_date(year, quarter * 3, 1) + interval 1 month - interval 1 day)::date from stg_budget
    ) as s on s.source = case
        when c.metric_key like 'budget%' then 'budget'
        when c.metric_key in ('caseload_per_fte', 'active_dossiers') then 'caseload'
        else 'decisions' end
)

select * from final
order by metric_key;

comment on table mart_metric_catalog is 'Catalogus van cijfers met de datum van de gegevens en de status.';
comment on column mart_metric_catalog.metric_key is 'Vaste sleutel van het cijfer.';
comment on column mart_metric_catalog.name is 'Naam van het cijfer.';
comment on column mart_metric_catalog.definition is 'Definitie.';
comment on column mart_metric_catalog.unit is 'Eenheid.';
comment on column mart_metric_catalog.source_system is 'Bronsysteem.';
comment on column mart_metric_catalog.higher_is_better is 'Of hoger beter is.';
comment on column mart_metric_catalog.grain is 'Niveau.';
comment on column mart_metric_catalog.owner is 'Eigenaar van de definitie.';
comment on column mart_metric_catalog.definition_valid_from is 'Sinds wanneer de herziene definitie geldt (leeg: de standaarddefinitie).';
comment on column mart_metric_catalog.data_through is 'Datum van de meest recente gegevens waaruit het cijfer is berekend.';
comment on column mart_metric_catalog.latest_status is 'Status van de meest recente periode: voorlopig of definitief.';
