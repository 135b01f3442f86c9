-- Requests per month, team and number of days it took to decide them: the processing-time
-- spread (quantiles) and the weekly histogram on the Besluiten page read this, some thousands
-- of rows per theme, instead of every request in mart_request_decisions. Summed from 04a's day
-- counts over the regelingen.
create table mart_processing_days as
select b.month, th.theme_code, t.team_code, b.processing_days::bigint as processing_days,
    sum(b.n_requests)::bigint as n_requests, sum(b.n_on_time)::bigint as n_on_time,
    max(b.term_days) as term_days
from request_days as b
inner join (select distinct theme_id, theme_code from regeling_ids) as th using (theme_id)
inner join team_ids as t using (team_id)
group by all;

comment on table mart_processing_days is 'Besluiten op een aanvraag per maand, thema, team en doorlooptijd in dagen.';
comment on column mart_processing_days.month is 'Maand van het besluit.';
comment on column mart_processing_days.theme_code is 'Thema.';
comment on column mart_processing_days.team_code is 'Team.';
comment on column mart_processing_days.processing_days is 'Kalenderdagen tussen aanvraag en besluit.';
comment on column mart_processing_days.n_requests is 'Aantal besluiten op een aanvraag met deze doorlooptijd.';
comment on column mart_processing_days.n_on_time is 'Waarvan binnen de wettelijke termijn.';
comment on column mart_processing_days.term_days is 'Langste wettelijke termijn van deze besluiten, in dagen.';
