"""What the source folders hold, by stat: the preview server compares two snapshots to
learn exactly which files an edit touched (10,000 files take about 30 ms)."""

from __future__ import annotations

import os

from .content import IGNORED_PREFIXES, IGNORED_SUFFIXES


def take_snapshot(*folders) -> dict[str, tuple]:
    """path -> (size, modification time, change time, inode) of every file and link under
    the folders; editor leftovers (which the build ignores too) are left out."""
    found: dict[str, tuple] = {}
    for folder in folders:
        _scan(os.fspath(folder), found)
    return found


def _scan(folder: str, found: dict) -> None:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        found[folder] = ("unreadable",)
        return
    for entry in entries:
        if entry.name.startswith(IGNORED_PREFIXES) or entry.name.endswith(IGNORED_SUFFIXES):
            continue
        if entry.is_dir(follow_symlinks=False):
            _scan(entry.path, found)
            continue
        try:
            status = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        found[entry.path] = (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)


def changed_files(before: dict[str, tuple], after: dict[str, tuple]) -> list[str] | None:
    """The files edited between two snapshots; None if any was added or removed."""
    if before.keys() != after.keys():
        return None
    return [path for path, signature in after.items() if before[path] != signature]
