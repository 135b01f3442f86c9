"""The CBS client against recorded OData v4 answers served by a real local HTTP server: a good
fetch writes the snapshot, and every answer that is not what CBS promised is refused in Dutch
while the last good snapshot stays exactly as it was."""

from __future__ import annotations

import datetime as dt
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from etl.__main__ import main
from etl.cbs import snapshot
from etl.cbs.client import HttpSource
from etl.cbs.odata import CbsRefused, collect
from kernel import adc_settings

FIXTURES = Path(__file__).parent / "fixtures" / "cbs"
OWN, PEERS = "GM9901", ["GM9902", "GM9905"]


class RecordedCbs:
    """A local stand-in for CBS's service: answers from recorded/, with one case folder laid
    over it, and every request it got."""

    def __init__(self, case: str | None = None):
        self.case = case
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append(self.path)
                body = server.answer(self.path)
                if body is None:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self.httpd.server_address[1]}/CBS"
        # A short poll: shutdown() waits for serve_forever to look again (0.5 s by default, twice a test).
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)

    def answer(self, path: str) -> bytes | None:
        parts = urlsplit(path)
        segments = parts.path.strip("/").split("/")
        if len(segments) != 3 or segments[0] != "CBS":
            return None
        _, table, entity = segments
        skip = parse_qs(parts.query).get("$skip")
        name = f"{entity}@skip={skip[0]}.json" if skip else f"{entity}.json"
        for folder in filter(None, [self.case, "recorded"]):
            file = FIXTURES / folder / table / name
            if file.exists():
                return file.read_text(encoding="utf-8").replace("{base}", self.base_url).encode()
        return None

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def fetch(cbs: RecordedCbs, own=OWN, peers=PEERS):
    source = HttpSource(cbs.base_url)
    try:
        return collect(source, own, peers, dt.date(2026, 11, 2))
    finally:
        source.close()


def test_a_good_fetch_reads_every_table_page_by_page_with_cbs_status_and_markers():
    with RecordedCbs() as cbs:
        rows = fetch(cbs)
    tables = {r["table_id"] for r in rows}
    assert tables == {"03759ned", "82015NED", "85100NED", "86050NED"}
    # Three gemeenten and the three newest periods of each table, both pages followed.
    assert all(sum(r["table_id"] == t for r in rows) == 9 for t in tables)
    assert any("$skip=" in path for path in cbs.requests)
    wierdum_wmo = [r for r in rows if r["region_code"] == "GM9905" and r["figure"] == "wmo"]
    assert {(r["value"], r["value_attribute"]) for r in wierdum_wmo} == {(None, "Confidential")}
    statuses = {r["period_code"]: r["period_status"] for r in rows if r["figure"] == "bijstand"}
    assert statuses["2026MM07"] == "Voorlopig" and statuses["2026MM06"] == "Nader voorlopig"
    assert {r["retrieved_on"] for r in rows} == {dt.date(2026, 11, 2)}
    assert [r["is_own"] for r in rows if r["region_code"] == OWN] == [True] * 12


def test_the_observations_are_asked_for_only_our_selection():
    with RecordedCbs() as cbs:
        fetch(cbs)
    queries = [parse_qs(urlsplit(p).query) for p in cbs.requests if "/82015NED/Observations" in p]
    filters = [q["$filter"][0] for q in queries if "$filter" in q]
    assert len(filters) == 1
    assert "Measure eq 'M001796_2'" in filters[0]
    assert "RegioS eq 'GM9901'" in filters[0] and "RegioS eq 'GM9905'" in filters[0]
    assert "UitkeringenInRelatieMetDeAOW eq 'T00001'" in filters[0]
    assert [q["$count"] for q in queries if "$filter" in q] == [["true"]]
    assert "Perioden eq '2026MM04'" not in filters[0]  # only the three newest months


