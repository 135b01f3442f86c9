"""The beheerder's uploads and norm changes: staged, checked, built, audited; refused ones lose nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from etl import build, workspace
from kernel.access import BEHEERDER, MANAGER, Viewer
from queries import db
from tests.records import audit_log
from tests.sources import CASELOAD

BEHEER = Viewer("beheerder", BEHEERDER)


@pytest.mark.slow
def test_the_source_folder_starts_as_a_copy_of_the_last_good_build(loaded):
    assert workspace.source_files()["file"].to_list() == [
        "begroting.xlsx",
        "beschikkingen.csv",
        "caseload.csv",
        "normen.csv",
        "regelingen.csv",
        "teams.csv",
    ]


@pytest.mark.slow
def test_an_upload_replaces_its_source_and_the_figures_follow(loaded):
    revised = CASELOAD.replace("470", "520").encode("cp1252")
    staged = workspace.stage(BEHEER, {"Caseload.csv": revised})
    assert workspace.check(staged) == []
    workspace.commit(BEHEER, staged)
    assert db.figures().execute(
        "select active_dossiers from stg_caseload where team_code = 'T-A' order by peildatum"
    ).fetchall() == [(520,), (480,)]
    assert (workspace.source_dir() / "caseload.csv").read_bytes() == revised
    assert audit_log()[-1] == ("beheerder", "data_geladen")


@pytest.mark.slow
def test_a_refused_upload_keeps_the_figures_and_the_source_folder(loaded):
    before = (workspace.source_dir() / "caseload.csv").read_bytes()
    staged = workspace.stage(BEHEER, {"caseload.csv": CASELOAD.replace("470", "veel").encode()})
    assert [r.message() for r in workspace.check(staged)] == [
        "caseload.csv, rij 2, kolom 'Actieve dossiers': waarde 'veel' afgewezen; verwacht: een geheel getal ≥ 0."
    ]
    with pytest.raises(build.BuildError):
        workspace.commit(BEHEER, staged)
    assert (workspace.source_dir() / "caseload.csv").read_bytes() == before
    assert not staged.folder.exists()
    assert audit_log()[-1] == ("beheerder", "data_afgewezen")


@pytest.mark.slow
def test_an_unknown_file_name_is_refused_before_anything_happens(loaded):
    with pytest.raises(ValueError, match="Onbekend bronbestand: export.csv"):
        workspace.stage(BEHEER, {"export.csv": b"x"})


@pytest.mark.slow
def test_a_new_norm_is_added_with_its_rationale_and_the_old_one_kept(loaded):
    staged = workspace.stage_norm(
        BEHEER, "klantmanager", 70, 75, "cliënten", "actief_op_peildatum", dt.date(2024, 2, 1), "Na evaluatie verlaagd."
    )
    workspace.commit(BEHEER, staged)
    con = db.figures()
    assert con.execute(
        "select norm_low, valid_from, rationale from stg_caseload_norms where role = 'klantmanager' order by valid_from"
    ).fetchall() == [
        (75.0, dt.date(2021, 1, 1), "Geschat; wordt geëvalueerd."),
        (70.0, dt.date(2024, 2, 1), "Na evaluatie verlaagd."),
    ]
    assert con.execute(
        "select norm_high from mart_caseload_monthly where team_code = 'T-A' order by month"
    ).fetchall() == [(80.0,), (75.0,)]
    assert audit_log()[-1] == ("beheerder", "norm_gewijzigd")


def test_only_the_beheerder_may_load_or_change_norms(loaded):
    manager = Viewer("manager-zorg", MANAGER, ("WMO",))
    with pytest.raises(workspace.NotBeheerder):
        workspace.stage(manager, {})
    with pytest.raises(workspace.NotBeheerder):
        workspace.stage_norm(manager, "klantmanager", 1, 2, "x", "actief_op_peildatum", dt.date(2024, 1, 1), "x")


@pytest.mark.slow
def test_a_revised_definition_replaces_the_standard_one_and_both_stay_in_the_history(loaded):
    staged = workspace.stage_definition(
        BEHEER,
        "active_dossiers",
        "Actieve dossiers",
        "Dossiers met contact in de laatste drie maanden.",
        "dossiers",
        "Cliëntvolgsysteem",
        "Teamleider",
        dt.date(2025, 1, 1),
        "Slapende dossiers tellen niet meer mee.",
    )
    workspace.commit(BEHEER, staged)
    con = db.figures()
    assert con.execute(
        "select definition, definition_valid_from from mart_metric_catalog where metric_key = 'active_dossiers'"
    ).fetchone() == ("Dossiers met contact in de laatste drie maanden.", dt.date(2025, 1, 1))
    history = con.execute(
        "select valid_from, reason from mart_definition_history "
        "where metric_key = 'active_dossiers' order by valid_from nulls first"
    ).fetchall()
    assert history == [(None, "Standaarddefinitie"), (dt.date(2025, 1, 1), "Slapende dossiers tellen niet meer mee.")]
    assert audit_log()[-1] == ("beheerder", "definitie_gewijzigd")

    again = workspace.stage_definition(
        BEHEER,
        "active_dossiers",
        "Actieve dossiers",
        "Weer anders.",
        "dossiers",
        "Cliëntvolgsysteem",
        "Teamleider",
        dt.date(2026, 1, 1),
        "Tweede herziening.",
    )
    workspace.commit(BEHEER, again)
    assert db.figures().execute(
        "select count(*) from mart_definition_history where metric_key = 'active_dossiers'"
    ).fetchone() == (3,)


def test_a_definition_file_with_an_unknown_figure_is_refused(loaded):
    bad = (
        "Cijfer,Naam,Definitie,Eenheid,Bron,Eigenaar,Geldig vanaf,Toelichting\n"
        "geluk,Geluk,Hoe blij,score,Enquête,Wethouder,2025-01-01,Nieuw\n"
    )
    staged = workspace.stage(BEHEER, {"definities.csv": bad.encode()})
    assert [r.message().split(";")[0] for r in workspace.check(staged)] == [
        "definities.csv, rij 2, kolom 'Cijfer': waarde 'geluk' afgewezen"
    ]
    workspace.discard(staged)
