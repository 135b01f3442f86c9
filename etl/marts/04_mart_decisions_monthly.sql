-- Decision counts per month, team and regeling: the building blocks of every decision rate.
create table mart_decisions_monthly as
with decisions as (
    select
        d.*,
        date_trunc('month', d.decided_on)::date as month,
        r.theme_code,
        d.kind in ('toekenning', 'afwijzing', 'buiten_behandeling') as is_request
    from stg_decisions as d
    inner join stg_regelingen as r using (regeling_code)
),

final as (
    select
        month,
        theme_code,
        team_code,
        regeling_code,
        count(*) as n_decisions,
        count(*) filter (where is_request) as n_requests,
        count(*) filter (where kind = 'toekenning') as n_granted,
        count(*) filter (where is_request and decided_on - requested_on <= term_days) as n_on_time,
        count(*) filter (where objected_on is not null) as n_objections,
        count(*) filter (where objection_outcome is not null) as n_objections_decided,
        count(*) filter (where objection_outcome = 'gegrond') as n_upheld,
        count(*) filter (where departs_from_policy) as n_maatwerk
    from decisions
    group by all
)

select * from final
order by month, theme_code, team_code, regeling_code;

comment on table mart_decisions_monthly is 'Aantallen besluiten per maand, team en regeling.';
comment on column mart_decisions_monthly.month is 'Maand van het besluit.';
comment on column mart_decisions_monthly.theme_code is 'Thema.';
comment on column mart_decisions_monthly.team_code is 'Team.';
comment on column mart_decisions_monthly.regeling_code is 'Regeling.';
comment on column mart_decisions_monthly.n_decisions is 'Alle besluiten.';
comment on column mart_decisions_monthly.n_requests is 'Besluiten op een aanvraag (toekenning, afwijzing, buiten behandeling).';
comment on column mart_decisions_monthly.n_granted is 'Toekenningen.';
comment on column mart_decisions_monthly.n_on_time is 'Besluiten op een aanvraag binnen de wettelijke termijn.';
comment on column mart_decisions_monthly.n_objections is 'Besluiten waartegen bezwaar is gemaakt.';
comment on column mart_decisions_monthly.n_objections_decided is 'Bezwaren met een uitkomst.';
comment on column mart_decisions_monthly.n_upheld is 'Bezwaren die (deels) gegrond zijn verklaard.';
comment on column mart_decisions_monthly.n_maatwerk is 'Besluiten die met motivering afwijken van beleid.';
