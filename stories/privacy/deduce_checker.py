"""The de-identifier deduce as a privacy checker: one shared instance, its pickle cache checked by
sha256 before it is loaded, and its findings mapped onto ours."""

from __future__ import annotations

import gc
import logging
import os
import pickle
import re
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from kernel import adc_settings
from kernel.adc_files import FILE_MODE, file_sha256, private_dir, private_file
from stories.privacy.findings import SOURCE_DEDUCE, Finding, make_finding, merge_findings
from stories.privacy.rules import RuleChecker, has_birth_cue_near, year_of

# --------------------------------------------------------------------------------------
# DeduceChecker
# --------------------------------------------------------------------------------------

# deduce 3.0.6 tag -> our kind. Tags not listed here map to "overig" (shown, not dropped).
_DEDUCE_KINDS = {
    "persoon": "naam",
    "patient": "naam",
    "locatie": "adres",
    "ziekenhuis": "instelling",
    "zorginstelling": "instelling",
    "datum": "geboortedatum",  # only kept near a birth cue, see DeduceChecker.check
    "leeftijd": "leeftijd",  # annotator disabled, see _DEDUCE_DISABLED
    "telefoonnummer": "telefoon",
    "emailadres": "email",
    "bsn": "bsn",
    "url": "url",
}
# Two deduce annotators are switched off before deduce resolves overlaps (where they
# could otherwise win over a better finding, e.g. "id" over a phone number):
# - "identifier" tags every run of 7+ digits as "id": amounts written without
#   separators, registration numbers, 9-digit numbers that fail the 11-proef. Our
#   validators cover the numbers that matter (BSN, IBAN, phone).
# - "age" tags any number before "jaar"/"jarig" that is not in a short list of duration
#   contexts, so "de aanvraag duurde 2 jaar", "jongeren tot 27 jaar" and "het 25-jarig
#   jubileum" become ages. Durations are everywhere in these stories; our own age rule
#   needs a person word or an age form ("een jongen van 15", "87-jarige", "Mevrouw, 78 jaar,").
_DEDUCE_DISABLED = {"identifier", "age"}
# deduce's phone pattern also fires on digits inside a longer token, such as the account
# part of an IBAN with wrong check digits ("NL92ABNA0417164300" -> "0417164300").
_GLUED = re.compile(r"[A-Za-z0-9]")

_deduce_lock = threading.Lock()
_deduce_instance: Any = None


def deduce_cache_dir() -> Path:
    path = Path(adc_settings.DEDUCE_CACHE_DIR.get())
    return path if path.is_absolute() else adc_settings.ROOT / path


def _import_deduce() -> Any:
    # deduce calls logging.basicConfig(stream=sys.stdout, level=DEBUG) when imported,
    # which would make every library in the process (streamlit, duckdb, urllib3) log
    # debug lines to stdout. Undo that: keep the root logger as it was.
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    import deduce  # noqa: PLC0415 - deliberately lazy: importing and building is slow

    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
    root.setLevel(level)
    return deduce


def deduce_cache_file() -> Path:
    """Where deduce 3.0.6 keeps its lookup structures under the cache directory."""
    return deduce_cache_dir() / "cache" / "lookup_structs.pickle"


def deduce_checksum_file(cache_file: Path | None = None) -> Path:
    """The sha256 of the pickle, written by us when deduce built it (mode 0600)."""
    cache_file = cache_file or deduce_cache_file()
    return cache_file.with_name(cache_file.name + ".sha256")


def cache_is_trusted(cache_file: Path) -> bool:
    """Whether the pickle is the one whose checksum we wrote: read as bytes, never unpickled."""
    try:
        expected = deduce_checksum_file(cache_file).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return False
    return cache_file.is_file() and len(expected) == 64 and file_sha256(cache_file) == expected


def trusted_or_set_aside(cache_file: Path) -> bool:
    """True when the pickle may be loaded. A pickle without a matching checksum (placed or
    changed by someone else, or from before checksums) is moved aside, never loaded, and the
    caller rebuilds. False also when there is no pickle yet."""
    if not cache_file.exists():
        return False
    if cache_is_trusted(cache_file):
        return True
    aside = cache_file.with_name(cache_file.name + ".onvertrouwd")
    os.replace(cache_file, aside)
    deduce_checksum_file(cache_file).unlink(missing_ok=True)
    notice = (
        f"Let op: de cache van de privacycontrole ({cache_file}) had geen kloppende "
        f"controlesom en is niet geladen; apart gezet als {aside.name}. De cache wordt "
        "opnieuw opgebouwd (1,5-3 minuten)."
    )
    logging.getLogger(__name__).warning(notice)
    print(notice, file=sys.stderr, flush=True)
    return False


