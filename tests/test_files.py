"""Files out and in: no output destroys anything, no input is read without a bound.

Every special file here (FIFOs, sockets, symlinks, hard links) is made under a
temporary folder; no test touches a real device file.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import stat
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from chainrule.cli import main
from chainrule.cli.format import dumps, printable
from chainrule.descent import data as data_module
from chainrule.descent.data import load_csv
from chainrule.errors import (
    ConfigError,
    DataError,
    OutputError,
    ReportError,
    UnsupportedFormatError,
)
from chainrule.report import load_config
from chainrule.report import output as report_output
from chainrule.report.output import MARKER, check_target, publish
from chainrule.safe_files import MAX_TOML_BYTES, write_output

SVG = "<svg xmlns='http://www.w3.org/2000/svg'/>\n"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _feed(path: Path, chunk: bytes, *, first: bytes = b"") -> threading.Thread:
    """A thread writing ``first``, then ``chunk`` forever into the FIFO ``path``."""

    def run() -> None:
        try:
            with open(path, "wb") as handle:
                handle.write(first)
                while True:
                    handle.write(chunk)
        except OSError:  # BrokenPipeError once the reader closes
            pass

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --- the writer ---------------------------------------------------------------------
def test_a_new_file_gets_the_usual_mode_and_no_temporary_file_is_left(tmp_path: Path) -> None:
    target = tmp_path / "g.svg"
    assert write_output(target, SVG, suffixes=(".svg",)) == target
    assert target.read_text() == SVG
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~_umask()
    assert os.listdir(tmp_path) == ["g.svg"]


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o755, 0o444])
def test_an_existing_file_keeps_its_mode(tmp_path: Path, mode: int) -> None:
    target = tmp_path / "g.svg"
    target.write_text("old")
    target.chmod(mode)
    write_output(target, SVG)
    assert target.read_text() == SVG
    assert stat.S_IMODE(target.stat().st_mode) == mode


def test_a_file_we_may_not_write_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "g.svg"
    target.write_text("old")
    target.chmod(0o444)
    monkeypatch.setattr(os, "access", lambda path, mode: False)  # as a non-root user would see
    with pytest.raises(OutputError, match=r"^output: '.*g\.svg' is read-only$"):
        write_output(target, SVG)
    assert target.read_text() == "old"


def test_a_symlink_is_written_through_to_its_target(tmp_path: Path) -> None:
    real = tmp_path / "real.svg"
    real.write_text("old")
    real.chmod(0o640)
    link = tmp_path / "link.svg"
    link.symlink_to(real)
    assert write_output(link, SVG) == real
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text() == SVG and stat.S_IMODE(real.stat().st_mode) == 0o640
    assert sorted(os.listdir(tmp_path)) == ["link.svg", "real.svg"]


def test_a_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "link.svg"
    link.symlink_to("sub/../real.svg")
    write_output(link, SVG)
    assert link.is_symlink() and (tmp_path / "real.svg").read_text() == SVG


def test_a_symlink_loop_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "a.svg").symlink_to(tmp_path / "b.svg")
    (tmp_path / "b.svg").symlink_to(tmp_path / "a.svg")
    with pytest.raises(OutputError, match=r"^--svg: cannot write '.*a\.svg' \(.*\)$"):
        write_output(tmp_path / "a.svg", SVG, option="--svg")


@pytest.fixture
def short_dir() -> Iterator[Path]:
    """A folder with a short path: a socket path must fit in 108 bytes."""
    with tempfile.TemporaryDirectory(dir="/tmp") as folder:
        yield Path(folder)


@pytest.mark.parametrize("kind", ["fifo", "socket", "folder", "link to fifo"])
def test_a_special_file_is_refused_and_left_as_it_is(short_dir: Path, kind: str) -> None:
    target = short_dir / "g.svg"
    special = short_dir / "s"
    if kind == "socket":
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(target))
    elif kind == "folder":
        target.mkdir()
    elif kind == "fifo":
        os.mkfifo(target)
    else:
        os.mkfifo(special)
        target.symlink_to(special)
    before = os.lstat(target)
    name = {"fifo": "a FIFO", "socket": "a socket", "folder": "a folder"}.get(kind, "a FIFO")
    with pytest.raises(OutputError, match=f"^--svg: '.*g.svg' is {name}, not a regular file;"):
        write_output(target, SVG, option="--svg")
    after = os.lstat(target)
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)
    assert sorted(os.listdir(short_dir)) == sorted(["g.svg"] + (["s"] if "link" in kind else []))
    if kind == "socket":
        server.close()


def test_a_hard_linked_file_is_rewritten_in_place(tmp_path: Path) -> None:
    target = tmp_path / "g.svg"
    target.write_text("a much longer old content than the new one " * 10)
    other = tmp_path / "other.svg"
    os.link(target, other)
    inode = target.stat().st_ino
    write_output(target, SVG)
    assert target.stat().st_ino == inode and target.stat().st_nlink == 2
    assert other.read_text() == SVG and target.read_text() == SVG


@pytest.mark.parametrize("length", [254, 255])
def test_the_longest_file_names_work(tmp_path: Path, length: int) -> None:
    name = "g" * (length - 4) + ".svg"
    write_output(tmp_path / name, SVG, suffixes=(".svg",))
    write_output(tmp_path / name, SVG + "again", suffixes=(".svg",))  # over an existing one
    assert os.listdir(tmp_path) == [name]
    assert (tmp_path / name).read_text() == SVG + "again"


def test_a_failed_rename_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "g.svg"
    target.write_text("old")

    def fail(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OutputError, match=r"^output: cannot write .* \(No space left on device\)$"):
        write_output(target, SVG)
    assert os.listdir(tmp_path) == ["g.svg"] and target.read_text() == "old"


@pytest.mark.parametrize(
    ("path", "error", "message"),
    [
        ("", OutputError, "--svg: empty file name"),
        ("g.png", UnsupportedFormatError, "--svg: cannot write this format to a .png file"),
        ("G.PNG", UnsupportedFormatError, "use a name ending in .svg"),
        ("no/such/folder/g.svg", OutputError, "--svg: folder 'no/such/folder' does not exist"),
        ("g.svg/", OutputError, "--svg: 'g.svg/' names a folder, not a file"),
    ],
)
def test_bad_output_paths_are_one_line(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    path: str,
    error: type[Exception],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(error, match=message) as caught:
        write_output(path, SVG, option="--svg", suffixes=(".svg",))
    assert "\n" not in str(caught.value)
    assert os.listdir(tmp_path) == []


def test_a_name_without_suffix_is_taken_as_it_is(tmp_path: Path) -> None:
    write_output(tmp_path / "graph", SVG, suffixes=(".svg",))
    assert (tmp_path / "graph").read_text() == SVG


def test_dash_is_standard_output(capfd: pytest.CaptureFixture[str]) -> None:
    assert write_output("-", SVG, suffixes=(".svg",)) is None
    assert capfd.readouterr().out == SVG


# --- output options on the command line ---------------------------------------------
def test_graph_svg_to_standard_output_prints_only_the_svg(
    capfd: pytest.CaptureFixture[str],
) -> None:
    assert main(["graph", "a*b", "a=2", "b=3", "--svg", "-"]) == 0
    out = capfd.readouterr().out
    assert out.startswith("<svg ") and out.rstrip().endswith("</svg>")
    assert "Forward pass" not in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["graph", "a", "a=1", "--svg", "g.png"], "--svg: cannot write this format to a .png"),
        (["graph", "a", "a=1", "--dot", "g.svg"], "use a name ending in .dot or .gv"),
        (["graph", "a", "a=1", "--svg", ""], "--svg: empty file name"),
        (["graph", "a", "a=1", "--svg", "-", "--dot", "-"], "--svg and --dot cannot both"),
        (["graph", "a", "a=1", "--svg", "-", "--json"], "--svg and --json cannot both"),
        (["derive", "x", "--plot", ""], "--plot: empty file name"),
        (["train", "--plot", ""], "--plot: empty file name"),
        (["sweep", "--grid", ""], "--grid: empty file name"),
        (["sweep", "--grid", "g.svg"], "--grid writes .csv or .json"),
        (["train", "--plot", "fifo.svg"], "--plot: 'fifo.svg' is a FIFO, not a regular file"),
        (["graph", "a", "a=1", "--dot", "fifo.svg"], "use a name ending in .dot or .gv"),
        (["graph", "a", "a=1", "--svg", "fifo.svg"], "--svg: 'fifo.svg' is a FIFO"),
        (["sweep", "--num", "3", "--grid", "fifo.csv"], "--grid: 'fifo.csv' is a FIFO"),
        (["train", "--plot", "notes.txt"], "--plot: cannot write a .txt file"),
        (["train", "--plot", "afile"], "--plot: 'afile' is not a folder"),
    ],
)
def test_cli_output_refusals_are_one_line_and_touch_nothing(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("fifo.svg", "fifo.csv"):
        os.mkfifo(name)
    Path("afile").write_text("mine")
    code, out, err = _cli(capsys, *argv)
    assert (code, out) == (2, "")
    assert err.startswith("chainrule: error: ") and err.count("\n") == 1 and message in err
    assert sorted(os.listdir(tmp_path)) == ["afile", "fifo.csv", "fifo.svg"]
    assert stat.S_ISFIFO(os.lstat("fifo.svg").st_mode) and Path("afile").read_text() == "mine"


def test_sweep_grid_to_standard_output_is_csv(capfd: pytest.CaptureFixture[str]) -> None:
    assert main(["sweep", "--num", "3", "--epochs", "10", "--grid", "-"]) == 0
    lines = capfd.readouterr().out.splitlines()
    assert lines[0].startswith("lr,") and len(lines) == 4


def test_train_plot_to_standard_output_is_one_png(
    capfdbinary: pytest.CaptureFixture[bytes],
) -> None:
    assert main(["train", "--epochs", "20", "--plot", "-", "--plot-format", "png"]) == 0
    assert capfdbinary.readouterr().out.startswith(b"\x89PNG\r\n\x1a\n")


# --- reading: caps and streams ------------------------------------------------------
def test_an_endless_csv_stream_is_refused_at_the_row_cap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(data_module, "MAX_POINTS", 1000)
    fifo = tmp_path / "points.csv"
    os.mkfifo(fifo)
    writer = _feed(fifo, b"1,2\n3,4.5\n" * 100, first=b"x,y\n")
    with pytest.raises(DataError, match=r"^.*points\.csv: more than 1e\+03 points; that is the"):
        load_csv(fifo)
    writer.join(timeout=10)
    assert not writer.is_alive()


def test_an_endless_csv_line_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "points.csv"
    os.mkfifo(fifo)
    writer = _feed(fifo, b"1" * 4096, first=b"x,y\n")
    with pytest.raises(DataError, match=r"points\.csv: line 2 is longer than 65536 characters$"):
        load_csv(fifo)
    writer.join(timeout=10)
    assert not writer.is_alive()


def test_a_huge_sparse_csv_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    with open(path, "wb") as handle:
        handle.truncate(10 * 2**30)  # 10 GiB of NUL bytes, none stored
    with pytest.raises(DataError, match=r"huge\.csv: line 1 is longer than 65536 characters$"):
        load_csv(path)


def test_a_huge_toml_file_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "big.toml"
    with open(path, "wb") as handle:
        handle.truncate(10 * 2**30)
    with pytest.raises(ConfigError, match=r"big\.toml: larger than 1 MiB; .* at most 1 MiB$"):
        load_config(path)


def test_an_endless_toml_stream_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "lab.toml"
    os.mkfifo(fifo)
    writer = _feed(fifo, b"# a comment that never ends\n" * 64)
    with pytest.raises(ConfigError, match=r"lab\.toml: larger than 1 MiB"):
        load_config(fifo)
    writer.join(timeout=10)
    assert not writer.is_alive()


def test_a_toml_file_at_the_cap_is_read(tmp_path: Path) -> None:
    path = tmp_path / "lab.toml"
    body = "[task3]\nexpression = 'x*y'\nvalues = { x = 1.0, y = 2.0 }\n"
    path.write_text(body + "#" * (MAX_TOML_BYTES - len(body) - 1) + "\n")
    assert load_config(path).task3.expression == "x*y"


# --- text from files is escaped -----------------------------------------------------
def test_printable_escapes_control_characters_only() -> None:
    assert printable("a\x1b[2Jb\x07\x9b\u202ec\n\td é ü ∂") == (
        "a\\x1b[2Jb\\x07\\x9b\\u202ec\\n\\td é ü ∂"
    )


def test_a_hostile_experiments_file_sends_no_escape_sequence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "runs.toml"
    path.write_text(
        '[[task2.experiments]]\nname = "\\u001b[2J\\u001b]0;pwned\\u0007 \\u202e evil"\nlr = 0.01\n'
        "epochs = 5\n"
    )
    code, out, err = _cli(capsys, "experiments", str(path))
    assert code == 0 and err == ""
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "\\x1b[2J\\x1b]0;pwned\\x07 \\u202e evil" in out
    path.write_text('[[task2.experiments]]\nname = "\\u001b[31mred"\nlr = "fast"\nepochs = 5\n')
    code, out, err = _cli(capsys, "experiments", str(path))
    assert code == 2 and out == "" and "\x1b" not in err
    assert err == (
        f"chainrule: error: {path}: task2.experiments[0].lr: expected a number, got a string\n"
    )


def test_a_hostile_csv_sends_no_escape_sequence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "p\x1b[5m.csv"
    path.write_text("x,y\x1b[2J\n1,2\n")
    code, out, err = _cli(capsys, "train", "--csv", str(path))
    assert code == 2 and out == "" and "\x1b" not in err and "\\x1b[2J" in err
    path.write_text("x,y\n1,2\n3,5\n")
    code, out, err = _cli(capsys, "train", "--csv", str(path), "--epochs", "5")
    assert code == 0 and "\x1b" not in out and "p\\x1b[5m.csv: 2 points" in out


# --- the report folder --------------------------------------------------------------
OLD = {"report.md": b"old md", "report.html": b"old html", "figures/a.svg": b"old a"}
NEW = {"report.md": b"new md", "figures/a.svg": b"new a", "figures/b.svg": b"new b"}
USER = {"notes.txt": b"my notes", "figures/mine.png": b"my picture", ".hidden": b"h"}


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and p.name != MARKER
    }


def _manifest(folder: Path) -> list[str]:
    listed: list[str] = json.loads((folder / MARKER).read_text())["files"]
    return listed


@pytest.fixture
def old_report(tmp_path: Path) -> Path:
    out = tmp_path / "report"
    publish(out, OLD, marker="chainrule report test", force=False)
    for name, data in USER.items():
        (out / name).write_bytes(data)
    return out


def test_a_rebuild_replaces_only_what_chainrule_wrote(old_report: Path) -> None:
    assert _manifest(old_report) == sorted(OLD)
    publish(old_report, NEW, marker="chainrule report test", force=False)
    assert _tree(old_report) == {**NEW, **USER}  # report.html (old only) is gone
    assert _manifest(old_report) == sorted(NEW)
    assert sorted(p.name for p in old_report.parent.iterdir()) == ["report"]


def test_a_legacy_marker_is_read_as_the_report_names(tmp_path: Path) -> None:
    out = tmp_path / "report"
    out.mkdir()
    (out / MARKER).write_text("chainrule report 0.1.0\n")
    for name, data in {**OLD, **USER}.items():
        (out / name).parent.mkdir(exist_ok=True)
        (out / name).write_bytes(data)
    publish(out, NEW, marker="m", force=False)
    assert _tree(out) == {**NEW, **USER}


@pytest.mark.parametrize("step", range(5))
def test_a_failed_rename_at_any_step_leaves_the_old_report_whole(
    old_report: Path, monkeypatch: pytest.MonkeyPatch, step: int
) -> None:
    real_replace = os.replace
    calls = []

    def replace(src: str | Path, dst: str | Path) -> None:
        calls.append(dst)
        if len(calls) == step + 1:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(report_output.os, "replace", replace)
    before = _tree(old_report)
    if step < 4:  # the manifest and the three files; step 4 is the final manifest
        with pytest.raises(OSError, match="No space left"):
            publish(old_report, NEW, marker="m", force=False)
        assert _tree(old_report) == before
        assert _manifest(old_report) == sorted(OLD)
    else:
        with pytest.raises(OSError, match="No space left"):
            publish(old_report, NEW, marker="m", force=False)
        assert _tree(old_report) == {**NEW, **USER}
        assert set(_manifest(old_report)) == set(OLD) | set(NEW)  # right for the next run
    assert sorted(p.name for p in old_report.iterdir() if p.name.startswith(".cr-")) == []


@pytest.mark.parametrize("step", range(6))
def test_a_kill_at_any_step_leaves_every_file_whole(
    old_report: Path, monkeypatch: pytest.MonkeyPatch, step: int
) -> None:
    """A kill stops the renames and the rollback alike: every later rename fails."""
    real_replace = os.replace
    calls = []

    def replace(src: str | Path, dst: str | Path) -> None:
        calls.append(dst)
        if len(calls) > step:
            raise KeyboardInterrupt
        real_replace(src, dst)

    monkeypatch.setattr(report_output.os, "replace", replace)
    with contextlib.suppress(KeyboardInterrupt):
        publish(old_report, NEW, marker="m", force=False)
    tree = _tree(old_report)
    assert {k: tree[k] for k in USER} == USER
    report = {k: v for k, v in tree.items() if k not in USER}
    assert set(report) in ({*OLD}, {*NEW}, {*OLD, *NEW})  # nothing missing
    for name, data in report.items():
        assert data in (OLD.get(name), NEW.get(name))  # each file old or new, never partial
    assert set(report) <= set(_manifest(old_report))  # the next run knows every one
    monkeypatch.setattr(report_output.os, "replace", real_replace)
    publish(old_report, NEW, marker="m", force=False)  # and finishes the job
    assert _tree(old_report) == {**NEW, **USER}


def test_a_file_chainrule_did_not_write_is_in_the_way(old_report: Path) -> None:
    (old_report / "figures" / "b.svg").write_bytes(b"the user's b")
    with pytest.raises(ReportError, match=r"not written by chainrule: figures/b\.svg; move"):
        publish(old_report, NEW, marker="m", force=False)
    assert (old_report / "figures" / "b.svg").read_bytes() == b"the user's b"
    publish(old_report, NEW, marker="m", force=True)
    assert _tree(old_report) == {**NEW, **USER}


def test_a_special_file_in_the_way_is_refused_even_with_force(old_report: Path) -> None:
    (old_report / "report.md").unlink()
    os.mkfifo(old_report / "report.md")
    for force in (False, True):
        with pytest.raises(ReportError, match=r"in the way, not regular files: report\.md;"):
            publish(old_report, NEW, marker="m", force=force)
    assert stat.S_ISFIFO(os.lstat(old_report / "report.md").st_mode)


@pytest.mark.parametrize("kind", ["file", "fifo", "dangling link"])
def test_an_out_that_is_not_a_folder_is_refused_even_with_force(tmp_path: Path, kind: str) -> None:
    out = tmp_path / "report"
    if kind == "file":
        out.write_text("mine")
    elif kind == "fifo":
        os.mkfifo(out)
    else:
        out.symlink_to(tmp_path / "nowhere")
    before = os.lstat(out)
    with pytest.raises(ReportError, match=r"not a folder|symlink to nothing"):
        check_target(out, force=True)
    assert os.lstat(out).st_ino == before.st_ino and sorted(os.listdir(tmp_path)) == ["report"]


def test_a_hostile_manifest_cannot_delete_outside_the_folder(old_report: Path) -> None:
    outside = old_report.parent / "outside.txt"
    outside.write_text("keep")
    names = ["../outside.txt", str(outside), "notes.txt/../../outside.txt", "report.md"]
    (old_report / MARKER).write_text(json.dumps({"files": names}))
    publish(old_report, {"report.md": b"x"}, marker="m", force=False)
    assert outside.read_text() == "keep"
    assert _tree(old_report) == {"report.md": b"x", "report.html": b"old html", **USER} | {
        "figures/a.svg": b"old a"
    }


def test_force_writes_into_a_folder_and_keeps_its_files(tmp_path: Path) -> None:
    (tmp_path / "thesis.tex").write_text("keep")
    publish(tmp_path, NEW, marker="m", force=True)
    assert _tree(tmp_path) == {**NEW, "thesis.tex": b"keep"}


def test_json_output_escapes_what_a_terminal_would_obey() -> None:
    text = dumps({"name": "a\x1b[2J\x9b\u202eb"})
    assert text == '{\n  "name": "a\\u001b[2J\\u009b\\u202eb"\n}'
    assert json.loads(text) == {"name": "a\x1b[2J\x9b\u202eb"}


@pytest.mark.parametrize("out", ["", "-"])
def test_report_out_needs_a_folder_name(capsys: pytest.CaptureFixture[str], out: str) -> None:
    code, stdout, err = _cli(capsys, "report", "--out", out)
    assert (code, stdout) == (2, "")
    assert err == f"chainrule: error: --out needs a folder name, got {out!r}\n"


def test_binary_data_is_not_sent_to_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    with pytest.raises(OutputError, match=r"^--plot: binary data \(PNG\) is not for a terminal"):
        write_output("-", b"\x89PNG\r\n\x1a\n\0\0", option="--plot")


def test_a_report_rebuilds_where_hard_links_fail(
    old_report: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_link(src: Path, dst: Path) -> None:
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(report_output.os, "link", no_link)
    publish(old_report, NEW, marker="m", force=False)
    assert _tree(old_report) == {**NEW, **USER}


def test_a_manifest_that_is_a_folder_is_in_the_way(tmp_path: Path) -> None:
    (tmp_path / MARKER).mkdir()
    with pytest.raises(ReportError, match=r"in the way, not regular files: \.chainrule-report;"):
        publish(tmp_path, NEW, marker="m", force=True)
    assert sorted(os.listdir(tmp_path)) == [MARKER]


def test_a_silent_fifo_as_input_is_an_error_not_a_hang(tmp_path, monkeypatch):
    from chainrule import safe_files
    from chainrule.descent.data import load_csv
    from chainrule.errors import DataError

    monkeypatch.setattr(safe_files, "PIPE_WAIT", 0.05)
    fifo = tmp_path / "points.csv"
    os.mkfifo(fifo)
    with pytest.raises(
        DataError, match=r"points.csv: a FIFO with nothing written to it for 0.05 s"
    ):
        load_csv(fifo)


def test_a_fifo_that_is_written_to_is_read(tmp_path):

    from chainrule.descent.data import load_csv

    fifo = tmp_path / "points.csv"
    os.mkfifo(fifo)

    def write() -> None:
        with open(fifo, "w") as out:
            out.write("x,y\n1,2\n2,4\n3,7\n")

    writer = threading.Thread(target=write)
    writer.start()
    data = load_csv(fifo)
    writer.join()
    assert data.x.tolist() == [1.0, 2.0, 3.0] and data.y.tolist() == [2.0, 4.0, 7.0]
