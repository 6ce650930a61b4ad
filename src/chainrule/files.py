"""Writing files so they appear complete or not at all."""

from __future__ import annotations

import os
import tempfile
import tomllib
from pathlib import Path
from typing import Any

from chainrule.errors import ChainruleError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write(path: str | os.PathLike[str], data: str | bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename.

    A failure part-way leaves the old file (or no file), never a half-written one.
    """
    target = Path(path)
    if target.is_dir():
        raise IsADirectoryError(21, "is a folder, not a file", str(target))
    if target.parent and not target.parent.exists():
        raise FileNotFoundError(f"folder {str(target.parent)!r} does not exist")
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give what open() would
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def read_text(
    path: str | os.PathLike[str], *, error: type[ChainruleError], kind: str, encoding: str = "utf-8"
) -> str:
    """The text of ``path``, or ``error`` with one line naming the file and what is wrong."""
    where = str(path)
    try:
        return Path(path).read_text(encoding=encoding)
    except FileNotFoundError:
        raise error(f"{where}: no such file") from None
    except IsADirectoryError:
        raise error(f"{where}: is a folder, not {kind}") from None
    except UnicodeDecodeError:
        raise error(f"{where}: not a UTF-8 text file") from None
    except OSError as exc:
        raise error(f"{where}: cannot read it ({exc.strerror or exc})") from None


def read_toml(
    path: str | os.PathLike[str], *, error: type[ChainruleError], kind: str
) -> dict[str, Any]:
    """The parsed TOML of ``path``, or ``error`` with one line (see :func:`read_text`)."""
    try:
        return tomllib.loads(read_text(path, error=error, kind=kind))
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{path}: not valid TOML: {exc}") from None
