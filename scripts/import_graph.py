"""Prints which top-level package of the project imports which (the layering, at a glance)."""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = (
    "kernel",
    "dashboard",
    "briefing",
    "presentation",
    "queries",
    "stories",
    "accounts",
    "etl",
    "bench",
    "scripts",
)
MODULES = ("adc_settings", "adc_duckdb", "adc_files")  # top-level modules, if any are left


def owner(module: str) -> str | None:
    """The project package (or top-level module) a dotted module name belongs to."""
    head = module.split(".")[0]
    return head if head in PACKAGES or head in MODULES else None


def graph() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = defaultdict(set)
    sources = [p for p in ROOT.glob("*.py")]
    sources += [p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py")]
    for path in sources:
        source = owner(".".join(path.relative_to(ROOT).with_suffix("").parts))
        if source is None:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                target = owner(name)
                if target and target != source:
                    edges[source].add(target)
                if name.split(".")[0] == "streamlit":
                    edges[source].add("streamlit")
    return edges


def main() -> None:
    edges = graph()
    for source in sorted(edges):
        print(f"{source:>12} -> {', '.join(sorted(edges[source]))}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
