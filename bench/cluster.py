"""Loopback proof of scripts/cluster.sh: 40 users at once against N dashboard processes behind nginx.

    python -m bench.cluster [--processen 4] [--rondes 2] [--werkmap MAP]

Builds the sample figures in a work folder (or uses ADC_DATA_DIR when it has figures), creates
the load's accounts, and runs the same load twice, in one run: against one process behind the
proxy, then against `--processen` processes. Prints per configuration p50/p95 page latency and
throughput, and what was checked.

Who does what (`Load`): council readers open their pages; professionals open theirs and write
stories (save, edit, submit); managers open the review page and publish their team's stories.
A page read is a websocket client speaking Streamlit's own protocol through the proxy: it logs
in the way a browser does (a session started in the store, its cookie collected from
/_adc/sessie through the proxy), sends a rerun for the page and waits for the run to finish.
Writes go through the service layer the pages call (stories/service.py) from this process,
as the logged-in user's session: driving the story form's widgets over the protocol would
need the widgets' generated ids. Meanwhile `python -m etl build` swaps the figures file and
`python -m stories backup` copies the store (`pg_dump` with ADC_STORE_URL set: one setting
switches the proof to PostgreSQL, issue 19). Afterwards every story, version, event and audit
record is counted against what the users did, and the audit chain is verified.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import httpx
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import connect

from accounts import sessions, users
from kernel import adc_settings, vocabulary
from kernel.access import MANAGER, PROFESSIONAL, RAAD
from presentation import labels
from queries import db
from stories import service, store
from stories.service import StoryDraft

T = TypeVar("T")
ROOT = adc_settings.ROOT
SAMPLE_DATA = ROOT / "sample_data"
PASSWORD = "Lastproef-op-loopback-2026!"  # accounts of the load only, in a throwaway folder
TEAMS = ("WI-ZUID", "WI-NOORD", "WMO", "JGD-OOST")  # one manager each, three professionals each
READER_PAGES = ("overzicht", "budget", "besluiten", "verhalen", "over-de-data")
PROFESSIONAL_PAGES = ("verhalen", "verhaal-toevoegen")
MANAGER_PAGES = ("beoordelen", "caseload")
STORY_ACTIONS = (
    vocabulary.STORY_CREATED,
    vocabulary.STORY_EDITED,
    vocabulary.STORY_SUBMITTED,
    vocabulary.STORY_PUBLISHED,
)
PAGE_TIMEOUT = 600.0  # a hang detector, not a service level: latencies are reported
BUSY_TRIES = 5  # a user told "busy" tries again after a pause, as the message asks
BUSY_PAUSE = 2.0
GENERIC_ERROR = labels.SOMETHING_WENT_WRONG.split("{", 1)[0]
DEFAULT_PAGE = "overzicht"


@dataclasses.dataclass(frozen=True)
class Load:
    readers: int = 24
    professionals: int = 12
    managers: int = 4
    rounds: int = 2  # every user goes through its pages this often
    stories: int = 2  # per professional: saved, edited once, submitted; then published

    @property
    def users(self) -> int:
        return self.readers + self.professionals + self.managers


@dataclasses.dataclass
class Outcome:
    processes: int
    latencies: list[tuple[str, float]]  # (page, seconds) of every page read
    writes: int  # service calls (save, edit, submit, publish)
    seconds: float  # from the first user's start to the last user's end
    errors: list[str]
    served: set[str]  # users whose every page and write succeeded
    build: subprocess.CompletedProcess | None = None
    backup: subprocess.CompletedProcess | None = None
    figures_swapped: bool = False
    published: int = 0
    busy: int = 0
    refused: list[str] = dataclasses.field(default_factory=list)
    server_errors: list[str] = dataclasses.field(default_factory=list)  # other than a busy store
    split_browsers: int = -1  # browsers served by more than one process (must be 0)
    processes_used: int = 0

    def percentile(self, q: float) -> float:
        values = sorted(s for _, s in self.latencies)
        return values[min(len(values) - 1, round(q * (len(values) - 1)))] if values else float("nan")

    @property
    def pages_per_second(self) -> float:
        return len(self.latencies) / self.seconds

    def line(self) -> str:
        return (
            f"{self.processes} proces(sen): {len(self.latencies)} pagina's in {self.seconds:.1f} s = "
            f"{self.pages_per_second:.2f} pagina's/s; p50 {self.percentile(0.5):.2f} s, "
            f"p95 {self.percentile(0.95):.2f} s; {self.writes} schrijfacties; "
            f"{len(self.served)} gebruikers bediend; {self.busy} keer 'opslag bezet' afgewacht, "
            f"{len(self.refused)} keer opnieuw geprobeerd na een foutpagina of mislukte inlog; "
            f"{len(self.errors)} fout(en); {self.processes_used} proces(sen) bedienden, "
            f"{self.split_browsers} browser(s) over meer dan één proces verdeeld"
        )


# --- the cluster -------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Cluster:
    url: str
    run_dir: Path
    ports: list[int]


def start_cluster(processes: int, port: int) -> Cluster:
    """`scripts/cluster.sh start`; the caller stops it with `stop_cluster`."""
    done = subprocess.run(
        ["bash", "scripts/cluster.sh", "start", "--processen", str(processes), "--poort", str(port)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode != 0:
        raise RuntimeError(f"cluster.sh start faalde ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    run_dir = Path(os.environ.get("TMPDIR", "/tmp")) / f"adc-cluster-{port}"
    ports = [int(p) for p in (run_dir / "ports").read_text().split()]
    return Cluster(f"http://127.0.0.1:{port}", run_dir, ports)


def stop_cluster(port: int) -> None:
    subprocess.run(["bash", "scripts/cluster.sh", "stop", "--poort", str(port)], cwd=ROOT, capture_output=True)


# --- a browser, as far as the load needs one ---------------------------------------------


class Refused(RuntimeError):
    """The dashboard's "try again" answer: its Dutch error page with a reference, or a cookie
    hand-off that failed. A user tries again; `server_errors` checks afterwards that each one
    came from the story store's file lock being busy, the limit of the DuckDB store."""


