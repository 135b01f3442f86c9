-- Caseload per team and role per month against the norm band that applied on the peildatum.
create table mart_caseload_monthly as
with caseload as (
    select
        c.*,
        date_trunc('month', c.peildatum)::date as month,
        t.team_name,
        t.theme_code
    from stg_caseload as c
    inner join stg_teams as t using (team_code)
),

norms as (
    select
        *,
        lead(valid_from) over (partition by role, counting order by valid_from) as valid_to
    from stg_caseload_norms
    -- a norm per year counts throughput, which a peildatum snapshot cannot be held against
    where counting = 'actief_op_peildatum'
),

final as (
    select
        c.month,
        c.peildatum,
        c.team_code,
        c.team_name,
        c.theme_code,
        c.role,
        c.active_dossiers,
        c.occupied_fte,
        c.active_dossiers / c.occupied_fte as caseload_per_fte,
        n.norm_low,
        n.norm_high,
        n.unit as norm_unit,
        n.valid_from as norm_valid_from,
        coalesce(c.active_dossiers / c.occupied_fte > n.norm_high, false) as is_over_norm
    from caseload as c
    left join norms as n
        on n.role = c.role
        and c.peildatum >= n.valid_from
        and (n.valid_to is null or c.peildatum < n.valid_to)
)

select * from final
order by month, team_code, role;

comment on table mart_caseload_monthly is 'Caseload per fte per team, rol en maand, met de norm die op de peildatum gold.';
comment on column mart_caseload_monthly.month is 'Maand (eerste dag).';
comment on column mart_caseload_monthly.peildatum is 'Peildatum van de telling.';
comment on column mart_caseload_monthly.team_code is 'Teamcode.';
comment on column mart_caseload_monthly.team_name is 'Naam van het team.';
comment on column mart_caseload_monthly.theme_code is 'Thema van het team.';
comment on column mart_caseload_monthly.role is 'Rol.';
comment on column mart_caseload_monthly.active_dossiers is 'Actieve dossiers op de peildatum.';
comment on column mart_caseload_monthly.occupied_fte is 'Bezette fte op de peildatum.';
comment on column mart_caseload_monthly.caseload_per_fte is 'Actieve dossiers gedeeld door bezette fte.';
comment on column mart_caseload_monthly.norm_low is 'Ondergrens van de geldende norm.';
comment on column mart_caseload_monthly.norm_high is 'Bovengrens van de geldende norm.';
comment on column mart_caseload_monthly.norm_unit is 'Wat de norm telt.';
comment on column mart_caseload_monthly.norm_valid_from is 'Sinds wanneer de geldende norm geldt.';
comment on column mart_caseload_monthly.is_over_norm is 'Of de caseload per fte boven de bovengrens van de norm ligt.';
