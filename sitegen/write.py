"""Write the site atomically: build it in a hidden folder beside the target, then swap it in.

On Linux the swap is one renameat2(RENAME_EXCHANGE) call, so at every instant the
output folder is either the whole old site or the whole new one, even with two builds
running at once. Temporary folders left by a killed build are removed by the next one.

Only a folder that a build of ours made is ever replaced: every site carries a marker file,
SITE_MARKER, written before the swap, and a non-empty output folder without it is refused
before anything is created or removed (`check_replaceable`), and again at the swap.
"""

from __future__ import annotations

import errno
import functools
import hashlib
import json
import os
import shutil
import stat
import tempfile
from pathlib import Path

from .errors import BuildError, Problem, display_path

SITE_MARKER = ".sitegen-site"  # hidden: says "a build of ours made this folder"
_RENAME_NOREPLACE = 1
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_FILE_MODE = 0o644
_FOLDER_MODE = 0o755


class Staging:
    """A new site written file by file in a hidden folder beside `output`, then swapped in
    whole by `swap`, or thrown away by `discard` (a build that fails changes nothing).

    Worker processes may write into `root` with `write_file` and report the digests with
    `record`; the folder only ever holds what this build made.
    """

    def __init__(self, output: Path):
        self.output = Path(os.path.abspath(output))
        check_replaceable(self.output)  # before anything is created or removed beside it
        self.output.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_folders(self.output)  # even when nothing is written: a killed build may have left one
        self.root = Path(tempfile.mkdtemp(prefix=_staging_prefix(self.output) + f"{os.getpid()}-",
                                          dir=self.output.parent))
        os.chmod(self.root, _FOLDER_MODE)
        self.digests: dict[str, str] = {}  # path inside the site -> digest of its bytes
        self.folders: set[str] = set()  # the folders `write` has made (see write_file)
        self._holds_foreign = False  # whether `root` holds a folder not ours, which discard must keep

    def write(self, relative: str, data: bytes) -> None:
        self.digests[relative] = write_file(self.root, relative, data, self.folders)

    def record(self, relative: str, digest: str) -> None:
        """A file a worker process wrote with write_file."""
        self.digests[relative] = digest

    def unchanged(self) -> bool:
        """Whether `output` already holds exactly the files recorded here."""
        self._write_marker()  # part of the site, so compared like every other file
        return holds_exactly(self.output, self.digests)

    def swap(self) -> None:
        """Put the new site in place, atomically; the staging folder then holds the old one.
        BuildError, with nothing changed, if `output` has become a folder not made by us."""
        self._write_marker()
        if _mode_after_umask(0o777) != _FOLDER_MODE:  # os.makedirs makes the folders above the last with 0o777
            for folder, _, _ in os.walk(self.root):
                os.chmod(folder, _FOLDER_MODE)
        check_replaceable(self.output)  # again: someone may have put a folder there since __init__
        _swap_in(self.root, self.output)
        if not _made_by_us(self.root):  # put there between the check and the swap: give it back
            self._give_back()

    def discard(self) -> None:
        """Remove the staging folder (after a commit, it holds the old site)."""
        if self._holds_foreign:
            return
        shutil.rmtree(self.root, ignore_errors=True)

    def _write_marker(self) -> None:
        files = len(self.digests) - (SITE_MARKER in self.digests)
        marker = site_marker(files)
        if self.digests.get(SITE_MARKER) != content_digest(marker):  # written once: its times stay put
            self.write(SITE_MARKER, marker)

    def _give_back(self) -> None:
        """Swap a folder that is not ours back to `output`, then refuse as check_replaceable does."""
        try:
            _swap_in(self.root, self.output)
        except OSError as error:  # it stays in the staging folder, which discard must then keep
            self._holds_foreign = True
            raise OSError(error.errno, f"a folder not made by sitegen appeared at {self.output} during the "
                                       f"swap and could not be moved back; it is now at {self.root}") from error
        raise _refusal(self.output)


def check_replaceable(output: Path) -> None:
    """BuildError, naming the folder and what to do, unless `output` is missing, empty, or a
    site a build of ours made (it holds SITE_MARKER): the swap deletes what was there."""
    if not _made_by_us(output):
        raise _refusal(output)


