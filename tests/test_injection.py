"""Hostile text wherever a user or a source file can write it: HTML, <script>, links to
javascript:, markdown and Streamlit directives, SQL quotes and control characters.

It is stored exactly as written (through the real story service and the real ETL, read back from
DuckDB), shown as inert text (the escapes, and every page's markdown in AppTest), and exported
inertly (CSV without formulas, Markdown without HTML or links, a PDF that does not trip over a
bell). tests/test_browser_injection.py shows the same data in a real browser.

The builders below (`write_hostile_sources`, `build_hostile_data`) are shared with that file.
"""

from __future__ import annotations

import csv
import dataclasses
import re
import shutil
import subprocess
from pathlib import Path

import duckdb
import polars as pl
import pytest

import queries
from accounts import demo, users
from briefing import content, markdown, pdf
from dashboard import components
from etl import build, stories_import
from kernel import adc_settings
from kernel.access import MANAGER, PROFESSIONAL, RAAD, Viewer
from kernel.format import visible_text
from kernel.inert import WORD_JOINER, escape, literal
from queries import db
from stories import service, store
from stories.privacy import RuleChecker
from tests.apptest import open_app
from tests.sources import xlsx_bytes

SAMPLE_DATA = adc_settings.ROOT / "sample_data"

# --- the payloads ------------------------------------------------------------------------------
# Each one tries to run `window.__pwned = 1` or alert(); the browser test watches for both.

PWN = "window.__pwned=1;alert(1)"
SCRIPT = f"<script>{PWN}</script>"
IMG = f'<img src=x onerror="{PWN}">'
JS_LINK = f"[klik hier](javascript:{PWN})"
MARKDOWN = ":red[rood] :material/warning: **vet** $x^2$ &lt;b&gt;"
SQL = '\'; drop table stories;-- "aanhalingstekens"'
CONTROLS = "bel\x07 \x1b[31mrood\x1b[0m nul\u200bbreedte \u202egnp.exe"
HOSTILE = " ".join([SCRIPT, IMG, JS_LINK, MARKDOWN, SQL, CONTROLS])

# Source files (the ETL strips spaces around a value, so every payload sits inside one).
TEAM = "WI-ZUID"
TEAM_NAME = f"Zuid {SCRIPT} {JS_LINK} :red[rood] {SQL} {CONTROLS} einde"
REGELING = "levensonderhoud"
REGELING_NAME = f"Bijstand {IMG} **vet** # kop {SQL} einde"
NORM_UNIT = f"cliënten {IMG} :red[x]"
NORM_RATIONALE = f"Onderbouwing {HOSTILE} einde"
DEFINED = "active_dossiers"
DEFINITION = {
    "Naam": f"Actieve dossiers {SCRIPT}",
    "Definitie": f"Definitie {JS_LINK} {MARKDOWN}",
    "Bron": f"Bron {IMG}",
    "Eigenaar": f"Eigenaar {SQL}",
    "Toelichting": f"Toelichting {CONTROLS} einde",
}
LEDGER_NAME = f"Omschrijving {SCRIPT} {CONTROLS} einde"

# What people type.
STORY_TITLE = f"Titel {SCRIPT} {JS_LINK}"
STORY_BODY = (
    f"Tekst {HOSTILE}\r\nTweede regel {IMG}\n# geen kop\n===\n    geen code\n"
    "Mail ons op info@koggenwaard.example als het moet."
)
FREE_TAGS = [f"tag {IMG}", ":red[tag]", SQL, CONTROLS]
HARMLESS_REASON = f"onschuldig {SCRIPT} {SQL}"
RETURN_REASON = f"terug {JS_LINK} {CONTROLS}"
WITHDRAW_REASON = f"ingetrokken {IMG} {SQL}"
QUESTION = f"Vraag {SCRIPT} {JS_LINK} :red[x] {CONTROLS}"
DISPLAY_NAME = f"Naam {SCRIPT} {JS_LINK} {SQL} {CONTROLS}"

AUTHOR = Viewer("wi-zuid-1", PROFESSIONAL, (TEAM,), "Klantmanager WI-Zuid")
REVIEWER = Viewer("wi-zuid-2", PROFESSIONAL, (TEAM,), "Klantmanager WI-Zuid (2)")
# A story for the council needs a manager of the author's team after the colleague (four eyes).
TEAM_MANAGER = Viewer("manager-participatie", MANAGER, ("WI-NOORD", TEAM, "HANDH"), "Teamleider")
KLANTMANAGER = ("klantmanager",)
COUNCIL = Viewer("wethouder", RAAD, (), "Wethouder sociaal domein")


