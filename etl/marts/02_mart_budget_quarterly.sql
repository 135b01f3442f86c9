-- Begroting against realisatie per taakveld and quarter, year to date, with a straight-line forecast.
create table mart_budget_quarterly as
with budget as (
    select
        b.*,
        t.name as taakveld_name,
        t.series_code,
        t.budget_group,
        t.theme_code
    from stg_budget as b
    inner join ref_iv3_taakvelden as t using (taakveld_code)
),

year_to_date as (
    select
        *,
        sum(realisation_eur) over (
            partition by taakveld_code, year order by quarter
        ) as realisation_ytd_eur
    from budget
),

final as (
    select
        year,
        quarter,
        make_date(year, quarter * 3, 1) + interval 1 month - interval 1 day as quarter_end,
        taakveld_code,
        taakveld_name,
        series_code,
        budget_group,
        theme_code,
        primitive_budget_eur,
        amended_budget_eur,
        realisation_eur,
        realisation_ytd_eur,
        100 * realisation_ytd_eur / nullif(amended_budget_eur, 0) as exhaustion_pct,
        realisation_ytd_eur / quarter * 4 as forecast_year_eur,
        realisation_ytd_eur / quarter * 4 - amended_budget_eur as forecast_deviation_eur
    from year_to_date
)

select * from final
order by year, quarter, taakveld_code;

comment on table mart_budget_quarterly is 'Begroting en realisatie per taakveld en kwartaal, tot en met het kwartaal, met lineaire prognose.';
comment on column mart_budget_quarterly.year is 'Begrotingsjaar.';
comment on column mart_budget_quarterly.quarter is 'Kwartaal.';
comment on column mart_budget_quarterly.quarter_end is 'Laatste dag van het kwartaal.';
comment on column mart_budget_quarterly.taakveld_code is 'Iv3-taakveld.';
comment on column mart_budget_quarterly.taakveld_name is 'Naam van het taakveld.';
comment on column mart_budget_quarterly.series_code is 'Doorlopende reeks (oud taakveld voor verfijnde codes vanaf 2023).';
comment on column mart_budget_quarterly.budget_group is 'Groep (Participatie, Maatwerk Wmo, Maatwerk Jeugd, …).';
comment on column mart_budget_quarterly.theme_code is 'Thema.';
comment on column mart_budget_quarterly.primitive_budget_eur is 'Primitieve begroting van het jaar.';
comment on column mart_budget_quarterly.amended_budget_eur is 'Gewijzigde begroting van het jaar, stand eind kwartaal.';
comment on column mart_budget_quarterly.realisation_eur is 'Realisatie in het kwartaal.';
comment on column mart_budget_quarterly.realisation_ytd_eur is 'Realisatie van het jaar tot en met het kwartaal.';
comment on column mart_budget_quarterly.exhaustion_pct is 'Realisatie tot en met het kwartaal als percentage van de gewijzigde begroting.';
comment on column mart_budget_quarterly.forecast_year_eur is 'Lineaire prognose van de jaarrealisatie.';
comment on column mart_budget_quarterly.forecast_deviation_eur is 'Prognose min gewijzigde begroting; positief is overschrijding.';
