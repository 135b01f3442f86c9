"""Local accounts: argon2 hashes, disabling, login attempts audited; the command line."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from accounts import demo, users
from kernel import adc_settings
from stories import store
from tests.records import audit_log

STRONG = "paars-fietsrek-onder-de-linde"  # passes the password policy


@pytest.fixture(params=["duckdb", "postgres"])
def empty_store(request, tmp_path, monkeypatch):
    """An empty story store on each backend: a new DuckDB file in tmp_path, or a new PostgreSQL database."""
    monkeypatch.setenv(adc_settings.DATA_DIR.env, str(tmp_path))
    if request.param == "postgres":
        monkeypatch.setenv(adc_settings.STORE_URL.env, request.getfixturevalue("postgres_url"))
    return tmp_path


def test_password_is_stored_only_as_a_salted_argon2_hash(empty_store):
    users.create_user("beheerder", "a-1", "professional", ("WMO",), password="een-lang-wachtwoord")
    users.create_user("beheerder", "a-2", "professional", ("WMO",), password="een-lang-wachtwoord")
    with store.connect() as con:
        hashes = [r[0] for r in con.execute("select password_hash from users order by username").fetchall()]
    assert all(h.startswith("$argon2id$") for h in hashes)
    assert hashes[0] != hashes[1]  # salted
    assert "een-lang-wachtwoord" not in "".join(hashes)


def test_an_unknown_user_name_is_verified_against_a_hash_as_costly_as_a_real_one():
    """The dummy hash is written out in accounts/users.py: with the hasher's own parameters
    (memory, time, parallelism, version), a wrong name costs what a wrong password costs."""
    assert users._DUMMY_HASH.startswith("$argon2id$")
    assert not users._hasher.check_needs_rehash(users._DUMMY_HASH)
    real = users._hasher.hash("een-lang-wachtwoord")
    assert real.split("$")[1:4] == users._DUMMY_HASH.split("$")[1:4]
    assert not users._verify(users._DUMMY_HASH, "een-lang-wachtwoord")


def test_login_returns_the_viewer_with_role_and_teams_and_is_audited(empty_store):
    users.create_user("beheerder", "Manager-1", "manager", ("WMO", "SHV"), password=STRONG)
    viewer = users.login("manager-1", STRONG)
    assert (viewer.username, viewer.role, viewer.teams) == ("manager-1", "manager", ("WMO", "SHV"))
    assert audit_log()[-1] == ("manager-1", "inloggen")


@pytest.mark.slow  # over a second: the full suite, not the quick tier
def test_wrong_password_gets_one_dutch_message_and_a_failed_login_record(empty_store):
    users.create_user("beheerder", "p-1", "professional", ("WMO",), password=STRONG)
    for name, password in (("p-1", "fout"), ("bestaat-niet", STRONG)):
        with pytest.raises(users.AccountError, match="^Gebruikersnaam of wachtwoord is onjuist.$"):
            users.login(name, password)
    assert audit_log()[-2:] == [("p-1", "inloggen_mislukt"), ("bestaat-niet", "inloggen_mislukt")]


def test_disabled_user_cannot_log_in_and_is_never_deleted(empty_store):
    users.create_user("beheerder", "p-1", "professional", ("WMO",), password=STRONG)
    users.set_active("beheerder", "p-1", False)
    with pytest.raises(users.AccountError, match="uitgeschakeld"):
        users.login("p-1", STRONG)
    assert users.list_users()["active"].to_list() == [False]
    assert ("beheerder", "gebruiker_uitgeschakeld") in audit_log()


@pytest.mark.parametrize("empty_store", ["duckdb"], indirect=True)  # refused before any store is opened
@pytest.mark.parametrize(
    "role, teams, password, message",
    [
        ("professional", (), STRONG, "precies één team"),
        ("manager", (), STRONG, "één of meer teams"),
        ("koning", (), STRONG, "Onbekende rol"),
        ("raad", (), "kort", "minstens 12 tekens"),
    ],
)
def test_invalid_accounts_are_refused_in_dutch(empty_store, role, teams, password, message):
    with pytest.raises(users.AccountError, match=message):
        users.create_user("beheerder", "x", role, teams, password=password)


@pytest.mark.parametrize("empty_store", ["duckdb"], indirect=True)  # refused before any store is opened
@pytest.mark.parametrize(
    "username", ["<b>jan</b>", "jan de vries", "[x](javascript:alert(1))", "jan\x1b[31m", "-jan", "a" * 65]
)
def test_a_user_name_with_markup_spaces_or_controls_is_refused(empty_store, username):
    with pytest.raises(users.AccountError, match="kleine letters, cijfers"):
        users.create_user("beheerder", username, "raad", password=STRONG)


@pytest.mark.slow
def test_demo_accounts_are_created_once_and_can_log_in(empty_store):
    assert demo.create_demo_users(synthetic=True) == len(demo.DEMO_USERS)
    assert demo.create_demo_users(synthetic=True) == 0
    assert users.login("wethouder", demo.DEMO_PASSWORD).role == "raad"


@pytest.mark.subprocess
def test_command_line_creates_and_disables_users(empty_store):
    env = {**os.environ, adc_settings.DATA_DIR.env: str(empty_store), "ADC_NEW_PASSWORD": "een-lang-wachtwoord"}

    def run(*args):
        return subprocess.run(
            [sys.executable, "-m", "accounts", *args],
            cwd=adc_settings.ROOT,
            env=env,
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
        )

    assert run("create", "wmo-9", "--rol", "professional", "--teams", "wmo").returncode == 0
    assert run("disable", "wmo-9").returncode == 0
    refused = run("create", "wmo-9", "--rol", "professional", "--teams", "WMO")
    assert (refused.returncode, refused.stderr.strip()) == (1, "Geweigerd: De gebruiker 'wmo-9' bestaat al.")
    assert run("create", "x", "--rol", "koning").returncode == 2
    assert users.list_users().select("username", "teams", "active").rows() == [("wmo-9", ["WMO"], False)]
