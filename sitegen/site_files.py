"""Read content/files/: files published as they are at the root of the site.

Some files must sit beside the pages of a published site without being pages: `CNAME` and
`.nojekyll` for GitHub Pages, `.well-known/security.txt`, the `google1234.html` a search
console asks for. The build replaces the output folder as a whole (see write.py) and
refuses one it did not make, so such files cannot be put into the output by hand: they go
in content/files/, keeping their names and subfolders, and every build copies them byte
for byte. Here, unlike in the rest of content/, names starting with "." are published too;
only editor and system leftovers (`notes.txt~`, `.swp`, `.DS_Store`, `Thumbs.db`) are skipped.
"""

from __future__ import annotations

import os
import stat
import unicodedata
from pathlib import Path

from .errors import Problem, display_path
from .load.files import is_leftover
from .write import SITE_MARKER

FOLDER = "files"
VERSION_CONTROL = {".git", ".hg", ".svn"}
LINK_ADVICE = "copy the file into content/files/ instead of linking to it"


def load_site_files(content_root: Path, read=None) -> tuple[dict[str, bytes], list[Problem]]:
    """The files of content/files/ by their path inside it ("CNAME", ".well-known/security.txt"),
    with their bytes as `read` gives them (the build reads what it scanned, load/files.py); and a
    Problem for each one that cannot be published as it is."""
    read = read or (lambda path: path.read_bytes())
    top = Path(content_root) / FOLDER
    if not os.path.lexists(top):
        return {}, []
    real_root = Path(os.path.realpath(content_root))
    problem = _link_problem(top, real_root)
    if problem:
        return {}, [problem]
    if not top.is_dir():
        return {}, [Problem(display_path(top), None, "this is a file, but content/files/ must be a folder",
                            "make a folder named files and put the files to publish inside it")]
    files, problems = {}, []
    ancestors = {os.fspath(top): {os.path.realpath(top)}}  # real folders from top down to each folder walked
    for parent, folders, names in os.walk(top, followlinks=True):
        inside = os.path.relpath(parent, top)
        prefix = "" if inside == "." else inside.replace(os.sep, "/") + "/"
        kept = []
        for name in sorted(folders):
            path = Path(parent) / name
            if _is_leftover(name):
                continue
            problem = (_name_problem(path, name) or _link_problem(path, real_root)
                       or _loop_problem(path, ancestors[parent]))
            if problem:
                problems.append(problem)
            else:
                kept.append(name)
                ancestors[os.fspath(path)] = ancestors[parent] | {os.path.realpath(path)}
        folders[:] = kept  # os.walk descends only into these
        for name in sorted(names):
            path = Path(parent) / name
            if _is_leftover(name):
                continue
            problem = (_name_problem(path, name) or _reserved_problem(path, prefix + name)
                       or _link_problem(path, real_root))
            if problem is None:
                data, problem = _read(path, read)
            if problem:
                problems.append(problem)
            else:
                files[prefix + name] = data
    return dict(sorted(files.items())), problems


def _is_leftover(name: str) -> bool:
    return is_leftover(name) or name in VERSION_CONTROL


def _name_problem(path: Path, name: str) -> Problem | None:
    """Names a web server cannot serve reliably: backslashes, control characters, bytes not UTF-8."""
    if "\\" in name:
        what = "a backslash"
    elif any(unicodedata.category(character) == "Cc" for character in name):
        what = "a control character (a tab, a line break or an invisible code)"
    elif any("\udc80" <= character <= "\udcff" for character in name):  # how os.walk keeps non-UTF-8 bytes
        what = "bytes that are not UTF-8"
    else:
        return None
    return Problem(display_path(path), None, f"this name contains {what}, which cannot be part of an address",
                   "rename it using letters, digits, '.', '-' and '_'")


def _reserved_problem(path: Path, relative: str) -> Problem | None:
    if relative != SITE_MARKER:
        return None
    return Problem(display_path(path), None,
                   f"{SITE_MARKER} is the name of the file every build writes to mark the site as its own",
                   "remove this file: the build writes its own")


def _link_problem(path: Path, real_root: Path) -> Problem | None:
    """A symbolic link that leads nowhere, or outside content/ (it would publish files nobody meant to)."""
    if not path.is_symlink():
        return None
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return Problem(display_path(path), None,
                       "this is a link that leads to nothing (its target is missing, or it leads to itself)",
                       "point the link at an existing file in content/, or replace it with the file itself")
    if not target.is_relative_to(real_root):
        return Problem(display_path(path), None, f"this is a link to {target}, outside the content folder",
                       LINK_ADVICE)
    return None


def _loop_problem(path: Path, ancestors: set[str]) -> Problem | None:
    """A link to a folder that contains it would make content/files/ endless."""
    target = os.path.realpath(path)
    if target not in ancestors:
        return None
    return Problem(display_path(path), None, f"this is a link to {target}, a folder that contains the link",
                   "remove the link, or copy the files it should publish into its place")


def _read(path: Path, read) -> tuple[bytes | None, Problem | None]:
    """The file's bytes; only regular files are read (a pipe would block the build)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None, Problem(display_path(path), None, "this is not a regular file (a pipe, socket or device)",
                                 "remove it: only ordinary files are published")
        return read(path), None
    except OSError as error:
        return None, Problem(display_path(path), None, f"this file cannot be read ({error.strerror or error})",
                             "make it readable by the user who runs the build, or remove it")
