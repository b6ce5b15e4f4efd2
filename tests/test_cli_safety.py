"""Hostile and careless input to the `fremdrift` command: names, bases, paths and flags.

Every case here once wrote outside runs/, disclosed a file, hung, or ended in a traceback. Each
now gives one line naming what is wrong, exit code 2, and nothing written where it should not
be. The command's `main` is called in this process (the cheap way to try many inputs); the
suite's real-process tests are in test_cli.py.
"""

import os
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.cli import main
from sim.experiments.scenario import named_base

ROOT = Path(__file__).resolve().parents[1]
FITTED = ROOT / "calibration" / "fitted.toml"
NONE = ROOT / "scenarios" / "none.toml"
TINY = ["--citizens", "20", "--weeks", "2"]


def one_line_exit_2(code, err, claim):
    lines = [line for line in err.splitlines() if line.strip()]
    assert code == 2, f"{claim}: exit code {code}, stderr {err!r}"
    assert len(lines) == 1, f"{claim}: one line, got {lines}"
    assert "Traceback" not in err, f"{claim}: no traceback"


def scenario(path: Path, name: str, base: str | None = None, extra: str = "") -> Path:
    escaped = name.replace("\\", "\\\\").replace('"', '\\"').replace("\0", "\\u0000")
    lines = ["[meta]", f'name = "{escaped}"']
    if base is not None:
        lines.append(f'base = "{base}"')
    lines += ["[population]", "n_citizens = 20", "[run]", "weeks = 2", extra]
    path.write_text("\n".join(lines) + "\n")
    return path


# -- 4. names: output folders stay under runs/, console output survives any name ------------


@pytest.mark.parametrize(
    "name",
    ["/srv/elsewhere", "../../../../escaped", "a[/]b [bold]x[/bold]", "x" * 300, "a\0b", "..", "."],
)
def test_a_scenario_name_cannot_move_the_output_folder_out_of_runs(
    tmp_path, monkeypatch, capsys, name
):
    work = tmp_path / "a" / "b" / "c" / "d" / "work"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    path = scenario(work / "s.toml", name)
    assert main(["run", str(path), "--seed", "1"]) == 0, capsys.readouterr().err
    made = [p for p in tmp_path.rglob("*") if p.is_dir() and p.name != "runs"]
    outside = [p for p in made if not (p.is_relative_to(work / "runs") or work.is_relative_to(p))]
    assert not outside, f"{name!r} wrote outside runs/: {outside}"
    (folder,) = (work / "runs").iterdir()
    assert len(folder.name) <= 100 and set(folder.name) <= set(
        string.ascii_letters + "0123456789-_"
    )
    assert (folder / "metadata.json").is_file()


def test_compare_folders_are_slugs_under_runs_and_the_same_file_twice_works(
    tmp_path, monkeypatch, capsys
):
    """`compare A.toml A.toml` ended after every run in "Index contains duplicate entries"."""
    monkeypatch.chdir(tmp_path)
    a = scenario(tmp_path / "a.toml", "../../[red]up[/red]")
    code = main(["compare", str(a), str(a), "--replicates", "2", "--workers", "1"])
    assert code == 0, capsys.readouterr().err
    (folder,) = (tmp_path / "runs").iterdir()
    assert folder.name.startswith("compare-red-up-red-a-1-vs-"), folder.name
    assert set(folder.name) <= set(string.ascii_letters + "0123456789-_")


# -- 5. base: only allowed folders, and never a quote of what is in the file ----------------


def test_a_base_outside_the_allowed_folders_is_refused_without_reading_it(tmp_path, capsys):
    secret = tmp_path / "elsewhere" / "secret.toml"
    secret.parent.mkdir()
    secret.write_text('[population]\nsecret_token = "hunter2"\n')
    here = tmp_path / "here"
    here.mkdir()
    for base in (str(secret), "../elsewhere/secret.toml", "/etc/shadow", "/etc/passwd"):
        path = scenario(here / "s.toml", "x", base=base)
        code = main(["validate", str(path)])
        err = capsys.readouterr().err
        one_line_exit_2(code, err, f"base {base}")
        assert "scenarios or calibration folder" in err, err
        assert "hunter2" not in err and "Expected" not in err and "root:" not in err


