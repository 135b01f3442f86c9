-- Every catalog figure per period and scope in one long table: tiles, trends, stories and
-- briefings all read their numbers here, so a story can name the exact value it explains.
create table mart_metric_values as
with periods as (
    select unnest(['month', 'quarter', 'year']) as grain
),

-- Counts add up, so quarters, years and totals are sums of the monthly counts; a median does
-- not, so it is taken over the individual requests.
monthly_counts as (
    select m.*, p.grain, date_trunc(p.grain, m.month)::date as period_start
    from mart_decisions_monthly as m
    cross join periods as p
),

decision_counts as (
    select
        grain, period_start, theme_code, team_code, regeling_code,
        sum(n_decisions)::bigint as n_decisions,
        sum(n_requests)::bigint as n_requests,
        sum(n_granted)::bigint as n_granted,
        sum(n_on_time)::bigint as n_on_time,
        sum(n_objections)::bigint as n_objections,
        sum(n_objections_decided)::bigint as n_objections_decided,
        sum(n_upheld)::bigint as n_upheld,
        sum(n_maatwerk)::bigint as n_maatwerk
    from monthly_counts
    group by grouping sets (
        (grain, period_start, theme_code),
        (grain, period_start, theme_code, team_code),
        (grain, period_start, theme_code, regeling_code),
        (grain, period_start, theme_code, team_code, regeling_code)
    )
),

-- A null team or regeling means "all" here (both are required in the export); compared as ''
-- so that the join is on plain equal keys.
decision_groups as (
    select c.*, m.median_processing_days
    from decision_counts as c
    left join mart_processing_medians as m
        on m.grain = c.grain and m.period_start = c.period_start and m.theme_code = c.theme_code
        and coalesce(m.team_code, '') = coalesce(c.team_code, '')
        and coalesce(m.regeling_code, '') = coalesce(c.regeling_code, '')
),

-- One row per figure.
decision_metrics as (
    select grain, period_start, theme_code, team_code, regeling_code,
        null::varchar as taakveld_code, 'decisions_count' as metric_key, n_decisions::double as value, n_decisions as n_basis
    from decision_groups
    union all
    select grain, period_start, theme_code, team_code, regeling_code, null, 'grant_rate', 100.0 * n_granted / nullif(n_requests, 0), n_requests
    from decision_groups
    union all
    select grain, period_start, theme_code, team_code, regeling_code, null, 'processing_time', median_processing_days::double, n_requests
    from decision_groups
    union all
    select grain, period_start, theme_code, team_code, regeling_code, null, 'on_time_share', 100.0 * n_on_time / nullif(n_requests, 0), n_requests
    from decision_groups
    union all
    select grain, period_start, theme_code, team_code, regeling_code, null, 'objection_rate', 100.0 * n_objections / nullif(n_decisions, 0), n_decisions
    from decision_groups
    union all
    select grain, period_start, theme_code, team_code, regeling_code, null, 'objection_upheld_share', 100.0 * n_upheld / nullif(n_objections_decided, 0), n_objections_decided
    from decision_groups
    union all
    select grain, period_start, theme_code, team_code, regeling_code, null, 'maatwerk_share', 100.0 * n_maatwerk / nullif(n_decisions, 0), n_decisions
    from decision_groups
),

caseload_metrics as (
    select
        'month' as grain, month as period_start, theme_code, team_code,
        null::varchar as regeling_code, null::varchar as taakveld_code,
        'caseload_per_fte' as metric_key, caseload_per_fte as value,
        active_dossiers::bigint as n_basis
    from mart_caseload_monthly
    union all
    select
        'month', month, theme_code, team_code, null, null,
        'active_dossiers', active_dossiers::double, active_dossiers::bigint
    from mart_caseload_monthly
    union all
    select
        'month', month, theme_code, null, null, null,
        'active_dossiers', sum(active_dossiers)::double, sum(active_dossiers)::bigint
    from mart_caseload_monthly
    group by all
),

-- Budget per taakveld, per continuous series (old code, summed over its refined codes) and per theme.
budget_scopes as (
    select year, quarter, theme_code, taakveld_code as scope_code,
        realisation_ytd_eur, amended_budget_eur
    from mart_budget_quarterly
    union all
    select year, quarter, theme_code, series_code,
        sum(realisation_ytd_eur), sum(amended_budget_eur)
    from mart_budget_quarterly
    where series_code <> taakveld_code
    group by all
    union all
    select year, quarter, theme_code, null,
        sum(realisation_ytd_eur), sum(amended_budget_eur)
    from mart_budget_quarterly
    group by all
),