@pytest.mark.parametrize(
    "case, expected",
    [
        (
            "changed_dimension",
            "heeft andere dimensies dan verwacht: verwacht Perioden, RegioS, "
            "UitkeringenInRelatieMetDeAOW, gekregen Perioden, RegioS, UitkeringenAOW",
        ),
        ("renamed_measure", "onderwerp (Measure): 'Wmo-cliënten' niet gevonden (wel: Wmo-cliënten (personen))"),
        ("truncated", "is afgebroken of geen geldige JSON"),
        ("missing_page", "(404)"),
        ("count_mismatch", "het antwoord is onvolledig: CBS meldt 9 waarnemingen (@odata.count), gekregen 4"),
        ("cut_short", "het antwoord is onvolledig: verwacht 9 waarnemingen (3 gemeente(n) × 3 perioden), gekregen 4"),
    ],
)
def test_an_answer_that_is_not_what_cbs_promised_is_refused_in_dutch(case, expected):
    with RecordedCbs(case) as cbs, pytest.raises(CbsRefused) as refused:
        fetch(cbs)
    assert expected in str(refused.value)


@pytest.mark.parametrize(
    "code, expected",
    [
        ("GM0000", "Onbekende gemeentecode GM0000"),
        ("Koggenwaard", "Onbekende gemeentecode 'KOGGENWAARD': verwacht GM gevolgd door vier cijfers"),
    ],
)
def test_an_unknown_municipality_is_refused_naming_what_is_expected(code, expected):
    with RecordedCbs() as cbs, pytest.raises(CbsRefused) as refused:
        fetch(cbs, own=code)
    assert expected in str(refused.value)


def test_no_service_at_the_address_is_a_dutch_error_not_a_traceback():
    source = HttpSource("http://127.0.0.1:9/CBS")  # the discard port: nothing listens
    with pytest.raises(CbsRefused, match="CBS is niet bereikbaar"):
        collect(source, OWN, PEERS, dt.date(2026, 11, 2))


@pytest.fixture
def source_dir(tmp_path, monkeypatch):
    monkeypatch.setenv(adc_settings.DATA_DIR.env, str(tmp_path / "data"))
    folder = tmp_path / "bron"
    folder.mkdir()
    return folder


def run_fetch(cbs, folder, *extra) -> int:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(adc_settings.CBS_URL.env, cbs.base_url)
        return main(["cbs", "fetch", "--gemeente", OWN, "--peers", ",".join(PEERS), "--source", str(folder), *extra])


@pytest.mark.slow  # over a second: the full suite, not the quick tier
@pytest.mark.parametrize(
    "case", ["changed_dimension", "renamed_measure", "truncated", "missing_page", "count_mismatch", "cut_short"]
)
def test_fetch_good_then_bad_leaves_the_snapshot_unchanged_byte_for_byte(source_dir, case, capsys):
    with RecordedCbs() as cbs:
        assert run_fetch(cbs, source_dir) == 0
    good = (source_dir / snapshot.FILE_NAME).read_bytes()
    assert good.count(b"\n") == 1 + 36
    capsys.readouterr()
    with RecordedCbs(case) as cbs:
        assert run_fetch(cbs, source_dir) == 1
    err = capsys.readouterr().err
    assert err.startswith("Ophalen afgebroken: ") and "is ongewijzigd" in err
    assert (source_dir / snapshot.FILE_NAME).read_bytes() == good
    assert [p.name for p in source_dir.iterdir()] == [snapshot.FILE_NAME]  # no temp file left


def test_the_fetched_snapshot_reads_back_as_a_source_file_without_rejections(source_dir):
    with RecordedCbs() as cbs:
        assert run_fetch(cbs, source_dir) == 0
    result = snapshot.read((source_dir / snapshot.FILE_NAME).read_bytes(), snapshot.FILE_NAME)
    assert result.rejections == []
    assert result.frame.height == 36
    assert result.frame.filter(result.frame["value_attribute"] == "Confidential").height == 3


def test_fetch_into_a_folder_that_does_not_exist_is_refused(tmp_path, capsys):
    with RecordedCbs() as cbs:
        assert run_fetch(cbs, tmp_path / "bestaat-niet") == 1
    assert "geen bestaande map" in capsys.readouterr().err


def test_without_peers_every_gemeente_cbs_lists_is_asked_for():
    with RecordedCbs() as cbs:
        rows = fetch(cbs, peers=None)
    assert {r["region_code"] for r in rows} == {OWN, *PEERS}
    queries = [parse_qs(urlsplit(p).query) for p in cbs.requests if "/86050NED/Observations" in p]
    assert "startswith(RegioS,'GM')" in [q for q in queries if "$filter" in q][0]["$filter"][0]
