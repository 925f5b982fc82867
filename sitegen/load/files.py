"""Every file of content/ and templates/, scanned once at the start of a build.

The build parses exactly these bytes, and the key that decides whether an earlier output
can be kept is made from them (see reuse.py): what is hashed is what is built. A one-off
build does not hold content/ in memory from the scan on (its 10,000 files would stay as
holes in the heap once parsed): such a file is only listed by the scan, and hashed when the
build reads it, or when the key is made before that (then, if its bytes changed by the time
it is read, the build uses them and leaves no record for reuse).
The preview server scans again after each save; a file whose size, times and inode are
unchanged is not read again.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from dataclasses import dataclass, field, replace
from pathlib import Path

# Editor and system leftovers: saved beside the files staff edit, never part of the site.
LEFTOVER_SUFFIXES = ("~", ".swp", ".swo", ".swx", ".tmp", ".bak")
EDITOR_TRASH = ".trash"  # where the browser editor (sitegen/editor/) moves what staff delete, recoverable
LEFTOVER_NAMES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini", "4913", EDITOR_TRASH})  # 4913: vim's probe file
LEFTOVER_PREFIXES = (".#", "._")  # Emacs lock files, macOS resource forks
MAX_FILE_BYTES = 64 * 1024 * 1024  # bigger is no page, data file or template; not read into memory


def is_leftover(name: str) -> bool:
    """Whether a file of this name is an editor's or the system's, not the staff's."""
    return (name in LEFTOVER_NAMES or name.endswith(LEFTOVER_SUFFIXES) or name.startswith(LEFTOVER_PREFIXES)
            or (len(name) > 1 and name.startswith("#") and name.endswith("#")))  # Emacs autosave


@dataclass(frozen=True)
class SourceFile:
    signature: tuple  # (size, modification time, change time, inode) when read
    data: bytes | None  # None when it could not be read, or was not held (see Sources.scan)
    error: OSError | None = None
    digest: bytes = b""  # of the bytes read; b"": not made yet (see Sources.digest)


@dataclass
class Sources:
    """path (as the loader names it) -> the file as it was read."""

    files: dict[str, SourceFile] = field(default_factory=dict)
    complete: bool = True  # False once a file outside the scan was read: no key then covers it

    @classmethod
    def scan(cls, *folders: Path, previous: Sources | None = None, unheld: tuple[Path, ...] = ()) -> Sources:
        """Read every file under the folders; a file unchanged since `previous` is taken from it.
        Files under the `unheld` folders are only listed: `read` reads and hashes them."""
        return cls._scan_with_changes(folders, previous, {os.fspath(folder) for folder in unheld})[0]

    @classmethod
    def rescan(cls, previous: Sources, *folders: Path) -> tuple[Sources, list[str]]:
        """Scan again, taking unchanged files from `previous`; and the paths added, removed or
        edited since, sorted."""
        sources, fresh = cls._scan_with_changes(folders, previous)
        mine, theirs = sources.files, previous.files
        candidates = {*fresh, *(theirs.keys() - mine.keys())}  # not taken from `previous`, or gone
        return sources, sorted(path for path in candidates if not _same(mine.get(path), theirs.get(path)))

    def changed(self, other: Sources) -> list[str]:
        """Paths added, removed or edited between two scans of any origin, sorted."""
        mine, theirs = self.files, other.files
        return sorted(path for path in mine.keys() | theirs.keys() if not _same(mine.get(path), theirs.get(path)))

    @classmethod
    def _scan_with_changes(cls, folders, previous: Sources | None, unheld=frozenset()) -> tuple[Sources, list[str]]:
        sources, fresh = cls(), []
        earlier = previous.files if previous else {}
        for folder in map(os.fspath, folders):
            _scan(folder, sources.files, earlier, fresh, hold=folder not in unheld)
        return sources, fresh

    def read(self, path: Path | str) -> bytes:
        """The bytes of a file as scanned; a file the scan did not see is read now."""
        key = os.fspath(path)
        found = self.files.get(key)
        if found is None:
            self.complete = False
            return Path(path).read_bytes()
        if found.error is not None:
            raise found.error
        if found.data is not None:
            return found.data
        data = _read_bounded(key, found.signature[0])  # not held: read now
        digest = _digest(data)
        if not found.digest:
            self.files[key] = replace(found, digest=digest)
        elif digest != found.digest:
            self.complete = False  # changed since the key was made: it does not describe this build
        return data

    def digest(self) -> str:
        """A hash of every path and its bytes (a file not hashed yet is hashed now)."""
        digest = hashlib.blake2b(digest_size=20)
        for path in sorted(self.files):
            found = self.files[path]
            if found.error is None and not found.digest:
                found = self.files[path] = _hashed(path, found)
            digest.update(os.fsencode(path) + b"\0")
            digest.update(found.digest if found.error is None else repr(found.error).encode())
            digest.update(b"\0")
        return digest.hexdigest()


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=20).digest()


