"""Fill Solara's front-end cache from the npm registry, so the UI works with no CDN.

Solara's page loads its JavaScript and CSS from a CDN (jsdelivr) through a caching proxy in
the server. Municipal networks, and the machines this project is built on, cannot reach that
CDN, and the page then stays blank. The proxy serves whatever is already in its cache folder,
laid out as `<package>@<version>/<path>`; npm packs hold exactly those files. So this script
reads, from the installed Solara, which packages and versions the page asks for, and unpacks
each one from the npm registry (`npm pack`) into the cache.

Usage: python scripts/solara_assets.py [--cache DIR]   (default: Solara's own cache folder)
Re-running is cheap: packages already in the cache are skipped.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

# The front-end packages the pages we use ask for: the app shell, its module loader and icons,
# the grid layout of Mesa's SolaraViz, and mermaid and KaTeX, which solara.Markdown loads.
WANTED = (
    "@widgetti/solara-vuetify-app",
    "requirejs",
    "font-awesome",
    "@widgetti/vue-grid-layout",
    "mermaid",
    "katex",
)
# Where Solara names their versions (relative to the solara package).
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


def unpack(package: str, version: str, cache: Path) -> None:
    """npm pack PACKAGE@VERSION and unpack its files into cache/PACKAGE@VERSION/."""
    target = cache / f"{package}@{version}"
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
        # npm packs put everything under one top folder, usually "package/".
        (top,) = [p for p in staging.iterdir() if p.is_dir()]
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        shutil.move(top, partial)
        partial.rename(target)  # whole or absent: an interrupted run leaves no half package


def main(argv: list[str] | None = None) -> int:
    import solara
    import solara.server.settings

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=solara.server.settings.assets.proxy_cache_dir)
    args = parser.parse_args(argv)
    if shutil.which("npm") is None:
        print(
            "solara_assets: npm is needed to fetch the UI's front-end files "
            "(Debian: apt-get install npm)",
            file=sys.stderr,
        )
        return 1
    versions = wanted_versions(Path(solara.__file__).parent)
    for package, version in versions.items():
        if (args.cache / f"{package}@{version}").is_dir():
            continue
        print(f"solara_assets: fetching {package}@{version}", file=sys.stderr)
        unpack(package, version, args.cache)
    return 0


if __name__ == "__main__":
    sys.exit(main())
