"""Regenerate tests/golden/baseline.json on purpose, after a deliberate change to the model.

The golden test fails whenever any number the model produces changes. When that change is
intended, run this script, look at the diff of baseline.json, and commit both together with a
message saying why the numbers moved.

Usage: .venv/bin/python scripts/update_golden.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.core.test_golden import GOLDEN, golden_numbers  # noqa: E402


def main() -> None:
    GOLDEN.write_text(json.dumps(golden_numbers(), indent=2, sort_keys=True) + "\n")
    print(f"wrote {GOLDEN.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
