"""Dependencies point inward (DESIGN.md): the core imports nothing from the CLI, storage,
experiments, calibration or UI; experiments and storage import nothing from calibration."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_hold():
    exe = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    r = subprocess.run([exe], cwd=ROOT, capture_output=True, text=True, check=False)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "4 kept, 0 broken" in r.stdout, r.stdout


def test_importing_the_core_does_not_change_multiprocessing():
    code = (
        "import multiprocessing as mp; import sim, sim.cli; "
        "print(mp.get_start_method(allow_none=True))"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert r.stdout.strip() in ("None", "fork"), "no side effects at import (Mesa batch runner)"


def test_importing_the_core_loads_no_other_layer_of_the_package():
    code = (
        "import sys, sim.core; "
        "print(' '.join(m for m in sys.modules "
        "if m.startswith(('sim.', 'calibration')) and not m.startswith('sim.core') "
        "or m == 'tomllib'))"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert r.stdout.strip() == "", f"import sim.core also loaded: {r.stdout.strip()}"


def test_there_is_one_public_run_and_the_core_calls_its_own_simulate():
    import sim
    import sim.core

    assert not hasattr(sim.core, "run"), "the core's seam is `simulate`; `sim.run` is the one run"
    assert sim.run.__module__ == "sim.experiments.api"
