"""Chart builders, checked through the Vega-Lite spec they produce (chart.to_dict())."""

import datetime as dt
import json

import polars as pl
import pytest

from presentation import charts, labels


@pytest.fixture(autouse=True)
def schema_checked(monkeypatch):
    """Every spec these tests read is checked against the Vega-Lite schema: the pages skip that
    check when Streamlit serialises a chart (charts._Drawn), so it is done here, for every builder."""

    def checked(self, validate=True, **kwargs):
        return super(charts._Drawn, self).to_dict(validate=validate, **kwargs)

    monkeypatch.setattr(charts._Drawn, "to_dict", checked)


def _values(months=6, value=90.0):
    frame = pl.DataFrame(
        {
            "period_start": [dt.date(2024, m, 1) for m in range(1, months + 1)],
            "value": [value + m for m in range(months)],
            "status": ["definitief"] * months,
        }
    )
    return charts.prepare_values(frame, "dossiers per fte")


def _stories():
    return charts.prepare_stories(
        pl.DataFrame(
            {
                "story_id": ["s1", "s2"],
                "period_start": [dt.date(2024, 2, 1), dt.date(2024, 4, 1)],
                "title": ["Een wijk erbij", "Huisbezoeken in eigen tijd"],
                "period": ["2024-02", "2024-04"],
                "team_code": ["WI-ZUID", None],
            }
        )
    )


def _layers(spec):
    """Every unit spec in a (nested) layer chart."""
    for layer in spec.get("layer", []):
        if "layer" in layer:
            yield from _layers(layer)
        else:
            yield layer


def _params(spec):
    """Selection parameters; Altair lifts them to the top and names the layer they act on."""
    return spec.get("params", []) + [p for layer in _layers(spec) for p in layer.get("params", [])]


def test_a_trend_chart_embeds_its_data_instead_of_pointing_at_a_url():
    spec = charts.trend_chart(_values(), unit="dossiers per fte", title="Caseload").to_dict()
    assert "url" not in json.dumps(spec)
    rows = [row for data in spec["datasets"].values() for row in data]
    assert any(row.get("waarde") == "95,0" for row in rows)


def test_story_markers_are_a_clickable_layer_on_the_time_axis_with_the_title_as_tooltip():
    spec = charts.trend_chart(_values(), unit="dossiers per fte", title="Caseload", stories=_stories()).to_dict()
    params = _params(spec)
    assert [p["name"] for p in params] == [charts.STORY_SELECTION]
    assert params[0]["select"]["fields"] == ["story_id"]
    markers = [layer for layer in _layers(spec) if layer.get("name") in params[0]["views"]]
    assert markers[0]["mark"]["shape"] == "triangle-down"
    assert markers[0]["encoding"]["x"]["field"] == "x"
    assert {"field": "titel", "type": "nominal", "title": "Verhaal"} in markers[0]["encoding"]["tooltip"]
    marker_rows = [r for data in spec["datasets"].values() for r in data if "titel" in r]
    assert [r["titel"] for r in marker_rows] == ["Een wijk erbij", "Huisbezoeken in eigen tijd"]


def test_a_chart_without_stories_has_no_selection_to_click():
    spec = charts.trend_chart(_values(), unit="dossiers per fte", title="Caseload").to_dict()
    assert _params(spec) == []


def test_charts_speak_dutch_month_names_and_a_decimal_comma():
    spec = charts.trend_chart(_values(), unit="dossiers per fte", title="Caseload").to_dict()
    assert spec["config"]["locale"]["number"]["decimal"] == ","
    assert spec["config"]["locale"]["time"]["shortMonths"][2] == "mrt"
    line = next(layer for layer in _layers(spec) if layer["mark"]["type"] == "line")
    assert "'mrt'" in line["encoding"]["x"]["axis"]["labelExpr"]