class PageClient:
    """One browser session: the proxy's sticky cookie, a login, and a websocket to the app."""

    def __init__(self, base_url: str, username: str):
        self.http = httpx.Client(base_url=base_url, timeout=PAGE_TIMEOUT)
        self.http.get("/")  # the proxy hands out its sticky cookie with the first answer
        viewer = users.login(username, PASSWORD, "127.0.0.1")
        self.viewer, handoff = sessions.start(viewer, "127.0.0.1")
        collected = self.http.get("/_adc/sessie", params={"t": handoff})  # as the login's invisible image
        if collected.status_code != 204 or sessions.COOKIE not in self.http.cookies:
            self.http.close()
            raise Refused(f"sessiecookie niet opgehaald voor {username}: {collected.status_code}")
        cookie = "; ".join(f"{name}={value}" for name, value in self.http.cookies.items())
        ws_url = base_url.replace("http://", "ws://") + "/_stcore/stream"
        self._closing = contextlib.ExitStack()
        self._closing.callback(self.http.close)
        self.ws = self._closing.enter_context(
            connect(
                ws_url,
                subprotocols=["streamlit"],
                additional_headers={"Cookie": cookie},
                open_timeout=60,
                max_size=None,
                ping_interval=None,  # as a browser: a busy server answers pings late, not wrongly
            )
        )

    def open(self, page: str) -> float:
        """Run `page` (its url path) and wait for the run to finish; its time in seconds.
        Raises StoreBusy when the page said the stories were busy (a reader tries again), and
        RuntimeError on any other error message, the login page, or a run that did not finish."""
        message = BackMsg()
        message.rerun_script.query_string = ""
        message.rerun_script.page_name = "" if page == DEFAULT_PAGE else page  # the default page has no path
        started, busy = time.monotonic(), False
        self.ws.send(message.SerializeToString())
        while True:
            forward = ForwardMsg()
            forward.ParseFromString(self.ws.recv(timeout=PAGE_TIMEOUT))
            kind = forward.WhichOneof("type")
            if kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                element = forward.delta.new_element
                if element.WhichOneof("type") == "exception":
                    raise RuntimeError(f"{page}: uitzondering {element.exception.message[:300]}")
                if element.WhichOneof("type") == "alert" and element.alert.format == Alert.ERROR:
                    if element.alert.body == labels.STORES_BUSY:
                        busy = True
                    elif element.alert.body.startswith(GENERIC_ERROR):
                        raise Refused(f"{page}: {element.alert.body}")
                    else:
                        raise RuntimeError(f"{page}: foutmelding {element.alert.body[:300]}")
                if element.WhichOneof("type") == "heading" and element.heading.body == labels.TITLE_LOGIN:
                    raise RuntimeError(f"{page}: de inlogpagina in plaats van de pagina")
            elif kind == "page_not_found":
                raise RuntimeError(f"{page}: pagina niet gevonden")
            elif kind == "script_finished":
                if forward.script_finished != ForwardMsg.FINISHED_SUCCESSFULLY:
                    raise RuntimeError(f"{page}: run eindigde met status {forward.script_finished}")
                if busy:
                    raise store.StoreBusy(labels.STORES_BUSY)
                return time.monotonic() - started

    def close(self) -> None:
        self._closing.close()


