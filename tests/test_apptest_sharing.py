"""What the suite's and the benchmark's AppTest sessions share, as the sessions of one server
process do (tests/apptest.py): compiled scripts and the look for installed components."""

from __future__ import annotations

from tests.apptest import components_found_once, server_script_cache


def test_page_renders_share_one_compiled_script_as_a_server_does(tmp_path, monkeypatch):
    """A server compiles each script once per process (its Runtime's ScriptCache); AppTest
    compiles on every run unless one cache is shared (the benchmark's page timings, and this
    suite: tests/conftest.py), and it puts back what was there before."""
    from streamlit.runtime.scriptrunner import script_cache
    from streamlit.testing.v1 import AppTest, app_test, local_script_runner

    script = tmp_path / "app.py"
    script.write_text("import streamlit as st\nst.write('hallo')\n", encoding="utf-8")
    compiled: list[str] = []
    real_compile = compile

    def counting_compile(source, filename, *args, **kwargs):
        compiled.append(filename)
        return real_compile(source, filename, *args, **kwargs)

    monkeypatch.setattr(script_cache, "compile", counting_compile, raising=False)  # the builtin, by the module's name
    for module in (app_test, local_script_runner):  # AppTest as it comes: a new cache per run
        monkeypatch.setattr(module, "ScriptCache", script_cache.ScriptCache)
    with server_script_cache():
        for _ in range(3):
            AppTest.from_file(str(script)).run()
    shared = compiled.count(str(script))
    assert app_test.ScriptCache is local_script_runner.ScriptCache is script_cache.ScriptCache
    compiled.clear()
    for _ in range(3):
        AppTest.from_file(str(script)).run()
    assert (shared, compiled.count(str(script))) == (1, 3)


def test_new_sessions_look_for_components_once_as_a_server_does(tmp_path, monkeypatch):
    """A server looks for installed components once, when its Runtime starts; AppTest looks on
    the first run of every new session unless the look is shared (tests/conftest.py, the
    benchmark), and it puts back what was there before."""
    from streamlit.components.v2 import manifest_scanner
    from streamlit.testing.v1 import AppTest

    script = tmp_path / "app.py"
    script.write_text("import streamlit as st\nst.write('hallo')\n", encoding="utf-8")
    looks: list[int] = []

    def counting_scan(*args, **kwargs):
        looks.append(1)
        return []

    monkeypatch.setattr(manifest_scanner, "scan_component_manifests", counting_scan)  # as it comes: no sharing
    with components_found_once():
        for _ in range(3):
            AppTest.from_file(str(script)).run()
    shared = len(looks)
    assert manifest_scanner.scan_component_manifests is counting_scan
    looks.clear()
    for _ in range(3):
        AppTest.from_file(str(script)).run()
    assert (shared, len(looks)) == (1, 3)
