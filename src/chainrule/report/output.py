"""Publishing a report folder safely: complete or not at all, never over someone else's files.

The files are written into a temporary folder beside ``out`` and the folder is then
renamed into place, so a reader sees the old report or the new one, never a mix. A
marker file tells a previous chainrule report (which may be replaced) from anything
else (which is kept unless the caller forces it).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from chainrule.errors import ReportError

#: Which files a report writes: Markdown, HTML or both.
FORMATS = ("md", "html", "both")

#: The file that marks a folder as a chainrule report.
MARKER = ".chainrule-report"


def check_target(out: Path, *, force: bool) -> None:
    """Raise :class:`ReportError` unless ``out`` is free, empty or a previous report.

    With ``force`` anything may be replaced, except the current folder, its parents
    and the home folder: those are never what a report folder means.
    """
    if not out.exists() and not out.is_symlink():
        return
    if not out.is_symlink() and out.resolve() in _protected():
        raise ReportError(
            f"{str(out)!r} is the current folder, one of its parents or the home folder; "
            "choose a folder of its own for --out"
        )
    if force:
        return
    if out.is_dir() and not out.is_symlink():
        if (out / MARKER).is_file() or not any(out.iterdir()):
            return
        raise ReportError(
            f"{str(out)!r} exists and is not a chainrule report; "
            "choose another --out, or pass --force to replace it and all it holds"
        )
    raise ReportError(
        f"{str(out)!r} exists and is not a folder; "
        "choose another --out, or pass --force to replace it"
    )


def publish(out: Path, files: Mapping[str, bytes], *, marker: str, force: bool) -> None:
    """Write ``files`` (relative path -> bytes) and the marker as the folder ``out``."""
    check_target(out, force=force)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".new", dir=out.parent))
    try:
        staging.chmod(0o777 & ~_umask())
        for name, data in {**files, MARKER: marker.encode("utf-8")}.items():
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _swap(staging: Path, out: Path) -> None:
    """Rename ``staging`` to ``out``; an old ``out`` is moved aside first and removed after."""
    if not out.exists() and not out.is_symlink():
        os.rename(staging, out)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".old", dir=out.parent))
    old.rmdir()  # only its unique name is wanted
    os.rename(out, old)
    try:
        os.rename(staging, out)
    except BaseException:
        os.rename(old, out)
        raise
    if old.is_dir() and not old.is_symlink():
        shutil.rmtree(old)
    else:
        old.unlink()


def _protected() -> set[Path]:
    here = Path.cwd().resolve()
    home = Path(os.path.expanduser("~")).resolve()  # "~" itself when there is no home
    return {here, *here.parents, home}


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
