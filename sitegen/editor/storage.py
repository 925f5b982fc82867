"""Writing into content/: atomically, never over a file changed since it was read, and
deletions moved aside into content/.trash/ (which the build's scan skips, load/files.py)."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import tempfile
from pathlib import Path

from ..load.files import EDITOR_TRASH


def digest(data: bytes | None) -> str:
    """The hash the form was opened with, to notice a change on disk before a save."""
    return "" if data is None else hashlib.sha256(data).hexdigest()


def read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def write_atomically(path: Path, data: bytes) -> None:
    """Replace (or create) the file in one step: a reader sees the old bytes or the new ones."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    # The temporary name ends in .tmp, which the build's scan ignores (load/files.is_leftover).
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def trash_folder(root: Path, now: dt.datetime | None = None) -> Path:
    """A new folder in content/.trash/ for what one deletion moves aside."""
    stamp = (now or dt.datetime.now()).strftime("%Y-%m-%d-%H%M%S-%f")
    return Path(root) / EDITOR_TRASH / stamp


def move_aside(root: Path, paths: list[Path]) -> Path:
    """Move files into one trash folder, keeping their place under content/; the folder."""
    folder = trash_folder(root)
    for path in paths:
        target = folder / path.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, target)
    return folder
