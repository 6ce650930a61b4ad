"""The statistics of big data computed by Dask: per partition, then merged in a tree.

Each partition of a ``dask.dataframe`` (read with ``read_csv`` or ``read_parquet``) becomes
one :class:`LineStats` (and a strided sample of its rows) on a worker; pairs are merged
level by level (:meth:`LineStats.merge` is associative), so the client receives one small
object. The cluster is the one at a scheduler's address, or a local one of two worker
processes, started and shut down within the call. Dask is an optional dependency:
``pip install 'chainrule[scale]'``; the workers need chainrule installed too.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

import numpy as np

from chainrule.descent.columns import CsvForm, checked, need, numbers
from chainrule.descent.line_stats import LineStats
from chainrule.descent.summary import SAMPLE, Sampler
from chainrule.errors import ChainruleError, ConfigError, DataError

#: Worker processes of the local cluster started when no scheduler is given.
LOCAL_WORKERS = 2
#: Seconds to wait for a scheduler at a given address.
CONNECT_TIMEOUT = 10

#: One partition's result: its statistics and its sampled x and y.
Part = tuple[LineStats, np.ndarray, np.ndarray]


def dask_stats(
    *,
    files: list[str],
    forms: list[CsvForm | tuple[str, str]],
    scheduler: str | None,
    sample: Sampler,
    shift: tuple[float, float] = (0.0, 0.0),
) -> LineStats:
    """The merged statistics of ``(x - shift[0], y - shift[1])`` over ``files`` (and their
    sample of ``(x, y)``, added to ``sample``)."""
    need("dask.dataframe", "engine dask")
    need("distributed", "engine dask")
    from dask import delayed

    parts = [delayed(_part)(*part, shift) for part in partitions(files, forms)]
    while len(parts) > 1:  # a tree: each level merges neighbours in pairs
        pairs = [delayed(_merge)(a, b) for a, b in zip(parts[::2], parts[1::2], strict=False)]
        parts = pairs + ([parts[-1]] if len(parts) % 2 else [])
    with ExitStack() as stack:
        client = connect(stack, scheduler)
        with worker_errors():
            stats, xs, ys = client.compute(parts[0]).result()
    sample.add(xs, ys)
    return stats


def connect(stack: ExitStack, scheduler: str | None) -> Any:
    """A Dask client (closed with ``stack``): of the cluster at ``scheduler``, or of a local
    cluster of :data:`LOCAL_WORKERS` worker processes."""
    distributed = need("distributed", "engine dask")
    if scheduler is None:
        cluster = stack.enter_context(
            distributed.LocalCluster(
                n_workers=LOCAL_WORKERS,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.CRITICAL,  # a worker's failure is our one-line error
            )
        )
        return stack.enter_context(distributed.Client(cluster))
    try:
        return stack.enter_context(distributed.Client(scheduler, timeout=CONNECT_TIMEOUT))
    except (OSError, TimeoutError, ValueError) as exc:
        raise ConfigError(
            f"cannot reach the Dask scheduler at {scheduler!r} ({type(exc).__name__})"
        ) from None


@contextmanager
def worker_errors() -> Iterator[None]:
    """A worker's failure (a file corrupt or gone) as a one-line DataError."""
    try:
        yield
    except ChainruleError:
        raise
    except Exception as exc:
        why = (str(exc).strip().splitlines() or [""])[0][:200]
        raise DataError(f"engine dask: {type(exc).__name__}: {why}") from None


def partitions(files: list[str], forms: list[CsvForm | tuple[str, str]]) -> list[Any]:
    """``(partition, file, index, decimal mark)`` of every partition of ``files``, delayed."""
    parts = []
    for file, form in zip(files, forms, strict=True):
        decimal = form.decimal if isinstance(form, CsvForm) else "."
        parts += [(p, file, i, decimal) for i, p in enumerate(_frame(file, form).to_delayed())]
    return parts


def _frame(file: str, form: CsvForm | tuple[str, str]) -> Any:
    """One file as a dask dataframe of its x and y columns, as written."""
    dd = need("dask.dataframe", "engine dask")
    if not isinstance(form, CsvForm):  # a Parquet file's x and y columns
        return dd.read_parquet(file, columns=list(form), blocksize="64MiB")
    return dd.read_csv(
        file,
        sep=form.sep,
        usecols=[form.x, form.y],
        dtype=str,  # parsed in _part, which names a bad cell's row and reads "1,5" too
        keep_default_na=False,
        blocksize="64MB",
        encoding="utf-8-sig",
    )


def _part(frame: Any, file: str, index: int, decimal: str, shift: tuple[float, float]) -> Part:
    """A partition's statistics and sample (on a worker)."""
    x, y = columns(frame, file, index, decimal)
    own = Sampler(SAMPLE)
    own.add(x, y)
    return (LineStats.of(x - shift[0], y - shift[1]), *own.points())


def columns(frame: Any, file: str, index: int, decimal: str) -> tuple[np.ndarray, np.ndarray]:
    """A partition's x and y as float64 (on a worker); a bad value named by its row in the
    partition."""
    pa = need("pyarrow", "engine dask")
    from pandas.api.types import is_numeric_dtype  # dask.dataframe's own dependency

    where = f"{file} (partition {index})"
    pair = []
    for name, column in zip("xy", (frame.iloc[:, 0], frame.iloc[:, 1]), strict=True):
        if is_numeric_dtype(column.dtype):
            pair.append(column.to_numpy(dtype=np.float64, na_value=np.nan))
        else:  # CSV cells as text
            text = pa.Array.from_pandas(column.astype(str))
            parsed = numbers(where, name, text, 0, decimal)
            pair.append(parsed.to_numpy(zero_copy_only=False))
    checked(where, 0, pair[0], pair[1])
    return pair[0], pair[1]


def _merge(a: Part, b: Part) -> Part:
    """Two partitions' statistics merged; their samples joined and thinned to SAMPLE."""
    xs, ys = np.concatenate([a[1], b[1]]), np.concatenate([a[2], b[2]])
    step = -(-xs.size // SAMPLE)
    return a[0].merge(b[0]), xs[::step], ys[::step]
