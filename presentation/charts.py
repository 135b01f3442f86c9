"""Pure chart builders: a polars frame in, an Altair chart out, all in one shared style.

Charts embed their data (never a URL), speak Dutch (month names, decimal comma) and use a
colour-blind-safe palette with WCAG 2.1 AA contrast against white: the Rijkshuisstijl blue
for the figure itself, Okabe–Ito vermillion only for story markers, and darker Okabe–Ito
tones for further series, which also differ in dash so colour is never the only cue.
"""

from __future__ import annotations

from typing import Any, cast

import altair as alt
import polars as pl

from kernel.format import MONTHS, MONTHS_FULL, format_period, format_value, texts
from presentation import labels

# Altair checks every part of a chart against the Vega-Lite schema as it is made, and again the
# whole chart when it is turned into its spec (Streamlit and the exports do that, validating).
# The first round was half the time a page spends building its charts (4 charts on Besluiten:
# 490 ms with it, 250 ms without, same specs); a wrong chart still fails, at the second.
alt.utils.schemapi.disable_debug_mode()

TREND_YEARS = 3  # default: charts start three years before the month's year

BLUE = "#01689B"  # the figure (6.1:1 on white)
VERMILLION = "#D55E00"  # story markers only (3.9:1, enough for graphics)
DARK = "#31313B"  # reference lines such as the legal term (12.9:1)
GREY = "#6B6B6B"  # secondary text (5.3:1)
BAND = "#9FC3DD"  # norm band fill, behind the lines
SERIES = ("#01689B", "#007A5A", "#A0527F", "#31313B", "#B35900", "#5A6E8C")
DASHES = ([1, 0], [6, 3], [2, 2], [8, 3, 2, 3], [4, 4], [1, 3])
FAVOURABLE, UNFAVOURABLE = "#01689B", "#B35900"

STORY_SELECTION = "verhaal"  # the selection parameter streamlit reports when a marker is clicked
FONT = "Source Sans Pro, Source Sans 3, sans-serif"
WIDTH = "container"
HEIGHT = 320

DUTCH_LOCALE = {
    "number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["€ ", ""]},
    "time": {
        "dateTime": "%A %e %B %Y %X",
        "date": "%d-%m-%Y",
        "time": "%H:%M:%S",
        "periods": ["AM", "PM"],
        "days": ["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"],
        "shortDays": ["zo", "ma", "di", "wo", "do", "vr", "za"],
        "months": list(MONTHS_FULL),
        "shortMonths": list(MONTHS),
    },
}
# Month labels built in the expression itself, so they are Dutch even where a renderer
# ignores the locale.
MONTH_LABEL = "[" + ",".join(f"'{m}'" for m in MONTHS) + "][month(datum.value)] + ' ' + year(datum.value)"
QUARTER_LABEL = "'K' + (floor(month(datum.value) / 3) + 1) + ' ' + year(datum.value)"


def style(chart: alt.TopLevelMixin, title: str | None = None, **size: Any) -> alt.TopLevelMixin:
    """The one shared look: Dutch locale, readable fonts, quiet grid, no chart border; `size`
    is the chart's width and height.

    One `properties` call sets size, title and look together: each Altair method copies the
    whole chart, and a layer with the story markers' selection is built anew with every copy
    (some 20 ms each at city scale)."""
    top: dict[str, Any] = dict(size)
    if title:
        top["title"] = alt.TitleParams(title, anchor="start", fontSize=16, fontWeight=600, color=DARK)
    top["config"] = alt.Config(
        locale=DUTCH_LOCALE,
        font=FONT,
        view=alt.ViewConfig(stroke=None),
        axis=alt.AxisConfig(
            labelFontSize=13,
            titleFontSize=13,
            labelColor=DARK,
            titleColor=DARK,
            gridColor="#E6E6E6",
            domainColor=GREY,
            tickColor=GREY,
            titleFontWeight="normal",
        ),
        legend=alt.LegendConfig(
            labelFontSize=13, titleFontSize=13, labelColor=DARK, titleColor=DARK, orient="bottom", labelLimit=320
        ),
    )
    return _drawn(_with_properties(chart, top))


