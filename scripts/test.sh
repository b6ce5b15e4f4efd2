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
# Such fixtures are session-scoped: a worker may tear a module-scoped one down between two tests
# of its module and build it again (a wheel build twice, 70 s, in the first trial).
exec .venv/bin/python -m pytest -n 2 --dist loadgroup "$@"
