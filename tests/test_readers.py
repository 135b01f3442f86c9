"""Every reader, every export dialect, every kind of bad value; inputs inline."""

from __future__ import annotations

import datetime as dt

import pytest

from etl import budget, caseload, decisions, norms, regelingen, teams
from tests.sources import BUDGET_HEADER, xlsx_bytes

CASELOAD_HEADER = "Peildatum;Teamcode;Rol;Actieve dossiers;Bezette fte"


def messages(result) -> list[str]:
    return [r.message() for r in result.rejections]


# --- export dialects --------------------------------------------------------------------


def test_semicolon_export_with_decimal_comma_cp1252_crlf_and_totaal_row_loads():
    text = (
        f"{CASELOAD_HEADER}\r\n31-01-2024;wi-zuid;Klantmanager;470;6,1\r\n\r\n"
        "29-02-2024;WI-ZUID;klantmanager;1.234;6,0\r\nTotaal;;;1704;12,1\r\n"
    )
    result = caseload.read(text.encode("cp1252"), "caseload.csv")
    assert result.rejections == []
    assert result.frame.drop("_row").rows() == [
        (dt.date(2024, 1, 31), "WI-ZUID", "klantmanager", 470, 6.1),
        (dt.date(2024, 2, 29), "WI-ZUID", "klantmanager", 1234, 6.0),
    ]
    assert result.frame["_row"].to_list() == [2, 4]  # the blank line keeps its number


def test_comma_export_with_bom_decimal_point_and_iso_dates_loads():
    text = "\ufeffPeildatum,Teamcode,Rol,Actieve dossiers,Bezette fte\n2024-01-31,WMO,wmo-consulent,3300,14.5\n"
    result = caseload.read(text.encode("utf-8"), "caseload.csv")
    assert result.rejections == []
    assert result.frame.row(0)[1:] == (dt.date(2024, 1, 31), "WMO", "wmo-consulent", 3300, 14.5)


def test_cp1252_text_with_accents_is_decoded():
    text = "Teamcode;Teamnaam;Thema;Rol\r\nWMO;Wmo-loket Koggenwaard-Één;wmo;wmo-consulent\r\n"
    result = teams.read(text.encode("cp1252"), "teams.csv")
    assert result.rejections == []
    assert result.frame["team_name"].to_list() == ["Wmo-loket Koggenwaard-Één"]


def test_utf8_without_bom_and_lf_loads():
    text = "Teamcode,Teamnaam,Thema,Rol\nJGD,Jeugdteam,Jeugd,jeugdconsulent\n"
    result = teams.read(text.encode("utf-8"), "teams.csv")
    assert result.rejections == []
    assert result.frame["theme_code"].to_list() == ["jeugd"]


def test_headers_match_regardless_of_case_and_surrounding_spaces():
    text = " teamcode ,TEAMNAAM,thema,Rol\nJGD,Jeugdteam,jeugd,jeugdconsulent\n"
    assert teams.read(text.encode(), "teams.csv").rejections == []


def test_xlsx_export_loads_with_whole_numbers_and_decimals():
    data = xlsx_bytes(
        BUDGET_HEADER, [[2024, 2, "6.72A", "Jeugdhulp begeleiding", 3_600_000, 3_750_000.5, 1_012_345.25]]
    )
    result = budget.read(data, "begroting.xlsx")
    assert result.rejections == []
    assert result.frame.drop("_row").row(0) == (
        2024,
        2,
        "6.72a",
        "Jeugdhulp begeleiding",
        3_600_000.0,
        3_750_000.5,
        1_012_345.25,
    )


def test_xlsx_with_text_cells_and_a_totaal_row_loads():
    data = xlsx_bytes(
        BUDGET_HEADER,
        [["2024", "1", "6.3", "", "1.000,00", "1.000,00", "250,5"], ["Totaal", "", "", "", 1000, 1000, 250.5]],
    )
    result = budget.read(data, "begroting.xlsx")
    assert result.rejections == []
    assert result.frame.height == 1
    assert result.frame["realisation_eur"].to_list() == [250.5]


def test_thousands_separator_without_decimals_is_read_as_thousands():
    text = f"{CASELOAD_HEADER}\n31-01-2024;WMO;wmo-consulent;3.300;14\n"
    assert caseload.read(text.encode(), "c.csv").frame["active_dossiers"].to_list() == [3300]