def test_errors_about_a_base_never_quote_its_contents(tmp_path, capsys):
    """A base holding `secret_token = "..."` used to echo the value in the error."""
    (tmp_path / "sec.toml").write_text('[population]\nsecret_token = "hunter2"\n')
    (tmp_path / "notes.toml").write_text('[private-notes]\npassword = "hunter3"\n')
    (tmp_path / "bad.toml").write_text("[dynamics]\np_job_ready = 0.987654\n")
    (tmp_path / "junk.toml").write_text("root:$6$hunter4:19000:0\n")
    for base, claim in (
        ("sec.toml", "not a Fremdrift scenario"),
        ("notes.toml", "not a Fremdrift scenario"),
        ("junk.toml", "not a Fremdrift scenario"),
        ("bad.toml", "its [dynamics] p_job_ready is not allowed"),
    ):
        path = scenario(tmp_path / "s.toml", "x", base=base)
        code = main(["validate", str(path)])
        err = capsys.readouterr().err
        one_line_exit_2(code, err, base)
        assert claim in err, err
        for leak in ("hunter", "private-notes", "0.987654", "$6$", str(tmp_path / base)):
            assert leak not in err, f"the error quotes {leak!r} from the base: {err}"


def test_a_base_in_the_scenarios_own_folder_and_the_shipped_fit_still_work(tmp_path, capsys):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.toml").write_text("[dynamics]\np_job_ready = 0.02\n")
    for base in ("sub/b.toml", str(FITTED), "../calibration/fitted.toml"):
        path = scenario(tmp_path / "s.toml", "x", base=base)
        if base.startswith(".."):  # relative to the shipped scenarios, like an upload
            path = ROOT / "scenarios" / "status_quo.toml"
        assert main(["validate", str(path)]) == 0, capsys.readouterr().err


def test_an_operator_may_allow_another_folder_for_bases(tmp_path, monkeypatch, capsys):
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "b.toml").write_text("[dynamics]\np_job_ready = 0.02\n")
    here = tmp_path / "here"
    here.mkdir()
    path = scenario(here / "s.toml", "x", base=str(shared / "b.toml"))
    assert main(["validate", str(path)]) == 2
    monkeypatch.setenv("FREMDRIFT_BASE_ROOTS", str(shared))
    assert main(["validate", str(path)]) == 0, capsys.readouterr().err


# -- 8 and 10: bounds and the remaining tracebacks ------------------------------------------


def _link_loop(tmp_path):
    (tmp_path / "l1.toml").symlink_to(tmp_path / "l2.toml")
    (tmp_path / "l2.toml").symlink_to(tmp_path / "l1.toml")
    return "l1.toml"


BASES = {
    "a NUL": lambda tmp: "a\\u0000b.toml",
    "a symlink loop": _link_loop,
    "a 5,000-character path": lambda tmp: "a/" * 2500 + "b.toml",
}


@pytest.mark.parametrize("case", BASES)
def test_odd_bases_are_one_line_not_a_traceback(tmp_path, capsys, case):
    base = BASES[case](tmp_path)
    path = scenario(tmp_path / "s.toml", "x", base=base)
    one_line_exit_2(main(["validate", str(path)]), capsys.readouterr().err, case)


@pytest.mark.parametrize(
    "text",
    [
        '[meta]\nname = "x"\n[population]\nn = ' + "[" * 5000 + "]" * 5000 + "\n",
        '[meta]\nname = "x"\n' + "a." * 5000 + "b = 1\n",
        '[meta]\nname = "x"\n[population]\n' + "a." * 5000 + "b = 1\n",
    ],
    ids=["nested arrays", "dotted keys", "dotted keys in a section"],
)
def test_deep_nesting_is_refused_not_a_recursion_error(tmp_path, capsys, text):
    path = tmp_path / "deep.toml"
    path.write_text(text)
    one_line_exit_2(main(["validate", str(path)]), capsys.readouterr().err, "deep nesting")


def test_a_fifo_or_a_device_is_refused_at_once_instead_of_blocking(tmp_path, capsys):
    fifo = tmp_path / "s.toml"
    os.mkfifo(fifo)
    for path in (fifo, Path("/dev/zero")):
        code = main(["run", str(path)])
        err = capsys.readouterr().err
        one_line_exit_2(code, err, str(path))
        assert "not a regular file" in err


def test_a_huge_file_is_refused_before_it_is_parsed(tmp_path, capsys):
    path = tmp_path / "s.toml"
    path.write_text('[meta]\nname = "x"\ndescription = "' + "x" * 2_000_000 + '"\n')
    one_line_exit_2(main(["validate", str(path)]), capsys.readouterr().err, "2 MB file")


