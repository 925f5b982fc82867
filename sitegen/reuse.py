"""Whether the output folder already holds what this build would write, without building.

A build's key is made from everything a page could show: every byte of content/ and
templates/ as scanned (load/files.py), the build options that shape the output, and the
engine's own code and libraries. After writing a site, the build records the key and what
the output folder holds (each file's size, times and inode, and the hash of its bytes) in
the cache folder. The next build with the same key and an output folder still holding
exactly those files has nothing to do. Any other change builds the whole site again:
there is no list of what depends on what, so nothing can be forgotten in one.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import stat
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path

from . import __version__
from .config import BuildOptions
from .load.files import Sources

OUTPUT_LIBRARIES = ("markdown", "jinja2", "markupsafe", "nh3", "yaml", "icalendar", "PIL")  # as imported
RECORDS_FOLDER = "outputs"


def build_key(sources: Sources, options: BuildOptions) -> str:
    """A hash of everything the output depends on."""
    shaping = (options.base_url, options.today.isoformat(), options.drafts, os.fspath(options.content),
               os.fspath(options.templates), engine_fingerprint())
    return hashlib.blake2b(repr(shaping).encode() + sources.digest().encode(), digest_size=20).hexdigest()


@cache
def engine_fingerprint() -> str:
    """A hash of the engine's own source and of the installed libraries that shape its output.

    A library is known by its package file's place, size, times and inode: installing any
    version of it writes that file anew. (importlib.metadata would name the version, but
    importing it and looking the versions up took 33 ms, a tenth of the real site's build.)"""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(__version__.encode())
    for library in OUTPUT_LIBRARIES:
        digest.update(f"{library}={_installed(library)};".encode())
    package = Path(__file__).parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _installed(library: str) -> tuple | None:
    try:
        spec = importlib.util.find_spec(library)  # finds it without importing it
        status = os.stat(spec.origin)
    except (ImportError, AttributeError, TypeError, ValueError, OSError):
        return None  # not installed (or not a package with a file): still part of the fingerprint
    return spec.origin, status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino


def output_is_current(cache_folder: Path, output: Path, key: Callable[[], str]) -> bool:
    """Whether the last build recorded for `output` had the key `key()` makes (only made when
    there is such a record: it hashes every source), and the folder still holds exactly what
    it wrote (judged by size, times and inode: any write changes the change time)."""
    record = _read_record(cache_folder, output)
    if record is None or not isinstance(record.get("files"), dict) or record.get("key") != key():
        return False
    try:
        return file_states(output, {path: entry[-1] for path, entry in record["files"].items()}) == record["files"]
    except (OSError, TypeError, IndexError, KeyError):
        return False


def file_states(folder: Path, digests: dict[str, str]) -> dict[str, list] | None:
    """path -> [size, modification time, change time, inode, digest] of every file in
    `folder`, given the digests of their bytes; None if it holds a file not in `digests`."""
    found = {}
    root = os.fspath(folder)
    for parent, folders, names in os.walk(root):
        prefix = "" if parent == root else parent[len(root) + 1:].replace(os.sep, "/") + "/"
        for name in folders + names:
            status = os.lstat(os.path.join(parent, name))
            if name in names:
                if prefix + name not in digests:
                    return None
                found[prefix + name] = _file_state(status, digests[prefix + name])
            elif not stat.S_ISDIR(status.st_mode):
                return None  # a link to a folder
    return found


def written_file_states(folder: Path, digests: dict[str, str]) -> dict[str, list]:
    """What `file_states` says of a folder holding just the files this build wrote (its staging
    folder): each file is looked up by its name, not found by listing every folder."""
    root = os.fspath(folder)
    found = {}
    for path, digest in digests.items():
        found[path] = _file_state(os.lstat(os.path.join(root, path)), digest)
    return found


def _file_state(status: os.stat_result, digest: str) -> list:
    """What the record keeps of one file: any write changes its change time."""
    return [status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino, digest]


def remember_output(cache_folder: Path, output: Path, key: str, files: dict | None) -> None:
    """Record what a build with this key left in `output`, as `file_states` describes it (a cache
    that cannot be written only makes the next build slower)."""
    if files is None:
        return forget_output(cache_folder, output)
    path = _record_path(cache_folder, output)
    data = json.dumps({"key": key, "files": files}, sort_keys=True).encode()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".", dir=path.parent)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except OSError:
        pass


def forget_output(cache_folder: Path, output: Path) -> None:
    """Drop the record (before a build replaces the folder)."""
    try:
        _record_path(cache_folder, output).unlink(missing_ok=True)
    except OSError:
        pass


def _read_record(cache_folder: Path, output: Path) -> dict | None:
    try:
        record = json.loads(_record_path(cache_folder, output).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def _record_path(cache_folder: Path, output: Path) -> Path:
    name = hashlib.blake2b(os.fsencode(os.path.abspath(output)), digest_size=16).hexdigest()
    return Path(cache_folder) / RECORDS_FOLDER / f"{name}.json"
