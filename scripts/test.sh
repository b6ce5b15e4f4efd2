#!/usr/bin/env bash
# Everything CI checks: set up with the test tools, lint, the import contract, then the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/lint-imports
# Two workers, one per core: tests go out one at a time, except that a module whose tests share a
# costly fixture carries an xdist_group mark and runs whole on one worker (`-n 0` runs serially).
# pytest stays below 9.2, under which loadgroup silently stops grouping (tests/conftest.py).
exec .venv/bin/python -m pytest -n 2 --dist loadgroup "$@"
