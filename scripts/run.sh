#!/usr/bin/env bash
# The main job: set up, then run the status-quo scenario and print its summary table.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/fremdrift run scenarios/status_quo.toml "$@"
