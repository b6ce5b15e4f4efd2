"""scripts/fingerprint.py shows that a change of code changed no number: the same code gives
the same hashes in a second pass (same seeds, same numbers), and an output that moved is named."""

from __future__ import annotations

import json

from scripts.fingerprint import main

SMALL = ["--citizens", "150", "--weeks", "20"]


def test_the_same_code_hashes_the_same_and_a_moved_output_is_named(tmp_path, capsys):
    path = tmp_path / "before.json"
    assert main(["--write", str(path), *SMALL]) == 0
    assert main(["--check", str(path), *SMALL]) == 0
    assert "all 36 runs as before" in capsys.readouterr().out
    hashes = json.loads(path.read_text())
    hashes["open/detail=True/seed=2"]["events"] = "0" * 16
    path.write_text(json.dumps(hashes))
    assert main(["--check", str(path), *SMALL]) == 1
    assert "open/detail=True/seed=2: events" in capsys.readouterr().out
