"""Attacks on the login: guessing (locks per user name and per address, kept in the store),
absurd user names, weak passwords, accounts without a password, demo accounts on real data."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import duckdb
import pytest

from accounts import demo, throttle, users
from accounts.demo import DEMO_PASSWORD
from kernel import adc_settings
from stories import store
from tests.records import audit_log

STRONG = "paars-fietsrek-onder-de-linde"


@pytest.fixture(params=["duckdb", "postgres"])
def empty_store(request, tmp_path, monkeypatch):
    """A store with one account, on each backend: the locks are kept in it, shared by every process."""
    monkeypatch.setenv(adc_settings.DATA_DIR.env, str(tmp_path))
    if request.param == "postgres":
        monkeypatch.setenv(adc_settings.STORE_URL.env, request.getfixturevalue("postgres_url"))
    users.create_user("setup", "wethouder", "raad", password=STRONG)
    return tmp_path


# Refusals before any lock is read or kept, and the lock's counting rules: one backend is enough
# (they cost seconds of password hashing each).
ONE_BACKEND = pytest.mark.parametrize("empty_store", ["duckdb"], indirect=True)


def fail(username: str, times: int, client: str | None = None) -> None:
    for _ in range(times):
        with pytest.raises(users.AccountError, match="^Gebruikersnaam of wachtwoord is onjuist.$"):
            users.login(username, "fout-wachtwoord", client)


def run_cli(data_dir, *args, env: dict | None = None):
    return subprocess.run(
        [sys.executable, "-m", "accounts", *args],
        cwd=adc_settings.ROOT,
        env={**os.environ, adc_settings.DATA_DIR.env: str(data_dir), **(env or {})},
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.slow
def test_five_failures_lock_the_account_even_for_the_right_password(empty_store):
    fail("wethouder", 4)
    assert users.login("wethouder", STRONG).username == "wethouder"  # a success starts afresh
    fail("wethouder", 5)
    with pytest.raises(users.AccountError, match="^Te veel mislukte pogingen") as locked:
        users.login("wethouder", STRONG)
    assert "bestaat" not in str(locked.value)
    actions = [row[1] for row in audit_log("actor, action, object_id, detail")]
    assert actions.count("inloggen_vergrendeld") == 1 and actions[-1] == "inloggen_geblokkeerd"


@ONE_BACKEND  # the same lock rows as above; only the counting differs
@pytest.mark.slow
def test_an_unknown_user_name_gets_the_same_lock_and_message(empty_store):
    fail("bestaat-niet", 5)
    with pytest.raises(users.AccountError) as unknown:
        users.login("bestaat-niet", STRONG)
    fail("wethouder", 5)
    with pytest.raises(users.AccountError) as known:
        users.login("wethouder", STRONG)
    assert str(unknown.value) == str(known.value) == users.LOCKED


@pytest.mark.subprocess
def test_the_lock_holds_in_another_process_and_the_beheerder_lifts_it(empty_store):
    fail("wethouder", 5)
    with store.connect() as con:  # what another process (a second server) reads
        assert con.execute("select count(*) from login_locks").fetchone()[0] == 1
    result = run_cli(empty_store, "unlock", "wethouder")
    assert (result.returncode, result.stdout.strip()) == (0, "Inloggen voor 'wethouder' vrijgegeven.")
    assert users.login("wethouder", STRONG).username == "wethouder"
    released = ("beheer-cli", "inloggen_vrijgegeven", "wethouder", "was geblokkeerd")
    assert released in audit_log("actor, action, object_id, detail")


@pytest.mark.slow
def test_a_lock_ends_after_fifteen_minutes(empty_store):
    fail("wethouder", 5)
    with store.connect() as con:
        con.execute("update login_locks set locked_until = locked_until - interval '15 minutes'")
    assert users.login("wethouder", STRONG).username == "wethouder"


@ONE_BACKEND  # the same lock rows as above; only the counting differs
@pytest.mark.slow
def test_many_failures_from_one_address_lock_that_address_only(empty_store):
    for n in range(throttle.MAX_FAILURES_PER_ADDRESS):
        fail(f"gok-{n}", 1, client="203.0.113.9")
    with pytest.raises(users.AccountError, match="^Te veel"):
        users.login("wethouder", STRONG, "203.0.113.9")
    assert users.login("wethouder", STRONG, "198.51.100.4").username == "wethouder"


@ONE_BACKEND
@pytest.mark.parametrize("username", ["a" * 1_000_000, "<script>alert(1)</script>", "jan de vries"])
def test_an_impossible_user_name_is_refused_before_any_lookup_and_logged_cut_short(empty_store, username):
    with pytest.raises(users.AccountError, match="^Gebruikersnaam of wachtwoord is onjuist.$"):
        users.login(username, STRONG)
    actor, action, object_id, _ = audit_log("actor, action, object_id, detail")[-1]
    assert action == "inloggen_mislukt"
    assert len(actor) < 120 and len(object_id) < 120 and actor.startswith("(ongeldige naam")


@ONE_BACKEND
def test_a_huge_password_is_refused_without_hashing_it(empty_store):
    with pytest.raises(users.AccountError, match="^Gebruikersnaam of wachtwoord is onjuist.$"):
        users.login("wethouder", STRONG + "x" * 1_000_000)


@ONE_BACKEND
@pytest.mark.parametrize(
    "password",
    ["1234567890ab", " " * 10, " " * 14, "wachtwoord123", "welkom01welkom", "qwertyuiop123", "wethouder2025!"],
)
def test_weak_passwords_are_refused_in_dutch(empty_store, password):
    with pytest.raises(users.AccountError, match="minstens 12 tekens|te makkelijk te raden"):
        users.create_user("setup", "wethouder-2", "raad", password=password, display_name="Wethouder")


@ONE_BACKEND
def test_an_account_needs_a_password_unless_it_signs_in_with_single_sign_on(empty_store):
    with pytest.raises(users.AccountError, match="Geef een wachtwoord"):
        users.create_user("setup", "raad-2", "raad")
    users.create_user("setup", "raad-3", "raad", email="raad3@example.org")
    with pytest.raises(users.AccountError, match="^Gebruikersnaam of wachtwoord is onjuist.$"):
        users.login("raad-3", "")


@ONE_BACKEND
@pytest.mark.subprocess
def test_the_command_line_without_a_terminal_or_password_refuses(empty_store):
    result = run_cli(empty_store, "create", "beheer-2", "--rol", "beheerder")
    assert result.returncode == 1 and "Geen wachtwoord" in result.stderr
    assert "beheer-2" not in users.list_users()["username"].to_list()
    weak = run_cli(empty_store, "create", "beheer-2", "--rol", "beheerder", env={"ADC_NEW_PASSWORD": "1234567890"})
    assert weak.returncode == 1 and "minstens 12 tekens" in weak.stderr


@pytest.mark.subprocess
def test_demo_accounts_only_on_figures_built_from_the_sample_data(sample_data_dir, tmp_path, monkeypatch):
    assert demo.built_from_sample_data(sample_data_dir / "figures.duckdb")
    own = tmp_path / "eigen"
    own.mkdir()
    shutil.copy(sample_data_dir / "figures.duckdb", own / "figures.duckdb")
    with duckdb.connect(str(own / "figures.duckdb")) as con:  # one source file of one's own
        con.execute("update meta_source_files set sha256 = repeat('0', 64) where source = 'caseload'")
    monkeypatch.setenv(adc_settings.DATA_DIR.env, str(own))
    assert not demo.built_from_sample_data()
    result = run_cli(own, "demo")
    assert result.returncode == 1 and "alleen voor de voorbeelddata" in result.stderr
    assert users.list_users().is_empty()
    monkeypatch.setenv(adc_settings.DATA_DIR.env, str(tmp_path / "leeg"))  # no figures at all
    with pytest.raises(users.AccountError, match="alleen voor de voorbeelddata"):
        demo.create_demo_users()


def test_accounts_with_the_demo_password_are_named(sample_data_dir, monkeypatch):
    monkeypatch.setenv(adc_settings.DATA_DIR.env, str(sample_data_dir))
    assert demo.accounts_with_demo_password() == sorted(name for name, *_ in demo.DEMO_USERS)
    assert DEMO_PASSWORD not in str(demo._IS_DEMO_HASH)
