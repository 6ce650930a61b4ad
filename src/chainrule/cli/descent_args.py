"""Options and output shared by ``train``, ``experiments`` and ``sweep``: data, start, plots."""

from __future__ import annotations

import argparse
import dataclasses
import math
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chainrule.descent.big_data import ENGINES, read_data
from chainrule.descent.data import DECIMALS, LAB_RECIPE, Dataset, lab_data, load_csv
from chainrule.descent.optimizers import OPTIMIZERS, SCHEDULES, Optimizer, Schedule
from chainrule.descent.status import B0, M0, TOL
from chainrule.errors import ConfigError
from chainrule.figure_files import FORMATS as PLOT_FORMATS
from chainrule.safe_files import STDOUT, check_output, write_output
from chainrule.words import Text

if TYPE_CHECKING:  # matplotlib loads only when a picture is asked for
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure


#: ``draw(ax)``: one panel of a picture.
Drawer = Callable[["Axes"], object]


def add_data_options(parser: argparse.ArgumentParser) -> None:
    """``--csv FILE`` or the lab generator's settings (defaults: the lab's)."""
    group = parser.add_argument_group(
        "data", "the lab's generated data (the default; each setting adjustable) or a CSV file"
    )
    group.add_argument(
        "--csv", metavar="FILE", help="fit the points of a CSV file with columns x,y"
    )
    group.add_argument(
        "--csv-sep",
        choices=(",", ";", "tab"),
        help="the CSV file's field separator (default: found from its header line)",
    )
    group.add_argument(
        "--decimal",
        choices=DECIMALS,
        help="the CSV file's decimal mark (default: ',' when fields are not separated by"
        " commas, as spreadsheets in a Ukrainian locale write; '.' otherwise)",
    )
    for name, kind, text in (
        ("n", int, "number of points"),
        ("slope", float, "true slope of the generated line"),
        ("intercept", float, "true intercept"),
        ("noise", float, "standard deviation of the Gaussian noise"),
        ("x_min", float, "smallest x (x is evenly spaced)"),
        ("x_max", float, "largest x"),
        ("seed", int, "seed of NumPy's legacy RandomState"),
    ):
        group.add_argument(
            f"--{name.replace('_', '-')}",
            type=kind,
            metavar=kind.__name__.upper(),
            help=f"{text} (default {LAB_RECIPE[name]})",
        )


def add_big_data_options(parser: argparse.ArgumentParser) -> None:
    """``--data PATH`` (big CSV or Parquet files, read in chunks) and how to read it."""
    group = parser.add_argument_group(
        "big data", "CSV or Parquet files of any size, read in chunks (needs chainrule[scale])"
    )
    group.add_argument(
        "--data",
        metavar="PATH",
        help="fit the points of a CSV or Parquet file, a folder of them or a glob ('d/*.parquet'),"
        " keeping only their statistics in memory",
    )
    group.add_argument("--x-column", default="x", metavar="NAME", help="x's column (default x)")
    group.add_argument("--y-column", default="y", metavar="NAME", help="y's column (default y)")
    group.add_argument(
        "--engine",
        choices=ENGINES,
        default="local",
        help="who reads --data: this process (local, the default) or a Dask cluster (dask)",
    )
    group.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="with --engine dask: the scheduler of an existing cluster (default: a local"
        " cluster of two worker processes, started and stopped for the command)",
    )


def big_data_options(args: argparse.Namespace) -> bool:
    """Whether ``--data`` is given; ConfigError for its options without it, or a misplaced
    ``--scheduler``."""
    if getattr(args, "data", None) is None:
        for flag in ("x_column", "y_column", "engine", "scheduler"):
            if getattr(args, flag, None) not in (None, "x", "y", "local"):
                raise ConfigError(f"--{flag.replace('_', '-')} describes --data; give --data")
        return False
    if args.scheduler is not None and args.engine != "dask":
        raise ConfigError("--scheduler is a Dask scheduler's address; add --engine dask")
    return True


def big_data_from(args: argparse.Namespace) -> Dataset | None:
    """The data ``--data`` names (None without it); a progress bar on a terminal."""
    if not big_data_options(args):
        return None
    lab = [k for k in LAB_RECIPE if getattr(args, k, None) is not None]
    for flag, given in (
        ("--csv", getattr(args, "csv", None) is not None),
        ("--csv-sep", getattr(args, "csv_sep", None) is not None),
        ("--decimal", getattr(args, "decimal", None) is not None),
        ("--" + (lab[0].replace("_", "-") if lab else ""), bool(lab)),
    ):
        if given:
            raise ConfigError(f"{flag} cannot be combined with --data")
    bar = ProgressBar(Text(getattr(args, "lang", "en"))("big_data.reading"))
    data = read_data(
        path=args.data,
        x=args.x_column,
        y=args.y_column,
        engine=args.engine,
        scheduler=args.scheduler,
        progress=bar if sys.stderr.isatty() else None,
    )
    bar.finish()
    return data


