-- Median processing time per period grain and scope, taken over the individual requests (a
-- median does not add up). Kept apart so that the council's figures (etl/disclosure.py), which
-- are computed from rounded counts, use the very same medians.
create table mart_processing_medians as
with periods as (
    select unnest(['month', 'quarter', 'year']) as grain
),

-- Small integer ids for the codes: grouping two million requests twelve ways (three grains,
-- four scopes) by text took twice as long as by number.
team_ids as (
    select team_code, (row_number() over (order by team_code))::usmallint as team_id from stg_teams
),

regeling_ids as (
    select regeling_code, theme_code,
        (row_number() over (order by regeling_code))::usmallint as regeling_id,
        (dense_rank() over (order by theme_code))::usmallint as theme_id
    from stg_regelingen
),

requests as (
    select d.decided_on, r.theme_id, t.team_id, r.regeling_id,
        -- integer, not the bigint a date difference gives: the median sorts half the bytes
        (d.decided_on - d.requested_on)::integer as processing_days
    from stg_decisions as d
    inner join team_ids as t using (team_code)
    inner join regeling_ids as r using (regeling_code)
    where d.kind in ('toekenning', 'afwijzing', 'buiten_behandeling')
),

medians_by_id as (
    select p.grain, date_trunc(p.grain, r.decided_on)::date as period_start,
        r.theme_id, r.team_id, r.regeling_id, median(r.processing_days) as median_processing_days
    from requests as r
    cross join periods as p
    group by grouping sets ((p.grain, period_start, r.theme_id),
        (p.grain, period_start, r.theme_id, r.team_id),
        (p.grain, period_start, r.theme_id, r.regeling_id),
        (p.grain, period_start, r.theme_id, r.team_id, r.regeling_id))
),

medians as (
    select m.grain, m.period_start, th.theme_code, t.team_code, r.regeling_code,
        m.median_processing_days
    from medians_by_id as m
    inner join (select distinct theme_id, theme_code from regeling_ids) as th using (theme_id)
    left join team_ids as t on t.team_id = m.team_id
    left join regeling_ids as r on r.regeling_id = m.regeling_id
)

select * from medians;

comment on table mart_processing_medians is 'Mediane doorlooptijd per soort periode, periode, thema, team en regeling.';
comment on column mart_processing_medians.grain is 'Soort periode: month, quarter of year.';
comment on column mart_processing_medians.period_start is 'Eerste dag van de periode.';
comment on column mart_processing_medians.theme_code is 'Thema.';
comment on column mart_processing_medians.team_code is 'Team (leeg: alle teams).';
comment on column mart_processing_medians.regeling_code is 'Regeling (leeg: alle regelingen).';
comment on column mart_processing_medians.median_processing_days is 'Mediaan van de dagen tussen aanvraag en besluit.';
