"""Peak memory of ``load_csv`` on a big CSV file (default 10**7 rows of x,y).

    python bench/bench_csv.py                 # writes the file once into the temp folder
    python bench/bench_csv.py --rows 1000000 --path /tmp/points.csv

The file is read in a fresh process; its peak resident memory (``ru_maxrss``) is
printed next to the memory after the imports and the size of the parsed arrays.
The target (issue 9): peak under 4x the parsed data, under 700 MB for 10**7 rows.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile

import numpy as np

CHILD = """
import resource, sys, time
from chainrule.descent.data import load_csv
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
start = time.perf_counter()
data = load_csv(sys.argv[1])
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
parsed = (data.x.nbytes + data.y.nbytes) / 2**20
print(f"{data.n} points: peak {peak:.0f} MB (after imports {base:.0f} MB),"
      f" parsed arrays {parsed:.0f} MB, peak/parsed {peak / parsed:.1f}, {seconds:.1f} s")
"""


def write_points(path: str, rows: int, *, chunk: int = 10**6) -> None:
    """``rows`` points of y = 2x + 3.5 + noise, written in chunks."""
    rng = np.random.default_rng(0)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("x,y\n")
        for start in range(0, rows, chunk):
            x = np.arange(start, min(rows, start + chunk)) * (10 / rows)
            y = 2 * x + 3.5 + rng.normal(0, 1, x.size)
            np.savetxt(handle, np.column_stack([x, y]), fmt="%.10g", delimiter=",")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10**7)
    parser.add_argument("--path", help="the CSV file (written if missing)")
    args = parser.parse_args()
    path = args.path or os.path.join(tempfile.gettempdir(), f"chainrule-bench-{args.rows}.csv")
    if not os.path.exists(path):
        write_points(path, args.rows)
    print(f"{path}: {os.path.getsize(path) / 2**20:.0f} MB")
    subprocess.run([sys.executable, "-c", CHILD, path], check=True)


if __name__ == "__main__":
    main()