def test_amounts_with_euro_sign_and_spaces_are_read():
    data = xlsx_bytes(BUDGET_HEADER, [[2024, 1, "6.3", "", "€ 22.000.000", "€ 22.000.000,00", "5 400 000"]])
    result = budget.read(data, "begroting.xlsx")
    assert result.rejections == []
    assert result.frame["primitive_budget_eur"].to_list() == [22_000_000.0]
    assert result.frame["realisation_eur"].to_list() == [5_400_000.0]


def test_decision_kinds_accept_dutch_spellings():
    text = (
        "Besluitnummer,Regeling,Soort besluit,Teamcode,Datum aanvraag,Datum besluit,"
        "Termijn (dagen),Afwijking beleid,Reden afwijking,Datum bezwaar,Uitkomst bezwaar\n"
        "B-1,levensonderhoud,Buiten behandeling,WI,2024-01-01,2024-01-30,56,Nee,,,\n"
        "B-2,levensonderhoud,Bestuurlijke boete,HH,,2024-01-30,56,nee,,2024-02-10,Deels gegrond\n"
    )
    result = decisions.read(text.encode(), "beschikkingen.csv")
    assert result.rejections == []
    assert result.frame["kind"].to_list() == ["buiten_behandeling", "bestuurlijke_boete"]
    assert result.frame["objection_outcome"].to_list() == [None, "gegrond"]


# --- bad values: every one reported, in Dutch, with file, row, column, value, expectation -----


def test_every_bad_value_is_reported_at_once_with_row_column_value_and_expectation():
    text = f"{CASELOAD_HEADER}\n31-02-2024;WI;k;abc;0\n31-01-2024;WI;k;-3;x\n31-03-2024;WI;k;1,5;2\n"
    assert messages(caseload.read(text.encode(), "caseload.csv")) == [
        "caseload.csv, rij 2, kolom 'Peildatum': waarde '31-02-2024' afgewezen; "
        "verwacht: een bestaande datum (dd-mm-jjjj of jjjj-mm-dd).",
        "caseload.csv, rij 2, kolom 'Actieve dossiers': waarde 'abc' afgewezen; verwacht: een geheel getal ≥ 0.",
        "caseload.csv, rij 2, kolom 'Bezette fte': waarde '0' afgewezen; "
        "verwacht: een getal (bijvoorbeeld 12,5 of 12.5) > 0.",
        "caseload.csv, rij 3, kolom 'Actieve dossiers': waarde '-3' afgewezen; verwacht: een geheel getal ≥ 0.",
        "caseload.csv, rij 3, kolom 'Bezette fte': waarde 'x' afgewezen; "
        "verwacht: een getal (bijvoorbeeld 12,5 of 12.5) > 0.",
        "caseload.csv, rij 4, kolom 'Actieve dossiers': waarde '1,5' afgewezen; verwacht: een geheel getal ≥ 0.",
    ]


def test_missing_required_value_is_rejected():
    text = f"{CASELOAD_HEADER}\n31-01-2024;;klantmanager;10;1\n"
    assert messages(caseload.read(text.encode(), "c.csv")) == [
        "c.csv, rij 2, kolom 'Teamcode': waarde '' afgewezen; verwacht: een waarde (verplicht veld is leeg)."
    ]


def test_missing_column_names_the_columns_found():
    result = caseload.read(b"Peildatum;Teamcode\n31-01-2024;WI\n", "c.csv")
    assert result.frame.height == 0
    assert messages(result)[0] == (
        "c.csv, rij 1, kolom 'Rol': waarde '(kolom ontbreekt)' afgewezen; "
        "verwacht: een kolom met deze naam; gevonden: Peildatum, Teamcode."
    )
    assert len(messages(result)) == 3


def test_unknown_code_lists_the_accepted_codes():
    text = "Teamcode,Teamnaam,Thema,Rol\nX,Team X,zorg,consulent\n"
    assert messages(teams.read(text.encode(), "teams.csv")) == [
        "teams.csv, rij 2, kolom 'Thema': waarde 'zorg' afgewezen; verwacht: een van: "
        "jeugd, leerlingenvervoer, participatie, schuldhulp, wmo."
    ]


def test_unreadable_yes_no_value_is_rejected():
    text = (
        "Besluitnummer,Regeling,Soort besluit,Teamcode,Datum aanvraag,Datum besluit,"
        "Termijn (dagen),Afwijking beleid,Reden afwijking,Datum bezwaar,Uitkomst bezwaar\n"
        "B-1,levensonderhoud,Toekenning,WI,2024-01-01,2024-01-30,56,misschien,,,\n"
    )
    assert messages(decisions.read(text.encode(), "b.csv")) == [
        "b.csv, rij 2, kolom 'Afwijking beleid': waarde 'misschien' afgewezen; verwacht: ja of nee."
    ]