# --- the users ---------------------------------------------------------------------------


def usernames(load: Load) -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    """The load's accounts by role: (username, teams)."""
    return {
        RAAD: [(f"last-raad-{i}", ()) for i in range(load.readers)],
        PROFESSIONAL: [(f"last-prof-{i}", (TEAMS[i % len(TEAMS)],)) for i in range(load.professionals)],
        MANAGER: [(f"last-manager-{i}", (TEAMS[i % len(TEAMS)],)) for i in range(load.managers)],
    }


def create_accounts(load: Load) -> None:
    known = set(users.list_users()["username"])
    for role, accounts in usernames(load).items():
        for username, teams in accounts:
            if username not in known:
                users.create_user("lastproef", username, role, teams, password=PASSWORD)


def story(author: str, number: int, version: int, team: str) -> StoryDraft:
    return StoryDraft(
        title=f"Lastproef {author} verhaal {number} versie {version}",
        body=(
            f"Versie {version}: sinds de herindeling hebben we er een wijk bij zonder extra mensen, "
            f"dus huisbezoeken schuiven door (verhaal {number})."
        ),
        metric_key="caseload_per_fte",
        period="2023-09",
        note_kind="werkdruk",
        visibility="organisatie",
        team_code=team,
        dilemma_tags=["zorgen_activeren"],
        value_tags=["menselijkheid"],
    )


