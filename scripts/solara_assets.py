"""Refresh the UI's front-end files that Fremdrift ships, from the npm registry.

Solara's page loads its JavaScript, CSS and fonts from a CDN (jsdelivr) through a caching proxy
in the server. Municipal networks, and the machines this project is built on, cannot reach that
CDN, and the page then stays blank. So Fremdrift ships the files the page asks for as package
data (`sim/shipped-data/frontend/`, laid out as Solara's cache is: `<package>@<version>/<path>`),
and `fremdrift ui` copies them into Solara's cache before it starts the server
(`sim.shipped.fill_solara_cache`). An installed wheel then serves the UI with no network at all.

Only the files the page loads are kept (measured in a browser on every page: the app shell, its
module loader, the icon and text fonts in woff2, mermaid and KaTeX for solara.Markdown, and the
grid layout of Mesa's SolaraViz), with each package's licence: about 8 MB, 3 MB in the wheel,
against about 100 MB for the whole npm packages.

This script is for maintainers, after an upgrade of Solara changed the versions its page asks
for (a test says so): it reads those versions from the installed Solara, fetches each package
with `npm pack` and replaces the shipped folder. It needs `npm` (Debian: apt-get install npm).

Usage: .venv/bin/python scripts/solara_assets.py [--check]
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "sim" / "shipped-data" / "frontend"

# package -> the files of its npm pack the pages load (glob patterns), besides its licence.
WANTED = {
    "@widgetti/solara-vuetify-app": (
        "dist/solara-vuetify-app8.min.js",
        "dist/main8.css",
        "dist/fonts.css",
        "dist/*.woff2",
    ),
    "requirejs": ("require.js",),
    "font-awesome": ("css/font-awesome.min.css", "fonts/fontawesome-webfont.woff2"),
    "@widgetti/vue-grid-layout": ("dist/vue-grid-layout.umd.js",),
    "mermaid": ("dist/mermaid.min.js",),
    "katex": (
        "dist/katex.min.js",
        "dist/katex.min.css",
        "dist/contrib/auto-render.min.js",
        "dist/fonts/*.woff2",
    ),
}
LICENCE_FILES = ("LICENSE", "LICENSE.txt", "package.json")
# Where Solara names the versions (relative to the solara package).
SOURCES = (
    "server/templates/solara.html.j2",
    "server/settings.py",
    "widgets/vue/gridlayout.vue",
    "components/markdown.py",
)


def wanted_versions(solara_dir: Path) -> dict[str, str]:
    """package -> version, as the installed Solara asks for them."""
    text = "\n".join((solara_dir / s).read_text(encoding="utf-8") for s in SOURCES)
    found = {}
    for package in WANTED:
        versions = set(re.findall(re.escape(package) + r"@([0-9][0-9A-Za-z.\-]*)/", text))
        if len(versions) != 1:
            raise SystemExit(
                f"solara_assets: expected one version of {package} in Solara's files, "
                f"found {sorted(versions) or 'none'}; update WANTED/SOURCES in this script"
            )
        found[package] = versions.pop()
    return found


def _kept(path: str, package: str) -> bool:
    return path in LICENCE_FILES or any(fnmatch.fnmatch(path, p) for p in WANTED[package])


def fetch(package: str, version: str, target: Path) -> None:
    """npm pack PACKAGE@VERSION and copy the files the page loads into target/."""
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(
            ["npm", "pack", f"{package}@{version}", "--pack-destination", tmp, "--silent"],
            capture_output=True,
            text=True,
            check=False,
        )
        if out.returncode != 0:
            raise SystemExit(
                f"solara_assets: npm pack {package}@{version} failed:\n{out.stderr.strip()}"
            )
        (tarball,) = Path(tmp).glob("*.tgz")
        staging = Path(tmp) / "staging"
        with tarfile.open(tarball) as tar:
            tar.extractall(staging, filter="data")
        (top,) = [p for p in staging.iterdir() if p.is_dir()]  # usually "package/"
        for f in sorted(top.rglob("*")):
            rel = f.relative_to(top).as_posix()
            if f.is_file() and _kept(rel, package):
                (target / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(f, target / rel)
        for pattern in WANTED[package]:
            if not list(target.glob(pattern)):
                raise SystemExit(f"solara_assets: {package}@{version} has no {pattern}")


def main(argv: list[str] | None = None) -> int:
    import solara

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="only say whether the shipped files are the versions the installed Solara asks for",
    )
    args = parser.parse_args(argv)
    versions = wanted_versions(Path(solara.__file__).parent)
    if args.check:
        shipped = json.loads((TARGET / "MANIFEST.json").read_text())["packages"]
        if shipped != versions:
            print(f"solara_assets: shipped {shipped}, Solara asks for {versions}", file=sys.stderr)
            return 1
        return 0
    if shutil.which("npm") is None:
        print("solara_assets: npm is needed (Debian: apt-get install npm)", file=sys.stderr)
        return 1
    staging = TARGET.with_name("frontend.partial")
    shutil.rmtree(staging, ignore_errors=True)
    for package, version in versions.items():
        print(f"solara_assets: fetching {package}@{version}", file=sys.stderr)
        fetch(package, version, staging / f"{package}@{version}")
    manifest = {"solara": solara.__version__, "packages": versions}
    (staging / "MANIFEST.json").write_text(json.dumps(manifest, indent=2) + "\n")
    shutil.rmtree(TARGET, ignore_errors=True)
    staging.rename(TARGET)  # whole or absent: an interrupted run leaves the old files
    size = sum(f.stat().st_size for f in TARGET.rglob("*") if f.is_file())
    print(f"solara_assets: wrote {TARGET.relative_to(ROOT)} ({size / 1e6:.1f} MB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
