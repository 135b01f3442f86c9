"""Pure parts of the dashboard: what a tile says, how the address is read, tables and CSV."""

import datetime as dt

import polars as pl

from dashboard import components, filters
from kernel import inert
from presentation import tiles

OPTIONS = filters.FilterOptions(
    themes={"participatie": "Werk en inkomen", "jeugd": "Jeugdhulp"},
    teams={"WI-ZUID": ("Werk en Inkomen Zuid", "participatie"), "JGD-OOST": ("Jeugdteam Oost", "jeugd")},
    months=["2026-10", "2026-09", "2025-12", "2025-11", "2023-01"],
)


def tile(**changes):
    row = {
        "metric_key": "on_time_share",
        "name": "Tijdig beslist",
        "unit": "procent",
        "higher_is_better": True,
        "definition": "Binnen de termijn.",
        "period": "2026-10",
        "value": 88.3,
        "previous_value": 90.0,
        "previous_period": "2025-10",
        "previous_suppressed": False,
        "suppressed": False,
        "status": "voorlopig",
        "data_through": dt.date(2026, 10, 30),
        "norm_low": None,
        "norm_high": None,
        "amended_budget_eur": None,
        "term_days": None,
    }
    return row | changes


def test_a_tile_shows_value_change_against_last_year_status_and_date_in_dutch():
    texts = tiles.tile_texts(tile(), threshold=10)
    assert texts.value == "88,3%"
    assert texts.delta == "-1,7 procentpunt" and texts.delta_arrow == "down"
    assert texts.delta_description == "t.o.v. okt 2025"
    assert texts.status == "okt 2026 · Voorlopig · gegevens t/m 30 okt 2026"


def test_a_tile_whose_newest_month_is_older_than_the_chosen_one_says_why():
    older = tile(metric_key="objection_upheld_share", period="2026-08")
    assert tiles.tile_texts(older, 10, chosen_period="2026-10").status.startswith(
        "aug 2026, de laatste maand met gegevens voor dit cijfer · Voorlopig"
    )
    assert tiles.tile_texts(tile(), 10, chosen_period="2026-10").status.startswith("okt 2026 · ")
    quarter = tile(metric_key="budget_exhaustion", period="2026-K3")  # a quarter is no month behind
    assert tiles.tile_texts(quarter, 10, chosen_period="2026-10").status.startswith("K3 2026 · ")


def test_a_worse_figure_is_orange_and_a_better_one_blue_never_red_or_green():
    assert tiles.tile_texts(tile(), 10).delta_color == "orange"
    assert tiles.tile_texts(tile(value=95.0), 10).delta_color == "blue"
    lower_is_better = tile(
        metric_key="processing_time", unit="dagen", higher_is_better=False, value=30.0, previous_value=33.0
    )
    assert tiles.tile_texts(lower_is_better, 10).delta_color == "blue"
    no_judgement = tile(metric_key="active_dossiers", unit="dossiers", higher_is_better=None)
    assert tiles.tile_texts(no_judgement, 10).delta_color == "gray"


def test_a_suppressed_tile_shows_no_number_and_says_why():
    texts = tiles.tile_texts(tile(suppressed=True, value=None, previous_value=None), threshold=10)
    assert texts.value == "—" and texts.delta is None
    assert "minder dan 10" in texts.comparison and "10" in texts.help


def test_a_team_over_its_norm_band_gets_a_warning():
    texts = tiles.tile_texts(
        tile(
            metric_key="caseload_per_fte",
            unit="dossiers per fte",
            higher_is_better=False,
            value=97.2,
            previous_value=95.0,
            norm_low=75.0,
            norm_high=80.0,
        ),
        10,
    )
    assert texts.comparison == "Norm 75–80 per fte" and texts.comparison_alarm == "boven de norm"
    single = tiles.tile_texts(
        tile(metric_key="caseload_per_fte", unit="dossiers per fte", value=38.0, norm_low=40.0, norm_high=40.0), 10
    )
    assert single.comparison == "Norm 40 per fte · onder de norm" and single.comparison_alarm is None