class Users:
    """The 40 users of one run, each a thread; what they did is counted here."""

    def __init__(self, load: Load, base_url: str):
        self.load, self.base_url = load, base_url
        self.latencies: list[tuple[str, float]] = []
        self.errors: list[str] = []
        self.served: set[str] = set()
        self.writes = 0
        self.busy = 0  # "busy" answers of the story store that a user waited out
        self.refused: list[str] = []  # error pages and failed logins that a user tried again
        self.submitted: dict[str, list[str]] = {team: [] for team in TEAMS}  # story ids per team
        self.published: list[str] = []
        self.writers_done = threading.Event()
        self.lock = threading.Lock()

    def patiently(self, call: Callable[[], T]) -> T:
        """`call`, tried again after a pause while the story store is busy (counted)."""
        for attempt in range(BUSY_TRIES):
            try:
                return call()
            except (store.StoreBusy, Refused) as refused:
                with self.lock:
                    if isinstance(refused, Refused):
                        self.refused.append(str(refused))
                    else:
                        self.busy += 1
                if attempt == BUSY_TRIES - 1:
                    raise
                time.sleep(BUSY_PAUSE)
        raise AssertionError("unreachable")

    def _pages(self, client: PageClient, pages: tuple[str, ...]) -> None:
        for page in pages:
            seconds = self.patiently(lambda: client.open(page))  # noqa: B023 - called at once
            with self.lock:
                self.latencies.append((page, seconds))

    def _wrote(self, count: int = 1) -> None:
        with self.lock:
            self.writes += count

    def reader(self, client: PageClient) -> None:
        for _ in range(self.load.rounds):
            self._pages(client, READER_PAGES)

    def professional(self, client: PageClient) -> None:
        viewer, team = client.viewer, client.viewer.teams[0]
        for number in range(self.load.stories):
            self._pages(client, PROFESSIONAL_PAGES[number % 2 :][:1])
            figures = db.figures()  # like a page run: one cursor on the figures for the story
            first, second = story(viewer.username, number, 1, team), story(viewer.username, number, 2, team)
            saved = self.patiently(lambda: service.save(viewer, first, figures))  # noqa: B023
            self.patiently(lambda: service.save(viewer, second, figures, story_id=saved.story_id))  # noqa: B023
            self.patiently(lambda: service.submit(viewer, saved.story_id))  # noqa: B023
            self._wrote(3)
            with self.lock:
                self.submitted[team].append(saved.story_id)
        for _ in range(max(0, self.load.rounds - 1)):
            self._pages(client, PROFESSIONAL_PAGES)

    def manager(self, client: PageClient) -> None:
        """Reads its pages `rounds` times and publishes every story its team submits, until the
        writers are done and none is left (the same pages whatever the writers' pace)."""
        viewer, team = client.viewer, client.viewer.teams[0]
        rounds = 0
        while True:
            done = self.writers_done.is_set()  # read before taking the queue: nothing slips past
            with self.lock:
                queue, self.submitted[team] = self.submitted[team], []
            for story_id in queue:
                status = self.patiently(
                    lambda: service.approve(viewer, story_id, ("manager",), ("professional",))  # noqa: B023
                )
                assert status == service.PUBLISHED, status
                self._wrote()
                with self.lock:
                    self.published.append(story_id)
            if done and not queue and rounds >= self.load.rounds:
                break
            if rounds < self.load.rounds:
                self._pages(client, MANAGER_PAGES)
                rounds += 1
            else:
                time.sleep(0.5)

    def run(self, username: str, role: str) -> None:
        action: Callable[[PageClient], None] = {RAAD: self.reader, PROFESSIONAL: self.professional}.get(
            role, self.manager
        )
        client = None
        try:
            client = self.patiently(lambda: PageClient(self.base_url, username))
            action(client)
        except BaseException:  # noqa: BLE001 - every failure of every user is reported
            with self.lock:
                self.errors.append(f"{username}:\n{traceback.format_exc(limit=3)}")
        else:
            with self.lock:
                self.served.add(username)
        finally:
            if client is not None:
                client.close()


def warm_up(cluster: Cluster) -> None:
    """The first run in a process imports every module of the pages; measured loads start warm."""
    for port in cluster.ports:
        client = PageClient(f"http://127.0.0.1:{port}", "last-raad-0")
        try:
            client.open("overzicht")
        finally:
            client.close()


