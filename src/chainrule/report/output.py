"""Publishing a report folder safely: the user's files kept, every file whole, the folder there.

A report folder holds what chainrule wrote, listed in the hidden manifest
:data:`MARKER`, and whatever the user added (notes, answers). A rebuild replaces only
the files chainrule wrote. A new folder is built beside ``out`` and renamed into place
at once. Into an existing folder the new files are first written in full to a hidden
staging folder inside it, then renamed into place one by one (each old file kept as a
hard link until the end): a failure puts every replaced file back, so the old report
stays whole; a kill during the renames (milliseconds) can leave some new files beside
old ones, each complete, never a missing or partial one, and the manifest lists both
so the next run finishes the job.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path, PurePosixPath

from chainrule.errors import ReportError

#: Which files a report writes: Markdown, HTML, PDF, both (Markdown and HTML) or all three.
FORMATS = ("md", "html", "pdf", "both", "all")

#: The manifest that marks a folder as a chainrule report: JSON listing the files written.
MARKER = ".chainrule-report"

#: Files a report written before the manifest existed (a one-line marker) certainly holds.
_LEGACY = ("report.md", "report.html")

#: Staging folders: hidden, short, recognisable when a killed run left one behind.
_STAGING = (".cr-", ".new")


def check_target(out: Path, *, force: bool, names: Iterable[str] = ()) -> frozenset[str]:
    """The files chainrule wrote in ``out`` before (none if it is new), or :class:`ReportError`.

    Refused: a path that is not a folder; the current folder, its parents and the home
    folder; a non-empty folder that is not a report, unless ``force``; and any of
    ``names`` (the files to write) that is in the way: not a regular file (always), or a
    file chainrule did not write (unless ``force``). Nothing else in ``out`` is touched.
    """
    if not out.exists():
        if out.is_symlink():
            raise ReportError(f"{str(out)!r} is a symlink to nothing; choose another --out")
        return frozenset()
    real = out.resolve()
    if real in _protected():
        raise ReportError(
            f"{str(out)!r} is the current folder, one of its parents or the home folder; "
            "choose a folder of its own for --out"
        )
    if not real.is_dir():
        raise ReportError(f"{str(out)!r} exists and is not a folder; choose another --out")
    names = set(names)
    owned = _owned(real, names)
    if owned is None:
        if any(real.iterdir()) and not force:
            raise ReportError(
                f"{str(out)!r} exists and is not a chainrule report; choose another --out,"
                " or pass --force to write the report into it (its other files are kept)"
            )
        owned = frozenset()
    blocked: set[str] = set()
    foreign = []
    for name in sorted({*names, MARKER}):
        for folder in map(str, PurePosixPath(name).parents[:-1]):
            if (real / folder).is_symlink() or _there(real / folder, but_not=Path.is_dir):
                blocked.add(folder)
        if (real / name).is_symlink() or _there(real / name, but_not=Path.is_file):
            blocked.add(name)
        elif (real / name).exists() and name not in owned and name != MARKER:
            foreign.append(name)
    if blocked:
        raise ReportError(
            f"{str(out)!r}: in the way, not regular files: {', '.join(sorted(blocked))};"
            " move them or choose another --out"
        )
    if foreign and not force:
        raise ReportError(
            f"{str(out)!r}: not written by chainrule: {', '.join(foreign)};"
            " move them, or pass --force to replace them"
        )
    return owned


def publish(out: Path, files: Mapping[str, bytes], *, marker: str, force: bool) -> None:
    """Write ``files`` (relative path -> bytes) and the manifest into the folder ``out``."""
    owned = check_target(out, force=force, names=files)
    if not out.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = _staging(out.parent)
        try:
            _write(staging, {**files, MARKER: _manifest(marker, files)})
            os.rename(staging, out)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return
    real = out.resolve()
    for leftover in real.glob(f"{_STAGING[0]}*{_STAGING[1]}"):  # from a killed run
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)
    staging = _staging(real)
    try:
        _swap_in(real, staging, files, owned=owned, marker=marker)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _swap_in(
    real: Path, staging: Path, files: Mapping[str, bytes], *, owned: frozenset[str], marker: str
) -> None:
    """Rename the staged files over ``real``'s one by one; on failure put the old ones back."""
    new, old = staging / "new", staging / "old"
    # Until the last rename the manifest lists old and new files: a kill leaves it right.
    _write(new, {**files, MARKER: _manifest(marker, owned | set(files))})
    done: list[tuple[Path, Path | None]] = []  # (target, its old version or None)
    try:  # figures first, report.md and report.html last
        for name in [MARKER, *sorted(files, key=lambda name: name.startswith("report."))]:
            target = real / name
            target.parent.mkdir(parents=True, exist_ok=True)
            saved = None
            if target.exists():
                saved = old / name
                saved.parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.link(target, saved)
                except OSError:  # a file system without hard links
                    shutil.copy2(target, saved)
            os.replace(new / name, target)
            done.append((target, saved))
    except BaseException:
        for target, saved in reversed(done):
            if saved is None:
                target.unlink(missing_ok=True)
            else:
                os.replace(saved, target)
        raise
    _remove(real, owned - set(files))  # what the new report no longer has
    _write(new, {MARKER: _manifest(marker, files)})
    os.replace(new / MARKER, real / MARKER)


def _remove(real: Path, names: Iterable[str]) -> None:
    """Delete chainrule's old files ``names`` (regular files only) and folders left empty."""
    for name in sorted(names, reverse=True):
        path = real / name
        if path.is_file() and not path.is_symlink():
            path.unlink()
            for folder in PurePosixPath(name).parents[:-1]:
                if not any((real / folder).iterdir()):
                    (real / folder).rmdir()


def _owned(real: Path, names: set[str]) -> frozenset[str] | None:
    """The files the manifest in ``real`` lists (None: not a report), only safe relative names."""
    marker = real / MARKER
    if not marker.is_file() or marker.is_symlink():
        return None
    try:
        listed = json.loads(marker.read_bytes()[: 1 << 20]).get("files")
    except (ValueError, AttributeError, OSError):
        return frozenset({*_LEGACY, *names})  # an older one-line marker: its files were ours
    if not isinstance(listed, list):
        return frozenset({*_LEGACY, *names})
    return frozenset(name for name in listed if isinstance(name, str) and _safe(name))


def _safe(name: str) -> bool:
    """A plain relative path inside the folder: no '..', not absolute, not the manifest."""
    path = PurePosixPath(name)
    plain = str(path) == name and not path.is_absolute() and ".." not in path.parts
    return plain and name not in (".", MARKER)


def _there(path: Path, *, but_not: Callable[[Path], bool]) -> bool:
    """Whether ``path`` exists and fails the test ``but_not`` (is_dir, is_file)."""
    return path.exists() and not but_not(path)


def _manifest(marker: str, files: Iterable[str]) -> bytes:
    data = {"written_by": marker.strip(), "files": sorted(files)}
    return (json.dumps(data, indent=1) + "\n").encode("utf-8")


def _staging(parent: Path) -> Path:
    staging = Path(tempfile.mkdtemp(prefix=_STAGING[0], suffix=_STAGING[1], dir=parent))
    staging.chmod(0o777 & ~_umask())
    return staging


def _write(folder: Path, files: Mapping[str, bytes]) -> None:
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def _protected() -> set[Path]:
    here = Path.cwd().resolve()
    home = Path(os.path.expanduser("~")).resolve()  # "~" itself when there is no home
    return {here, *here.parents, home}


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