def _with_properties(chart: alt.TopLevelMixin, properties: dict[str, Any]) -> alt.TopLevelMixin:
    """`chart.properties(**properties)` without its check of each value against the schema:
    Altair validates the whole locale and config with jsonschema on every call (40-100 ms per
    chart at city scale, on every run of a page), for values only this module writes. The
    spec is the same; tests/test_charts.py checks every builder's spec against the schema."""
    copy = chart.copy(deep=False)  # type: ignore[attr-defined]  # every chart is a SchemaBase
    for key, value in properties.items():
        setattr(copy, key, value)
    return copy


class _Drawn:
    """A finished chart from this module: turned into its spec without checking that spec
    against the Vega-Lite schema again. Streamlit serialises every chart on every run, and that
    check was a quarter of a chart's cost (some 25 ms each, four charts on Besluiten) for a
    structure that only this module's code decides; tests/test_charts.py checks every builder's
    spec against the schema (`to_dict(validate=True)` still does)."""

    def to_dict(self, validate: bool = False, **kwargs: Any) -> dict[str, Any]:
        return super().to_dict(validate=validate, **kwargs)  # type: ignore[misc]


_DRAWN_TYPES: dict[type, type] = {}


def _drawn(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    kind = type(chart)
    if kind not in _DRAWN_TYPES:
        # (st.write would not recognise it by its type's name; the pages use st.altair_chart)
        _DRAWN_TYPES[kind] = type(f"Drawn{kind.__name__}", (_Drawn, kind), {})
    object.__setattr__(chart, "__class__", _DRAWN_TYPES[kind])  # Altair's __setattr__ sets a property
    return chart


def _time_axis(grain: str) -> alt.Axis:
    label = {"quarter": QUARTER_LABEL, "year": "'' + year(datum.value)"}.get(grain, MONTH_LABEL)
    ticks = {"quarter": {"interval": "month", "step": 6}, "year": {"interval": "year", "step": 1}}.get(
        grain, {"interval": "month", "step": 3}
    )
    return alt.Axis(
        title=None,
        labelExpr=label,
        tickCount=ticks,
        labelAngle=0,
        labelOverlap="greedy",
        labelSeparation=12,
        grid=False,
    )


def _value_axis(unit: str, title: str | None = None, largest: float | None = None) -> alt.Axis:
    """A value axis in the figure's unit; euros in millions once amounts reach a million."""
    if unit == "euro":
        if largest is not None and largest >= 1_000_000:
            expr = "(datum.value < 0 ? '-' : '') + '€ ' + format(abs(datum.value) / 1000000, ',.1f') + ' mln'"
        else:
            expr = "(datum.value < 0 ? '-' : '') + '€ ' + format(abs(datum.value), ',.0f')"
        return alt.Axis(title=title, tickCount=6, labelExpr=expr)
    if unit == "procent":
        return alt.Axis(title=title, tickCount=6, labelExpr="format(datum.value, ',.0f') + '%'")
    return alt.Axis(title=title, format=",.0f", tickCount=6)


def _largest(frame: pl.DataFrame, *columns: str) -> float | None:
    largest = [frame[c].abs().max() for c in columns if c in frame.columns]
    values = [cast(float, v) for v in largest if v is not None]  # numeric columns: numbers or None
    return max(values) if values else None


# ---------------------------------------------------------------------------------------------
# Preparing frames: display columns next to the numbers


def prepare_values(
    values: pl.DataFrame, unit: str, value_col: str = "value", start_col: str = "period_start", grain: str = "month"
) -> pl.DataFrame:
    """Add the Dutch period label and value text that tooltips show."""
    return values.with_columns(
        pl.col(start_col).alias("x"),
        pl.col(value_col).alias("y"),
        texts(
            values[start_col],
            lambda d: format_period(
                {"quarter": f"{d.year}-K{(d.month - 1) // 3 + 1}", "year": str(d.year)}.get(
                    grain, f"{d.year}-{d.month:02d}"
                )
            ),
        ).alias("periode"),
        texts(values[value_col], lambda v: format_value(v, unit), skip_nulls=False).alias("waarde"),
    )


# Texts a marker says about the value, when the stories carry them (story_components.with_value_texts).
VALUE_TEXTS = ("waarde_verhaal", "grafiek_toen")


def prepare_stories(stories: pl.DataFrame) -> pl.DataFrame:
    """One marker per story: its place on the time axis and what the tooltip says (with the
    story's value and the chart's value at that period, when `stories` has VALUE_TEXTS)."""
    if stories.is_empty():
        return pl.DataFrame(
            schema={
                "story_id": pl.String,
                "x": pl.Date,
                "titel": pl.String,
                "periode": pl.String,
                "team": pl.String,
                "beschrijving": pl.String,
            }
        )
    value_texts = [c for c in VALUE_TEXTS if c in stories.columns]
    markers = stories.select(
        "story_id",
        pl.col("period_start").alias("x"),
        pl.col("title").alias("titel"),
        texts(stories["period"], format_period).alias("periode"),
        pl.col("team_code").fill_null("—").alias("team"),
        *value_texts,
    ).filter(pl.col("x").is_not_null())
    # what a screen reader says for the marker: the value with its scope, as the tooltip does
    said = [pl.format("Verhaal over {}: {}", pl.col("periode"), pl.col("titel")), *value_texts]
    return markers.with_columns(pl.concat_str(said, separator=". ", ignore_nulls=True).alias("beschrijving"))


# ---------------------------------------------------------------------------------------------
# Layers


def story_layer(markers: pl.DataFrame, selectable: bool = True) -> alt.LayerChart | alt.FacetChart:
    """Stories as dashed rules on the time axis with a clickable triangle at the top."""
    base = alt.Chart(markers)
    rule = base.mark_rule(color=VERMILLION, strokeDash=[4, 3], strokeWidth=1.5, opacity=0.8).encode(x=alt.X("x:T"))
    tooltip = [
        alt.Tooltip("titel:N", title="Verhaal"),
        alt.Tooltip("periode:N", title="Periode"),
        alt.Tooltip("team:N", title="Team"),
    ]
    if "waarde_verhaal" in markers.columns:
        tooltip.append(alt.Tooltip("waarde_verhaal:N", title=labels.MARKER_STORY_VALUE))
    if "grafiek_toen" in markers.columns and markers["grafiek_toen"].is_not_null().any():
        tooltip.append(alt.Tooltip("grafiek_toen:N", title=labels.MARKER_CHART_VALUE))
    point = base.mark_point(
        shape="triangle-down",
        size=260,
        filled=True,
        color=VERMILLION,
        opacity=1,
        stroke="white",
        strokeWidth=1,
        cursor="pointer",
    ).encode(x=alt.X("x:T"), y=alt.YValue(8), tooltip=tooltip, description=alt.Description("beschrijving:N"))
    if selectable:
        selection = alt.selection_point(
            name=STORY_SELECTION, fields=["story_id"], on="click", clear="dblclick", empty=False
        )
        point = point.add_params(selection).encode(
            size=_on_selection(alt.SizeValue, selection, 420, 260),
            stroke=_on_selection(alt.StrokeValue, selection, DARK, "white"),
            strokeWidth=_on_selection(alt.StrokeWidthValue, selection, 2, 1),
        )
    return alt.layer(rule, point)


# Every channel in this module is given as its own class (alt.X("x:T"), alt.YValue(8)), never as a bare
# shorthand string, value or condition dict: Altair turns those into a channel through
# `from_dict`, which hashes its whole schema each time (about 2 ms per string and 7 ms per
# condition, 22 ms for the story markers' layer on every chart), for the very same spec.


def _on_selection(channel: type, selection: Any, chosen: Any, other: Any) -> Any:
    """`alt.condition(selection, alt.value(chosen), alt.value(other))` as the channel's own
    value class, with the same spec."""
    condition = alt.condition(selection, alt.value(chosen), alt.value(other))
    # Its keys in the order from_dict wrote them (param, value, empty): the same spec, byte for
    # byte, so a chart's element is unchanged too.
    inner = condition["condition"]
    ordered = {"param": inner["param"], "value": inner["value"]} | inner
    return channel(value=condition["value"], condition=ordered)


def norm_layer(norm: pl.DataFrame, grain: str = "month") -> alt.Chart:
    """The norm band as a shaded area between its lower and upper bound (a line when equal)."""
    frame = norm.select(pl.col("x"), "norm_low", "norm_high").with_columns(
        # a single-number norm still needs a visible band
        pl.when(pl.col("norm_high") - pl.col("norm_low") < 0.5)
        .then(pl.col("norm_low") - 0.5)
        .otherwise(pl.col("norm_low"))
        .alias("band_low"),
        pl.when(pl.col("norm_high") - pl.col("norm_low") < 0.5)
        .then(pl.col("norm_high") + 0.5)
        .otherwise(pl.col("norm_high"))
        .alias("band_high"),
        pl.format(
            "{}–{}", pl.col("norm_low").round(0).cast(pl.Int64), pl.col("norm_high").round(0).cast(pl.Int64)
        ).alias("norm"),
    )
    return (
        alt.Chart(frame)
        .mark_area(color=BAND, opacity=0.55, interpolate="step-after")
        .encode(
            x=alt.X("x:T"),
            y=alt.Y("band_low:Q"),
            y2=alt.Y2("band_high:Q"),
            tooltip=[alt.Tooltip("norm:N", title=labels.NORM_LEGEND)],
        )
    )


def _empty_note(text: str) -> alt.Chart:
    return (
        alt.Chart(pl.DataFrame({"t": [text]}))
        .mark_text(fontSize=14, color=GREY, align="left", x=5, y=20)
        .encode(text=alt.Text("t:N"))
        .properties(width=WIDTH, height=60)
    )


# ---------------------------------------------------------------------------------------------
# Charts


def trend_chart(
    values: pl.DataFrame,
    *,
    unit: str,
    title: str,
    grain: str = "month",
    stories: pl.DataFrame | None = None,
    norm: pl.DataFrame | None = None,
    reference: float | None = None,
    reference_label: str | None = None,
    series: str | None = None,
    y_title: str | None = None,
    emphasis: str | None = None,
) -> alt.TopLevelMixin:
    """A figure over time, optionally per series, with its norm band and the story markers.

    `values` is prepared by `prepare_values` (x, y, periode, waarde, and `series` when there are
    several lines, with an optional boolean `emphasis` column for lines to draw heavier);
    `stories` by `prepare_stories`; `norm` has x, norm_low, norm_high.
    """
    if values.is_empty() or values["y"].is_null().all():
        return style(_empty_note(labels.NO_VALUE), title)
    # embed only what the chart draws or tells
    values = values.select(
        [c for c in ("x", "y", "periode", "waarde", "status", series, emphasis) if c and c in values.columns]
    )
    layers: list[alt.Chart | alt.LayerChart | alt.FacetChart] = []
    if norm is not None and not norm.is_empty():
        layers.append(norm_layer(norm, grain))
    if reference is not None:
        ref = pl.DataFrame({"ref": [float(reference)], "label": [reference_label or ""]})
        layers.append(
            alt.Chart(ref)
            .mark_rule(color=DARK, strokeDash=[6, 4], strokeWidth=1.5)
            .encode(y=alt.Y("ref:Q"), tooltip=[alt.Tooltip("label:N", title="Referentie")])
        )
    tooltip = [alt.Tooltip("periode:N", title=labels.AXIS_PERIOD), alt.Tooltip("waarde:N", title="Waarde")]
    if "status" in values.columns:
        tooltip.append(alt.Tooltip("status:N", title="Status"))
    x = alt.X("x:T", axis=_time_axis(grain), title=None)
    # Every axis starts at 0 (negative values still show): a scale cut to the data's own range
    # turns a wobble of 442 to 460 into a cliff.
    y = alt.Y("y:Q", axis=_value_axis(unit, y_title, _largest(values, "y")), scale=alt.Scale(zero=True))
    if series:
        names = values[series].unique(maintain_order=True).to_list()
        colours = alt.Scale(domain=names, range=[SERIES[i % len(SERIES)] for i in range(len(names))])
        colour = alt.Color(
            f"{series}:N",
            title=None,
            scale=colours,
            legend=alt.Legend(orient="bottom", direction="vertical", symbolStrokeWidth=3),
        )
        dash = alt.StrokeDash(
            f"{series}:N",
            title=None,
            scale=alt.Scale(domain=names, range=[DASHES[i % len(DASHES)] for i in range(len(names))]),
        )
        tooltip.insert(0, alt.Tooltip(f"{series}:N", title=labels.LEGEND_TEAM))
        encoding = {"x": x, "y": y, "color": colour, "strokeDash": dash, "tooltip": tooltip}
        if emphasis:
            # the series to notice (e.g. a team over its norm) is drawn heavier
            encoding["strokeWidth"] = alt.StrokeWidth(
                f"{emphasis}:N", legend=None, scale=alt.Scale(domain=[True, False], range=[4, 1.8])
            )
        line = alt.Chart(values).mark_line(strokeWidth=2.5).encode(**encoding)
        points = alt.Chart(values).mark_point(filled=True, size=30).encode(x=x, y=y, color=colour, tooltip=tooltip)
    else:
        line = alt.Chart(values).mark_line(color=BLUE, strokeWidth=2.5).encode(x=x, y=y, tooltip=tooltip)
        points = alt.Chart(values).mark_point(color=BLUE, filled=True, size=36).encode(x=x, y=y, tooltip=tooltip)
    layers += [line, points]
    if stories is not None and not stories.is_empty():
        layers.append(story_layer(stories))
    return style(alt.layer(*layers), title, width=WIDTH, height=HEIGHT)


def processing_time_chart(
    distribution: pl.DataFrame, *, title: str, stories: pl.DataFrame | None = None
) -> alt.TopLevelMixin:
    """Processing time per month as a spread: 10–90% and 25–75% bands, the median line and
    the legal term as a dashed reference."""
    if distribution.is_empty() or distribution["median"].is_null().all():
        return style(_empty_note(labels.NO_VALUE), title)
    frame = distribution.with_columns(
        pl.col("month").alias("x"),
        texts(distribution["month"], lambda d: format_period(f"{d.year}-{d.month:02d}")).alias("periode"),
    )
    x = alt.X("x:T", axis=_time_axis("month"), title=None)
    tooltip = [
        alt.Tooltip("periode:N", title=labels.AXIS_PERIOD),
        alt.Tooltip("median:Q", title="Mediaan (dagen)", format=".0f"),
        alt.Tooltip("p25:Q", title="25% binnen (dagen)", format=".0f"),
        alt.Tooltip("p75:Q", title="75% binnen (dagen)", format=".0f"),
        alt.Tooltip("p90:Q", title="90% binnen (dagen)", format=".0f"),
    ]
    outer = (
        alt.Chart(frame)
        .mark_area(color=BAND, opacity=0.45)
        .encode(
            x=x,
            y=alt.Y("p10:Q", title="Dagen tussen aanvraag en besluit", scale=alt.Scale(zero=True)),
            y2=alt.Y2("p90:Q"),
        )
    )
    inner = alt.Chart(frame).mark_area(color=BAND, opacity=0.9).encode(x=x, y=alt.Y("p25:Q"), y2=alt.Y2("p75:Q"))
    median = (
        alt.Chart(frame)
        .mark_line(color=BLUE, strokeWidth=2.5, point=True)
        .encode(x=x, y=alt.Y("median:Q"), tooltip=tooltip)
    )
    term = frame.select(pl.col("term_days").max()).item()
    layers = [outer, inner, median]
    if term:
        ref = pl.DataFrame({"ref": [term], "label": [f"Wettelijke termijn: {term} dagen"]})
        layers.append(
            alt.Chart(ref)
            .mark_rule(color=DARK, strokeDash=[6, 4], strokeWidth=1.5)
            .encode(y=alt.Y("ref:Q"), tooltip=[alt.Tooltip("label:N", title="Referentie")])
        )
        layers.append(
            alt.Chart(ref)
            .mark_text(align="left", dx=4, dy=-7, color=DARK, fontSize=12)
            .encode(y=alt.Y("ref:Q"), x=alt.XValue(0), text=alt.Text("label:N"))
        )
    if stories is not None and not stories.is_empty():
        layers.append(story_layer(stories))
    return style(alt.layer(*layers), title, width=WIDTH, height=HEIGHT)


def histogram_chart(histogram: pl.DataFrame, *, title: str, term_days: int | None = None) -> alt.TopLevelMixin:
    """How many requests were decided in each week after the request."""
    if histogram.is_empty():
        return style(_empty_note(labels.NO_VALUE), title)
    frame = histogram.with_columns(
        pl.format("{}–{} dagen", pl.col("days_from"), pl.col("days_from") + 6).alias("weken"),
        texts(histogram["share_pct"], lambda v: format_value(v, "procent")).alias("aandeel"),
    )
    bars = (
        alt.Chart(frame)
        .mark_bar(color=BLUE, width={"band": 0.85})
        .encode(
            x=alt.X(
                "days_from:Q",
                title="Dagen tussen aanvraag en besluit",
                bin=False,
                scale=alt.Scale(domain=[0, 189], nice=False),
            ),
            y=alt.Y("n_requests:Q", title="Aanvragen"),
            tooltip=[
                alt.Tooltip("weken:N", title="Beslist na"),
                alt.Tooltip("n_requests:Q", title="Aanvragen", format=",.0f"),
                alt.Tooltip("aandeel:N", title="Aandeel"),
            ],
        )
    )
    layers = [bars]
    if term_days:
        ref = pl.DataFrame({"ref": [term_days], "label": [f"Termijn {term_days} dagen"]})
        layers.append(alt.Chart(ref).mark_rule(color=DARK, strokeDash=[6, 4], strokeWidth=1.5).encode(x=alt.X("ref:Q")))
        layers.append(
            alt.Chart(ref)
            .mark_text(align="left", dx=4, y=8, color=DARK, fontSize=12)
            .encode(x=alt.X("ref:Q"), text=alt.Text("label:N"))
        )
    return style(alt.layer(*layers), title, width=WIDTH, height=260)


def team_bar_chart(
    frame: pl.DataFrame,
    *,
    value_col: str,
    unit: str,
    title: str,
    reference: float | None = None,
    reference_label: str | None = None,
) -> alt.TopLevelMixin:
    """One horizontal bar per team, with the theme's value as a dashed reference."""
    teams = frame.filter(pl.col("team_code").is_not_null())
    data = teams.with_columns(
        pl.col(value_col).alias("y"),
        texts(teams[value_col], lambda v: format_value(v, unit), skip_nulls=False).alias("waarde"),
    )
    if data.is_empty() or data["y"].is_null().all():
        return style(_empty_note(labels.NO_VALUE), title)
    bars = (
        alt.Chart(data)
        .mark_bar(color=BLUE, height={"band": 0.7})
        .encode(
            y=alt.Y("team_code:N", title=None, sort=None),
            x=alt.X("y:Q", title=None, axis=_value_axis(unit, None, _largest(data, "y"))),
            tooltip=[alt.Tooltip("team_code:N", title=labels.LEGEND_TEAM), alt.Tooltip("waarde:N", title="Waarde")],
        )
    )
    text = (
        alt.Chart(data)
        .mark_text(align="left", dx=4, color=DARK, fontSize=13)
        .encode(y=alt.Y("team_code:N", sort=None), x=alt.X("y:Q"), text=alt.Text("waarde:N"))
    )
    layers = [bars, text]
    if reference is not None:
        ref = pl.DataFrame({"ref": [reference], "label": [reference_label or ""]})
        layers.append(
            alt.Chart(ref)
            .mark_rule(color=DARK, strokeDash=[6, 4], strokeWidth=1.5)
            .encode(x=alt.X("ref:Q"), tooltip=[alt.Tooltip("label:N", title="Referentie")])
        )
    height = max(120, 42 * data.height)
    return style(alt.layer(*layers), title, width=WIDTH, height=height)


def budget_groups_chart(groups: pl.DataFrame, *, title: str) -> alt.TopLevelMixin:
    """Expected over- or underspend per budget group, as a share of the amended budget."""
    if groups.is_empty():
        return style(_empty_note(labels.NO_VALUE), title)
    data = groups.with_columns(
        pl.when(pl.col("forecast_deviation_eur") > 0)
        .then(pl.lit("Overschrijding (nadelig)"))
        .otherwise(pl.lit("Onderbesteding (voordelig)"))
        .alias("richting"),
        texts(groups["forecast_deviation_eur"], lambda v: format_value(v, "euro", signed=True)).alias("bedrag"),
        texts(groups["forecast_deviation_pct"], lambda v: format_value(v, "procent", signed=True)).alias("procent"),
        texts(groups["amended_budget_eur"], lambda v: format_value(v, "euro")).alias("begroting"),
    ).with_columns(pl.format("{}: {} ({})", pl.col("budget_group"), pl.col("bedrag"), pl.col("procent")).alias("label"))
    colour = alt.Color(
        "richting:N",
        title=None,
        scale=alt.Scale(
            domain=["Overschrijding (nadelig)", "Onderbesteding (voordelig)"], range=[UNFAVOURABLE, FAVOURABLE]
        ),
    )
    bars = (
        alt.Chart(data)
        .mark_bar(height={"band": 0.65})
        .encode(
            y=alt.Y("label:N", title=None, sort=None, axis=alt.Axis(labelLimit=420)),
            x=alt.X(
                "forecast_deviation_pct:Q",
                title="Verwachte afwijking van de gewijzigde begroting",
                axis=_value_axis("procent", "Verwachte afwijking van de gewijzigde begroting"),
            ),
            color=colour,
            tooltip=[
                alt.Tooltip("budget_group:N", title="Groep"),
                alt.Tooltip("begroting:N", title="Gewijzigde begroting"),
                alt.Tooltip("bedrag:N", title="Verwachte afwijking"),
                alt.Tooltip("procent:N", title="In procenten"),
            ],
        )
    )
    zero = alt.Chart(pl.DataFrame({"x": [0]})).mark_rule(color=DARK).encode(x=alt.X("x:Q"))
    height = max(140, 44 * data.height)
    return style(alt.layer(bars, zero), title, width=WIDTH, height=height)


def budget_progress_chart(progress: pl.DataFrame, *, title: str) -> alt.TopLevelMixin:
    """Spending through the year: realisatie to date per quarter, the straight-line forecast
    for the quarters still to come, and the amended budget as a line to stay under."""
    if progress.is_empty():
        return style(_empty_note(labels.NO_VALUE), title)
    last = progress.sort("quarter").tail(1).row(0, named=True)
    actual, projected = "Realisatie tot en met het kwartaal", "Prognose (lineair doorgetrokken)"
    rows = [
        {"kwartaal": f"K{r['quarter']}", "bedrag": r["realisation_ytd_eur"], "reeks": actual}
        for r in progress.iter_rows(named=True)
    ]
    rows += [
        {"kwartaal": f"K{q}", "bedrag": last["realisation_ytd_eur"] / last["quarter"] * q, "reeks": projected}
        for q in range(last["quarter"] + 1, 5)
    ]
    data = pl.DataFrame(rows)
    data = data.with_columns(texts(data["bedrag"], lambda v: format_value(v, "euro")).alias("tekst"))
    x = alt.X("kwartaal:N", title=None, scale=alt.Scale(domain=["K1", "K2", "K3", "K4"]), axis=alt.Axis(labelAngle=0))
    largest = max(data["bedrag"].max(), last["amended_budget_eur"])
    bars = (
        alt.Chart(data)
        .mark_bar(width={"band": 0.55})
        .encode(
            x=x,
            y=alt.Y("bedrag:Q", title=None, axis=_value_axis("euro", None, largest)),
            color=alt.Color("reeks:N", title=None, scale=alt.Scale(domain=[actual, projected], range=[BLUE, BAND])),
            tooltip=[
                alt.Tooltip("kwartaal:N", title=labels.AXIS_QUARTER),
                alt.Tooltip("reeks:N", title="Soort"),
                alt.Tooltip("tekst:N", title="Bedrag"),
            ],
        )
    )
    budget = pl.DataFrame(
        {
            "y": [last["amended_budget_eur"]],
            "label": [f"Gewijzigde begroting {format_value(last['amended_budget_eur'], 'euro')}"],
        }
    )
    rule = (
        alt.Chart(budget)
        .mark_rule(color=DARK, strokeDash=[6, 4], strokeWidth=2)
        .encode(y=alt.Y("y:Q"), tooltip=[alt.Tooltip("label:N", title="Begroting")])
    )
    text = (
        alt.Chart(budget)
        .mark_text(align="left", x=4, dy=-8, color=DARK, fontSize=13)
        .encode(y=alt.Y("y:Q"), text=alt.Text("label:N"))
    )
    return style(alt.layer(bars, rule, text), title, width=WIDTH, height=HEIGHT)


def has_story_markers(chart) -> bool:
    """Whether a chart has clickable story markers, read from the chart object: serialising it
    (`to_dict`) to look took a tenth of a second with thousands of markers."""
    params: Any = getattr(chart, "params", alt.Undefined)  # a list, or Undefined
    if params is not alt.Undefined and any(str(getattr(p, "name", "")) == STORY_SELECTION for p in params):
        return True
    layers: Any = getattr(chart, "layer", alt.Undefined)
    return layers is not alt.Undefined and any(has_story_markers(layer) for layer in layers)


def story_id_from_selection(state) -> str | None:
    """The story chosen by clicking a marker, from what st.altair_chart reports (or None)."""
    try:
        points = state["selection"][STORY_SELECTION]
    except (KeyError, TypeError):
        return None
    if isinstance(points, list) and points and isinstance(points[0], dict):
        return points[0].get("story_id")
    return None