# --- builders (also used by tests/test_browser_injection.py) -------------------------------------


def _rewrite_csv(path: Path, change) -> None:
    """Read a sample CSV, let `change(row)` edit its rows, write it back (quoted as needed)."""
    with path.open(encoding="utf-8-sig", newline="") as file:
        reader = csv.DictReader(file)
        rows, header = list(reader), reader.fieldnames
    for row in rows:
        change(row)
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def write_hostile_sources(folder: Path) -> Path:
    """The sample source files with hostile text in every text the dashboard shows."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in SAMPLE_DATA.iterdir():
        if path.suffix in (".csv", ".xlsx") and path.name != "verhalen.csv":
            shutil.copy2(path, folder / path.name)

    def team(row):
        if row["Teamcode"] == TEAM:
            row["Teamnaam"] = TEAM_NAME

    def regeling(row):
        if row["Code"] == REGELING:
            row["Naam"] = REGELING_NAME

    def norm(row):  # the klantmanager norm that holds now (WI-ZUID's role)
        if row["Rol"] == "klantmanager" and row["Geldig vanaf"] == max_klantmanager:
            row["Eenheid"], row["Onderbouwing"] = NORM_UNIT, NORM_RATIONALE

    with (folder / "normen.csv").open(encoding="utf-8-sig") as file:
        max_klantmanager = max(r["Geldig vanaf"] for r in csv.DictReader(file) if r["Rol"] == "klantmanager")
    _rewrite_csv(folder / "teams.csv", team)
    _rewrite_csv(folder / "regelingen.csv", regeling)
    _rewrite_csv(folder / "normen.csv", norm)

    unit = (
        pl.read_csv(adc_settings.ROOT / "etl" / "reference" / "metric_catalog.csv")
        .filter(pl.col("metric_key") == DEFINED)["unit"]
        .item()
    )
    with (folder / "definities.csv").open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(["Cijfer", "Naam", "Definitie", "Eenheid", "Bron", "Eigenaar", "Geldig vanaf", "Toelichting"])
        writer.writerow(
            [
                DEFINED,
                DEFINITION["Naam"],
                DEFINITION["Definitie"],
                unit,
                DEFINITION["Bron"],
                DEFINITION["Eigenaar"],
                "2020-01-01",
                DEFINITION["Toelichting"],
            ]
        )

    budget = pl.read_excel(folder / "begroting.xlsx")
    budget = budget.with_columns(
        pl.when(pl.int_range(pl.len()) == 0)
        .then(pl.lit(LEDGER_NAME))
        .otherwise(pl.col("Omschrijving"))
        .alias("Omschrijving")
    )
    (folder / "begroting.xlsx").write_bytes(xlsx_bytes(budget.columns, budget.rows()))
    return folder


def latest_month(con) -> str:
    return queries.available_months(con)[0]


def harmless_marks(title: str, body: str, reason: str) -> dict[str, str]:
    """Every privacy finding in the text marked harmless with `reason` (so it may be published)."""
    checker = RuleChecker()
    return {f.text: reason for f in checker.check(title) + checker.check(body)}


def hostile_draft(period: str, **changes) -> service.StoryDraft:
    fields = dict(
        title=STORY_TITLE,
        body=STORY_BODY,
        metric_key="caseload_per_fte",
        period=period,
        note_kind="werkdruk",
        visibility="raad",
        team_code=TEAM,
        free_tags=list(FREE_TAGS),
    )
    return service.StoryDraft(**(fields | changes))


def publish_hostile_story() -> str:
    """The hostile story written by wi-zuid-1, approved by wi-zuid-2 and published to the
    council by their manager."""
    con = db.figures()
    draft = hostile_draft(latest_month(con))
    saved = service.save(
        AUTHOR, draft, con, checker=RuleChecker(), harmless=harmless_marks(draft.title, draft.body, HARMLESS_REASON)
    )
    assert not saved.unresolved
    service.submit(AUTHOR, saved.story_id)
    service.approve(REVIEWER, saved.story_id, KLANTMANAGER, KLANTMANAGER)
    service.approve(TEAM_MANAGER, saved.story_id, KLANTMANAGER, KLANTMANAGER)
    return saved.story_id


@dataclasses.dataclass(frozen=True)
class HostileData:
    data_dir: Path  # ADC_DATA_DIR: figures, stories, load log
    sources: Path
    story_id: str


def build_hostile_data(root: Path) -> HostileData:
    """A data folder of its own: the hostile sources built, the sample stories imported, the
    demo users, and the hostile story published to the council."""
    data_dir = root / "data"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(adc_settings.DATA_DIR.env, str(data_dir))
        sources = write_hostile_sources(root / "bronnen")
        build.build_file(adc_settings.figures_db_path(), sources)
        stories_import.import_file(SAMPLE_DATA / "verhalen.csv")
        demo.create_demo_users(synthetic=True)  # hostile, but made up
        story_id = publish_hostile_story()
        db.close_all()
    return HostileData(data_dir, sources, story_id)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> HostileData:
    return build_hostile_data(tmp_path_factory.mktemp("hostile"))


@pytest.fixture
def hostile_env(hostile, monkeypatch, fresh_caches) -> HostileData:
    """ADC_DATA_DIR on the hostile data (read only: these tests do not write)."""
    monkeypatch.setenv(adc_settings.DATA_DIR.env, str(hostile.data_dir))
    return hostile


def figures_rows(hostile: HostileData, sql: str, params=()) -> list[tuple]:
    con = duckdb.connect(str(hostile.data_dir / "figures.duckdb"), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def store_rows(sql: str, params=()) -> list[tuple]:
    with store.connect() as con:
        return con.execute(sql, list(params)).fetchall()


# --- 1. stored exactly as written ------------------------------------------------------------


@pytest.mark.slow
def test_hostile_source_texts_are_stored_exactly_as_written_in_the_figures(hostile):
    assert figures_rows(hostile, "select team_name from stg_teams where team_code = ?", [TEAM]) == [(TEAM_NAME,)]
    assert figures_rows(hostile, "select regeling_name from stg_regelingen where regeling_code = ?", [REGELING]) == [
        (REGELING_NAME,)
    ]
    assert (NORM_UNIT, NORM_RATIONALE) in figures_rows(
        hostile, "select unit, rationale from stg_caseload_norms where role = 'klantmanager'"
    )
    assert figures_rows(
        hostile,
        "select name, definition, source_system, owner, reason from stg_metric_definitions where metric_key = ?",
        [DEFINED],
    ) == [
        (
            DEFINITION["Naam"],
            DEFINITION["Definitie"],
            DEFINITION["Bron"],
            DEFINITION["Eigenaar"],
            DEFINITION["Toelichting"],
        )
    ]
    assert (LEDGER_NAME,) in figures_rows(hostile, "select ledger_name from stg_budget")
    # ... and they are what the dashboard reads.
    con = db.figures(hostile.data_dir / "figures.duckdb")
    try:
        assert queries.scope_names(con)[TEAM] == TEAM_NAME
        assert queries.catalog_by_key(con)[DEFINED]["definition"] == DEFINITION["Definitie"]
    finally:
        con.close()


@pytest.mark.slow
def test_a_hostile_story_is_stored_exactly_as_written_through_every_step(data_dir):
    con = db.figures()
    period = latest_month(con)
    first = hostile_draft(period)
    saved = service.save(
        AUTHOR, first, con, checker=RuleChecker(), harmless=harmless_marks(first.title, first.body, HARMLESS_REASON)
    )
    service.submit(AUTHOR, saved.story_id)
    service.return_to_author(REVIEWER, saved.story_id, RETURN_REASON, KLANTMANAGER, KLANTMANAGER)
    second = hostile_draft(period, body=STORY_BODY + "\r\nNog een regel " + SQL)
    service.save(
        AUTHOR,
        second,
        con,
        story_id=saved.story_id,
        checker=RuleChecker(),
        harmless=harmless_marks(second.title, second.body, HARMLESS_REASON),
    )
    service.submit(AUTHOR, saved.story_id)
    service.approve(REVIEWER, saved.story_id, KLANTMANAGER, KLANTMANAGER)
    service.approve(TEAM_MANAGER, saved.story_id, KLANTMANAGER, KLANTMANAGER)
    service.withdraw(AUTHOR, saved.story_id, WITHDRAW_REASON)

    assert store_rows(
        "select version, title, body, free_tags from story_versions where story_id = ? order by version",
        [saved.story_id],
    ) == [(1, STORY_TITLE, STORY_BODY, FREE_TAGS), (2, STORY_TITLE, second.body, FREE_TAGS)]
    reasons = [
        r
        for (r,) in store_rows("select reason from story_events where story_id = ? order by event_id", [saved.story_id])
        if r
    ]
    assert reasons == [RETURN_REASON.strip(), WITHDRAW_REASON.strip()]
    assert set(
        store_rows("select marked_text, reason from story_privacy_marks where story_id = ?", [saved.story_id])
    ) == {("info@koggenwaard.example", HARMLESS_REASON)}
    shown = queries.visible_stories(AUTHOR, figures_con=con, story_id=saved.story_id).row(0, named=True)
    assert (shown["title"], shown["body"], shown["free_tags"]) == (STORY_TITLE, second.body, FREE_TAGS)


def test_a_hostile_display_name_is_stored_exactly_as_written(data_dir):
    users.create_user(
        "beheerder", "wi-zuid-9", PROFESSIONAL, (TEAM,), password="een-lang-wachtwoord", display_name=DISPLAY_NAME
    )
    assert store_rows("select display_name from users where username = 'wi-zuid-9'") == [(DISPLAY_NAME,)]
    assert users.login("wi-zuid-9", "een-lang-wachtwoord").display_name == DISPLAY_NAME


# --- 2. shown as inert text: the escapes --------------------------------------------------------


def test_visible_text_writes_out_controls_and_invisible_characters():
    assert visible_text("bel\x07 \x1b[31mrood") == "bel[U+0007] [U+001B][31mrood"
    assert visible_text("nul\u200bbreedte \u202egnp.exe \ufeff") == "nul[U+200B]breedte [U+202E]gnp.exe [U+FEFF]"
    assert visible_text("a\r\nb\rc\td\n") == "a\nb\nc\td\n"
    assert visible_text("Jeugdhulp € 1,2 mln — ja") == "Jeugdhulp € 1,2 mln — ja"


def test_escape_gives_every_markdown_character_of_a_story_a_backslash():
    assert escape(SCRIPT) == r"\<script\>window\.\_\_pwned\=1;alert\(1\)\</script\>"
    assert escape(JS_LINK).startswith(r"\[klik hier\]\(javascript\:" + WORD_JOINER + "window")
    assert escape("# kop\n=== \n1. een &lt;") == "\\# kop\n\\=\\=\\= \n1\\. een \\&lt;"


def test_literal_leaves_ordinary_names_exactly_as_they_are():
    for text in (
        "Werk en Inkomen Zuid (WI-ZUID)",
        "Verwachte over- of onderbesteding, K4 2024",
        "6.72a Jeugdhulp begeleiding",
        "Bijstand levensonderhoud",
        "wmo_hbh",
        "Let op: 3 dagen",
        "Jeugd & gezin",
        'O\'Brien zei "nee"; drop table x',
    ):
        assert literal(text) == text, text


@pytest.mark.parametrize(
    "text, shown",
    [
        (SCRIPT, r"\<script\>window.\_\_pwned=1;alert(1)\</script\>"),  # tags: text, never HTML
        (IMG, r'\<img src=x onerror="window.\_\_pwned=1;alert(1)"\>'),
        (JS_LINK, r"\[klik hier\](javascript:" + WORD_JOINER + r"window.\_\_pwned=1;alert(1))"),  # no link
        ("<javascript:alert(1)>", r"\<javascript:" + WORD_JOINER + r"alert(1)\>"),  # no autolink
        (":red[rood] :blue-badge[x]", ":" + WORD_JOINER + r"red\[rood\] :" + WORD_JOINER + r"blue-badge\[x\]"),
        (
            ":material/warning: :smile: :streamlit:",
            f":{WORD_JOINER}material/warning: :{WORD_JOINER}smile: :{WORD_JOINER}streamlit:",
        ),  # no icons
        ("**vet** _schuin_ ~~weg~~ `code`", r"\*\*vet\*\* \_schuin\_ \~\~weg\~\~ \`code\`"),
        ("$x^2$ en $$y$$", r"\$x^2\$ en \$\$y\$\$"),  # no formula
        ("&lt;b&gt; &#106;", r"\&lt;b\&gt; \&#106;"),  # no entity
        ("https://x.nl www.x.nl a@x.nl", f"https:{WORD_JOINER}//x.nl www{WORD_JOINER}.x.nl a@{WORD_JOINER}x.nl"),
        ("a -> b <= c -- d", f"a -{WORD_JOINER}\\> b \\<{WORD_JOINER}= c -{WORD_JOINER}- d"),  # no arrows
        (
            "# kop\n===\n- lijst\n1. een\n> citaat\n    code",
            "\\# kop\n\\===\n\\- lijst\n1\\. een\n\\> citaat\n\u00a0\u00a0\u00a0\u00a0code",
        ),
        (":color{foreground=red}[x] | cel", ":" + WORD_JOINER + r"color\{foreground=red\}\[x\] \| cel"),
        (CONTROLS, r"bel\[U+0007\] \[U+001B\]\[31mrood\[U+001B\]\[0m nul\[U+200B\]breedte \[U+202E\]gnp.exe"),
    ],
)
def test_literal_keeps_hostile_text_from_formatting_linking_or_typesetting_itself(text, shown):
    assert literal(text) == shown


def test_the_story_picker_lists_a_hostile_title_as_text():
    label = components.story_option_label(
        {"period": "2026-10", "team_code": TEAM, "title": STORY_TITLE, "status": "gepubliceerd"}
    )
    assert label == f"okt 2026 · WI-ZUID — {literal(STORY_TITLE)}"
    assert "](" not in label.replace(r"\](", "")


# --- 2. shown as inert text: every page's markdown in AppTest ----------------------------------
# What Streamlit renders as markdown (markdown, captions, labels, options, help, messages) must
# never carry a live payload: no tag, link, directive, formula or entity that is not escaped,
# and no control character.

LIVE = {
    "an unescaped tag": re.compile(r"(?<!\\)<(?:script|img|javascript)"),
    "a link to javascript:": re.compile(r"javascript:(?!" + WORD_JOINER + ")"),
    "a Streamlit directive": re.compile(r":red\["),
    "a formula": re.compile(r"(?<!\\)\$x\^2"),
    "an entity": re.compile(r"(?<!\\)&lt;b"),
    "a control character": re.compile("[\x07\x1b\u200b\u202e]"),
}


def markdown_texts(at) -> list[str]:
    """Every string of the page that Streamlit renders as markdown."""
    texts = [
        e.value for kind in ("markdown", "caption", "info", "warning", "error", "success") for e in getattr(at, kind)
    ]
    texts += [m.label for m in at.metric] + [m.proto.help for m in at.metric]
    texts += [o for r in at.radio for o in r.options] + [c.label for c in at.checkbox]
    texts += [e.label for e in at.expander] + [p.proto.label for p in at.get("page_link")]
    return [t for t in texts if t]


def live_payloads(at) -> list[tuple[str, str]]:
    return [(what, text) for text in markdown_texts(at) for what, pattern in LIVE.items() if pattern.search(text)]


@pytest.mark.slow  # over a second: the full suite, not the quick tier
@pytest.mark.parametrize(
    "page, role, params, expected",
    [
        (None, RAAD, {"thema": "participatie", "cijfer": "caseload_per_fte"}, literal(TEAM_NAME)),
        (None, PROFESSIONAL, {"thema": "participatie", "cijfer": DEFINED}, literal(DEFINITION["Naam"])),
        ("app_pages/verhalen.py", RAAD, {"thema": "participatie"}, escape(STORY_TITLE)),
        ("app_pages/caseload.py", PROFESSIONAL, {"thema": "participatie"}, literal(NORM_UNIT)),
        ("app_pages/over_de_data.py", RAAD, {}, literal(DEFINITION["Definitie"])),
        ("app_pages/besluiten.py", RAAD, {"thema": "participatie"}, None),
        ("app_pages/budget.py", RAAD, {"thema": "participatie"}, None),
    ],
)
def test_no_page_renders_hostile_source_or_story_text_as_live_markdown(hostile_env, page, role, params, expected):
    at = open_app(page, role=role, verhaal=hostile_env.story_id, **params)
    assert live_payloads(at) == []
    if expected:  # the hostile text is there, escaped
        assert any(expected in text for text in markdown_texts(at)), expected


@pytest.mark.slow  # over a second: the full suite, not the quick tier
def test_the_hostile_story_card_shows_its_title_text_and_tags_escaped(hostile_env):
    at = open_app("app_pages/verhalen.py", role=RAAD, verhaal=hostile_env.story_id)
    values = [m.value for m in at.markdown]
    assert f"#### {escape(STORY_TITLE)}" in values
    assert any(escape(f"tag {IMG}") in v and ":gray-badge[" in v for v in values)
    assert live_payloads(at) == []


# --- 3. exported inertly --------------------------------------------------------------------------


def test_a_csv_download_turns_every_formula_into_text_and_keeps_negative_numbers():
    table = pl.DataFrame(
        {
            "Tekst": ['=HYPERLINK("https://x.nl")', "+31 6", "-2+3", "@SUM(A1)", "\tx", "\rx", "gewoon", None],
            "Getal": [-1.5, -2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0],
        }
    )
    lines = components.csv_bytes(table).decode("utf-8-sig").split("\n")
    assert lines[:7] == [
        "Tekst;Getal",
        '"\'=HYPERLINK(""https://x.nl"")";-1,5',
        "'+31 6;-2,0",
        "'-2+3;3,0",
        "'@SUM(A1);4,0",
        "'\tx;5,0",
        '"\'\rx";6,0',
    ]
    assert lines[7:9] == ["gewoon;7,0", ";8,0"]


def test_the_markdown_escape_keeps_html_links_formulas_and_shortcodes_out_of_any_viewer():
    assert markdown.escape(SCRIPT) == r"\<script\>window.\_\_pwned=1;alert(1)\</script\>"
    assert markdown.escape(JS_LINK) == r"\[klik hier\](javascript:" + WORD_JOINER + "window.\\_\\_pwned=1;alert(1))"
    assert (
        markdown.escape("$x^2$ &lt;b&gt; :smile: https://x.nl")
        == rf"\$x^2\$ \&lt;b\&gt; :{WORD_JOINER}smile: https:{WORD_JOINER}//x.nl"
    )
    assert markdown.escape("regel\n===\n---") == f"regel\n\\===\n\\-{WORD_JOINER}-{WORD_JOINER}-"
    assert markdown.escape(CONTROLS) == (
        r"bel\[U+0007\] \[U+001B\]\[31mrood\[U+001B\]\[0m nul\[U+200B\]breedte "
        r"\[U+202E\]gnp.exe"
    )


def test_a_line_end_in_a_name_keeps_its_markdown_table_row_whole():
    table = content.Table(header=("Team", "Nu"), rows=(("Zuid\r\nNoord | x", "97"),), align=("L", "R"))
    assert markdown._table(table)[2] == "| Zuid Noord \\| x | 97 |"


@pytest.fixture(scope="module")
def hostile_briefing(hostile):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(adc_settings.DATA_DIR.env, str(hostile.data_dir))
        con = db.figures(hostile.data_dir / "figures.duckdb")
        try:
            built = content.build_briefing(con, COUNCIL, "participatie", latest_month(con), questions=[QUESTION])
        finally:
            con.close()
            db.close_all()
    return built


def test_the_markdown_briefing_holds_the_hostile_story_and_question_only_as_escaped_text(hostile_briefing):
    assert any(s.title == STORY_TITLE for f in hostile_briefing.figures for s in f.stories)
    text = markdown.render_markdown(hostile_briefing)
    assert f"#### {markdown.escape(STORY_TITLE)}" in text
    assert f"1. {markdown.escape(QUESTION)}" in text
    for what, pattern in LIVE.items():
        assert not pattern.search(text), what


needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext ontbreekt")


@pytest.mark.slow
def test_the_briefing_page_builds_a_hostile_briefing_and_previews_it_as_text(hostile_env):
    # A team name with a bell in a chart used to make vl-convert panic, taking the server down.
    at = open_app("app_pages/briefing.py", role=RAAD, thema="participatie")
    assert any(literal(STORY_TITLE) in c.label for c in at.checkbox)
    at.text_area(key="briefing_vragen").input(QUESTION).run()
    at.button(key="briefing_opstellen").click().run(timeout=120)
    assert not at.exception, [e.value for e in at.exception]
    assert at.success[0].value.startswith("De briefing is klaar:")
    [preview] = [m.value for m in at.markdown if m.value.startswith("# Commissiebriefing: ")]
    assert f"1. {markdown.escape(QUESTION)}" in preview
    assert live_payloads(at) == []


@needs_pdftotext
@pytest.mark.slow
def test_the_pdf_briefing_prints_control_characters_as_visible_codes(hostile_briefing, tmp_path):
    path = tmp_path / "briefing.pdf"
    path.write_bytes(pdf.render_pdf(hostile_briefing))
    text = " ".join(
        subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "<script>window.__pwned=1;alert(1)</script>" in text
    assert "bel[U+0007]" in text and "[U+202E]gnp.exe" in text
    assert not re.search("[\x07\x1b\u200b\u202e]", text)