def data_from(args: argparse.Namespace) -> Dataset:
    """The dataset the options describe."""
    big = big_data_from(args)
    if big is not None:
        return big
    settings = {k: getattr(args, k) for k in LAB_RECIPE if getattr(args, k) is not None}
    sep = "\t" if args.csv_sep == "tab" else args.csv_sep
    if args.csv is not None:
        if settings:
            flag = "--" + next(iter(settings)).replace("_", "-")
            raise ConfigError(f"{flag} sets generated data; it cannot be combined with --csv")
        return load_csv(args.csv, sep=sep, decimal=args.decimal)
    for flag, value in (("--csv-sep", sep), ("--decimal", args.decimal)):
        if value is not None:
            raise ConfigError(f"{flag} describes a CSV file; give one with --csv")
    return lab_data(**settings)


def add_start_options(parser: argparse.ArgumentParser) -> None:
    """``--m0``, ``--b0`` (the lab's start) and ``--tol``."""
    parser.add_argument("--m0", type=float, default=M0, help=f"initial slope (default {M0})")
    parser.add_argument("--b0", type=float, default=B0, help=f"initial intercept (default {B0})")
    parser.add_argument(
        "--tol",
        type=float,
        default=TOL,
        help=f"converged = MSE within this relative distance of its minimum (default {TOL:g})",
    )


def add_optimizer_options(parser: argparse.ArgumentParser, *, betas: bool = False) -> None:
    """``--optimizer`` and its constants, ``--schedule`` and its; with ``betas``, ``--beta``
    takes several values (``0.5,0.9`` or ``START:STOP:NUM``) for an ``(lr, beta)`` sweep."""
    group = parser.add_argument_group(
        "optimizer", "the update rule and the learning-rate schedule (default: the lab's gd)"
    )
    group.add_argument("--optimizer", choices=OPTIMIZERS, default="gd", help="default gd")
    beta = _default(Optimizer, "beta")
    if betas:
        group.add_argument(
            "--beta",
            metavar="B[,B...]|START:STOP:NUM",
            help=f"momentum/nesterov: the fraction of the last step kept (default {beta});"
            " several (0.5,0.9) or a range (0:0.95:20) sweep (lr, beta)",
        )
    else:
        group.add_argument(
            "--beta",
            type=float,
            help=f"momentum/nesterov: fraction of the last step kept (default {beta})",
        )
    for name, text in (
        ("beta1", "adam: decay of the gradient's running mean"),
        ("beta2", "adam: decay of the squared gradient's running mean"),
        ("eps", "adam: keeps the division finite"),
    ):
        group.add_argument(
            f"--{name}", type=float, help=f"{text} (default {_default(Optimizer, name):g})"
        )
    group.add_argument("--schedule", choices=SCHEDULES, default="constant", help="default constant")
    group.add_argument(
        "--gamma",
        type=float,
        help="step/exponential: the rate's factor per drop"
        f" (default {_default(Schedule, 'gamma')})",
    )
    group.add_argument(
        "--every",
        type=int,
        help=f"step: epochs between drops (default {_default(Schedule, 'every')})",
    )


def _default(cls: type, name: str) -> Any:
    return next(f.default for f in dataclasses.fields(cls) if f.name == name)


#: Which optimizer uses each constant, and which schedule each schedule setting.
USED_BY = {
    "beta": ("momentum", "nesterov"),
    "beta1": ("adam",),
    "beta2": ("adam",),
    "eps": ("adam",),
    "gamma": ("step", "exponential"),
    "every": ("step",),
}


def optimizer_from(args: argparse.Namespace) -> tuple[Optimizer, Schedule, list[float] | None]:
    """The optimizer, the schedule and the betas of an ``(lr, beta)`` sweep (None: one beta).

    A constant given for an optimizer or schedule that does not use it is an error.
    """
    for key, users in USED_BY.items():
        kind = "schedule" if key in ("gamma", "every") else "optimizer"
        chosen = getattr(args, kind)
        if getattr(args, key) is not None and chosen not in users:
            raise ConfigError(f"--{key} is for --{kind} {' or '.join(users)}, not {chosen}")
    betas = None
    beta = args.beta
    if isinstance(beta, str):
        betas = parse_betas(beta)
        beta = betas[0] if len(betas) == 1 else None
        betas = None if len(betas) == 1 else betas
    constants = {
        k: getattr(args, k) for k in ("beta1", "beta2", "eps") if getattr(args, k) is not None
    }
    if beta is not None:
        constants["beta"] = beta
    optimizer = Optimizer(args.optimizer, **constants)
    rates = {k: getattr(args, k) for k in ("gamma", "every") if getattr(args, k) is not None}
    return optimizer, Schedule(args.schedule, **rates), betas


#: Most betas one sweep takes.
MAX_BETAS = 1000


