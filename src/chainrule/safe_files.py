"""Files in and out: outputs that never destroy anything, inputs read within a size cap.

Every output option (``--svg``, ``--dot``, ``--plot``, ``--grid``, report files) goes
through :func:`write_output`:

- ``-`` is standard output (but not binary data to a terminal);
- a symlink is written through to the file it points to;
- an existing path that is not a regular file (folder, FIFO, socket, device) is refused;
- an existing regular file keeps its mode; one with several hard links is rewritten in
  place (the data is prepared first), so every link still shows the new content;
- otherwise the bytes go to a short temporary name (``.cr-XXXXXXXX.tmp``) in the same
  folder and are renamed over the target, so a reader sees the old file or the new one.
"""

from __future__ import annotations

import contextlib
import os
import select
import stat
import sys
import tempfile
import tomllib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from chainrule.errors import ChainruleError, OutputError, UnsupportedFormatError

#: The argument that means standard output.
STDOUT = "-"
#: Largest TOML file read (configurations and experiments are a few kB).
MAX_TOML_BYTES = 1 << 20
#: Seconds a FIFO given as input may stay silent before its first byte (then: an error).
PIPE_WAIT = 5.0

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
)


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "a special file")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def check_output(
    path: str | os.PathLike[str], *, option: str = "output", suffixes: Sequence[str] = ()
) -> Path | None:
    """The real file ``path`` will write (None for standard output), or :class:`OutputError`.

    ``suffixes`` (e.g. ``(".svg",)``) are the names the format allows; a name with
    another suffix is refused (a name without one is taken as it is). Called before
    the work, so a bad path fails at once, and again by :func:`write_output`.
    """
    where = os.fspath(path)
    if where == "":
        raise OutputError(f"{option}: empty file name")
    if where == STDOUT:
        return None
    if where.endswith(os.sep):
        raise OutputError(f"{option}: {where!r} names a folder, not a file")
    suffix = Path(where).suffix.lower()
    if suffixes and suffix and suffix not in suffixes:
        raise UnsupportedFormatError(
            f"{option}: cannot write this format to a {suffix} file {where!r};"
            f" use a name ending in {' or '.join(suffixes)}"
        )
    target = Path(os.path.realpath(where))  # through symlinks, even dangling ones
    try:
        info = target.stat()
    except FileNotFoundError:
        info = None
    except OSError as exc:  # a symlink loop, a file where a folder should be, no access
        raise OutputError(f"{option}: cannot write {where!r} ({exc.strerror or exc})") from None
    if info is not None:
        if not stat.S_ISREG(info.st_mode):
            raise OutputError(
                f"{option}: {where!r} is {_kind(info.st_mode)}, not a regular file;"
                " refusing to replace it"
            )
        if not os.access(target, os.W_OK):
            raise OutputError(f"{option}: {where!r} is read-only")
    elif not target.parent.is_dir():
        raise OutputError(f"{option}: folder {str(Path(where).parent)!r} does not exist")
    return target


def write_output(
    path: str | os.PathLike[str],
    data: str | bytes,
    *,
    option: str = "output",
    suffixes: Sequence[str] = (),
) -> Path | None:
    """Write ``data`` to ``path`` by the rules of the module docstring; the real path written.

    Returns None when ``path`` is ``-`` (the bytes went to standard output).
    """
    target = check_output(path, option=option, suffixes=suffixes)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if target is None:
        if b"\0" in raw and sys.stdout.isatty():
            raise OutputError(f"{option}: binary data (PNG) is not for a terminal; redirect it")
        sys.stdout.flush()
        sys.stdout.buffer.write(raw)
        sys.stdout.buffer.flush()
        return None
    try:
        info = target.stat() if target.exists() else None
        if info is not None and info.st_nlink > 1:
            with open(target, "r+b") as handle:  # in place: every hard link keeps the file
                handle.write(raw)
                handle.truncate()
        else:
            _replace(target, raw, old=info)
    except OSError as exc:
        where = os.fspath(path)
        raise OutputError(f"{option}: cannot write {where!r} ({exc.strerror or exc})") from None
    return target


def _replace(target: Path, raw: bytes, *, old: os.stat_result | None) -> None:
    """``raw`` to a temporary file beside ``target`` (with the mode of ``old``), renamed over it."""
    fd, tmp = tempfile.mkstemp(prefix=".cr-", suffix=".tmp", dir=target.parent)
    try:
        if old is None:
            os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600; give what open() would
        else:
            if (old.st_uid, old.st_gid) != (os.geteuid(), os.getegid()):
                with contextlib.suppress(PermissionError):  # keep the owner where allowed
                    os.fchown(fd, old.st_uid, old.st_gid)
            os.fchmod(fd, stat.S_IMODE(old.st_mode))
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def reading(where: str, *, error: type[ChainruleError], kind: str) -> Iterator[None]:
    """Turn what the system says about reading ``where`` into ``error``, one line naming it."""
    try:
        yield
    except FileNotFoundError:
        raise error(f"{where}: no such file") from None
    except IsADirectoryError:
        raise error(f"{where}: is a folder, not {kind}") from None
    except UnicodeDecodeError:
        raise error(f"{where}: not a UTF-8 text file") from None
    except OSError as exc:
        raise error(f"{where}: cannot read it ({exc.strerror or exc})") from None


def open_input(
    path: str | os.PathLike[str], *, error: type[ChainruleError], encoding: str | None = None
) -> IO[Any]:
    """``path`` opened for reading (binary, or text in ``encoding``) without ever blocking.

    A FIFO nobody writes to would block ``open`` forever; it is opened without waiting and
    given :data:`PIPE_WAIT` seconds to say something (a shell's ``<(command)`` does at once).
    Call inside :func:`reading`, which names the system's errors.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise IsADirectoryError(path)
        if stat.S_ISFIFO(os.fstat(fd).st_mode) and not select.select([fd], [], [], PIPE_WAIT)[0]:
            raise error(f"{path}: a FIFO with nothing written to it for {PIPE_WAIT:g} s")
        os.set_blocking(fd, True)
        if encoding is None:
            return os.fdopen(fd, "rb")
        return os.fdopen(fd, encoding=encoding, newline="")
    except BaseException:
        os.close(fd)
        raise


def read_bytes(
    path: str | os.PathLike[str], *, error: type[ChainruleError], kind: str, limit: int
) -> bytes:
    """At most ``limit`` bytes of ``path``; a longer file (or endless stream) is ``error``."""
    where = str(path)
    with reading(where, error=error, kind=kind), open_input(path, error=error) as handle:
        raw = handle.read(limit + 1)
    if len(raw) > limit:
        raise error(f"{where}: larger than {_size(limit)}; {kind} may be at most {_size(limit)}")
    return raw


def read_toml(
    path: str | os.PathLike[str], *, error: type[ChainruleError], kind: str
) -> dict[str, Any]:
    """The parsed TOML of ``path`` (at most :data:`MAX_TOML_BYTES`), or ``error`` in one line."""
    raw = read_bytes(path, error=error, kind=kind, limit=MAX_TOML_BYTES)
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise error(f"{path}: not a UTF-8 text file") from None
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{path}: not valid TOML: {exc}") from None


def _size(n: int) -> str:
    return f"{n >> 20} MiB" if n >= 1 << 20 and n % (1 << 20) == 0 else f"{n} bytes"