def _hashed(path: str, found: SourceFile) -> SourceFile:
    """`found` with the digest of its bytes (held, or read now), or with the error reading them."""
    try:
        data = found.data if found.data is not None else _read_bounded(path, found.signature[0])
    except OSError as error:
        return replace(found, error=error)
    return replace(found, digest=_digest(data))


def _read_bounded(path: str, size: int) -> bytes:
    """A file's bytes, expected to be `size` long; OSError if it has grown beyond MAX_FILE_BYTES."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))  # os.open: see write.write_file
    try:
        chunks, total = [], 0
        while total <= MAX_FILE_BYTES:  # first the size expected (a buffer of MAX_FILE_BYTES would be mapped)
            chunk = os.read(descriptor, max(size + 1 - total, 1 << 16))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    finally:
        os.close(descriptor)
    data = b"".join(chunks)
    if len(data) > MAX_FILE_BYTES:
        raise OSError(errno.EFBIG, f"larger than {MAX_FILE_BYTES // 2**20} MB", path)
    return data


def _same(one: SourceFile | None, other: SourceFile | None) -> bool:
    """Whether two scans found a file alike: the same bytes, or the same failure to read it."""
    if one is None or other is None or one.error is None or other.error is None:
        return one == other
    return one.signature == other.signature and str(one.error) == str(other.error)


def _scan(folder: str, found: dict[str, SourceFile], earlier: dict[str, SourceFile], fresh: list[str],
          hold: bool) -> None:
    try:
        entries = list(os.scandir(folder))  # in no order: `digest` sorts
    except OSError:
        return  # a missing or unreadable folder is reported by the loader, which knows what it is for
    for entry in entries:
        if is_leftover(entry.name):
            continue
        if entry.is_dir(follow_symlinks=False):
            _scan(entry.path, found, earlier, fresh, hold)
            continue
        fresh.append(entry.path)  # unless taken from `earlier` below
        try:
            status = os.stat(entry.path)  # a link counts as the file it leads to
        except OSError as error:
            found[entry.path] = SourceFile(("missing",), None, error)
            continue
        signature = (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)
        if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_FILE_BYTES:  # a pipe would never end
            found[entry.path] = SourceFile(signature, None, OSError(
                errno.EINVAL, "not an ordinary file", entry.path) if not stat.S_ISREG(status.st_mode) else OSError(
                errno.EFBIG, f"larger than {MAX_FILE_BYTES // 2**20} MB", entry.path))
            continue
        before = earlier.get(entry.path)
        if before is not None and before.signature == signature and before.data is not None:
            found[entry.path] = before
            fresh.pop()
            continue
        if not hold:
            found[entry.path] = SourceFile(signature, None)  # hashed when read (Sources.read)
            continue
        try:
            data = _read_bounded(entry.path, status.st_size)
            found[entry.path] = SourceFile(signature, data, digest=_digest(data))
        except OSError as error:
            found[entry.path] = SourceFile(signature, None, error)
