#!/usr/bin/env bash
# The main job: set up, then start the planners' UI on the status-quo scenario
# (http://127.0.0.1:8765; Ctrl-C stops it). Extra flags go to `fremdrift ui`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/fremdrift ui "$@"
