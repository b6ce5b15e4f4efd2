"""Writing small sweep files for tests."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def sweep_text(
    tmp_path: Path,
    *,
    kind: str = "grid",
    samples: int = 8,
    replicates: int = 1,
    seed: int = 7,
    factors: dict[str, str] | None = None,
    base: str | None = None,
) -> str:
    base = base or str(ROOT / "scenarios" / "status_quo.toml")
    factors = factors or {"caseworkers.p_leave": "[0.002, 0.02]"}
    lines = [
        "[meta]",
        'name = "test sweep"',
        f'base = "{base}"',
        "",
        "[design]",
        f'kind = "{kind}"',
        f"samples = {samples}",
        f"replicates = {replicates}",
        f"seed = {seed}",
        "",
        "[factors]",
        *(f'"{k}" = {v}' for k, v in factors.items()),
    ]
    return "\n".join(lines) + "\n"
