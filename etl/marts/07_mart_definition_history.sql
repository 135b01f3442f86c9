-- Every definition a figure has had: the standard one, then each revision by the beheerder.
create table mart_definition_history as
with standard as (
    select
        metric_key, name, definition, unit, source_system, owner,
        null::date as valid_from,
        'Standaarddefinitie' as reason,
        false as is_revision
    from ref_metric_catalog
),

revisions as (
    select
        metric_key, name, definition, unit, source_system, owner, valid_from, reason,
        true as is_revision
    from stg_metric_definitions
),

final as (
    select * from standard
    union all
    select * from revisions
)

select * from final
order by metric_key, valid_from nulls first;

comment on table mart_definition_history is 'Alle definities die een cijfer heeft gehad: de standaarddefinitie en elke herziening.';
comment on column mart_definition_history.metric_key is 'Sleutel van het cijfer.';
comment on column mart_definition_history.name is 'Naam van het cijfer.';
comment on column mart_definition_history.definition is 'Definitie.';
comment on column mart_definition_history.unit is 'Eenheid.';
comment on column mart_definition_history.source_system is 'Bronsysteem.';
comment on column mart_definition_history.owner is 'Eigenaar.';
comment on column mart_definition_history.valid_from is 'Geldig vanaf (leeg: de standaarddefinitie).';
comment on column mart_definition_history.reason is 'Waarom de definitie is herzien.';
comment on column mart_definition_history.is_revision is 'Of dit een herziening door de beheerder is.';