@pytest.mark.parametrize(
    "out",
    ["/proc/x", "/etc/hostname/sub", "y" * 300, "ok/" + "z" * 300 + "/x"],
)
def test_unusable_output_folders_are_refused_before_any_run(tmp_path, monkeypatch, capsys, out):
    monkeypatch.chdir(tmp_path)
    for cmd in (["run", str(NONE)], ["compare", str(NONE), str(NONE), "--replicates", "2"]):
        code = main([*cmd, *TINY, "--out", out])
        one_line_exit_2(code, capsys.readouterr().err, f"{cmd[0]} --out {out[:20]}")


def test_a_read_only_folder_is_refused_before_the_runs_not_after(tmp_path, capsys):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        if os.access(ro, os.W_OK):
            pytest.skip("running as a user who can write anywhere")
        code = main(["run", str(NONE), *TINY, "--out", str(ro / "x")])
        one_line_exit_2(code, capsys.readouterr().err, "read-only --out")
    finally:
        ro.chmod(0o755)


SWEEP = ROOT / "scenarios" / "sweeps" / "example.toml"


@pytest.mark.parametrize(
    "argv",
    [
        ["run", str(NONE), "--seed", "1" + "0" * 30],
        ["run", str(NONE), "--seed", "-1"],
        ["compare", str(NONE), str(NONE), "--seed", "-1"],
        ["compare", str(NONE), str(NONE), "--replicates", "1000000000"],
        ["sweep", str(SWEEP), "--out", "o", "--replicates", "1000000000"],
        ["run", str(NONE), "--citizens", "100000000"],
        ["run", str(NONE), "--weeks", "99999"],
        ["ui", "--port", "70000"],
        ["ui", "--port", "0"],
        ["sweep", str(SWEEP), "--out", "o", "--scheduler", "tcp://127.0.0.1:notaport"],
        ["sweep", str(SWEEP), "--out", "o", "--scheduler", "ucx://127.0.0.1:8786"],
        ["sweep", str(SWEEP), "--out", "o", "--runner", "no.such.module:run"],
        ["sweep", str(SWEEP), "--out", "o", "--runner", "sim.core.runner:no_such_function"],
        ["sweep", str(SWEEP), "--out", "o", "--retry-failed"],
        ["sensitivity", "o", "--outcome", "share_job", "--resamples", "1000000000"],
    ],
)
def test_flags_out_of_bounds_are_one_line_and_exit_2(tmp_path, monkeypatch, capsys, argv):
    monkeypatch.chdir(tmp_path)
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse
        code = exc.code
    one_line_exit_2(code, capsys.readouterr().err, " ".join(argv)[-60:])
    assert not (tmp_path / "o").exists(), "nothing is written for a refused command"


def test_a_design_too_large_is_refused_before_it_is_built(tmp_path, capsys):
    """5 ranges x 1,000 levels ran `validate` into MemoryError after 48 s."""
    factors = [
        '"caseworkers.p_leave" = { low = 0.001, high = 0.01, levels = 1000 }',
        '"caseworkers.caseload" = { low = 10, high = 100, levels = 1000 }',
        '"dynamics.p_job_ready" = { low = 0.001, high = 0.01, levels = 1000 }',
        '"dynamics.p_education" = { low = 0.001, high = 0.01, levels = 1000 }',
        '"employers.openness_mean" = { low = 0.1, high = 0.9, levels = 1000 }',
    ]
    head = f'[meta]\nname = "big"\nbase = "{ROOT / "scenarios" / "status_quo.toml"}"\n'
    for design in ('kind = "grid"', 'kind = "sobol"\nsamples = 100000'):
        path = tmp_path / "big.toml"
        path.write_text(head + f"[design]\n{design}\n[factors]\n" + "\n".join(factors) + "\n")
        code = main(["validate", str(path)])
        err = capsys.readouterr().err
        one_line_exit_2(code, err, design)
        assert "at most 100,000" in err, err


def test_a_port_in_use_exits_2_with_one_line(capsys):
    import socket

    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        held.listen()
        port = held.getsockname()[1]
        code = main(["ui", "--port", str(port)])
    err = capsys.readouterr().err
    one_line_exit_2(code, err, "port in use")
    assert f"--port {port}" in err