def test_rules_across_columns_are_checked_per_row():
    text = (
        "Besluitnummer,Regeling,Soort besluit,Teamcode,Datum aanvraag,Datum besluit,"
        "Termijn (dagen),Afwijking beleid,Reden afwijking,Datum bezwaar,Uitkomst bezwaar\n"
        "B-1,levensonderhoud,Toekenning,WI,,2024-01-30,56,nee,,,\n"
        "B-2,levensonderhoud,Toekenning,WI,2024-02-01,2024-01-30,56,ja,,,gegrond\n"
    )
    found = messages(decisions.read(text.encode(), "b.csv"))
    assert found == [
        "b.csv, rij 2, kolom 'Datum aanvraag': waarde '' afgewezen; "
        "verwacht: een datum aanvraag bij een besluit op een aanvraag.",
        "b.csv, rij 3, kolom 'Datum besluit': waarde '30-01-2024' afgewezen; "
        "verwacht: een datum besluit die niet vóór de datum aanvraag ligt.",
        "b.csv, rij 3, kolom 'Reden afwijking': waarde '' afgewezen; "
        "verwacht: een reden wanneer het besluit afwijkt van beleid.",
        "b.csv, rij 3, kolom 'Uitkomst bezwaar': waarde 'gegrond' afgewezen; "
        "verwacht: geen uitkomst zonder datum bezwaar.",
    ]


def test_duplicate_key_is_rejected_at_the_later_row():
    text = f"{CASELOAD_HEADER}\n31-01-2024;WI;k;1;1\n31-01-2024;wi;K;2;1\n"
    assert messages(caseload.read(text.encode(), "c.csv")) == [
        "c.csv, rij 3, kolom 'Peildatum': waarde '31-01-2024' afgewezen; verwacht: een unieke "
        "waarde voor peildatum + team_code + role (komt eerder in het bestand voor)."
    ]


def test_quarter_out_of_range_is_rejected():
    data = xlsx_bytes(BUDGET_HEADER, [[2024, 5, "6.3", "", 1, 1, 1]])
    assert messages(budget.read(data, "begroting.xlsx")) == [
        "begroting.xlsx, rij 2, kolom 'Kwartaal': waarde '5' afgewezen; verwacht: een kwartaal van 1 tot en met 4."
    ]


def test_norm_band_upside_down_is_rejected():
    text = (
        "Rol,Norm ondergrens,Norm bovengrens,Eenheid,Telwijze,Geldig vanaf,Onderbouwing\n"
        "klantmanager,80,75,cliënten,actief_op_peildatum,2021-01-01,x\n"
    )
    assert messages(norms.read(text.encode(), "normen.csv")) == [
        "normen.csv, rij 2, kolom 'Norm bovengrens': waarde '75' afgewezen; "
        "verwacht: een bovengrens die niet lager is dan de ondergrens."
    ]


def test_row_with_too_many_fields_is_named():
    text = "Code,Naam,Thema,Taakveld,Termijn (dagen)\nx,X,wmo,6.6,56\ny,Y,wmo,6.6,56,extra\n"
    assert messages(regelingen.read(text.encode(), "regelingen.csv")) == [
        "regelingen.csv, rij 3, kolom '-': waarde 'y,Y,wmo,6.6,56,extra' afgewezen; verwacht: 5 kolommen, gevonden 6."
    ]


@pytest.mark.parametrize(
    "data, expected",
    [
        (b"", "een kopregel en gegevens"),
        (b"PK\x03\x04 not really a workbook", "een leesbaar Excel-werkboek (.xlsx)"),
    ],
)
def test_empty_or_corrupt_file_is_rejected_as_a_whole(data, expected):
    result = teams.read(data, "teams.x")
    assert len(result.rejections) == 1
    assert result.rejections[0].row is None
    assert expected in result.rejections[0].message()
    assert result.rejections[0].message().startswith("teams.x, bestand, ")


def test_header_only_file_loads_nothing_without_complaint():
    result = teams.read(b"Teamcode,Teamnaam,Thema,Rol\n", "teams.csv")
    assert result.rejections == [] and result.frame.height == 0