def test_an_expected_overspend_is_held_against_the_budget_and_called_nadelig():
    texts = tiles.tile_texts(
        tile(
            metric_key="budget_forecast_deviation",
            unit="euro",
            higher_is_better=False,
            period="2026-K3",
            value=214_320.0,
            previous_value=-140_971.0,
            previous_period="2025-K3",
            amended_budget_eur=20_789_000.0,
        ),
        10,
    )
    assert texts.value == "€ 214.320" and texts.delta == "+€ 355.291"
    assert texts.comparison == "Gewijzigde begroting € 20,8 mln · +1,0% nadelig (overschrijding)"
    assert texts.comparison_alarm == "nadelig"


def test_the_period_in_the_address_may_be_a_month_or_a_year():
    assert filters.resolve_period("2025-12", OPTIONS.months) == "2025-12"
    assert filters.resolve_period("2025", OPTIONS.months) == "2025-12"
    assert filters.resolve_period("2019", OPTIONS.months) is None
    assert filters.resolve_period("okt", OPTIONS.months) is None
    assert filters.expand_year_range("2022..2024") == {"vanaf": "2022", "periode": "2024"}
    assert filters.expand_year_range("2025-10") is None
    assert filters.resolve_year("2023", OPTIONS.years) == "2023"
    assert filters.resolve_year("1999", OPTIONS.years) is None


def test_defaults_follow_the_viewers_team_and_start_charts_three_years_back():
    assert filters.default_theme(OPTIONS, ("JGD-OOST",)) == "jeugd"
    assert filters.default_theme(OPTIONS, ()) == "participatie"
    assert filters.default_from_year("2026-10", OPTIONS.years) == 2023
    chosen = filters.Filters(theme="jeugd", period="2026-10", from_year=2023, team=None)
    assert (chosen.start, chosen.end) == (dt.date(2023, 1, 1), dt.date(2026, 10, 31))
    assert chosen.as_params() == {"thema": "jeugd", "periode": "2026-10", "vanaf": "2023"}


def test_a_table_view_writes_numbers_and_dates_the_dutch_way():
    table = pl.DataFrame(
        {
            "Maand": [dt.date(2024, 3, 1)],
            "Caseload": [92.345],
            "Bedrag": [1_234_567.0],
            "Aantal": [1234],
            "Boven de norm": [True],
            "Team": [None],
        },
        schema_overrides={"Team": pl.String},
    )
    shown = components.display_table(table, {"Caseload": "dossiers per fte", "Bedrag": "euro"})
    assert shown.row(0) == ("1 mrt 2024", "92,3", "€ 1,2 mln", "1.234", "ja", "—")


def test_the_csv_opens_in_a_dutch_spreadsheet():
    table = pl.DataFrame({"Maand": [dt.date(2024, 3, 1)], "Caseload per fte": [92.5], "Team": ["WI-ZUID"]})
    data = components.csv_bytes(table)
    assert data.startswith("\ufeff".encode())
    assert data.decode("utf-8-sig").splitlines() == ["Maand;Caseload per fte;Team", "2024-03-01;92,5;WI-ZUID"]


def test_user_text_in_a_title_cannot_format_itself():
    assert inert.escape("**vet** [link](x) $x$") == r"\*\*vet\*\* \[link\]\(x\) \$x\$"


def test_a_table_reaches_the_grid_with_its_cells_and_no_index():
    from streamlit.testing.v1 import AppTest

    def page():
        import polars as pl

        from dashboard import tables

        tables.show(pl.DataFrame({"Naam": ["Zuid", "a\u202eb"], "Aantal": [3, None], "Leeg": [None, None]}))

    at = AppTest.from_function(page).run()
    assert not at.exception
    shown = at.dataframe[0].value
    assert list(shown.columns) == ["Naam", "Aantal", "Leeg"]  # no index column of pandas' making
    assert shown["Naam"].tolist() == ["Zuid", "a\u202eb"]  # (visible_columns is the caller's job)
    assert shown["Aantal"].tolist()[0] == 3 and shown["Leeg"].isna().all()


def test_a_rejection_of_a_whole_file_shows_a_dash_for_its_row_not_none():
    from etl.tabular import Rejection

    table = components.rejection_table(
        [
            Rejection("begroting.xlsx", None, "-", "(pakt uit tot 1.023 MB)", "een werkboek tot 500 MB"),
            Rejection("caseload.csv", 12, "Actieve dossiers", "veel", "een geheel getal"),
        ]
    )
    assert table.columns == ["Bestand", "Rij", "Kolom", "Waarde", "Verwacht"]
    assert table["Rij"].to_list() == ["-", "12"]
    assert table.null_count().row(0) == (0, 0, 0, 0, 0)
