#!/usr/bin/env bash
# Creates .venv with Python 3.12 and installs Fremdrift into it (with test tools when given --test).
# Python 3.12 is required: Mesa 3.4+ does not install on 3.11, the machine default here.
# Re-running is cheap: the install is skipped while pyproject.toml is unchanged.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

find_python312() {
    local candidates=()
    [ -n "${FREMDRIFT_PYTHON:-}" ] && candidates+=("$FREMDRIFT_PYTHON")
    command -v python3.12 >/dev/null 2>&1 && candidates+=("$(command -v python3.12)")
    if command -v pyenv >/dev/null 2>&1; then
        local root
        root=$(pyenv root)
        for d in "$root"/versions/3.12*; do
            [ -x "$d/bin/python" ] && candidates+=("$d/bin/python")
        done
    fi
    for d in "$HOME"/.pyenv/versions/3.12* /usr/local/bin/python3.12 /usr/bin/python3.12; do
        [ -x "$d" ] && candidates+=("$d")
        [ -x "$d/bin/python" ] && candidates+=("$d/bin/python")
    done
    command -v python3 >/dev/null 2>&1 && candidates+=("$(command -v python3)")
    for c in "${candidates[@]}"; do
        if "$c" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 12) else 1)' 2>/dev/null; then
            echo "$c"
            return 0
        fi
    done
    return 1
}

if [ -x .venv/bin/python ] && ! .venv/bin/python -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 12) else 1)'; then
    echo "setup: .venv is not Python 3.12; recreating it" >&2
    rm -rf .venv
fi

if [ ! -x .venv/bin/python ]; then
    if ! py=$(find_python312); then
        cat >&2 <<'MSG'
setup: Python 3.12 was not found.
  Fremdrift needs Python 3.12 (Mesa 3.5 does not install on 3.11).
  Install it, for example with `pyenv install 3.12.1`, or point FREMDRIFT_PYTHON at a 3.12 interpreter.
MSG
        exit 1
    fi
    echo "setup: creating .venv with $py" >&2
    "$py" -m venv .venv
fi

extras=""
[ "$want_test" = 1 ] && extras="[test]"
stamp=".venv/.fremdrift-installed${extras}"
digest=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$digest" ]; then
    echo "setup: installing fremdrift${extras} into .venv" >&2
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${extras}"
    echo "$digest" > "$stamp"
fi

# The browser UI's front-end files ship in the package (sim/shipped-data/frontend/); `fremdrift
# ui` puts them into Solara's cache itself, so nothing is fetched here.

# The weekly step is compiled with numba; compile it now (about 20 s, once per version of the
# model's source), so the first run, the test suite's workers and the UI do not wait for it.
.venv/bin/python -c 'from sim.core.compiled import warm_up; print(f"setup: model kernels ready ({warm_up():.0f} s)")' >&2
