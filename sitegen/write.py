"""Write the site atomically: build it in a hidden folder beside the target, then swap it in.

On Linux the swap is one renameat2(RENAME_EXCHANGE) call, so at every instant the
output folder is either the whole old site or the whole new one, even with two builds
running at once. Temporary folders left by a killed build are removed by the next one.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import tempfile
from pathlib import Path

_RENAME_NOREPLACE = 1
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_FILE_MODE = 0o644
_FOLDER_MODE = 0o755


def write_site(files: dict[str, bytes], output: Path) -> bool:
    """Replace `output` with a folder holding exactly `files` (path inside site/ -> bytes).

    Returns False, having written nothing, when the folder already holds exactly those files.
    """
    output = Path(os.path.abspath(output))
    if output.exists() and not output.is_dir():
        raise NotADirectoryError(f"{output} exists and is not a folder")
    output.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_folders(output)  # even when nothing is written: a killed build may have left one
    if holds_exactly(output, files):
        return False
    staging = Path(tempfile.mkdtemp(prefix=_staging_prefix(output) + f"{os.getpid()}-", dir=output.parent))
    try:
        os.chmod(staging, _FOLDER_MODE)
        _write_files(staging, files)
        _swap_in(staging, output)
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # after the swap this is the old site
    return True


def holds_exactly(folder: Path, files: dict[str, bytes]) -> bool:
    """Whether `folder` has these files with these bytes, and nothing else (reading is far cheaper
    than writing a whole new tree)."""
    if not folder.is_dir():
        return False
    count = 0
    for parent, folders, names in os.walk(folder):
        for name in names:
            path = os.path.join(parent, name)
            relative = os.path.relpath(path, folder).replace(os.sep, "/")
            expected = files.get(relative)
            if expected is None or os.path.islink(path) or os.path.getsize(path) != len(expected):
                return False
            count += 1
        if any(os.path.islink(os.path.join(parent, name)) for name in folders):
            return False
    if count != len(files):
        return False
    for relative, data in files.items():
        with open(os.path.join(folder, relative), "rb") as handle:
            if handle.read() != data:
                return False
    return True


def remove_stale_folders(output: Path) -> None:
    """Remove staging folders of builds that are no longer running."""
    prefix = _staging_prefix(output)
    for candidate in output.parent.glob(prefix + "*"):
        pid_text = candidate.name[len(prefix):].split("-", 1)[0]
        if pid_text.isdigit() and not _process_alive(int(pid_text)):
            shutil.rmtree(candidate, ignore_errors=True)


def _staging_prefix(output: Path) -> str:
    return f".{output.name}.building-"


def _write_files(root: Path, files: dict[str, bytes]) -> None:
    made = {root}
    for relative in sorted(files):
        target = root / relative
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        with open(target, "wb") as handle:
            handle.write(files[relative])
        os.chmod(target, _FILE_MODE)
    for folder in made:
        os.chmod(folder, _FOLDER_MODE)


def _swap_in(staging: Path, output: Path) -> None:
    """Atomically put `staging` at `output`; afterwards `staging` holds the old site, if any."""
    rename = _renameat2()
    if rename is None:  # not Linux: two renames, with a short moment without a site
        if output.exists():
            old = staging.with_name(staging.name + "-old")
            os.rename(output, old)
            os.rename(staging, output)
            os.rename(old, staging)
        else:
            os.rename(staging, output)
        return
    for _ in range(10):  # another build may create or swap the folder between our calls
        if _call(rename, staging, output, _RENAME_EXCHANGE) == 0:
            return
        if ctypes.get_errno() != errno.ENOENT:
            break
        if _call(rename, staging, output, _RENAME_NOREPLACE) == 0:
            staging.mkdir()  # so that the caller's cleanup has something to remove
            return
        if ctypes.get_errno() != errno.EEXIST:
            break
    code = ctypes.get_errno()
    raise OSError(code, f"cannot move the new site into place: {os.strerror(code)}", str(output))


def _renameat2():
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        function = libc.renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def _call(rename, source: Path, target: Path, flags: int) -> int:
    return rename(_AT_FDCWD, os.fsencode(source), _AT_FDCWD, os.fsencode(target), flags)


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
