"""Dutch formatting of numbers, money, dates and periods."""

import datetime as dt

import polars as pl

from kernel.format import (
    format_change,
    format_date,
    format_datetime,
    format_eur,
    format_month,
    format_number,
    format_pct,
    format_period,
    format_value,
    texts,
)


def test_a_number_has_dots_between_thousands_and_a_decimal_comma():
    assert format_number(1234.5) == "1.234,5"
    assert format_number(1234567) == "1.234.567"


def test_whole_numbers_get_no_decimals_unless_asked():
    assert format_number(1234) == "1.234"
    assert format_number(12, decimals=1) == "12,0"


def test_a_negative_number_that_rounds_to_zero_loses_its_sign():
    assert format_number(-0.04, decimals=1) == "0,0"


def test_a_signed_number_shows_plus_for_an_increase():
    assert format_number(3.25, decimals=1, signed=True) == "+3,2"
    assert format_number(-3.25, decimals=1, signed=True) == "-3,2"


def test_amounts_of_a_million_and_more_are_written_in_millions():
    assert format_eur(1_234_567) == "€ 1,2 mln"
    assert format_eur(1_500_000_000) == "€ 1,5 mld"


def test_smaller_amounts_are_written_in_whole_euros():
    assert format_eur(23_456.4) == "€ 23.456"


def test_the_sign_of_an_amount_comes_before_the_euro_sign():
    assert format_eur(-1_234_567) == "-€ 1,2 mln"
    assert format_eur(355_291, signed=True) == "+€ 355.291"


def test_a_date_uses_dutch_month_abbreviations():
    assert format_date(dt.date(2026, 3, 3)) == "3 mrt 2026"
    assert format_date(dt.date(2025, 10, 31)) == "31 okt 2025"
    assert format_month(dt.date(2024, 5, 1)) == "mei 2024"


def test_a_percentage_has_a_decimal_comma_and_no_space():
    assert format_pct(12.345) == "12,3%"


def test_periods_are_written_as_a_reader_says_them():
    assert format_period("2025-10") == "okt 2025"
    assert format_period("2024-K4") == "K4 2024"
    assert format_period("2024") == "2024"


def test_a_value_follows_the_unit_of_its_catalog_entry():
    assert format_value(92.345, "dossiers per fte") == "92,3"
    assert format_value(56, "dagen") == "56 dagen"
    assert format_value(1, "dagen") == "1 dag"
    assert format_value(88.31, "procent") == "88,3%"
    assert format_value(20_789_000, "euro") == "€ 20,8 mln"


def test_a_change_of_a_percentage_is_in_procentpunten():
    assert format_change(-1.64, "procent") == "-1,6 procentpunt"


def test_missing_values_are_a_dash_not_none_or_nan():
    assert format_number(None) == "—"
    assert format_eur(float("nan")) == "—"
    assert format_date(None) == "—"


def test_a_moment_is_written_as_the_date_with_its_time():
    assert format_datetime(dt.datetime(2026, 12, 3, 14, 5, 9)) == "3 dec 2026 14:05"
    assert format_datetime(dt.datetime(2026, 3, 13, 9, 0, 7), seconds=True) == "13 mrt 2026 09:00:07"
    assert format_datetime(None) == "—"


def test_a_column_of_moments_is_written_as_format_datetime_writes_each():
    import polars as pl

    from kernel.format import format_datetime_column

    moments = [dt.datetime(2026, month, day, hour, 5, 9) for month in range(1, 13) for day, hour in ((1, 0), (28, 23))]
    frame = pl.DataFrame({"at": [*moments, None]}, schema={"at": pl.Datetime("us", "Europe/Amsterdam")})
    for seconds in (False, True):
        written = frame.select(format_datetime_column(pl.col("at"), seconds=seconds).alias("at"))["at"].to_list()
        assert written == [format_datetime(m, seconds=seconds) for m in frame["at"].to_list()]
    assert written[0] == "1 jan 2026 01:05:09" and written[-1] == "—"  # 00:05 UTC is 01:05 in Amsterdam


def test_texts_writes_each_value_in_python_and_keeps_the_name():
    periods = pl.Series("period", ["2025-10", None, "2024-K4"])
    assert texts(periods, format_period).to_list() == ["okt 2025", None, "K4 2024"]
    assert texts(periods, format_period).name == "period"
    assert texts(periods, format_period).dtype == pl.String


def test_texts_without_skipping_nulls_hands_them_to_the_function_as_map_elements_did():
    amounts = pl.Series("bedrag", [1_234_567.0, None, float("nan")])
    assert texts(amounts, lambda v: format_value(v, "euro"), skip_nulls=False).to_list() == ["€ 1,2 mln", "—", "—"]
    # the same strings and nulls as the map_elements it replaces, for dates and moments too
    moments = pl.Series("at", [dt.datetime(2026, 12, 3, 14, 5), None])
    assert texts(moments, format_datetime, skip_nulls=False).to_list() == ["3 dec 2026 14:05", "—"]
    assert texts(moments, format_datetime).to_list() == ["3 dec 2026 14:05", None]


def test_texts_of_an_empty_column_is_an_empty_text_column():
    empty = texts(pl.Series("d", [], dtype=pl.Date), format_date)
    assert empty.len() == 0 and empty.dtype == pl.String
