-- Requests per month, team and number of days it took to decide them: the processing-time
-- spread (quantiles) and the weekly histogram on the Besluiten page read this, some thousands
-- of rows per theme, instead of every request in mart_request_decisions. Grouped by small
-- integer ids, as in mart_processing_medians: by text it took a third longer.
create table mart_processing_days as
with team_ids as (
    select team_code, (row_number() over (order by team_code))::usmallint as team_id from stg_teams
),

regeling_ids as (
    select regeling_code, theme_code,
        (dense_rank() over (order by theme_code))::usmallint as theme_id
    from stg_regelingen
),

by_id as (
    select date_trunc('month', d.decided_on)::date as month, r.theme_id, t.team_id,
        d.decided_on - d.requested_on as processing_days,
        count(*) as n_requests,
        count(*) filter (where d.decided_on - d.requested_on <= d.term_days) as n_on_time,
        max(d.term_days) as term_days
    from stg_decisions as d
    inner join team_ids as t using (team_code)
    inner join regeling_ids as r using (regeling_code)
    where d.kind in ('toekenning', 'afwijzing', 'buiten_behandeling')
    group by all
)

select b.month, th.theme_code, t.team_code, b.processing_days, b.n_requests, b.n_on_time, b.term_days
from by_id as b
inner join (select distinct theme_id, theme_code from regeling_ids) as th using (theme_id)
inner join team_ids as t using (team_id);

comment on table mart_processing_days is 'Besluiten op een aanvraag per maand, thema, team en doorlooptijd in dagen.';
comment on column mart_processing_days.month is 'Maand van het besluit.';
comment on column mart_processing_days.theme_code is 'Thema.';
comment on column mart_processing_days.team_code is 'Team.';
comment on column mart_processing_days.processing_days is 'Kalenderdagen tussen aanvraag en besluit.';
comment on column mart_processing_days.n_requests is 'Aantal besluiten op een aanvraag met deze doorlooptijd.';
comment on column mart_processing_days.n_on_time is 'Waarvan binnen de wettelijke termijn.';
comment on column mart_processing_days.term_days is 'Langste wettelijke termijn van deze besluiten, in dagen.';
