"""Data of any size, read in chunks: CSV or Parquet files to merged :class:`LineStats`.

:func:`read_stats` streams one file or a glob of them with pyarrow (CSV through
``pyarrow.csv.open_csv``, Parquet batch by batch) and merges each chunk's statistics, so
memory stays bounded by a chunk whatever the size of the data. :func:`read_data` gives
the :class:`~chainrule.descent.summary.SummarisedData` that ``train``, ``sweep``,
``run_experiments`` and ``build_report`` take; with ``engine="dask"`` the statistics are
computed by Dask instead (:mod:`chainrule.descent.dask_stats`).

CSV files read as :func:`~chainrule.descent.data.load_csv` reads them: a header naming the
columns, fields separated by ``,``, ``;`` or a tab (found from the header), and a decimal
comma when the fields are not separated by commas. A value that is not a finite number
within :data:`~chainrule.descent.data.MAX_MAGNITUDE` is a :class:`DataError` naming the file
and the row (rows count from 1 after the header; blank lines are not rows).
pyarrow is an optional dependency: ``pip install 'chainrule[scale]'``.
"""

from __future__ import annotations

import csv
import glob
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

from chainrule import arguments
from chainrule.budget import budgeted
from chainrule.descent.columns import (
    CsvForm,
    checked,
    first_bad,
    need,
    numbers,
    shown,
    unshifted,
)
from chainrule.descent.dask_stats import dask_stats
from chainrule.descent.data import MAX_LINE, SEPARATORS
from chainrule.descent.line_stats import LineStats
from chainrule.descent.summary import Sampler, SummarisedData, summarised
from chainrule.errors import ConfigError, DataError

#: Rows per chunk (a Parquet batch; a CSV block holds about this many short rows).
CHUNK_ROWS = 1 << 20
#: File names read as Parquet; any other is read as CSV.
PARQUET = (".parquet", ".pq")
#: The engines :func:`read_data` computes the statistics with.
ENGINES = ("local", "dask")
#: ``progress(done, total)``: bytes of the files read so far, of all of them.
Progress = Callable[[int, int], None]


@budgeted(lambda **_: "reading the data")
def read_stats(
    *,
    path: str | os.PathLike[str],
    x: str = "x",
    y: str = "y",
    chunk_rows: int = CHUNK_ROWS,
    progress: Progress | None = None,
    timeout: float | None = None,
) -> LineStats:
    """The merged statistics of columns ``x`` and ``y`` of a CSV or Parquet file, or of every
    file a glob (or a folder) names, read ``chunk_rows`` rows at a time.

    Column names match ignoring case and surrounding spaces. ``timeout``: seconds (default:
    see :mod:`chainrule.budget`).
    """
    return _read(path, x, y, chunk_rows, progress, None)


@budgeted(lambda **_: "reading the data")
def read_data(
    *,
    path: str | os.PathLike[str],
    x: str = "x",
    y: str = "y",
    engine: str = "local",
    scheduler: str | None = None,
    chunk_rows: int = CHUNK_ROWS,
    progress: Progress | None = None,
    timeout: float | None = None,
) -> SummarisedData:
    """Data to train on without holding its points: :func:`read_stats` and a sample to plot.

    ``engine="dask"`` computes them on a Dask cluster: the one at ``scheduler`` (an
    address such as ``tcp://10.0.0.5:8786``), or a local cluster of two worker processes
    started and shut down for the call. ``timeout``: seconds (default: see
    :mod:`chainrule.budget`).
    """
    arguments.choice("engine", engine, ENGINES, error=ConfigError)
    _check_columns(x, y)
    if scheduler is not None:
        arguments.text("scheduler", scheduler, error=ConfigError)
        if engine != "dask":
            raise ConfigError("scheduler is a Dask scheduler's address; it needs engine='dask'")
    sample = Sampler()
    if engine == "dask":
        files = data_files(path)
        forms = _forms(files, x, y)
        shift = first_point(files, forms)
        stats = dask_stats(
            files=files, forms=forms, scheduler=scheduler, sample=sample, shift=shift
        )
        stats = unshifted(stats, shift)
    else:
        stats = _read(path, x, y, chunk_rows, progress, sample)
    where = str(path)
    if stats.n < 2:
        raise DataError(f"{where}: {stats.n} point(s); a line needs at least two")
    if not stats.sxx > 0.0:
        raise DataError(f"{where}: fewer than two distinct x values (every x is {stats.x_mean:g})")
    recipe = {"source": "file", "path": where, "engine": engine}
    return summarised(stats=stats, sample=sample, recipe=recipe)


def _check_columns(x: Any, y: Any) -> None:
    arguments.text("x", x, error=ConfigError)
    arguments.text("y", y, error=ConfigError)
    if x.strip().lower() == y.strip().lower():
        raise ConfigError(f"x and y name the same column, {x!r}; name two columns")


