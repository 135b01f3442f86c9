-- Decisions that depart from policy per day, theme, team and reason: the maatwerk reasons on
-- the Besluiten page read some thousands of these rows per window instead of every decision in
-- stg_decisions (2 million at city scale). Per day, not per month, so any window of dates gives
-- what counting the decisions themselves gave.
create table mart_maatwerk_daily as
select d.decided_on, r.theme_code, d.team_code, d.departure_reason, count(*) as n_decisions
from stg_decisions as d
inner join stg_regelingen as r using (regeling_code)
where d.departs_from_policy
group by all;

comment on table mart_maatwerk_daily is 'Besluiten met maatwerk (afwijking van beleid) per dag, thema, team en reden.';
comment on column mart_maatwerk_daily.decided_on is 'Datum van het besluit.';
comment on column mart_maatwerk_daily.theme_code is 'Thema.';
comment on column mart_maatwerk_daily.team_code is 'Team.';
comment on column mart_maatwerk_daily.departure_reason is 'Reden van de afwijking (leeg als die niet is vastgelegd).';
comment on column mart_maatwerk_daily.n_decisions is 'Aantal besluiten.';