budget_metrics as (
    select
        'quarter' as grain, make_date(year, quarter * 3 - 2, 1) as period_start, theme_code,
        null::varchar as team_code, null::varchar as regeling_code, scope_code as taakveld_code,
        'budget_exhaustion' as metric_key,
        100 * realisation_ytd_eur / nullif(amended_budget_eur, 0) as value,
        null::bigint as n_basis
    from budget_scopes
    union all
    select
        'quarter', make_date(year, quarter * 3 - 2, 1), theme_code, null, null, scope_code,
        'budget_forecast_deviation', realisation_ytd_eur / quarter * 4 - amended_budget_eur, null
    from budget_scopes
),

all_metrics as (
    select * from decision_metrics
    union all by name
    select * from caseload_metrics
    union all by name
    select * from budget_metrics
),

data_through as (
    select 'decisions' as source, max(decided_on) as through from stg_decisions
    union all
    select 'caseload', max(peildatum) from stg_caseload
    union all
    select 'budget', max(make_date(year, quarter * 3, 1) + interval 1 month - interval 1 day)::date
    from stg_budget
),

final as (
    select
        a.metric_key,
        case a.grain
            when 'month' then strftime(a.period_start, '%Y-%m')
            when 'quarter' then strftime(a.period_start, '%Y') || '-K' || quarter(a.period_start)
            else strftime(a.period_start, '%Y')
        end as period,
        a.grain as period_grain,
        a.period_start,
        (a.period_start + case a.grain
            when 'month' then interval 1 month
            when 'quarter' then interval 3 month
            else interval 1 year end - interval 1 day)::date as period_end,
        a.theme_code,
        a.team_code,
        a.regeling_code,
        a.taakveld_code,
        a.value,
        a.n_basis,
        -- Objections keep arriving for weeks after a decision, the latest peildatum may
        -- still be corrected, and a budget year is final only with the jaarrekening.
        case
            when a.metric_key like 'budget%' then
                case when year(a.period_start) >= year(t.through) then 'voorlopig' else 'definitief' end
            when a.metric_key in ('caseload_per_fte', 'active_dossiers') then
                case when a.period_start >= date_trunc('month', t.through) then 'voorlopig' else 'definitief' end
            else
                case when a.period_start + case a.grain when 'month' then interval 1 month
                    when 'quarter' then interval 3 month else interval 1 year end
                    > t.through - interval 90 day then 'voorlopig' else 'definitief' end
        end as status
    from all_metrics as a
    inner join data_through as t
        on t.source = case
            when a.metric_key like 'budget%' then 'budget'
            when a.metric_key in ('caseload_per_fte', 'active_dossiers') then 'caseload'
            else 'decisions'
        end
    where a.value is not null
)

select * from final
order by metric_key, theme_code, team_code, regeling_code, taakveld_code, period_start;

comment on table mart_metric_values is 'Elk cijfer uit de catalogus per periode en niveau (thema, team, regeling, taakveld).';
comment on column mart_metric_values.metric_key is 'Sleutel van het cijfer in de catalogus.';
comment on column mart_metric_values.period is 'Periode: jjjj-mm, jjjj-Kn of jjjj.';
comment on column mart_metric_values.period_grain is 'Soort periode: month, quarter of year.';
comment on column mart_metric_values.period_start is 'Eerste dag van de periode.';
comment on column mart_metric_values.period_end is 'Laatste dag van de periode.';
comment on column mart_metric_values.theme_code is 'Thema.';
comment on column mart_metric_values.team_code is 'Team (leeg: alle teams).';
comment on column mart_metric_values.regeling_code is 'Regeling (leeg: alle regelingen).';
comment on column mart_metric_values.taakveld_code is 'Iv3-taakveld of doorlopende reeks (leeg: alle taakvelden van het thema).';
comment on column mart_metric_values.value is 'Waarde in de eenheid van de catalogus.';
comment on column mart_metric_values.n_basis is 'Aantal waarover de waarde is berekend (voor onderdrukking van kleine aantallen).';
comment on column mart_metric_values.status is 'voorlopig of definitief.';
