"""Logistic regression on big data (issue 16): epochs as reductions over chunks and Dask."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from chainrule.descent.logistic import train_logistic_runs
from chainrule.descent.logistic_big import train_logistic_file
from chainrule.descent.logistic_data import two_class_data
from chainrule.errors import ConfigError, DataError
from conftest import run_cli

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

N, EPOCHS, LRS = 3000, 30, [0.5, 2.0]


@pytest.fixture(scope="module")
def labelled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    """Three Parquet files of several row groups, 3000 labelled rows (columns X and Label)."""
    data = two_class_data(n=N, seed=5)
    folder = tmp_path_factory.mktemp("labels")
    for i, part in enumerate(np.array_split(np.arange(N), 3)):
        table = pa.table({"X": data.x[part], "Label": data.y[part]})
        pq.write_table(table, folder / f"part{i}.parquet", row_group_size=300)
    return folder, data


def same_runs(got, want) -> None:
    for g, m in zip(got, want, strict=True):
        for name in ("w_history", "c_history", "history"):
            np.testing.assert_allclose(getattr(g, name), getattr(m, name), rtol=1e-12, atol=0)
        assert g.accuracy == m.accuracy
        assert g.status == m.status or m.status == "converged"


@pytest.mark.parametrize("optimizer", ["gd", "adam"])
def test_local_chunks_equal_the_in_memory_fit(labelled, optimizer) -> None:
    folder, data = labelled
    want = train_logistic_runs(data=data, lrs=LRS, epochs=EPOCHS, optimizer=optimizer)
    got = train_logistic_file(
        path=folder, x="x", y="label", lrs=LRS, epochs=EPOCHS, optimizer=optimizer, chunk_rows=256
    )
    same_runs(got, want)
    assert got[0].n == N and got[0].ones == N - N // 2
    assert got[0].rates.safe_lr == pytest.approx(want[0].rates.safe_lr, rel=1e-12)


def test_dask_partitions_equal_the_in_memory_fit(labelled) -> None:
    pytest.importorskip("distributed")
    folder, data = labelled
    want = train_logistic_runs(data=data, lrs=LRS, epochs=EPOCHS, optimizer="momentum")
    got = train_logistic_file(
        path=folder, x="x", y="label", lrs=LRS, epochs=EPOCHS, optimizer="momentum", engine="dask"
    )
    same_runs(got, want)


def test_a_bad_label_is_named_by_its_row(tmp_path: Path) -> None:
    file = tmp_path / "labels.csv"
    file.write_text("x,y\n1,0\n2,1\n3,0.5\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"labels.csv: row 3 \(x = 3\): the label y must be 0 or 1"):
        train_logistic_file(path=file, epochs=3)
    file.write_text("x,y\n1,1\n2,1\n", encoding="utf-8")
    with pytest.raises(DataError, match="2 rows, 2 labelled 1; logistic regression needs both"):
        train_logistic_file(path=file, epochs=3)
    rows = "".join(f"{k},{k % 2}\n" for k in range(2000)) + "7,-1\n"
    file.write_text("x,y\n" + rows, encoding="utf-8")
    with pytest.raises(DataError, match=r"row 2001 \(x = 7\): the label y must be 0 or 1, got -1"):
        train_logistic_file(path=file, epochs=3, chunk_rows=64)
    with pytest.raises(ConfigError, match="engine"):
        train_logistic_file(path=file, engine="spark")


def test_cli_trains_on_data(labelled, capsys) -> None:
    folder, _ = labelled
    code, out, err = run_cli(
        capsys,
        "train",
        "--model",
        "logistic",
        "--data",
        str(folder),
        "--x-column",
        "X",
        "--y-column",
        "Label",
        "--epochs",
        "20",
        "--lr",
        "1",
    )
    assert code == 0, err
    assert "3000 points" in out and "skipped on big data" in out
