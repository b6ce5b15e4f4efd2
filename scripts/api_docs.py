"""Build the API reference from the docstrings with pdoc, and fail on any warning about our own
code (warnings about annotations inherited from Mesa's generic classes are Mesa's, not ours).

Usage: .venv/bin/python scripts/api_docs.py [--out build/api]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Mesa's Model and Agent annotate some attributes with their type variables (A, M, S), which pdoc
# cannot resolve; they appear on our model because it inherits them.
# A warning about a library's own annotations (fpdf's, say) names that library's object.
THIRD_PARTY = re.compile(r" for (?!sim\.|calibration\.)[a-z_][\w]*\.[\w.]+[.:]? ")
INHERITED = re.compile(
    r"for mesa\.\S+\. Import of [A-Z] failed|Import of [AS] failed: name '[AS]' is not defined"
)


def modules() -> list[str]:
    """The module specs to hand pdoc: the two packages, plus the children of every package
    whose `__all__` would otherwise hide its submodules (pdoc walks the others itself)."""
    found = ["sim", "calibration"]
    for init in sorted(
        [*(ROOT / "sim").rglob("__init__.py"), ROOT / "calibration" / "__init__.py"]
    ):
        if "__all__" not in init.read_text():
            continue
        package = init.parent
        for child in sorted(package.iterdir()):
            is_module = child.suffix == ".py" and child.name != "__init__.py"
            if is_module or (child / "__init__.py").exists():
                found.append(".".join(child.relative_to(ROOT).with_suffix("").parts))
    return list(dict.fromkeys(found))


def build(out: Path) -> list[str]:
    """Build the reference into `out`; return the warnings about our own code."""
    proc = subprocess.run(
        [sys.executable, "-m", "pdoc", *modules(), "-o", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        return [proc.stderr.strip() or "pdoc failed"]
    lines = (proc.stdout + proc.stderr).splitlines()
    return [
        line
        for line in lines
        if line.startswith("Warn") and not INHERITED.search(line) and not THIRD_PARTY.search(line)
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "api")
    args = parser.parse_args()
    warnings = build(args.out)
    for w in warnings:
        print(w, file=sys.stderr)
    print(f"api_docs: {args.out / 'index.html'} ({len(warnings)} warnings about our code)")
    return 1 if warnings else 0


if __name__ == "__main__":
    sys.exit(main())
