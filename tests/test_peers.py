"""Similar municipalities: the peer computation per 1,000 inhabitants, the snapshot in the build,
and the 'Vergelijkbare gemeenten' tile on the council overview."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import statistics

import duckdb
import polars as pl
import pytest

import queries
from etl import build
from etl.cbs import snapshot
from kernel import adc_settings
from presentation import peer_chart, peers
from tests.apptest import open_app
from tests.conftest import SAMPLE_DATA

DAY = dt.date(2026, 11, 2)


def obs(figure, table_id, code, name, period, value, own=False, attribute=None, status="Voorlopig"):
    return {
        "table_id": table_id,
        "figure": figure,
        "measure_code": "M1",
        "measure_title": "m",
        "region_code": code,
        "region_name": name,
        "period_code": period,
        "period_title": period[:4],
        "period_status": status,
        "value": value,
        "value_attribute": attribute,
        "retrieved_on": DAY,
        "is_own": own,
        "synthetic": False,
    }


def town(code, name, inhabitants, wmo, own=False, attribute=None):
    return [
        obs("inwoners", "03759ned", code, name, "2025JJ00", inhabitants, own),
        obs("wmo", "86050NED", code, name, "2025JJ00", wmo, own, attribute),
    ]


def frame(*towns) -> pl.DataFrame:
    return pl.DataFrame([row for t in towns for row in t])


def test_rates_are_per_1000_inhabitants_with_the_median_and_the_spread_of_the_peers():
    data = frame(
        town("GM0001", "Wij", 40_000, 2_400, own=True),
        town("GM0002", "A", 25_000, 1_000),
        town("GM0003", "B", 30_000, 1_800),
        town("GM0004", "C", 45_000, 3_600),
    )
    [wmo] = peers.compare(data, chosen=[])
    assert wmo.own.per_1000 == 2_400 / 40_000 * 1000
    rates = [1_000 / 25_000 * 1000, 1_800 / 30_000 * 1000, 3_600 / 45_000 * 1000]
    assert wmo.median == statistics.median(rates)
    assert (wmo.low, wmo.high) == (min(rates), max(rates))
    assert "20.000 tot 50.000 inwoners" in wmo.group


def test_the_default_peers_are_the_municipalities_in_our_cbs_size_class():
    data = frame(
        town("GM0001", "Wij", 55_000, 3_000, own=True),
        town("GM0002", "Even groot", 60_000, 3_000),
        town("GM0003", "Kleiner", 19_999, 900),
        town("GM0004", "Groter", 100_000, 7_000),
        town("GM0005", "Net", 50_000, 2_500),
    )
    [wmo] = peers.compare(data, chosen=[])
    assert sorted(p.name for p in wmo.peers) == ["Even groot", "Net"]


def test_the_beheerders_peer_group_from_the_setting_replaces_the_size_class(monkeypatch):
    data = frame(
        town("GM0001", "Wij", 55_000, 3_000, own=True),
        town("GM0002", "Even groot", 60_000, 3_000),
        town("GM0003", "Kleiner", 19_999, 900),
    )
    monkeypatch.setenv(adc_settings.CBS_PEERS.env, "gm0003, GM0001, GM0999")
    [wmo] = peers.compare(data)
    assert [p.name for p in wmo.peers] == ["Kleiner"]
    assert wmo.group == "gemeenten gekozen door de beheerder (1); niet in de momentopname van CBS: GM0999"


def test_a_value_cbs_withheld_stays_withheld_and_is_left_out_of_median_and_spread():
    data = frame(
        town("GM0001", "Wij", 40_000, 2_400, own=True),
        town("GM0002", "A", 25_000, 1_000),
        town("GM0003", "Geheim", 30_000, None, attribute="Confidential"),
    )
    [wmo] = peers.compare(data, chosen=[])
    assert wmo.median == wmo.low == wmo.high == 1_000 / 25_000 * 1000
    assert [p.name for p in wmo.withheld] == ["Geheim"]
    assert ("Geheim", ".", ".") in peers.table_rows(wmo)
    assert "CBS publiceert geen waarde voor Geheim" in peers.withheld_note(wmo)


def test_the_newest_period_in_which_cbs_published_our_value_is_compared():
    data = pl.DataFrame(
        town("GM0001", "Wij", 40_000, 2_400, own=True)
        + town("GM0002", "A", 25_000, 1_000)
        + [
            obs("wmo", "86050NED", "GM0001", "Wij", "2026JJ00", None, own=True),
            obs("wmo", "86050NED", "GM0002", "A", "2026JJ00", 900.0),
        ]
    )
    [wmo] = peers.compare(data, chosen=[])
    assert wmo.period_code == "2025JJ00"


def test_the_tile_line_and_the_text_alternative_say_the_same_in_dutch():
    data = frame(
        town("GM0001", "Wij", 40_000, 2_400, own=True),
        town("GM0002", "A", 25_000, 1_000),
        town("GM0003", "B", 30_000, 1_800),
    )
    [wmo] = peers.compare(data, chosen=[])
    assert peers.tile_line(wmo) == (
        "Vergelijkbare gemeenten: Wij 60,0 per 1.000 inwoners; mediaan 50,0, spreiding 40,0–60,0 (2 gemeenten)."
    )
    assert wmo.source_line == "Bron: CBS StatLine, tabel 86050NED · 2025 (voorlopig) · opgehaald 2 nov 2026"
    chart = peer_chart.peer_chart([wmo]).to_dict()
    assert chart["description"] == peers.text_alternative(wmo)
    assert "60,0" in chart["description"] and "mediaan 50,0" in chart["description"]


def test_the_build_loads_the_snapshot_as_its_own_source_table(figures_con):
    rows = queries.cbs_observations(figures_con)
    committed = snapshot.read((SAMPLE_DATA / snapshot.FILE_NAME).read_bytes(), snapshot.FILE_NAME).frame
    assert rows.height == committed.height > 0
    assert rows["synthetic"].all()
    files = queries.briefing_sources(figures_con)
    assert snapshot.FILE_NAME in files["file_name"].to_list()


@pytest.mark.slow  # over a second: the full suite, not the quick tier
def test_a_build_without_a_snapshot_still_works_and_shows_no_comparison(tmp_path, monkeypatch):
    monkeypatch.setenv(adc_settings.DATA_DIR.env, str(tmp_path / "data"))
    source = tmp_path / "bron"
    shutil.copytree(SAMPLE_DATA, source, ignore=shutil.ignore_patterns(snapshot.FILE_NAME, "*.py"))
    build.build_file(adc_settings.figures_db_path(), source)

    con = duckdb.connect(str(adc_settings.figures_db_path()), read_only=True)
    try:
        assert peers.compare(queries.cbs_observations(con)) == []
    finally:
        con.close()


@pytest.mark.slow  # over a second: the full suite, not the quick tier
def test_a_bad_snapshot_refuses_the_build_and_the_previous_database_stays(tmp_path, monkeypatch):
    monkeypatch.setenv(adc_settings.DATA_DIR.env, str(tmp_path / "data"))
    source = tmp_path / "bron"
    shutil.copytree(SAMPLE_DATA, source, ignore=shutil.ignore_patterns("*.py"))
    db_path = adc_settings.figures_db_path()
    build.build_file(db_path, source)
    before = db_path.read_bytes()
    text = (source / snapshot.FILE_NAME).read_text(encoding="utf-8")
    (source / snapshot.FILE_NAME).write_text(text.replace(",1180,", ",veel,", 1), encoding="utf-8")
    with pytest.raises(build.BuildError) as refused:
        build.build_file(db_path, source)
    [rejection] = refused.value.rejections
    assert rejection.file == snapshot.FILE_NAME and rejection.value == "veel"
    assert db_path.read_bytes() == before


@pytest.fixture
def sample_app(sample_data_dir, monkeypatch, fresh_caches):
    monkeypatch.setenv(adc_settings.DATA_DIR.env, str(sample_data_dir))


def texts(at) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption])


@pytest.mark.slow  # over a second: the full suite, not the quick tier
@pytest.mark.parametrize(
    "theme, table_id, name",
    [
        ("participatie", "82015NED", "Bijstandsuitkeringen"),
        ("wmo", "86050NED", "Wmo-cliënten"),
        ("jeugd", "85100NED", "Jongeren met jeugdhulp"),
    ],
)
def test_the_council_overview_shows_the_comparison_of_its_theme(sample_app, theme, table_id, name):
    at = open_app("app_pages/raad_overzicht.py", thema=theme)
    shown = texts(at)
    assert "Vergelijkbare gemeenten: Koggenwaard " in shown
    assert f"Synthetisch: verzonnen gemeenten en cijfers in het formaat van CBS StatLine, tabel {table_id}" in shown
    assert "opgehaald 31 okt 2026" in shown
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    comparison = [s for s in specs if s.get("description", "").startswith(name)]
    assert comparison, [s.get("description") for s in specs]
    others = {"participatie": "86050NED", "wmo": "82015NED", "jeugd": "82015NED"}[theme]
    assert f"tabel {others}" not in shown


@pytest.mark.slow  # over a second: the full suite, not the quick tier
def test_a_theme_without_cbs_figures_shows_no_comparison(sample_app):
    at = open_app("app_pages/raad_overzicht.py", thema="schuldhulp")
    assert "Vergelijkbare gemeenten" not in texts(at)


@pytest.fixture(scope="module")
def wmo_briefing(sample_data_dir):
    from briefing import content, markdown, pdf
    from queries import db
    from tests.test_briefing import COUNCIL

    con = db.figures(sample_data_dir / "figures.duckdb")
    period = queries.available_months(con)[0]
    briefing = content.build_briefing(con, COUNCIL, "wmo", period, store_path=sample_data_dir / "stories.duckdb")
    yield briefing, pdf.render_pdf(briefing), markdown.render_markdown(briefing), con
    con.close()


def test_the_briefing_has_a_section_on_similar_municipalities_with_cbs_as_source(wmo_briefing):
    briefing, _, md, _ = wmo_briefing
    section = briefing.peers
    assert section.lines[0].startswith("Vergelijkbare gemeenten: Koggenwaard ")
    assert section.sources == (
        "Synthetisch: verzonnen gemeenten en cijfers in het formaat van CBS "
        "StatLine, tabel 86050NED · 2025 (voorlopig) · opgehaald 31 okt 2026",
    )
    start = md.index("## Vergelijkbare gemeenten")
    part = md[start : md.index("## Vragen voor de commissie")]
    assert "| Wierdum | . | . |" in part  # withheld by CBS, shown as CBS shows it
    assert "tabel 86050NED · 2025 (voorlopig) · opgehaald 31 okt 2026" in part
    assert "gemeenten met 50.000 tot 100.000 inwoners (CBS-grootteklasse)" in part


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext ontbreekt")
def test_the_pdf_prints_the_section_with_its_chart_and_source(wmo_briefing, tmp_path):
    from tests.test_briefing import pdf_text

    briefing, data, _, _ = wmo_briefing
    text = pdf_text(data, tmp_path)
    assert "Vergelijkbare gemeenten: Koggenwaard 62,4 per 1.000 inwoners" in text
    assert "tabel 86050NED · 2025 (voorlopig) · opgehaald 31 okt 2026" in text
    assert "CBS publiceert geen waarde voor Wierdum" in text
    assert text.index("Vergelijkbare gemeenten:") < text.rindex("Vragen voor de commissie")  # after the TOC


def test_a_briefing_on_a_theme_without_cbs_figures_has_no_such_section(wmo_briefing):
    from briefing import content, markdown
    from tests.test_briefing import COUNCIL

    _, _, _, con = wmo_briefing
    briefing = content.build_briefing(con, COUNCIL, "schuldhulp", queries.available_months(con)[0])
    assert briefing.peers is None
    assert "Vergelijkbare gemeenten" not in markdown.render_markdown(briefing)
