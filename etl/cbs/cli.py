"""`python -m etl cbs fetch --gemeente GM… [--peers GM…,GM…] [--source MAP]`: fetch and keep a snapshot."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from etl.cbs import snapshot
from etl.cbs.client import HttpSource
from etl.cbs.odata import CbsRefused, collect
from etl.cbs.tables import BY_ID


def add_parser(commands: Any) -> None:
    cbs = commands.add_parser("cbs")
    actions = cbs.add_subparsers(dest="cbs_command", required=True, parser_class=type(cbs))
    fetch_cmd = actions.add_parser("fetch")
    fetch_cmd.add_argument("--gemeente", required=True)
    fetch_cmd.add_argument("--peers", default=None)
    fetch_cmd.add_argument("--source", type=Path, default=None)


def run(args: argparse.Namespace, default_source: Path) -> int:
    folder = args.source or default_source
    peers = None if args.peers is None else [p for p in args.peers.split(",") if p.strip()]
    if not folder.is_dir():
        print(
            f"Ophalen afgebroken: {folder} is geen bestaande map; verwacht de map met "
            "bronbestanden waarin de momentopname komt.",
            file=sys.stderr,
        )
        return 1
    source = HttpSource()
    print(f"CBS-cijfers ophalen bij {source.base_url} …", flush=True)
    try:
        rows = collect(source, args.gemeente, peers, dt.date.today())
    except CbsRefused as refused:
        print(f"Ophalen afgebroken: {refused}", file=sys.stderr)
        previous = folder / snapshot.FILE_NAME
        print(
            f"De vorige momentopname ({previous}) is ongewijzigd."
            if previous.exists()
            else f"Er is geen momentopname geschreven ({previous} bestaat nog niet).",
            file=sys.stderr,
        )
        return 1
    finally:
        source.close()
    path = snapshot.write(folder, rows)
    for table_id, count in Counter(r["table_id"] for r in rows).items():
        print(f"  {table_id} ({BY_ID[table_id].title}): {count} waarden")
    print(f"Momentopname opgeslagen: {path}. Laad hem met: python -m etl build --source {folder}")
    return 0