def _refusal(output: Path) -> BuildError:
    shown = display_path(output)
    if not os.path.isdir(output):
        return BuildError([Problem(
            shown, None, "the output path exists and is not a folder (a file, or a link to nothing); "
                         "nothing was touched",
            "choose another --output (the default is site/): the site is written as a folder")])
    return BuildError([Problem(
        shown, None,
        f"the output folder is not empty and was not made by sitegen (it has no {SITE_MARKER} file); "
        "the build would replace it and delete what it holds, so nothing in it was touched",
        "choose another --output (the default is site/), or, if it is an old site of ours, empty it yourself; "
        "files that must sit beside the site (CNAME, .nojekyll, verification files) go in content/files/, "
        "which is published as it is at the site's root")])


def site_marker(files: int) -> bytes:
    """The bytes of SITE_MARKER: which tool wrote the folder (no time or pid: builds are reproducible)."""
    return (json.dumps({"generator": "sitegen", "files": files,
                        "note": "this folder is replaced as a whole by the next build"}) + "\n").encode("utf-8")


def _made_by_us(path: Path) -> bool:
    """Whether the swap may replace `path`: missing, an empty folder, or a folder holding SITE_MARKER."""
    if not os.path.lexists(path):
        return True
    if not os.path.isdir(path):
        return False
    try:
        marker = os.lstat(os.path.join(path, SITE_MARKER))
    except FileNotFoundError:
        with os.scandir(path) as entries:
            return next(entries, None) is None
    return stat.S_ISREG(marker.st_mode)


def content_digest(data: bytes) -> str:
    """The name of these bytes in the render cache and in a staged site."""
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def write_file(root: Path, relative: str, data: bytes, folders: set[str]) -> str:
    """Write one file of a staged site (from any process); its digest. `folders`: the folders
    this writer has made so far (updated): a new one is made before its first file is opened."""
    target = os.path.join(root, relative)
    folder = os.path.dirname(target)
    if folder not in folders:
        _make_folder(folder)
        folders.add(folder)
    # os.open, not open(): a file object would also ask the file's size, whether it is a terminal
    # and where it stands (three system calls more for each of thousands of files)
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0), 0o666)
    try:
        unwritten = memoryview(data)
        while unwritten:
            unwritten = unwritten[os.write(descriptor, unwritten):]
    finally:
        os.close(descriptor)
    if _mode_after_umask(0o666) != _FILE_MODE:  # the umask took bits away from 0o666
        os.chmod(target, _FILE_MODE)
    return content_digest(data)


def _make_folder(folder: str) -> None:
    """Make a folder of the staged site and the folders above it, unless it exists."""
    try:
        os.mkdir(folder, _FOLDER_MODE)  # usually its parent exists: one call
    except FileExistsError:
        pass
    except FileNotFoundError:
        os.makedirs(folder, mode=_FOLDER_MODE, exist_ok=True)


@functools.cache
def _mode_after_umask(requested: int) -> int:
    """The mode a file or folder made with `requested` gets: the umask takes bits away."""
    mask = os.umask(0)
    os.umask(mask)
    return requested & ~mask


def holds_exactly(folder: Path, digests: dict[str, str]) -> bool:
    """Whether `folder` has exactly these files (path -> digest of the bytes) and nothing else;
    the files are read and hashed only once every name has been found."""
    if not folder.is_dir():
        return False
    to_read = []
    root = os.fspath(folder)
    for parent, folders, names in os.walk(root):
        if any(os.path.islink(os.path.join(parent, name)) for name in folders):
            return False
        prefix = "" if parent == root else parent[len(root) + 1:].replace(os.sep, "/") + "/"
        for name in names:
            expected = digests.get(prefix + name)
            path = os.path.join(parent, name)
            if expected is None or not stat.S_ISREG(os.lstat(path).st_mode):
                return False
            to_read.append((path, expected))
    if len(to_read) != len(digests):
        return False
    for path, expected in to_read:
        with open(path, "rb") as handle:
            if content_digest(handle.read()) != expected:
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


def _swap_in(staging: Path, output: Path) -> None:
    """Atomically put `staging` at `output`; afterwards `staging` holds the old site, if any."""
    import ctypes  # not imported by a build that has nothing to swap in

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
    import ctypes

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
