"""The beheerder's source folder: the files the current figures were built from.

An upload or a norm change never edits this folder in place. It is copied to a staging folder,
the change is applied there and the figures are built from it; only a build that passed makes
the staging folder the new source folder. A refused upload leaves both the figures and the
source folder exactly as they were. The Beheer page runs that check and build in a process of
its own, under a memory and a time limit (`start_commit`, etl/isolated.py).

An upload is checked at the door first (`upload_problems`): a known source name, the extension
.csv or .xlsx, content that is what the extension says, and at most ADC_MAX_UPLOAD_MB. The
browser's own checks are no help here: Streamlit refuses a wrong type or a large file in
English, and anyone can send a PNG named caseload.csv.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from accounts.sessions import require_current
from etl import build, definitions, isolated, load_log, norms
from etl.build import SOURCES
from etl.tabular import Rejection, rejection_count
from kernel import adc_settings, vocabulary
from kernel.access import BEHEERDER, Viewer
from kernel.format import format_date, format_number
from stories import audit


class NotBeheerder(Exception):
    """Only the beheerder loads data and changes norms."""


def require_beheerder(viewer: Viewer) -> None:
    require_current(viewer)
    if viewer.role != BEHEERDER:
        raise NotBeheerder("Alleen de functioneel beheerder laadt gegevens en wijzigt normen.")


def source_dir() -> Path:
    """The current source folder; the first time, a copy of the folder of the last good build."""
    current = adc_settings.data_dir() / "bronnen"
    if not current.exists():
        good = [r for r in load_log.read_runs() if r["status"] == vocabulary.LOAD_OK]
        seed = Path(good[0]["source_dir"]) if good else adc_settings.ROOT / "sample_data"
        _copy_sources(seed, current)
    return current


def source_files() -> pl.DataFrame:
    """The files in the source folder that a build reads: name, size in bytes, modified."""
    rows = [
        {"file": p.name, "bytes": p.stat().st_size, "modified": dt.datetime.fromtimestamp(p.stat().st_mtime)}
        for p in sorted(source_dir().iterdir())
        if _is_source(p)
    ]
    return pl.DataFrame(rows, schema={"file": pl.String, "bytes": pl.Int64, "modified": pl.Datetime("us")})


@dataclass(frozen=True)
class Staged:
    folder: Path
    action: str  # the audit action recorded when the staged change is built
    detail: str


Uploads = dict[str, bytes] | list[tuple[str, bytes]]


def _pairs(uploads: Uploads) -> list[tuple[str, bytes]]:
    """(name, bytes) per upload. The page passes a list: two files of the same name (chosen
    from two folders) are two uploads, which a dict would silently make one."""
    return list(uploads.items()) if isinstance(uploads, dict) else list(uploads)


def stage(viewer: Viewer, uploads: Uploads) -> Staged:
    """A staging copy of the source folder with `uploads` (file name -> bytes, or a list of
    such pairs) put in.

    An upload replaces the file of the same source, whatever its extension was
    (caseload.xlsx replaces caseload.csv). Uploads with a problem (`upload_problems`) raise
    `UploadRefused` before anything is copied or written: the figures, the source folder, the
    load log and the audit log stay exactly as they were (a refusal at the door is no build).
    """
    require_beheerder(viewer)
    problems = upload_problems(uploads)
    if problems:
        raise UploadRefused(problems)
    current = source_dir()
    folder = Path(tempfile.mkdtemp(prefix="staging-", dir=adc_settings.data_dir()))
    _copy_sources(current, folder)
    for name, data in _pairs(uploads):
        stem = _stem(name)
        if stem is None:  # upload_problems refused it already; said again rather than guessed
            raise UploadRefused([f"'{name}' is geen bronbestand: verwacht de naam van een bron (.csv of .xlsx)."])
        for old in build.find_source_files(folder, stem):
            old.unlink()
        (folder / f"{stem}{Path(name).suffix.lower()}").write_bytes(data)
    return Staged(
        folder,
        vocabulary.DATA_LOADED,
        "geüpload: " + (", ".join(sorted(name for name, _ in _pairs(uploads))) or "niets"),
    )


# ---------------------------------------------------------------------------------------------
# Uploads at the door


class UploadRefused(ValueError):
    """Uploads refused before anything was copied: one Dutch message per refused file."""

    def __init__(self, problems: list[str]):
        super().__init__(" ".join(problems))
        self.problems = problems


UPLOAD_SUFFIXES = (".csv", ".xlsx")
_SNIFF = 64 * 1024  # enough of the start of a file to tell text from binary
# What a file is by its first bytes, as a beheerder would call it.
_MAGIC = (
    (b"PK\x03\x04", "een zipbestand of Excel-werkboek"),
    (b"PK\x05\x06", "een leeg zipbestand"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "een oud Office-bestand (.xls of .doc)"),
    (b"%PDF-", "een PDF-document"),
    (b"\x89PNG\r\n\x1a\n", "een PNG-afbeelding"),
    (b"\xff\xd8\xff", "een JPEG-afbeelding"),
    (b"GIF87a", "een GIF-afbeelding"),
    (b"GIF89a", "een GIF-afbeelding"),
    (b"\x1f\x8b", "een gzip-bestand"),
    (b"7z\xbc\xaf\x27\x1c", "een 7-Zip-bestand"),
    (b"Rar!\x1a\x07", "een RAR-bestand"),
    (b"\x7fELF", "een programma"),
    (b"MZ", "een Windows-programma"),  # no source's header starts with MZ
    (b"\xff\xfe", "tekst in UTF-16 (Unicode-tekst)"),
    (b"\xfe\xff", "tekst in UTF-16 (Unicode-tekst)"),
)
# Bytes that text does not hold (tab, line ends, form feed and escape aside). A few are a value
# someone typed and the build keeps them; many mean the file is no text at all.
_BINARY_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x1B), *range(0x1C, 0x20)])


def upload_problems(uploads: Uploads) -> list[str]:
    """Why uploads cannot be staged, one Dutch message per file that names it and says what was
    expected; empty when all may be. Checks the name, the extension, the size and whether the
    content is what the extension says; the values themselves are the build's to check."""
    problems: list[str] = []
    seen: dict[str | None, str] = {}
    for name, data in _pairs(uploads):
        problem = _upload_problem(name, data)
        stem = _stem(name)
        if problem is None and stem in seen:
            other = "nog een " if seen[stem] == name else ""
            problem = (
                f"'{seen[stem]}' en {other}'{name}' zijn allebei het bronbestand {stem}; "
                "welke moet gelden? Er is niets geladen. Verwacht: één bestand per bron."
            )
        if problem:
            problems.append(problem)
        else:
            seen[stem] = name
    return problems


