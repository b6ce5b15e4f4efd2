"""The UI's front-end files ship with the package: the ones the installed Solara's page asks
for, put into Solara's cache by `fremdrift ui` so the page needs no CDN."""

from __future__ import annotations

import re
from pathlib import Path

import solara

from scripts import solara_assets
from sim.shipped import fill_solara_cache, frontend_dir, frontend_manifest

SOLARA = Path(solara.__file__).parent
# Named by Solara's page but not loaded by it in production: the unminified app (development
# mode) and a second copy of requirejs that is loaded only when the first is missing.
NOT_LOADED = {"solara-vuetify-app8.js", "require.min.js"}


def test_the_shipped_front_end_is_the_one_the_installed_solara_asks_for():
    wanted = solara_assets.wanted_versions(SOLARA)
    assert frontend_manifest()["packages"] == wanted, (
        "Solara asks for other front-end versions: run .venv/bin/python scripts/solara_assets.py"
    )


def test_every_front_end_file_solaras_page_names_ships():
    text = "\n".join((SOLARA / s).read_text() for s in solara_assets.SOURCES)
    text = text.replace("{{ipywidget_major_version}}", "8")
    named = set()
    for package, version in frontend_manifest()["packages"].items():
        for path in re.findall(re.escape(f"{package}@{version}/") + r"([\w./-]+)", text):
            if Path(path).name not in NOT_LOADED:
                named.add(f"{package}@{version}/{path}")
    missing = sorted(p for p in named if not (frontend_dir() / p).is_file())
    assert named and not missing, f"named by Solara's page, not shipped: {missing}"


def test_filling_solaras_cache_copies_each_missing_file_once(tmp_path):
    shipped = [p for p in frontend_dir().rglob("*") if p.is_file() and p.name != "MANIFEST.json"]
    assert fill_solara_cache(tmp_path) == len(shipped)
    for path in shipped:
        copy = tmp_path / path.relative_to(frontend_dir())
        assert copy.read_bytes() == path.read_bytes(), copy
    assert fill_solara_cache(tmp_path) == 0, "a second start copies nothing"
    assert not list(tmp_path.rglob("*.partial")), "no half-written file is left"


def test_the_ui_command_fills_solaras_cache_or_serves_from_the_package(tmp_path, monkeypatch):
    """`fremdrift ui` fills the cache Solara will read; where that cache cannot be written (a
    system-wide install), it points the server at the package's own files instead."""
    import solara.server.settings
    from rich.console import Console

    from sim.cli.ui_cmd import frontend_env

    console = Console(file=open(tmp_path / "said", "w"))  # noqa: SIM115 - closed below
    monkeypatch.setattr(solara.server.settings.assets, "proxy_cache_dir", tmp_path / "cache")
    assert frontend_env(console) == {}
    assert (tmp_path / "cache" / "requirejs@2.3.6" / "require.js").is_file()
    (tmp_path / "a-file").write_text("")
    monkeypatch.setattr(solara.server.settings.assets, "proxy_cache_dir", tmp_path / "a-file" / "c")
    assert frontend_env(console) == {"SOLARA_ASSETS_PROXY_CACHE_DIR": str(frontend_dir())}
    console.file.close()
    assert (tmp_path / "said").read_text() == "", "no warning with the Solara the files are for"