def parse_betas(text: str) -> list[float]:
    """``"0.5,0.9"`` or ``"0:0.95:20"`` (NUM evenly spaced values) -> the betas."""
    parts = text.split(":")
    try:
        if len(parts) == 3:
            low, high, count = float(parts[0]), float(parts[1]), int(parts[2])
        else:
            values = [float(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise ConfigError(
            f"--beta takes numbers separated by commas or START:STOP:NUM, got {text!r}"
        ) from None
    if len(parts) == 3:
        if not 1 <= count <= MAX_BETAS:
            raise ConfigError(f"--beta: NUM must be from 1 to {MAX_BETAS}, got {count}")
        return [low + (high - low) * i / max(count - 1, 1) for i in range(count)]
    if not values or len(values) > MAX_BETAS:
        raise ConfigError(f"--beta takes 1 to {MAX_BETAS} values, got {len(values)}")
    return values


def add_output_options(parser: argparse.ArgumentParser) -> None:
    """``--json`` and ``--plot PATH`` with ``--plot-format``."""
    parser.add_argument("--json", action="store_true", help="print one JSON object instead")
    parser.add_argument(
        "--plot",
        metavar="PATH",
        help="write the figures: PATH.svg or PATH.png is one file with every panel"
        " ('-': that file, in --plot-format, to standard output instead of the text);"
        " any other PATH is a folder (made if missing) with one file per figure",
    )
    parser.add_argument(
        "--plot-format",
        choices=PLOT_FORMATS,
        default="svg",
        help="file type of the figures written into a --plot folder (default svg)",
    )


def check_plot_target(target: str, *, fmt: str = "svg") -> str | None:
    """The file type if ``target`` names one picture file, None for a folder; checked up front.

    ``-`` is one picture in ``fmt`` on standard output.
    """
    if target in ("", STDOUT):
        check_output(target, option="--plot")  # an empty name is an error
        return fmt
    path = Path(target)
    suffix = path.suffix.lower().lstrip(".")
    if suffix in PLOT_FORMATS and not path.is_dir():
        check_output(target, option="--plot", suffixes=(f".{suffix}",))
        return suffix
    if suffix and not path.is_dir():
        raise ConfigError(f"--plot: cannot write a .{suffix} file; use .svg, .png or a folder")
    if path.exists() and not path.is_dir():
        raise ConfigError(f"--plot: {target!r} is not a folder; name a folder, or a .svg/.png file")
    if not path.is_dir() and not path.parent.is_dir():
        raise ConfigError(f"--plot: folder {str(path.parent)!r} does not exist")
    return None


def save_plots(target: str, panels: Mapping[str, Drawer], *, fmt: str = "svg") -> list[Path]:
    """Draw ``panels`` into one file (``target`` ends in .svg/.png, or is ``-``) or a folder.

    Drawn and saved by :mod:`chainrule.figure_files`, as every picture. Returns the files
    written (none for standard output).
    """
    from chainrule.figure_files import new_figure, style

    path = Path(target)
    suffix = check_plot_target(target, fmt=fmt)
    with style():
        if suffix is not None:
            columns = min(2, len(panels))
            rows = math.ceil(len(panels) / columns)
            fig = new_figure(6.4 * columns, 4.6 * rows)
            axes = fig.subplots(rows, columns, squeeze=False).ravel()
            for ax, draw in zip(axes, panels.values(), strict=False):
                draw(ax)
            for ax in axes[len(panels) :]:
                ax.set_axis_off()
            one = _save(fig, target, suffix)
            return [] if one is None else [one]
        path.mkdir(exist_ok=True)
        written = []
        for name, draw in panels.items():
            fig = new_figure(6.4, 4.6)
            draw(fig.add_subplot())
            written.append(_save(fig, str(path / f"{name}.{fmt}"), fmt))
    return [p for p in written if p is not None]


def _save(fig: Figure, path: str, fmt: str) -> Path | None:
    from chainrule.figure_files import figure_bytes

    return write_output(path, figure_bytes(fig, fmt), option="--plot", suffixes=(f".{fmt}",))


def pairs(rows: Sequence[tuple[str, str]], *, indent: str = "  ") -> str:
    """``key  value`` lines with the values aligned."""
    width = max(len(key) for key, _ in rows)
    return "\n".join(f"{indent}{key.ljust(width)}  {value}".rstrip() for key, value in rows)


def error_line(message: str) -> None:
    """An error line on stderr for a command that still shows its result."""
    print(f"chainrule: error: {message}", file=sys.stderr)


class ProgressBar:
    """A progress bar on stderr, drawn only when stdout is a terminal."""

    def __init__(self, label: str, *, width: int = 30) -> None:
        self.label = label
        self.width = width
        self.shown = -1

    @staticmethod
    def wanted(work: int, *, at_least: int = 5_000_000) -> bool:
        """Whether ``work`` (e.g. stored values) is long enough, and stdout a terminal."""
        return work >= at_least and sys.stdout.isatty()

    def finish(self) -> None:
        """End the bar's line if it was drawn but stopped short (every run overflowed)."""
        if 0 <= self.shown < 100:
            print(file=sys.stderr)

    def __call__(self, done: int, total: int) -> None:
        percent = 100 * done // max(total, 1)
        if percent == self.shown:
            return
        self.shown = percent
        filled = self.width * done // max(total, 1)
        bar = "#" * filled + "-" * (self.width - filled)
        end = "\n" if done >= total else ""
        print(f"\r{self.label} [{bar}] {percent:3d}%", end=end, file=sys.stderr, flush=True)