def run_load(load: Load, cluster: Cluster, processes: int, backup_dir: Path) -> Outcome:
    """All users at once; a build and a backup start a second into the load."""
    crowd = Users(load, cluster.url)
    accounts = usernames(load)
    threads = [
        threading.Thread(target=crowd.run, args=(name, role), name=name)
        for role, names in accounts.items()
        for name, _ in names
    ]
    writers = [t for t in threads if t.name.startswith("last-prof-")]
    figures_inode = adc_settings.figures_db_path().stat().st_ino
    started = time.monotonic()
    for thread in threads:
        thread.start()
    time.sleep(1)
    env = os.environ | {"PYTHONUNBUFFERED": "1"}
    build = subprocess.Popen(
        [sys.executable, "-m", "etl", "build", "--source", str(SAMPLE_DATA)],
        cwd=ROOT,
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    time.sleep(1)
    backup = subprocess.run(
        backup_command(backup_dir),
        cwd=ROOT,
        env=env,
        text=True,
        capture_output=True,
        timeout=600,
    )
    for thread in writers:
        thread.join(timeout=1200)
    crowd.writers_done.set()
    for thread in threads:
        thread.join(timeout=1200)
    seconds = time.monotonic() - started
    hanging = [t.name for t in threads if t.is_alive()]
    build_out, build_err = build.communicate(timeout=1200)
    outcome = Outcome(
        processes,
        crowd.latencies,
        crowd.writes,
        seconds,
        crowd.errors + [f"{name}: hangt" for name in hanging],
        crowd.served,
        subprocess.CompletedProcess(build.args, build.returncode, build_out, build_err),
        backup,
        adc_settings.figures_db_path().stat().st_ino != figures_inode,
        len(crowd.published),
        crowd.busy,
        crowd.refused,
    )
    return outcome


# --- what is stored ----------------------------------------------------------------------


def on_postgres() -> bool:
    """The store is PostgreSQL (ADC_STORE_URL set, issue 19) rather than stories.duckdb."""
    return bool(os.environ.get("ADC_STORE_URL", "").strip())


def store_counts() -> dict[str, int]:
    """Stories, versions, events and audit records of the load's professionals and managers
    (their names start with `last-`), and the build and backup records. Plain SQL that DuckDB
    and PostgreSQL both run, so one setting (ADC_STORE_URL) switches the whole proof."""
    ours = "last-%"
    actions = list(STORY_ACTIONS)
    marks = ", ".join("?" for _ in actions)
    with store.connect() as con:
        one = lambda sql, params: con.execute(sql, params).fetchone()[0]  # noqa: E731
        return {
            "verhalen": one("select count(*) from stories where author like ?", [ours]),
            "versies": one(
                "select count(*) from story_versions join stories using (story_id) where author like ?", [ours]
            ),
            "gebeurtenissen": one(
                "select count(*) from story_events join stories using (story_id) where author like ?", [ours]
            ),
            "auditrecords": one(
                f"select count(*) from audit_log where actor like ? and action in ({marks})", [ours, *actions]
            ),
            "gepubliceerd": one(
                "select count(*) from story_events join stories using (story_id) where author like ? and status = ?",
                [ours, service.PUBLISHED],
            ),
            "builds": one("select count(*) from audit_log where action = ?", [vocabulary.DATA_LOADED]),
            "back-ups": one("select count(*) from audit_log where action = ?", [vocabulary.BACKUP_MADE]),
        }


def expected_growth(load: Load) -> dict[str, int]:
    stories = load.professionals * load.stories
    # per story: two versions; events concept, ingediend, gepubliceerd; audit: the four actions
    return {
        "verhalen": stories,
        "versies": 2 * stories,
        "gebeurtenissen": 3 * stories,
        "auditrecords": 4 * stories,
        "gepubliceerd": stories,
        "builds": 1,
        "back-ups": 0 if on_postgres() else 1,  # pg_dump writes no audit record of its own
    }


def backup_command(folder: Path) -> list[str]:
    """The story store's backup: `python -m stories backup`, or pg_dump for PostgreSQL."""
    if on_postgres():
        return ["pg_dump", "--format=custom", f"--file={folder / 'stories.dump'}", os.environ["ADC_STORE_URL"]]
    return [sys.executable, "-m", "stories", "backup", str(folder)]


def stickiness(run_dir: Path) -> tuple[int, int]:
    """From nginx's access log (format `sticky`, scripts/cluster.sh): how many browsers (sticky
    keys) were served by more than one process, and how many processes served anyone."""
    served_by: dict[str, set[str]] = {}
    for line in (run_dir / "nginx-access.log").read_text().splitlines():
        _request_id, _cookie, key, upstream, *_ = line.split("|", 4)
        if upstream != "-":
            served_by.setdefault(key, set()).add(upstream)
    processes = set().union(*served_by.values()) if served_by else set()
    return sum(len(upstreams) > 1 for upstreams in served_by.values()), len(processes)


BUSY_STORE = ("stories.store.StoreBusy", "Could not set lock on file")


def server_errors(run_dir: Path) -> list[str]:
    """The exceptions in the dashboard processes' logs other than the DuckDB store's busy file
    lock (the last line of each traceback)."""
    found = []
    for log in sorted(run_dir.glob("streamlit-*.log")):
        in_traceback = False
        for line in log.read_text(errors="replace").splitlines():
            if line.startswith("Traceback (most recent call last)"):
                in_traceback = True
            elif in_traceback and line and not line[0].isspace():
                in_traceback = False
                if not any(mark in line for mark in BUSY_STORE):
                    found.append(f"{log.name}: {line[:300]}")
    return found


def chain_problems() -> list[str]:
    """`python -m stories audit verify`: empty when the audit chain is intact (either store)."""
    done = subprocess.run(
        [sys.executable, "-m", "stories", "audit", "verify"], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    return [] if done.returncode == 0 else [done.stdout + done.stderr]


def measure(load: Load, processes: int, port: int, work: Path) -> tuple[Outcome, dict[str, int], dict[str, int]]:
    """One configuration: start the cluster, warm it, run the load, stop it; the outcome (with
    the stickiness from the proxy's log) and the store's counts before and after."""
    before = store_counts()
    cluster = start_cluster(processes, port)
    try:
        warm_up(cluster)
        outcome = run_load(load, cluster, processes, Path(tempfile.mkdtemp(prefix=f"backup-{processes}-", dir=work)))
    finally:
        stop_cluster(port)
    outcome.split_browsers, outcome.processes_used = stickiness(cluster.run_dir)
    outcome.server_errors = server_errors(cluster.run_dir)
    return outcome, before, store_counts()


def prepare(work: Path) -> None:
    """Figures and stories from sample_data/ in `work` (unless it has them) and the accounts."""
    os.environ[adc_settings.DATA_DIR.env] = str(work)
    if not adc_settings.figures_db_path().exists():
        for command in (
            ["etl", "build", "--source", str(SAMPLE_DATA)],
            ["etl", "import-stories", str(SAMPLE_DATA / "verhalen.csv")],
        ):
            subprocess.run([sys.executable, "-m", *command], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.cluster", description="Lastproef op loopback.")
    parser.add_argument("--processen", type=int, default=4, help="dashboardprocessen achter nginx (standaard 4)")
    parser.add_argument("--rondes", type=int, default=Load.rounds, help="rondes per gebruiker (standaard 2)")
    parser.add_argument("--werkmap", type=Path, help="map met cijfers en verhalenopslag (standaard tijdelijk)")
    parser.add_argument("--poort", type=int, default=8680, help="poort van nginx (standaard 8680 en 8681)")
    args = parser.parse_args(argv)
    work = args.werkmap or Path(tempfile.mkdtemp(prefix="adc-lastproef-"))
    prepare(work)
    load = Load(rounds=args.rondes)
    create_accounts(load)
    print(f"== Lastproef: {load.users} gebruikers tegelijk, {load.rounds} ronde(s), werkmap {work} ==")
    failed = False
    for processes, port in ((1, args.poort + 1), (args.processen, args.poort)):
        outcome, before, after = measure(load, processes, port, work)
        print(outcome.line())
        print(
            f"   build: {outcome.build.returncode if outcome.build else '?'}; backup: "
            f"{outcome.backup.returncode if outcome.backup else '?'}; cijferbestand gewisseld: "
            f"{'ja' if outcome.figures_swapped else 'nee'}"
        )
        growth = {key: after[key] - before[key] for key in after}
        lost = {
            key: (expected_growth(load)[key], growth[key])
            for key in growth
            if growth[key] != expected_growth(load)[key]
        }
        problems = chain_problems()
        print(
            f"   opgeslagen erbij: {growth}; afwijkend: {lost or 'niets'}; auditketen: "
            f"{'intact' if not problems else problems[0]}"
        )
        for error in outcome.errors[:10]:
            print(f"   FOUT {error.splitlines()[0]} {error.strip().splitlines()[-1]}")
        for error in outcome.server_errors[:10]:
            print(f"   FOUT in een dashboardproces: {error}")
        failed |= bool(outcome.errors or outcome.server_errors or lost or problems)
    if shutil.which("nginx") is None:
        print("Let op: nginx ontbreekt.")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