def data_files(path: Any) -> list[str]:
    """The files ``path`` names: one file, a folder's CSV and Parquet files, or a glob's."""
    where = os.fspath(arguments.path("path", path, error=DataError))
    if os.path.isdir(where):
        files = [str(p) for p in sorted(Path(where).iterdir()) if _readable_name(p)]
        if not files:
            raise DataError(f"{where}: a folder with no .csv or .parquet file")
        return files
    if glob.has_magic(where):
        files = sorted(f for f in glob.glob(where, recursive=True) if os.path.isfile(f))
        if not files:
            raise DataError(f"{where}: no file matches")
        return files
    if not os.path.exists(where):
        raise DataError(f"{where}: no such file")
    if not os.path.isfile(where):
        raise DataError(f"{where}: not a regular file")
    return [where]


def _readable_name(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() in (*PARQUET, ".csv", ".tsv", ".txt")


def is_parquet(file: str) -> bool:
    return Path(file).suffix.lower() in PARQUET


def _forms(files: list[str], x: str, y: str) -> list[CsvForm | tuple[str, str]]:
    """Each file's CSV form, or a Parquet file's x and y column names."""
    return [parquet_columns(f, x, y) if is_parquet(f) else csv_form(f, x, y) for f in files]


def _read(
    path: Any, x: str, y: str, chunk_rows: Any, progress: Progress | None, sample: Sampler | None
) -> LineStats:
    _check_columns(x, y)
    if isinstance(chunk_rows, bool) or not isinstance(chunk_rows, int) or chunk_rows < 1:
        raise ConfigError(f"chunk_rows must be a positive whole number, got {chunk_rows!r}")
    arguments.function("progress", progress, error=ConfigError)
    pa = need("pyarrow", "reading big data")
    files = data_files(path)
    forms = _forms(files, x, y)
    sizes = [os.path.getsize(f) for f in files]
    total, before = sum(sizes), 0
    stats = LineStats()
    shift: tuple[float, float] | None = None
    for file, form, size in zip(files, forms, sizes, strict=True):
        row = 0
        try:
            for xs, ys, done in _chunks(file, form, chunk_rows):
                checked(file, row, xs, ys)
                if shift is None and len(xs):
                    shift = float(xs[0]), float(ys[0])
                if shift is not None:
                    stats = stats.merge(LineStats.of(xs - shift[0], ys - shift[1]))
                if sample is not None:
                    sample.add(xs, ys)
                row += len(xs)
                if progress is not None:
                    progress(before + min(int(done * size), size), total)
        except (OSError, pa.ArrowException) as exc:  # unreadable, or broken mid-way
            why = _first_line(exc)
            raise DataError(f"{file}: cannot read it after row {row} ({why})") from None
        before += size
    return unshifted(stats, shift)


def _chunks(
    file: str, form: CsvForm | tuple[str, str], chunk_rows: int
) -> Iterator[tuple[np.ndarray, np.ndarray, float]]:
    """``(x, y, share of the file read)`` per chunk of a CSV or Parquet file."""
    if isinstance(form, CsvForm):
        return _csv_chunks(file, form, chunk_rows)
    return _parquet_chunks(file, form, chunk_rows)


def first_point(files: list[str], forms: list[CsvForm | tuple[str, str]]) -> tuple[float, float]:
    """The first row's ``(x, y)``: the origin all chunks are read from (:func:`unshifted`)."""
    pa = need("pyarrow", "reading big data")
    for file, form in zip(files, forms, strict=True):
        try:
            for xs, ys, _ in _chunks(file, form, 1):
                if len(xs):
                    checked(file, 0, xs[:1], ys[:1])
                    return float(xs[0]), float(ys[0])
        except (OSError, pa.ArrowException) as exc:
            raise DataError(f"{file}: cannot read it ({_first_line(exc)})") from None
    return 0.0, 0.0


# --- CSV ------------------------------------------------------------------------------------
def csv_form(file: str, x: str, y: str) -> CsvForm:
    """The separator, decimal mark and column names of a CSV file, from its header line."""
    try:
        with open(file, encoding="utf-8-sig", newline="") as handle:
            first = handle.readline(MAX_LINE + 1)
    except (OSError, UnicodeDecodeError) as exc:
        why = exc.__class__.__name__
        raise DataError(f"{file}: cannot read it as a CSV file ({why})") from None
    if not first.strip():
        raise DataError(f"{file}: empty file; expected a header line naming {x} and {y}")
    for sep in SEPARATORS:
        names = next(csv.reader([first], delimiter=sep))
        found = _named(names, x, y)
        if found is not None:
            return CsvForm(sep, "," if sep != "," else ".", *found)
    raise DataError(
        f"{file}: line 1: expected a header naming columns {x} and {y} once each,"
        f" got {first.strip()[:80]!r}"
    )


def _named(names: list[str], x: str, y: str) -> tuple[str, str] | None:
    """The names in ``names`` that are ``x`` and ``y`` (case and spaces aside), once each."""
    keys = [name.strip().strip('"').lower() for name in names]
    wanted = [x.strip().lower(), y.strip().lower()]
    if wanted[0] == wanted[1] or any(keys.count(w) != 1 for w in wanted):
        return None
    return names[keys.index(wanted[0])], names[keys.index(wanted[1])]


def _csv_chunks(
    file: str, form: CsvForm, chunk_rows: int, *, text: bool = False
) -> Iterator[tuple[np.ndarray, np.ndarray, float]]:
    """``(x, y, share of the file read)`` per block; a bad value is found and named.

    ``text``: read the cells as text and parse them here (always for a decimal comma,
    where ``"1,5"`` and ``"1.5"`` both parse); slower, but it names the row of a bad cell.
    """
    pa = need("pyarrow", "reading big data")
    text = text or form.decimal == ","
    source = pa.OSFile(file)
    reader = _csv_reader(file, source, form, chunk_rows, pa.string() if text else pa.float64())
    size = max(source.size(), 1)
    row = 0
    with source:
        while True:
            try:
                batch = reader.read_next_batch()
            except StopIteration:
                return
            except pa.ArrowInvalid as exc:
                if text:  # a row of the wrong width, or a broken quote: pyarrow's words
                    raise DataError(f"{file}: after row {row}: {_first_line(exc)}") from None
                raise _bad_csv(file, form, chunk_rows) from None
            columns = [batch.column(form.x), batch.column(form.y)]
            if text:
                columns = [
                    numbers(file, name, c, row, form.decimal)
                    for name, c in zip("xy", columns, strict=True)
                ]
            xs, ys = (c.to_numpy(zero_copy_only=False).astype(np.float64) for c in columns)
            row += len(xs)
            yield xs, ys, source.tell() / size


def _csv_reader(file: str, source: Any, form: CsvForm, chunk_rows: int, kind: Any) -> Any:
    pa, pacsv = need("pyarrow", "reading big data"), need("pyarrow.csv", "reading big data")
    block = max(chunk_rows * 24, 4 * MAX_LINE)
    try:
        return pacsv.open_csv(
            source,
            read_options=pacsv.ReadOptions(block_size=block),
            parse_options=pacsv.ParseOptions(delimiter=form.sep),
            convert_options=pacsv.ConvertOptions(
                column_types={form.x: kind, form.y: kind}, include_columns=[form.x, form.y]
            ),
        )
    except pa.ArrowInvalid as exc:  # the first block is read at once
        if kind == pa.string():
            raise DataError(f"{file}: {_first_line(exc)}") from None
        raise _bad_csv(file, form, chunk_rows) from None


def _bad_csv(file: str, form: CsvForm, chunk_rows: int) -> DataError:
    """The error for a block pyarrow could not parse as numbers: the file read again as text
    finds the row of the bad cell (only on this error path)."""
    for _ in _csv_chunks(file, form, chunk_rows, text=True):
        pass
    return DataError(f"{file}: a value is not a number")  # pyarrow and a cast disagreed


# --- Parquet --------------------------------------------------------------------------------
def parquet_columns(file: str, x: str, y: str) -> tuple[str, str]:
    """The names of a Parquet file's x and y columns (case and spaces aside)."""
    pq = need("pyarrow.parquet", "reading big data")
    try:
        names = pq.read_schema(file).names
    except Exception as exc:  # pyarrow's ArrowInvalid, OSError: not a Parquet file
        raise DataError(f"{file}: cannot read it as a Parquet file ({_first_line(exc)})") from None
    found = _named(names, x, y)
    if found is None:
        got = ", ".join(names[:10])
        raise DataError(f"{file}: expected columns {x} and {y} once each, got {got}")
    return found


def _parquet_chunks(
    file: str, columns: tuple[str, str], chunk_rows: int
) -> Iterator[tuple[np.ndarray, np.ndarray, float]]:
    """``(x, y, share of the file read)`` per batch of ``chunk_rows`` rows."""
    pa, pq = need("pyarrow", "reading big data"), need("pyarrow.parquet", "reading big data")
    pc = need("pyarrow.compute", "reading big data")
    with pq.ParquetFile(file, pre_buffer=False) as parquet:  # pre_buffer: whole file ahead
        total = max(parquet.metadata.num_rows, 1)
        row = 0
        for batch in parquet.iter_batches(batch_size=chunk_rows, columns=list(columns)):
            pair = []
            for name, column in zip("xy", (batch.column(c) for c in columns), strict=True):
                try:
                    pair.append(pc.cast(column, pa.float64()).to_numpy(zero_copy_only=False))
                except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                    if not pa.types.is_string(column.type):
                        kind = column.type
                        raise DataError(f"{file}: column {name} is {kind}, not numbers") from None
                    k = first_bad(column, pa, pc)
                    raise DataError(
                        f"{file}: row {row + k + 1}: {name} is not a number:"
                        f" {shown(column[k].as_py())}"
                    ) from None
            row += batch.num_rows
            yield pair[0], pair[1], row / total


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return (text.splitlines()[0] if text else type(exc).__name__)[:200]
