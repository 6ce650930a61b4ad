"""Big data (issue 16): chunked local reading vs a Dask LocalCluster vs the one-read floor.

    python bench/bench_big_data.py                  # 10**8 rows (1.6 GB of Parquet)
    python bench/bench_big_data.py --rows 10000000  # 10**7 rows

N rows of ``y = 2x + 3.5 + noise`` are written to Parquet (row groups of 2**20 rows) in
the temp folder, once. Each way then computes the line's statistics in a fresh process
that reports its time and peak resident memory (``VmHWM`` in ``/proc/self/status``):

- ``chunked``: :func:`chainrule.descent.big_data.read_stats`, batches of 2**20 rows;
- ``dask``: :func:`~chainrule.descent.big_data.read_data` with ``engine="dask"`` on a
  LocalCluster of two worker processes, started within the timing (the client's memory
  is shown; each worker's peak is printed too);
- ``floor``: the whole columns read at once (``pyarrow.parquet.read_table``) and
  :meth:`LineStats.of` over them: the one-read floor, where it fits in memory
  (skipped above ``--floor-max`` rows).

Ratios are printed against the floor (time) and the target of a 300 MB peak.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

CHILD = """
import json, sys, time
way, path = sys.argv[1], sys.argv[2]

def peak_mb():  # VmHWM: this process's own peak (ru_maxrss keeps the parent's over exec)
    with open("/proc/self/status") as status:
        line = next(l for l in status if l.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024

def worker_peak():
    with open("/proc/self/status") as status:
        line = next(l for l in status if l.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024

if __name__ == "__main__":
    import numpy, pyarrow.parquet as pq
    from chainrule.descent.big_data import read_data, read_stats
    from chainrule.descent.line_stats import LineStats
    base = peak_mb()
    start = time.perf_counter()
    workers = []
    if way == "chunked":
        stats = read_stats(path=path, timeout=3600)
    elif way == "dask":
        import distributed
        real = distributed.Client

        class Watched(real):  # the workers' peak memory, asked before the cluster stops
            def __exit__(self, *exc):
                workers.extend(self.run(worker_peak).values())
                return super().__exit__(*exc)

        distributed.Client = Watched
        stats = read_data(path=path, engine="dask", timeout=3600).stats
    else:
        table = pq.read_table(path, columns=["x", "y"])
        x, y = (table.column(c).to_numpy() for c in ("x", "y"))
        del table
        stats = LineStats.of(x, y)
    seconds = time.perf_counter() - start
    print(json.dumps({"way": way, "seconds": seconds, "peak": peak_mb(), "base": base,
                      "workers": workers, "stats": stats.__dict__}))
"""


def write_parquet(path: str, rows: int, *, chunk: int = 1 << 20) -> None:
    """``rows`` points of y = 2x + 3.5 + noise, written a row group at a time."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = np.random.default_rng(0)
    schema = pa.schema([("x", pa.float64()), ("y", pa.float64())])
    with pq.ParquetWriter(path + ".part", schema) as writer:
        for start in range(0, rows, chunk):
            x = 1e5 + np.arange(start, min(rows, start + chunk)) * (10 / rows)  # far from 0
            y = 2 * x + 3.5 + rng.normal(0, 1, x.size)
            writer.write_table(pa.table({"x": x, "y": y}, schema=schema))
    os.replace(path + ".part", path)


def run(way: str, path: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, way, path], check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10**8)
    parser.add_argument("--path", help="the Parquet file (written if missing)")
    parser.add_argument("--floor-max", type=int, default=2 * 10**8, help="largest floor run")
    parser.add_argument("--skip-dask", action="store_true")
    args = parser.parse_args()
    path = args.path or os.path.join(tempfile.gettempdir(), f"chainrule-bench-{args.rows}.parquet")
    if not os.path.exists(path):
        write_parquet(path, args.rows)
    print(f"{path}: {args.rows:.0e} rows, {os.path.getsize(path) / 2**20:.0f} MB")
    ways = ["chunked", *([] if args.skip_dask else ["dask"])]
    ways += ["floor"] if args.rows <= args.floor_max else []
    results = {way: run(way, path) for way in ways}
    floor = results.get("floor")
    reference = (floor or results["chunked"])["stats"]
    for way, r in results.items():
        ratio = f", {r['seconds'] / floor['seconds']:.2f}x the floor's time" if floor else ""
        worst = max(
            abs(r["stats"][k] - reference[k]) / abs(reference[k])
            for k in ("x_mean", "y_mean", "sxx", "sxy", "syy")
        )
        workers = (
            f"; workers' peaks {', '.join(f'{w:.0f}' for w in r['workers'])} MB"
            if r["workers"]
            else ""
        )
        print(
            f"{way:8s} {r['seconds']:7.1f} s{ratio}; peak {r['peak']:.0f} MB"
            f" ({r['peak'] / 300:.2f}x the 300 MB target; {r['base']:.0f} MB after imports)"
            f"{workers}; largest relative difference in the statistics {worst:.1e}"
        )


if __name__ == "__main__":
    main()
