"""Command line for accounts: `python -m accounts create|disable|enable|unlock|list|demo`.

Exit status: 0 success, 1 refused (Dutch message), 2 wrong usage.
"""

from __future__ import annotations

import getpass
import os
import sys

from accounts import demo, users
from kernel.access import ROLES
from kernel.cli import DutchParser
from stories import store

USAGE = """Gebruik:
  python -m accounts create NAAM --rol ROL [--teams T1,T2] [--naam "Weergavenaam"] [--email ADRES]
        wachtwoord uit ADC_NEW_PASSWORD of gevraagd op de terminal; zonder wachtwoord
        alleen inloggen via single sign-on (met --email)
  python -m accounts disable NAAM      account uitschakelen (wordt nooit verwijderd)
  python -m accounts enable NAAM       account weer inschakelen
  python -m accounts unlock NAAM       inloggen vrijgeven na te veel mislukte pogingen
  python -m accounts list              alle accounts
  python -m accounts demo              demo-accounts aanmaken; alleen als de cijfers uit
        sample_data/ zijn gebouwd (--synthetisch: verzonnen data van de benchmark)
Rollen: """ + ", ".join(ROLES)


class Parser(DutchParser):
    def format_usage(self) -> str:
        return USAGE + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = Parser(prog="python -m accounts")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    create = commands.add_parser("create")
    create.add_argument("username")
    create.add_argument("--rol", required=True, choices=list(ROLES))
    create.add_argument("--teams", default="")
    create.add_argument("--naam", default="")
    create.add_argument("--email")
    for name in ("disable", "enable", "unlock"):
        commands.add_parser(name).add_argument("username")
    commands.add_parser("list")
    commands.add_parser("demo").add_argument("--synthetisch", action="store_true")
    args = parser.parse_args(argv)

    if (unusable := store.why_unusable()) is not None:  # a wrong ADC_STORE_URL stops here, before any work
        print(f"Geweigerd: {unusable}", file=sys.stderr)
        return 1
    try:
        if args.command == "create":
            password = os.environ.get("ADC_NEW_PASSWORD")
            if password is None and args.email is None:
                if not sys.stdin.isatty():
                    raise users.AccountError(
                        "Geen wachtwoord: zet het in ADC_NEW_PASSWORD of start de opdracht op een "
                        "terminal. Zonder wachtwoord alleen met --email (single sign-on)."
                    )
                password = getpass.getpass("Wachtwoord: ")
            teams = tuple(t.strip().upper() for t in args.teams.split(",") if t.strip())
            users.create_user(
                "beheer-cli",
                args.username,
                args.rol,
                teams,
                password=password,
                display_name=args.naam,
                email=args.email,
            )
            print(f"Gebruiker '{args.username}' aangemaakt.")
        elif args.command in ("disable", "enable"):
            users.set_active("beheer-cli", args.username, args.command == "enable")
            print(f"Gebruiker '{args.username}' {'in' if args.command == 'enable' else 'uit'}geschakeld.")
        elif args.command == "unlock":
            was_locked = users.unlock("beheer-cli", args.username)
            print(
                f"Inloggen voor '{args.username}' vrijgegeven."
                if was_locked
                else f"'{args.username}' was niet geblokkeerd; mislukte pogingen gewist."
            )
        elif args.command == "list":
            print(users.list_users())
        else:
            print(f"Demo-accounts: {demo.create_demo_users(synthetic=args.synthetisch)} aangemaakt.")
    except users.AccountError as error:
        print(f"Geweigerd: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