def _upload_problem(name: str, data: bytes) -> str | None:
    stems = [m.STEM for m in SOURCES]
    expected_names = f"{', '.join(stems[:-1])} of {stems[-1]}, op .csv of .xlsx (bijvoorbeeld caseload.csv)"
    if "/" in name or "\\" in name:
        return f"'{name}' bevat een map. Verwacht: alleen een bestandsnaam, zoals caseload.csv."
    suffix = Path(name).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        found = f"een {suffix}-bestand" if suffix else "een bestand zonder extensie"
        return (
            f"'{name}' is {found}. Verwacht: een CSV-bestand (.csv) of Excel-werkboek (.xlsx) "
            f"met de naam van een bron: {expected_names}."
        )
    if _stem(name) is None:
        return f"Onbekend bronbestand: {name}. Verwacht: de naam van een bron: {expected_names}."
    limit = adc_settings.max_upload_mb()
    if len(data) > limit * 1024 * 1024:
        return (
            f"'{name}' is {format_number(len(data) / 1024 / 1024, 1)} MB. Verwacht: een bestand "
            f"van maximaal {format_number(limit)} MB (instelling ADC_MAX_UPLOAD_MB)."
        )
    if not data:
        return f"'{name}' is leeg. Verwacht: een kopregel met de kolomnamen en daaronder de gegevens."
    kind = _binary_kind(data)
    stem = _stem(name)
    if suffix == ".xlsx":
        if _is_workbook(data):
            return None
        if kind is None:
            return (
                f"'{name}' is geen Excel-werkboek maar tekst. Verwacht: een .xlsx-bestand uit "
                f"Excel of LibreOffice; is het een CSV-bestand, noem het dan {stem}.csv."
            )
        if kind.startswith("een zip"):
            kind = "een zipbestand zonder Excel-werkboek (bijvoorbeeld een Word-document)"
        hint = "; sla het in Excel op als .xlsx" if ".xls " in kind else ""
        return f"'{name}' is geen Excel-werkboek maar {kind}. Verwacht: een .xlsx-bestand{hint}."
    if kind is None:
        return None
    if kind.startswith("een zip") and _is_workbook(data):
        return (
            f"'{name}' is geen tekst maar een Excel-werkboek. Verwacht: een CSV-bestand (tekst); "
            f"noem een Excel-werkboek {stem}.xlsx."
        )
    if "UTF-16" in kind:
        return (
            f"'{name}' is {kind}. Verwacht: een CSV-bestand in UTF-8 of Windows-1252; sla het "
            "in Excel op als 'CSV UTF-8' of 'CSV (gescheiden door lijstscheidingsteken)'."
        )
    return (
        f"'{name}' is geen tekst maar {kind}. Verwacht: een CSV-bestand (tekst, kolommen "
        "gescheiden door ; of , of een tab)."
    )


