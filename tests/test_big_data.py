"""Big data read in chunks (issue 16): CSV and Parquet through pyarrow, Dask, and --data."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from chainrule import sweep, train
from chainrule.descent.big_data import read_data, read_stats
from chainrule.descent.data import dataset, load_csv
from chainrule.descent.experiments import Experiment, run_experiments
from chainrule.descent.line_stats import LineStats
from chainrule.descent.summary import SAMPLE, Sampler, SummarisedData
from chainrule.descent.surface import loss_surface, surface_from_stats
from chainrule.errors import ConfigError, DataError
from conftest import run_cli

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

N = 3000
FIELDS = ("n", "x_mean", "x_var", "m_opt", "b_opt", "mse_opt", "lambda_max", "lambda_min")


def points(n: int = N, offset: float = 0.0, seed: int = 7) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = offset + rng.uniform(0.0, 10.0, n)
    return x, 2.0 * x + 3.5 + rng.normal(0.0, 1.0, n)


def write_csv(path: Path, x: np.ndarray, y: np.ndarray, sep: str = ",", comma: bool = False):
    rows = [f"{float(a)!r}{sep}{float(b)!r}" for a, b in zip(x, y, strict=True)]
    text = "\n".join([f"x{sep}y", *rows]) + "\n"
    path.write_text(text.replace(".", ",") if comma else text, encoding="utf-8")
    return path


def write_parquet(folder: Path, x: np.ndarray, y: np.ndarray, files: int = 3) -> Path:
    """``files`` Parquet files of several row groups each, columns named X and Y."""
    folder.mkdir()
    for i, part in enumerate(np.array_split(np.arange(x.size), files)):
        table = pa.table({"X": x[part], "id": part, "Y": y[part]})
        pq.write_table(table, folder / f"part{i}.parquet", row_group_size=400)
    return folder


def assert_same_surface(got: Any, want: Any, rtol: float = 1e-12) -> None:
    for name in FIELDS:
        a, b = getattr(got, name), getattr(want, name)
        scale = abs(b)
        if name == "b_opt":  # b = y_mean - m*x_mean: its digits are those of m*x_mean
            scale = max(scale, abs(want.m_opt * want.x_mean))
        if name == "mse_opt":  # syy - sxy**2/sxx: its digits are those of y's variance
            scale = max(scale, want.y_var)
        assert abs(a - b) <= rtol * scale, (name, a, b)


@pytest.fixture
def csv_file(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "points.csv", *points())


def test_csv_in_chunks_equals_the_in_memory_fit(csv_file: Path) -> None:
    stats = read_stats(path=csv_file, chunk_rows=256)  # blocks of ~6 kB: several chunks
    assert stats.n == N
    assert_same_surface(surface_from_stats(stats), loss_surface(load_csv(csv_file)))


@pytest.mark.parametrize("offset", [0.0, 1e5, 1e6])
def test_parquet_files_and_row_groups_equal_the_in_memory_fit(tmp_path: Path, offset) -> None:
    x, y = points(offset=offset)
    folder = write_parquet(tmp_path / "ds", x, y)
    whole = loss_surface(dataset(x=x, y=y))
    for path, chunk in ((folder, 1 << 20), (folder / "*.parquet", 100), (folder / "part1*", 7)):
        stats = read_stats(path=path, x="x", y="y", chunk_rows=chunk)  # names match X, Y
        if path != folder / "part1*":
            assert stats.n == N
            assert_same_surface(surface_from_stats(stats), whole)
    one = read_stats(path=folder / "part1*", chunk_rows=7)
    assert one.n == 1000


def test_a_semicolon_spreadsheet_with_decimal_commas_reads_as_load_csv(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "uk.csv", *points(50), sep=";", comma=True)
    stats = read_stats(path=path)
    assert_same_surface(surface_from_stats(stats), loss_surface(load_csv(path)))
    assert stats.n == 50


def test_training_on_the_summary_equals_training_on_the_points(tmp_path: Path) -> None:
    x, y = points()
    data = read_data(path=write_parquet(tmp_path / "ds", x, y), chunk_rows=333)
    assert isinstance(data, SummarisedData) and data.n == N and 0 < data.x.size <= SAMPLE
    points_data = dataset(x=x, y=y)
    for lr in (0.001, 0.02):
        a, b = train(data=data, lr=lr, epochs=300), train(data=points_data, lr=lr, epochs=300)
        np.testing.assert_allclose(a.history, b.history, rtol=1e-12)
        assert a.status == b.status
    swept = sweep(data=data, lrs=[0.001, 0.01, 0.02], epochs=[10, 100])
    want = sweep(data=points_data, lrs=[0.001, 0.01, 0.02], epochs=[10, 100])
    np.testing.assert_allclose(swept.final_mse, want.final_mse, rtol=1e-12)
    runs = run_experiments(experiments=[Experiment("e", 0.01, 50, data=data)])
    assert runs.runs[0].result.data is data
    with pytest.raises(ConfigError, match="method loop loops over the points"):
        train(data=data, method="loop")


def test_the_sample_is_every_kth_row_whatever_the_chunks() -> None:
    x = np.arange(10_000, dtype=float)
    samples = []
    for chunk in (1, 333, 10_000):
        s = Sampler(1000)
        for lo in range(0, x.size, chunk):
            s.add(x[lo : lo + chunk], -x[lo : lo + chunk])
        samples.append(s.points()[0])
    assert all(np.array_equal(samples[0], other) for other in samples)
    assert np.array_equal(samples[0], np.arange(0, 10_000, 16))  # k doubled to 16: 625 rows


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ("2.5,abc", "row 4: y is not a number: 'abc'"),
        (",1", "row 4: x is empty or not a number"),
        ("nan,1", "row 4: x is empty or not a number"),
        ("1,inf", "row 4: y is not finite (inf)"),
        ("1e200,1", "row 4: x is 1e+200, beyond ±1e+100"),
        ("1,2,3", "CSV parse error: Expected 2 columns, got 3: 1,2,3"),
    ],
)
def test_a_bad_value_names_the_file_and_row(tmp_path: Path, cells: str, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("x,y\n1,2\n2,3\n\n3,4\n" + cells + "\n5,6\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_stats(path=path)
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value)


def test_a_bad_value_deep_in_a_big_csv_is_found_by_its_row(tmp_path: Path) -> None:
    x, y = points(20_000)
    cells = [f"{a!r},{b!r}" for a, b in zip(x.tolist(), y.tolist(), strict=True)]
    cells[17_345] = "1.5,1..2"
    (tmp_path / "big.csv").write_text("x,y\n" + "\n".join(cells) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"big.csv: row 17346: y is not a number: '1..2'"):
        read_stats(path=tmp_path / "big.csv", chunk_rows=1000)


def test_parquet_text_values_are_named_by_row(tmp_path: Path) -> None:
    pq.write_table(pa.table({"x": ["1", "2", "zz"], "y": [1.0, 2.0, 3.0]}), tmp_path / "t.pq")
    with pytest.raises(DataError, match=r"t.pq: row 3: x is not a number: 'zz'"):
        read_stats(path=tmp_path / "t.pq")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "none.csv", "none.csv: no such file"),
        (lambda d: d / "*.parquet", r"\*.parquet: no file matches"),
        (lambda d: d, "a folder with no .csv or .parquet file"),
        (lambda d: _write(d / "e.csv", ""), "empty file"),
        (lambda d: _write(d / "h.csv", "a,b\n1,2\n"), "expected a header naming columns x and y"),
        (lambda d: _write(d / "one.csv", "x,y\n1,2\n"), r"1 point\(s\); a line needs at least two"),
        (lambda d: _write(d / "same.csv", "x,y\n1,2\n1,3\n"), "fewer than two distinct x"),
        (lambda d: _write(d / "p.parquet", "not parquet"), "cannot read it as a Parquet file"),
    ],
)
def test_missing_or_unusable_files_are_data_errors(tmp_path: Path, make, message: str) -> None:
    with pytest.raises(DataError, match=message):
        read_data(path=make(tmp_path))


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _without(monkeypatch, *packages: str) -> None:
    """Imports of ``packages`` fail, as if they were not installed."""
    for name in [m for m in sys.modules if m.split(".")[0] in packages] + list(packages):
        monkeypatch.setitem(sys.modules, name, None)  # None in sys.modules: ImportError


def test_without_pyarrow_the_error_says_what_to_install(monkeypatch, csv_file: Path) -> None:
    _without(monkeypatch, "pyarrow")
    with pytest.raises(ConfigError) as caught:
        read_stats(path=csv_file)
    assert str(caught.value) == "reading big data needs pyarrow: pip install 'chainrule[scale]'"


def test_without_dask_the_error_says_what_to_install(monkeypatch, csv_file: Path) -> None:
    _without(monkeypatch, "dask", "distributed")
    with pytest.raises(ConfigError) as caught:
        read_data(path=csv_file, engine="dask")
    assert str(caught.value) == "engine dask needs dask: pip install 'chainrule[scale]'"


def test_the_command_says_what_to_install(monkeypatch, capsys, csv_file: Path) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    code, _, err = run_cli(capsys, "train", "--data", str(csv_file))
    assert code == 2
    assert (
        err == "chainrule: error: reading big data needs pyarrow: pip install 'chainrule[scale]'\n"
    )


def test_progress_reports_bytes_up_to_the_total(tmp_path: Path) -> None:
    folder = write_parquet(tmp_path / "ds", *points())
    seen: list[tuple[int, int]] = []
    read_stats(path=folder, chunk_rows=500, progress=lambda done, total: seen.append((done, total)))
    total = sum(p.stat().st_size for p in folder.iterdir())
    assert {t for _, t in seen} == {total}
    assert [d for d, _ in seen] == sorted(d for d, _ in seen) and seen[-1][0] == total
    assert len(seen) == 3 * 2  # each file: 1000 rows in batches of 500


# --- Dask ----------------------------------------------------------------------------------
distributed = pytest.importorskip("distributed")
from chainrule.descent import dask_stats  # noqa: E402 - after the skip without distributed


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2, processes=False, threads_per_worker=1, dashboard_address=None
    ) as local:
        yield local


def test_dask_on_a_two_worker_cluster_equals_the_in_memory_fit(cluster, tmp_path: Path) -> None:
    x, y = points(offset=1e5)
    folder = write_parquet(tmp_path / "ds", x, y)
    data = read_data(path=folder, engine="dask", scheduler=cluster.scheduler_address)
    assert data.n == N and 0 < data.x.size <= SAMPLE
    assert data.recipe["engine"] == "dask"
    assert_same_surface(loss_surface(data), loss_surface(dataset(x=x, y=y)))
    uk = write_csv(tmp_path / "uk.csv", x[:500], y[:500], sep=";", comma=True)
    on_csv = read_data(path=uk, engine="dask", scheduler=cluster.scheduler_address)
    assert_same_surface(loss_surface(on_csv), loss_surface(dataset(x=x[:500], y=y[:500])))


def test_dask_names_the_partition_and_row_of_a_bad_value(cluster, tmp_path: Path) -> None:
    x, y = points(20_000)  # ~400 kB: the bad cell is beyond the block the client reads
    cells = [f"{a!r},{b!r}" for a, b in zip(x.tolist(), y.tolist(), strict=True)]
    cells[15_000] = "2,oops"
    path = _write(tmp_path / "bad.csv", "x,y\n" + "\n".join(cells) + "\n")
    with pytest.raises(DataError, match=r"bad.csv \(partition 0\): row 15001: y is not a num"):
        read_data(path=path, engine="dask", scheduler=cluster.scheduler_address)


def test_the_default_local_cluster_starts_and_stops(monkeypatch, csv_file: Path) -> None:
    started: list[Any] = []
    real = distributed.LocalCluster

    def in_process(**settings: Any) -> Any:
        started.append(real(**{**settings, "processes": False}))  # fast: threads, not processes
        return started[-1]

    monkeypatch.setattr(distributed, "LocalCluster", in_process)
    data = read_data(path=csv_file, engine="dask")
    assert_same_surface(loss_surface(data), loss_surface(load_csv(csv_file)))
    assert len(started) == 1 and started[0].status.name == "closed"


def test_a_corrupt_file_is_a_data_error_on_either_engine(cluster, tmp_path: Path) -> None:
    x, y = points(20_000)
    path = tmp_path / "c.parquet"
    pq.write_table(pa.table({"x": x, "y": y}), path, row_group_size=5000)
    at = pq.ParquetFile(path).metadata.row_group(2).column(0).data_page_offset
    raw = bytearray(path.read_bytes())
    raw[at : at + 60] = b"\xff" * 60  # the third row group's first page header
    path.write_bytes(bytes(raw))
    with pytest.raises(DataError, match=r"c.parquet: cannot read it after row 10000 \("):
        read_stats(path=path, chunk_rows=5000)
    with pytest.raises(DataError, match=r"^engine dask: OSError: "):
        read_data(path=path, engine="dask", scheduler=cluster.scheduler_address)


def test_an_unreachable_scheduler_is_one_line(monkeypatch, csv_file: Path) -> None:
    monkeypatch.setattr(dask_stats, "CONNECT_TIMEOUT", 1)
    with pytest.raises(
        ConfigError, match=r"cannot reach the Dask scheduler at 'tcp://127\.0\.0\.1:9'"
    ):
        read_data(path=csv_file, engine="dask", scheduler="tcp://127.0.0.1:9", timeout=60)


# --- the commands --------------------------------------------------------------------------
def test_train_sweep_and_experiments_take_data(capsys, tmp_path: Path) -> None:
    x, y = points()
    folder = write_parquet(tmp_path / "ds", x, y)
    code, out, _ = run_cli(capsys, "train", "--data", f"{folder}/*.parquet", "--json")
    assert code == 0
    got, want = json.loads(out)["history"], train(data=dataset(x=x, y=y)).history
    np.testing.assert_allclose(got, want, rtol=1e-12)
    code, out, _ = run_cli(capsys, "sweep", "--data", str(folder), "--num", "5")
    assert code == 0 and f"ds: {N} points" in out
    code, out, _ = run_cli(capsys, "experiments", "--data", str(folder))
    assert code == 0 and f"{N} points (statistics read in chunks" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--data", "d.csv", "--csv", "d.csv"], "--csv cannot be combined with --data"),
        (["--data", "d.csv", "--n", "5"], "--n cannot be combined with --data"),
        (["--scheduler", "tcp://h:8786"], "--scheduler describes --data; give --data"),
        (
            ["--data", "d.csv", "--scheduler", "tcp://h:1"],
            "--scheduler is a Dask scheduler's address; add --engine dask",
        ),
        (["--data", "nowhere/*.csv"], "nowhere/*.csv: no file matches"),
    ],
)
def test_data_option_mistakes_are_one_line(capsys, argv: list[str], message: str) -> None:
    code, _, err = run_cli(capsys, "train", *argv)
    assert code == 2 and err.startswith(f"chainrule: error: {message}") and err.count("\n") == 1


def test_line_stats_of_read_equal_line_stats_of_all(tmp_path: Path) -> None:
    x, y = points(offset=1e5)
    got = read_stats(path=write_parquet(tmp_path / "ds", x, y), chunk_rows=64)
    want = LineStats.of(x, y)
    for name in ("x_mean", "y_mean", "sxx", "sxy", "syy"):
        assert math.isclose(getattr(got, name), getattr(want, name), rel_tol=1e-12), name
