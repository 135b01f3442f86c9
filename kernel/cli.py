"""An argument parser that speaks Dutch: the base of every `python -m ...` command line."""

from __future__ import annotations

import argparse
import re
from typing import NoReturn

# argparse speaks English; a beheerder reads Dutch.
TRANSLATIONS = (
    (r"the following arguments are required: (.*)", r"deze argumenten ontbreken: \1"),
    (r"unrecognized arguments: (.*)", r"onbekende argumenten: \1"),
    (r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)", r"\1: onbekende keuze \2 (kies uit \3)"),
    (r"argument (\S+): expected one argument", r"\1 verwacht een waarde"),
)


class DutchParser(argparse.ArgumentParser):
    """Errors in Dutch with the command's own usage text; each command overrides format_usage."""

    def error(self, message: str) -> NoReturn:
        for pattern, replacement in TRANSLATIONS:
            message = re.sub(pattern, replacement, message)
        self.exit(2, f"Onjuist gebruik: {message}\n\n{self.format_usage()}")

    def format_help(self) -> str:
        return self.format_usage()
