"""The lab's generator, CSV files and array data: exact points, clear errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from chainrule.descent import data as data_module
from chainrule.descent.data import dataset, lab_data, load_csv
from chainrule.errors import DataError


def test_lab_data_is_the_labs_code_bit_for_bit() -> None:
    state = np.random.get_state()
    try:
        # The lab's own lines, through NumPy's global legacy generator.
        X = np.linspace(0, 10, 100)  # noqa: N806 - the lab's name
        np.random.seed(1337)
        y = 2 * X + 3.5 + np.random.normal(0, 1, 100)
    finally:
        np.random.set_state(state)
    data = lab_data()
    assert np.array_equal(data.x, X)
    assert np.array_equal(data.y, y)
    assert data.recipe["source"] == "lab" and data.n == 100


def test_lab_data_knobs_and_read_only_arrays() -> None:
    data = lab_data(n=7, slope=-1.0, intercept=0.0, noise=0.0, x_min=-3, x_max=3, seed=0)
    assert np.array_equal(data.x, np.linspace(-3, 3, 7))
    assert np.array_equal(data.y, -data.x)
    with pytest.raises(ValueError, match="read-only"):
        data.x[0] = 1.0
    assert data.to_dict() == {
        "source": "lab",
        "n": 7,
        "slope": -1.0,
        "intercept": 0.0,
        "noise": 0.0,
        "x_min": -3.0,
        "x_max": 3.0,
        "seed": 0,
    }
    assert "y = -1*x + 0" in data.describe()


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"n": 1}, "n must be an integer from 2"),
        ({"n": 2.5}, "n must be an integer"),
        ({"n": True}, "n must be an integer"),
        ({"noise": -1.0}, "noise must be >= 0"),
        ({"slope": float("nan")}, "slope must be finite"),
        ({"x_min": 5.0, "x_max": 5.0}, "x_min must be below x_max"),
        ({"seed": -1}, "seed must be an integer from 0 to 2**32 - 1"),
        ({"intercept": "3"}, "intercept must be a number"),
    ],
)
def test_lab_data_rejects_bad_settings(settings: dict[str, object], message: str) -> None:
    with pytest.raises(DataError, match=message.replace("*", r"\*")):
        lab_data(**settings)  # type: ignore[arg-type]


def test_csv_reads_columns_by_name(tmp_path: Path) -> None:
    path = tmp_path / "points.csv"
    path.write_text("\ufeffid, Y ,X\n1,3.5,0\n\n2,5.5,1e0\n3,7.5, 2\n", encoding="utf-8")
    data = load_csv(path)
    assert data.x.tolist() == [0.0, 1.0, 2.0]
    assert data.y.tolist() == [3.5, 5.5, 7.5]
    assert data.recipe == {"source": "csv", "path": str(path)}
    assert data.describe() == f"{path}: 3 points"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty file; expected a header line 'x,y'"),
        ("a,b\n1,2\n", "line 1: expected a header naming columns x and y once each, got 'a,b'"),
        ("x,x,y\n1,2,3\n", "expected a header naming columns x and y once each"),
        ("x,y\n1,2\n3\n", "line 3: 1 fields, the header has 2"),
        ("x,y\n1,2\n2,abc\n", "line 3: y is not a number: 'abc'"),
        ("x,y\n1,2\n,3\n", "line 3: x is not a number: ''"),
        ("x,y\n1,2\ninf,3\n", "line 3: x is not finite: 'inf'"),
        ("x,y\n1,2\n2,nan\n", "line 3: y is not finite: 'nan'"),
        ("x,y\n1,2\n", "1 point(s); a line needs at least two"),
        ("x,y\n", "0 point(s)"),
        ("x,y\n4,2\n4,3\n", "fewer than two distinct x values (every x is 4)"),
        ("x,y\n1,2\n2,1e300\n", "y has a value beyond"),
    ],
)
def test_csv_errors_name_file_and_line(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_csv(path)
    assert str(info.value).startswith(f"{path}: ")
    assert message in str(info.value)


def test_csv_unreadable_paths(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="no such file"):
        load_csv(tmp_path / "missing.csv")
    with pytest.raises(DataError, match="is a folder"):
        load_csv(tmp_path)
    binary = tmp_path / "b.csv"
    binary.write_bytes(b"x,y\n\xff\xfe,1\n")
    with pytest.raises(DataError, match="not a UTF-8 text file"):
        load_csv(binary)


def test_dataset_from_arrays_copies_and_checks() -> None:
    x = np.array([0.0, 1.0, 2.0])
    data = dataset(x=x, y=[1, 2, 3])
    x[0] = 99.0
    assert data.x.tolist() == [0.0, 1.0, 2.0]
    with pytest.raises(DataError, match="1-D, of equal length"):
        dataset(x=[1, 2, 3], y=[1, 2])
    with pytest.raises(DataError, match="x has a value that is not finite"):
        dataset(x=[1, np.nan], y=[1, 2])


def test_csv_errors_keep_their_line_across_chunks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(data_module, "_CHUNK", 4)
    path = tmp_path / "p.csv"
    rows = [f"{i},{2 * i}" for i in range(11)]
    path.write_text("x,y\n" + "\n".join(rows) + '\n\n"1\n2",3\n7,oops\n')
    with pytest.raises(DataError, match=r"p\.csv: line 15: x is not a number: '1\\n2'$"):
        load_csv(path)
    path.write_text("x,y\n" + "\n".join(rows) + "\n\n7,oops\n")
    with pytest.raises(DataError, match=r"p\.csv: line 14: y is not a number: 'oops'$"):
        load_csv(path)
    path.write_text("x,y\n" + "\n".join(rows) + "\n\n7,inf\n")
    with pytest.raises(DataError, match=r"p\.csv: line 14: y is not finite: 'inf'$"):
        load_csv(path)
    path.write_text("x,y\n1,2\n" + "7" * 5000 + "z,3\n")
    with pytest.raises(DataError, match=r"p\.csv: line 3: x is not a number: '7{37}\.\.\.'$"):
        load_csv(path)


@pytest.mark.parametrize("chunk", [1, 3, 4, 5, 1 << 16])
def test_chunked_reading_gives_the_same_points(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    monkeypatch.setattr(data_module, "_CHUNK", chunk)
    path = tmp_path / "p.csv"
    path.write_text("y,label,x\n" + "".join(f"{i / 3!r},a,{i * 0.5}\n" for i in range(12)))
    data = load_csv(path)
    assert data.x.tolist() == [i * 0.5 for i in range(12)]
    assert data.y.tolist() == [i / 3 for i in range(12)]