def test_the_norm_band_is_an_area_between_its_bounds():
    norm = pl.DataFrame(
        {"x": [dt.date(2024, 1, 1), dt.date(2024, 6, 1)], "norm_low": [75.0, 75.0], "norm_high": [80.0, 80.0]}
    )
    spec = charts.trend_chart(_values(), unit="dossiers per fte", title="Caseload", norm=norm).to_dict()
    area = next(layer for layer in _layers(spec) if layer["mark"]["type"] == "area")
    assert area["encoding"]["y"]["field"] == "band_low" and area["encoding"]["y2"]["field"] == "band_high"
    rows = spec["datasets"][area["data"]["name"]]
    assert rows[0]["band_low"] == 75.0 and rows[0]["norm"] == "75–80"


def test_a_single_number_norm_still_gets_a_visible_band():
    norm = pl.DataFrame({"x": [dt.date(2024, 1, 1)], "norm_low": [40.0], "norm_high": [40.0]})
    spec = charts.trend_chart(_values(value=40), unit="dossiers per fte", title="Jeugd", norm=norm).to_dict()
    area = next(layer for layer in _layers(spec) if layer["mark"]["type"] == "area")
    row = spec["datasets"][area["data"]["name"]][0]
    assert row["band_low"] < 40 < row["band_high"]


def test_an_empty_series_says_so_in_dutch():
    empty = _values().with_columns(pl.lit(None, dtype=pl.Float64).alias("y"))
    spec = charts.trend_chart(empty, unit="procent", title="Tijdig").to_dict()
    assert "Geen gegevens" in json.dumps(spec, ensure_ascii=False)


def test_several_series_differ_in_dash_as_well_as_colour():
    frame = pl.DataFrame(
        {
            "period_start": [dt.date(2024, 1, 1)] * 2,
            "value": [70.0, 95.0],
            "team": ["WI-NOORD", "WI-ZUID"],
            "over": [False, True],
        }
    )
    spec = charts.trend_chart(
        charts.prepare_values(frame, "dossiers per fte"),
        unit="dossiers per fte",
        title="Caseload",
        series="team",
        emphasis="over",
    ).to_dict()
    line = next(layer for layer in _layers(spec) if layer["mark"]["type"] == "line")
    assert line["encoding"]["strokeDash"]["field"] == "team"
    assert line["encoding"]["color"]["scale"]["range"][0] != line["encoding"]["color"]["scale"]["range"][1]
    assert line["encoding"]["strokeWidth"]["scale"]["range"] == [4, 1.8]


