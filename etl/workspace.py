"""The beheerder's source folder: the files the current figures were built from.

An upload or a norm change never edits this folder in place. It is copied to a staging folder,
the change is applied there and the figures are built from it; only a build that passed makes
the staging folder the new source folder. A refused upload leaves both the figures and the
source folder exactly as they were.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import polars as pl

import adc_settings
from dashboard.access import BEHEERDER, Viewer
from etl import build, definitions, load_log, norms
from etl.build import SOURCES
from stories import audit


class NotBeheerder(Exception):
    """Only the beheerder loads data and changes norms."""


def require_beheerder(viewer: Viewer) -> None:
    if viewer.role != BEHEERDER:
        raise NotBeheerder("Alleen de functioneel beheerder laadt gegevens en wijzigt normen.")


def source_dir() -> Path:
    """The current source folder; the first time, a copy of the folder of the last good build."""
    current = adc_settings.data_dir() / "bronnen"
    if not current.exists():
        good = [r for r in load_log.read_runs() if r["status"] == "geslaagd"]
        seed = Path(good[0]["source_dir"]) if good else adc_settings.ROOT / "sample_data"
        _copy_sources(seed, current)
    return current


def source_files() -> pl.DataFrame:
    """The files in the source folder that a build reads: name, size in bytes, modified."""
    rows = [{"file": p.name, "bytes": p.stat().st_size,
             "modified": dt.datetime.fromtimestamp(p.stat().st_mtime)}
            for p in sorted(source_dir().iterdir()) if _is_source(p)]
    return pl.DataFrame(rows, schema={"file": pl.String, "bytes": pl.Int64,
                                      "modified": pl.Datetime("us")})


@dataclass(frozen=True)
class Staged:
    folder: Path
    action: str  # the audit action recorded when the staged change is built
    detail: str


def stage(viewer: Viewer, uploads: dict[str, bytes]) -> Staged:
    """A staging copy of the source folder with `uploads` (file name -> bytes) put in.

    An upload replaces the file of the same source, whatever its extension was
    (caseload.xlsx replaces caseload.csv).
    """
    require_beheerder(viewer)
    unknown = [name for name in uploads if _stem(name) is None]
    if unknown:
        expected = ", ".join(f"{m.STEM}.csv/.xlsx" for m in SOURCES)
        raise ValueError(f"Onbekend bronbestand: {', '.join(unknown)}. Verwacht: {expected}.")
    current = source_dir()
    folder = Path(tempfile.mkdtemp(prefix="staging-", dir=adc_settings.data_dir()))
    _copy_sources(current, folder)
    for name, data in uploads.items():
        for old in build.find_source_files(folder, _stem(name)):
            old.unlink()
        (folder / name.lower()).write_bytes(data)
    return Staged(folder, "data_geladen", "geüpload: " + (", ".join(sorted(uploads)) or "niets"))


def stage_norm(viewer: Viewer, role: str, low: float, high: float, unit: str, counting: str,
               valid_from: dt.date, rationale: str) -> Staged:
    """A staging copy with one norm added; earlier norms stay, so the history is kept."""
    require_beheerder(viewer)
    if not rationale.strip():
        raise ValueError("Geef een onderbouwing: er is geen landelijke norm, dus de reden telt.")
    staged = stage(viewer, {})
    [path] = build.find_source_files(staged.folder, norms.STEM)
    current = norms.read(path.read_bytes(), path.name)
    headers = {c.name: c.header for c in norms.COLUMNS}
    added = pl.DataFrame([{"role": role, "norm_low": low, "norm_high": high, "unit": unit,
                           "counting": counting, "valid_from": valid_from,
                           "rationale": rationale.strip()}])
    table = pl.concat([current.frame.drop("_row"), added], how="vertical_relaxed")
    path.unlink()
    table.rename(headers).write_csv(staged.folder / "normen.csv", date_format="%Y-%m-%d")
    return Staged(staged.folder, "norm_gewijzigd",
                  f"{role}: {low:g}–{high:g} {unit} vanaf {valid_from:%d-%m-%Y}; {rationale.strip()}")


def stage_definition(viewer: Viewer, metric_key: str, name: str, definition: str, unit: str,
                     source_system: str, owner: str, valid_from: dt.date, reason: str) -> Staged:
    """A staging copy with one revised definition added; earlier ones stay as the history."""
    require_beheerder(viewer)
    if not reason.strip():
        raise ValueError("Geef een toelichting: waarom verandert de definitie?")
    staged = stage(viewer, {})
    headers = {c.name: c.header for c in definitions.COLUMNS}
    added = pl.DataFrame([{"metric_key": metric_key, "name": name.strip(),
                           "definition": definition.strip(), "unit": unit.strip(),
                           "source_system": source_system.strip(), "owner": owner.strip(),
                           "valid_from": valid_from, "reason": reason.strip()}])
    existing = build.find_source_files(staged.folder, definitions.STEM)
    if existing:
        [path] = existing
        current = definitions.read(path.read_bytes(), path.name).frame.drop("_row")
        added = pl.concat([current, added], how="vertical_relaxed")
        path.unlink()
    added.rename(headers).write_csv(staged.folder / "definities.csv", date_format="%Y-%m-%d")
    return Staged(staged.folder, "definitie_gewijzigd",
                  f"{metric_key} vanaf {valid_from:%d-%m-%Y}; {reason.strip()}")


def check(staged: Staged) -> list:
    """Every rejection the staged folder would get (empty: it would load)."""
    return build.read_sources(staged.folder)[1]


def commit(viewer: Viewer, staged: Staged) -> build.BuildReport:
    """Build from the staged folder; when it passes, it becomes the source folder."""
    require_beheerder(viewer)
    try:
        report = build.build_file(adc_settings.figures_db_path(), staged.folder)
    except build.BuildError as refused:
        discard(staged)
        audit.record_now(viewer.username, "data_afgewezen", "bronmap", staged.detail,
                         f"{len(refused.rejections)} afgewezen waarde(n); vorige cijfers ongewijzigd")
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
    audit.record_now(viewer.username, staged.action, "bronmap", "bronnen",
                     f"{staged.detail}; {sum(report.row_counts().values())} rijen geladen")
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