def _binary_kind(data: bytes) -> str | None:
    """What the file is when it is no text ('een PNG-afbeelding'), else None."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    start = data[:_SNIFF]
    if (
        start.count(b"\x00") * 100 > len(start)
        or len(start) - len(start.translate(None, _BINARY_BYTES)) > len(start) // 10
    ):
        return "een binair bestand"
    return None


def _is_workbook(data: bytes) -> bool:
    """An .xlsx is a zip with the workbook part in it (reading the zip's index, not its content)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def stage_norm(
    viewer: Viewer, role: str, low: float, high: float, unit: str, counting: str, valid_from: dt.date, rationale: str
) -> Staged:
    """A staging copy with one norm added; earlier norms stay, so the history is kept."""
    require_beheerder(viewer)
    if not rationale.strip():
        raise ValueError("Geef een onderbouwing: er is geen landelijke norm, dus de reden telt.")
    staged = stage(viewer, {})
    [path] = build.find_source_files(staged.folder, norms.STEM)
    current = norms.read(path.read_bytes(), path.name)
    headers = {c.name: c.header for c in norms.COLUMNS}
    added = pl.DataFrame(
        [
            {
                "role": role,
                "norm_low": low,
                "norm_high": high,
                "unit": unit,
                "counting": counting,
                "valid_from": valid_from,
                "rationale": rationale.strip(),
            }
        ]
    )
    table = pl.concat([current.frame.drop("_row"), added], how="vertical_relaxed")
    path.unlink()
    table.rename(headers).write_csv(staged.folder / "normen.csv", date_format="%Y-%m-%d")
    return Staged(
        staged.folder,
        vocabulary.NORM_CHANGED,
        f"{role}: {low:g}–{high:g} {unit} vanaf {format_date(valid_from)}; {rationale.strip()}",
    )