def test_sensitivity_on_a_run_folder_or_broken_metadata_is_one_line(tmp_path, capsys):
    run_folder = tmp_path / "run"
    assert main(["run", str(NONE), *TINY, "--out", str(run_folder)]) == 0
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "metadata.json").write_text("{broken")
    capsys.readouterr()
    for folder in (run_folder, broken, tmp_path / "missing"):
        code = main(["sensitivity", str(folder), "--outcome", "share_job"])
        one_line_exit_2(code, capsys.readouterr().err, folder.name)


# -- the fuzzing: names, bases, paths and flags, not only file values -----------------------

TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40
) | st.sampled_from(["", "..", "/", "/etc/shadow", "a[/]b", "[bold]", "x" * 300, "a\0b"])
NUMBER = st.one_of(
    st.integers(-(10**31), 10**31).map(str),
    st.sampled_from(["nan", "inf", "-0", "1e400", "0x10", "", " ", "1_000"]),
)


@st.composite
def attacks(draw, tmp: Path):
    kind = draw(st.sampled_from(["name", "base", "out", "flag", "scheduler", "runner", "port"]))
    path = tmp / "s.toml"
    if kind == "name":
        # a scenario with a hostile base: its name and its base are what is fuzzed
        name = draw(TEXT)
        base = draw(TEXT) + draw(st.sampled_from([".toml", ""]))
        scenario(path, name, base=base if named_base(base) is None else base + "/")
        return ["validate", str(path)]
    if kind == "base":
        # Anything but a shipped file's own name ("none", "fitted": a valid base; with a
        # slash after it, it is not).
        base = draw(TEXT)
        scenario(path, "x", base=base if named_base(base) is None else base + "/")
        return ["run", str(path), "--out", str(tmp / "never")]
    scenario(path, "x", extra="[caseworkers]\ncaseload = 500")  # invalid: nothing may run
    if kind == "out":
        return ["run", str(path), "--out", draw(TEXT) or "x"]
    if kind == "flag":
        flag = draw(st.sampled_from(["--seed", "--citizens", "--weeks", "--replicates"]))
        cmd = draw(st.sampled_from(["run", "compare"]))
        files = [str(path)] if cmd == "run" else [str(NONE), str(path)]
        if flag == "--replicates" and cmd == "run":
            cmd, files = "compare", [str(NONE), str(path)]
        return [cmd, *files, flag, draw(NUMBER)]
    if kind == "scheduler":
        # Only malformed addresses: a well-formed one (`0:1`, `a:7`) is a machine that cannot
        # be reached: one line with exit code 1 (tests/experiments/test_executors.py).
        address = draw(TEXT.filter(lambda t: not _well_formed_scheduler(t)))
        return ["sweep", str(SWEEP), "--out", str(tmp / "never"), "--scheduler", address]
    if kind == "runner":
        return ["sweep", str(SWEEP), "--out", str(tmp / "never"), "--runner", draw(TEXT)]
    return ["ui", "--port", draw(NUMBER), "--scenario", str(path)]


def _well_formed_scheduler(text: str) -> bool:
    from sim.experiments.executors import check_scheduler_address

    try:
        check_scheduler_address(text)
    except ValueError:
        return False
    return True


def run_attack(argv, capsys) -> tuple[int, str]:
    try:
        code = main(argv)
    except SystemExit as exc:
        code = exc.code
    return code, capsys.readouterr().err


def _fuzz(tmp_path, capsys, data):
    argv = data.draw(attacks(tmp_path))
    code, err = run_attack(argv, capsys)
    one_line_exit_2(code, err, f"fremdrift {argv!r}"[:300])
    assert not (tmp_path / "never").exists(), "a refused command writes nothing"


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_fuzzed_names_bases_paths_and_flags_give_one_line_and_exit_2(tmp_path, capsys, data):
    _fuzz(tmp_path, capsys, data)


@pytest.mark.slow
@settings(max_examples=1000, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_a_thousand_fuzzed_attacks_give_one_line_and_exit_2(tmp_path, capsys, data):
    _fuzz(tmp_path, capsys, data)


def test_a_non_loopback_host_lists_its_addresses_and_warns():
    from sim.cli.ui_cmd import NETWORK_WARNING, is_loopback, served_addresses

    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("10.0.0.5")
    urls = served_addresses("0.0.0.0", 8765)
    assert "http://127.0.0.1:8765" in urls, "all interfaces are listed, loopback included"
    assert served_addresses("10.0.0.5", 8765) == ["http://10.0.0.5:8765"]
    assert "anyone" in NETWORK_WARNING and "no login" in NETWORK_WARNING