def _contrast(colour: str) -> float:
    def channel(c):
        c = int(c, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return 1.05 / (luminance + 0.05)


def test_every_line_and_marker_colour_has_at_least_3_to_1_contrast_on_white():
    for colour in (*charts.SERIES, charts.BLUE, charts.VERMILLION, charts.DARK, charts.FAVOURABLE, charts.UNFAVOURABLE):
        assert _contrast(colour) >= 3.0, colour
    assert _contrast(charts.GREY) >= 4.5  # used for text


def test_budget_groups_show_overspend_and_underspend_in_different_colours_with_amounts_in_the_label():
    groups = pl.DataFrame(
        {
            "budget_group": ["Maatwerk Jeugd", "Maatwerk Wmo"],
            "amended_budget_eur": [20_000_000.0, 15_000_000.0],
            "forecast_deviation_eur": [700_000.0, -150_000.0],
            "forecast_deviation_pct": [3.5, -1.0],
        }
    )
    spec = charts.budget_groups_chart(groups, title="Budget").to_dict()
    bars = next(layer for layer in _layers(spec) if layer["mark"]["type"] == "bar")
    assert bars["encoding"]["color"]["scale"]["range"] == [charts.UNFAVOURABLE, charts.FAVOURABLE]
    labels = [r["label"] for r in spec["datasets"][bars["data"]["name"]]]
    assert labels == ["Maatwerk Jeugd: +€ 700.000 (+3,5%)", "Maatwerk Wmo: -€ 150.000 (-1,0%)"]


def test_budget_progress_projects_the_remaining_quarters_in_a_lighter_colour():
    progress = pl.DataFrame(
        {
            "year": [2024] * 2,
            "quarter": [1, 2],
            "amended_budget_eur": [20e6, 20e6],
            "realisation_ytd_eur": [5e6, 11e6],
            "forecast_year_eur": [20e6, 22e6],
            "forecast_deviation_eur": [0.0, 2e6],
        }
    )
    spec = charts.budget_progress_chart(progress, title="Besteding").to_dict()
    bars = next(layer for layer in _layers(spec) if layer["mark"]["type"] == "bar")
    rows = spec["datasets"][bars["data"]["name"]]
    assert [(r["kwartaal"], r["reeks"].split()[0]) for r in rows] == [
        ("K1", "Realisatie"),
        ("K2", "Realisatie"),
        ("K3", "Prognose"),
        ("K4", "Prognose"),
    ]
    assert rows[-1]["bedrag"] == 22e6


def test_a_clicked_marker_is_read_back_from_the_selection_state():
    state = {"selection": {charts.STORY_SELECTION: [{"story_id": "abc"}]}}
    assert charts.story_id_from_selection(state) == "abc"
    assert charts.story_id_from_selection({"selection": {charts.STORY_SELECTION: {}}}) is None
    assert charts.story_id_from_selection(None) is None


def test_a_chart_knows_whether_it_has_clickable_story_markers_without_serialising_it():
    with_markers = charts.trend_chart(_values(), unit="dossiers per fte", title="Caseload", stories=_stories())
    without = charts.trend_chart(_values(), unit="dossiers per fte", title="Caseload")
    assert charts.has_story_markers(with_markers) and not charts.has_story_markers(without)
    # the same answer as the spec gives
    assert any(p.get("name") == charts.STORY_SELECTION for p in _params(with_markers.to_dict()))


# --- honest axes (issue 16) -------------------------------------------------------------------


def _axis_labels(chart) -> list[str]:
    """The y axis's tick labels as the renderer draws them (vl-convert, offline)."""
    import re

    import vl_convert

    svg = vl_convert.vegalite_to_svg(chart.to_dict())
    axis = (
        svg.split('aria-label="Y-axis', 1)[1].split('aria-label="X-axis', 1)[0] if 'aria-label="Y-axis' in svg else svg
    )
    return re.findall(r"<text[^>]*>([^<]*)</text>", axis)


@pytest.mark.parametrize(
    "unit,value,zero", [("aantal", 450.0, "0"), ("procent", 90.0, "0%"), ("euro", 1_040_000.0, "€ 0,0 mln")]
)
def test_a_trend_chart_of_counts_percentages_or_amounts_starts_its_axis_at_0(unit, value, zero):
    frame = pl.DataFrame(
        {"period_start": [dt.date(2024, m, 1) for m in range(1, 7)], "value": [value + m for m in range(6)]}
    )
    chart = charts.trend_chart(charts.prepare_values(frame, unit), unit=unit, title="Verloop")
    y = next(layer for layer in _layers(chart.to_dict()) if layer["mark"]["type"] == "line")["encoding"]["y"]
    assert y["scale"]["zero"] is True
    assert zero in _axis_labels(chart)  # drawn, not only asked for: 442 to 460 is no cliff


def test_an_axis_from_0_still_shows_negative_values():
    frame = pl.DataFrame(
        {
            "period_start": [dt.date(2024, m, 1) for m in range(1, 5)],
            "value": [-400_000.0, -100_000.0, 200_000.0, 300_000.0],
        }
    )
    chart = charts.trend_chart(charts.prepare_values(frame, "euro"), unit="euro", title="Afwijking")
    drawn = _axis_labels(chart)
    assert "€ 0" in drawn and any(t.startswith("-€ ") for t in drawn)


# --- markers that say which scope their value is of ------------------------------------------


def test_a_marker_of_a_story_on_a_narrower_scope_says_both_values_with_their_scopes():
    from dashboard import story_components as sc

    stories = pl.DataFrame(
        {
            "story_id": ["s1", "s2"],
            "period_start": [dt.date(2024, 10, 1), dt.date(2024, 7, 1)],
            "title": ["Duurder ambulant", "Op de lijn"],
            "period": ["2024-K4", "2024-K3"],
            "metric_key": ["budget_forecast_deviation"] * 2,
            "team_code": [None, None],
            "regeling_code": [None, None],
            "taakveld_code": ["6.72a", None],
            "figure_value": [425_511.0, 694_953.0],
        }
    )
    catalog = {"budget_forecast_deviation": {"unit": "euro"}}
    texts = sc.with_value_texts(
        stories,
        catalog=catalog,
        names={"6.72a": "6.72a Begeleiding"},
        chart_scope=("heel Jeugdhulp", {"s1": 694_953.0}),
    )
    markers = charts.prepare_stories(texts)
    first, second = markers.row(0, named=True), markers.row(1, named=True)
    assert first["waarde_verhaal"] == "taakveld 6.72a Begeleiding: € 425.511"
    assert first["grafiek_toen"] == "heel Jeugdhulp toen: € 694.953"
    assert "taakveld 6.72a Begeleiding: € 425.511" in first["beschrijving"]  # the screen reader too
    assert second["waarde_verhaal"] == "€ 694.953" and second["grafiek_toen"] is None  # the line's own
    spec = charts.trend_chart(_values(), unit="euro", title="Afwijking", stories=markers).to_dict()
    tooltips = [
        t["title"]
        for layer in _layers(spec)
        for t in layer.get("encoding", {}).get("tooltip", [])
        if isinstance(t, dict)
    ]
    assert labels.MARKER_STORY_VALUE in tooltips and labels.MARKER_CHART_VALUE in tooltips


def test_a_page_serialises_a_chart_without_the_schema_check_and_a_test_with_it(monkeypatch):
    monkeypatch.undo()  # the page's own to_dict
    chart = charts.trend_chart(_values(), unit="dossiers per fte", title="Caseload", stories=_stories())
    assert chart.to_dict() == chart.to_dict(validate=True)  # the same spec, checked or not
    broken = charts.style(charts.alt.Chart(pl.DataFrame({"a": [1]})).mark_point().encode(x="a:Q"), "Kapot")
    broken["mark"] = {"type": "geen-merk"}  # no such mark: only the check notices
    assert broken.to_dict()["mark"] == {"type": "geen-merk"}
    with pytest.raises(charts.alt.utils.schemapi.SchemaValidationError):
        broken.to_dict(validate=True)


def test_no_chart_gives_a_channel_as_a_bare_string_value_or_condition():
    """A bare shorthand ("x:Q"), alt.value(...) or alt.condition(...) in .encode() goes through
    Altair's from_dict, which hashes the whole schema each time (2-7 ms per channel, 22 ms for
    the story markers on every chart) for the same spec as the channel's own class."""
    import ast
    from pathlib import Path

    from presentation import peer_chart

    found = []
    for module in (charts, peer_chart):
        for node in ast.walk(ast.parse(Path(module.__file__).read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "encode":
                for keyword in node.keywords:
                    value = keyword.value
                    bare = isinstance(value, ast.Constant) and isinstance(value.value, str)
                    helper = (
                        isinstance(value, ast.Call)
                        and isinstance(value.func, ast.Attribute)
                        and value.func.attr in ("value", "condition")
                    )
                    if bare or helper:
                        found.append(f"{Path(module.__file__).name}:{node.lineno} {keyword.arg}")
    assert found == []
    # And the markers' selection, as its own value class, is the spec alt.condition gives.
    markers = charts.story_layer(_stories()).to_dict()
    point = next(layer for layer in _layers(markers) if layer["mark"]["type"] == "point")
    selection = charts.STORY_SELECTION
    assert point["encoding"]["size"] == {"condition": {"param": selection, "value": 420, "empty": False}, "value": 260}
    assert list(point["encoding"]["size"]["condition"]) == ["param", "value", "empty"]  # as from_dict wrote it


def test_the_shared_look_is_set_without_the_per_property_check_and_gives_the_same_spec():
    chart = charts.alt.Chart(pl.DataFrame({"a": [1]})).mark_point().encode(x=charts.alt.X("a:Q"))
    top = {"width": 600, "height": 300, "title": "Titel"}
    assert charts._with_properties(chart, top).to_dict() == chart.properties(**top).to_dict()
    assert "title" not in chart.to_dict()  # a copy: the chart it came from is unchanged