def stage_definition(
    viewer: Viewer,
    metric_key: str,
    name: str,
    definition: str,
    unit: str,
    source_system: str,
    owner: str,
    valid_from: dt.date,
    reason: str,
) -> Staged:
    """A staging copy with one revised definition added; earlier ones stay as the history."""
    require_beheerder(viewer)
    if not reason.strip():
        raise ValueError("Geef een toelichting: waarom verandert de definitie?")
    staged = stage(viewer, {})
    headers = {c.name: c.header for c in definitions.COLUMNS}
    added = pl.DataFrame(
        [
            {
                "metric_key": metric_key,
                "name": name.strip(),
                "definition": definition.strip(),
                "unit": unit.strip(),
                "source_system": source_system.strip(),
                "owner": owner.strip(),
                "valid_from": valid_from,
                "reason": reason.strip(),
            }
        ]
    )
    existing = build.find_source_files(staged.folder, definitions.STEM)
    if existing:
        [path] = existing
        current = definitions.read(path.read_bytes(), path.name).frame.drop("_row")
        added = pl.concat([current, added], how="vertical_relaxed")
        path.unlink()
    added.rename(headers).write_csv(staged.folder / "definities.csv", date_format="%Y-%m-%d")
    return Staged(
        staged.folder, vocabulary.DEFINITION_CHANGED, f"{metric_key} vanaf {format_date(valid_from)}; {reason.strip()}"
    )


def check(staged: Staged) -> list[Rejection]:
    """Every rejection the staged folder would get (empty: it would load)."""
    return build.read_sources(staged.folder)[1]


def start_commit(viewer: Viewer, staged: Staged) -> isolated.BuildProcess:
    """`commit` in a process of its own, under the build's memory and time limits: the server
    stays responsive and keeps its memory. When the process dies or hits a limit, the staging
    copy is discarded and the failure recorded; the figures and the source folder stay as
    they were."""
    require_beheerder(viewer)

    def failed(outcome: isolated.Outcome) -> None:
        discard(staged)
        load_log.append_run(
            staged.folder,
            [],
            vocabulary.LOAD_FAILED,
            outcome.seconds,
            [],
            detail=" ".join(filter(None, [outcome.message, outcome.detail])),
        )
        audit.record_now(
            viewer.username,
            vocabulary.DATA_REFUSED,
            "bronmap",
            staged.detail,
            "bouwen mislukt; vorige cijfers ongewijzigd",
        )

    return isolated.BuildProcess(
        {
            "kind": "commit",
            "folder": str(staged.folder),
            "action": staged.action,
            "detail": staged.detail,
            "user": viewer.username,
        },
        on_failure=failed,
    )


def commit(viewer: Viewer, staged: Staged, progress: Callable[[str], None] = lambda step: None) -> build.BuildReport:
    """Build from the staged folder; when it passes, it becomes the source folder."""
    require_beheerder(viewer)
    try:
        report = build.build_file(adc_settings.figures_db_path(), staged.folder, progress)
    except build.BuildError as refused:
        discard(staged)
        audit.record_now(
            viewer.username,
            vocabulary.DATA_REFUSED,
            "bronmap",
            staged.detail,
            f"{format_number(rejection_count(refused.rejections))} afgewezen waarde(n); vorige cijfers ongewijzigd",
        )
        raise
    except BaseException:
        discard(staged)
        raise
    current = source_dir()
    backup = current.with_name("bronnen.vorige")
    shutil.rmtree(backup, ignore_errors=True)
    current.rename(backup)
    staged.folder.rename(current)
    shutil.rmtree(backup, ignore_errors=True)
    progress(build.STEPS[2])
    audit.record_now(
        viewer.username,
        staged.action,
        "bronmap",
        "bronnen",
        f"{staged.detail}; {format_number(sum(report.row_counts().values()))} rijen geladen",
    )
    return report


def discard(staged: Staged) -> None:
    shutil.rmtree(staged.folder, ignore_errors=True)


def _copy_sources(origin: Path, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for path in origin.iterdir():
        if _is_source(path):
            shutil.copy2(path, target / path.name)


def _is_source(path: Path) -> bool:
    return path.is_file() and _stem(path.name) is not None


def _stem(name: str) -> str | None:
    path = Path(name.lower())
    stems = {m.STEM for m in SOURCES}
    return path.stem if path.suffix in (".csv", ".xlsx") and path.stem in stems else None