def seal_cache(cache_file: Path) -> None:
    """Write the pickle's checksum beside it (after deduce built or loaded it), owner only."""
    if not cache_file.is_file():
        return
    digest = file_sha256(cache_file)
    checksum = deduce_checksum_file(cache_file)
    private_file(cache_file)
    if checksum.is_file() and checksum.read_text(encoding="ascii").strip() == digest:
        return
    partial = checksum.with_name(f".{checksum.name}.{os.getpid()}")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        os.write(fd, f"{digest}\n".encode("ascii"))
    finally:
        os.close(fd)
    private_file(partial)
    os.replace(partial, checksum)


@contextmanager
def _build_lock(cache: Path) -> Iterator[None]:
    """Serialise the first build across processes (dashboard and warm_deduce.py started
    together): the second waits and then loads the cache in seconds instead of building
    in parallel and possibly reading a half-written pickle."""
    private_dir(cache / "cache", tighten=True)
    private_dir(cache, tighten=True)
    try:
        import fcntl  # noqa: PLC0415 - not on Windows
    except ImportError:
        yield  # the EOFError retry in get_deduce covers the race there
        return
    with open(cache / ".build.lock", "w", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def get_deduce() -> Any:
    """The process-wide ``deduce.Deduce``, built on first use: 5-7 s from the cache (loading
    1.7 s, then freeze_what_lives' collection); the first time in a fresh environment one to
    two minutes while it builds an ~80 MB cache."""
    global _deduce_instance
    if _deduce_instance is None:
        with _deduce_lock:
            if _deduce_instance is None:
                deduce = _import_deduce()
                cache = deduce_cache_dir()
                with _build_lock(cache):
                    # deduce 3.0.6: Deduce(cache_path=...) reads and writes
                    # <cache_path>/cache/lookup_structs.pickle (pickle.load in
                    # deduce/lookup_structs.py); the lookup lists it is built from stay in the
                    # installed package. Checked just before deduce opens it, under the build
                    # lock, in a folder only the owner can write.
                    rebuild = not trusted_or_set_aside(deduce_cache_file())
                    try:
                        with collector_paused():
                            _deduce_instance = deduce.Deduce(cache_path=cache, build_lookup_structs=rebuild)
                    except (EOFError, pickle.UnpicklingError):
                        # deduce writes the pickle in place, so an interrupted build or a
                        # concurrent one leaves a truncated file that it does not catch.
                        with collector_paused():
                            _deduce_instance = deduce.Deduce(cache_path=cache, build_lookup_structs=True)
                    # The pickle deduce just loaded (it matched) or wrote (a build, or deduce's
                    # own rebuild after an upgrade): seal it for the next process.
                    seal_cache(deduce_cache_file())
                    freeze_what_lives()
    return _deduce_instance


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off while deduce makes its 4.5 million objects.

    Every 700 new container objects start a young collection, and the objects that survive it
    are scanned again by the older ones: unpickling the cache took 5.7 s with the collector on
    and 1.7 s with it off, a build 72 s and 58 s (deduce 3.0.6 on the 2-core machine). Garbage
    made meanwhile, also by other threads, is only collected later (freeze_what_lives collects
    before it freezes), not lost."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def freeze_what_lives() -> None:
    """Take every object alive now (deduce's lookup structures: some 4.6 million Python objects
    that live as long as the process) out of the cyclic garbage collector's generations.

    CPython runs a full collection only once the objects that reached its oldest generation
    since the last one number a quarter of those already there. With deduce's millions in
    there, that took over a million new objects, so the reference cycles every page run leaves
    behind were never collected: a dashboard process grew by 20-40 MB per page run, to 3 GB
    after every page for every audience (issue 18). Frozen, deduce's objects are never scanned
    again and the app's own objects set the pace. Garbage is collected first, so none is
    frozen; the collection after the freeze resets the size the next one waits for."""
    gc.collect()
    gc.freeze()
    gc.collect()


class DeduceChecker:
    """deduce's findings plus the RuleChecker's, merged."""

    def __init__(self) -> None:
        self._rules = RuleChecker()

    def warm(self) -> None:
        """Build deduce now rather than on the first check."""
        get_deduce()

    def check(self, text: str) -> list[Finding]:
        # No lock around deidentify: docdeid makes a fresh Document per call and the
        # processors only hold configuration and read-only lookup structures.
        doc = get_deduce().deidentify(text, disabled=_DEDUCE_DISABLED)
        found: list[Finding] = []
        for annotation in doc.annotations:
            kind = _DEDUCE_KINDS.get(annotation.tag, "overig")
            start, end = annotation.start_char, annotation.end_char
            # deduce flags every date. Stories are full of meeting and decision dates
            # ("op 12 maart hadden we overleg") that are not personal data; flagging them
            # all would bury the real findings. So a date is kept only as a birth date,
            # with the same birth-cue rule as the RuleChecker.
            if annotation.tag == "datum" and not has_birth_cue_near(text, start, end, year_of(annotation.text)):
                continue
            if kind in ("telefoon", "bsn") and (
                (start > 0 and _GLUED.match(text[start - 1])) or _GLUED.match(text[end : end + 1])
            ):
                continue
            found.append(make_finding(text, start, end, kind, SOURCE_DEDUCE))
        found.extend(self._rules.check(text))
        return merge_findings(text, found)
