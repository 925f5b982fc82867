"""Load content/: data files and Markdown documents, each checked against its schema.

The result is a Content holding clean values (dates as dates, texts per language) and
the source of each record, or a BuildError listing every problem in every file.
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import BuildError, Problem, display_path
from ..schema.types import DATA_FILES, NEWS, PAGE
from ..schema.fields import Context, Group, GroupInvalid, Invalid
from ..site_files import FOLDER as SITE_FILES_FOLDER, load_site_files
from .files import Sources, is_leftover
from .text import read_data_file, read_document
from .yamlsafe import ProblemList

DEFAULT_LANGUAGES = ("it", "en")
DOCUMENT_FOLDERS = {"pages": PAGE, "news": NEWS}
IGNORED_PREFIXES = (".", "_", "#")  # besides editor leftovers (files.is_leftover): notes, drafts put aside


@dataclass
class Entry:
    """A validated Markdown page or news item in one language."""

    kind: str  # "pages" or "news"
    lang: str
    key: str  # the file name without .md, shared by the translations of one entry
    source: str  # the path shown in messages
    meta: dict
    lines: object  # the raw front matter, to find the line of a field
    body: str
    body_line: int

    def line_of(self, name: str) -> int:
        line_of = getattr(self.lines, "line_of", None)
        return line_of(name) if line_of else 2


@dataclass
class Content:
    """Everything staff wrote, validated field by field (not yet cross-checked)."""

    root: Path
    data: dict = field(default_factory=dict)  # file name -> clean values
    raw: dict = field(default_factory=dict)  # file name -> parsed YAML, for line numbers
    shown: dict = field(default_factory=dict)  # file name -> path as shown in messages
    entries: list[Entry] = field(default_factory=list)
    site_files: dict[str, bytes] = field(default_factory=dict)  # content/files/, published as they are

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self.data["settings.yml"]["languages"])


class ParseMemo:
    """Files already parsed and checked, for the preview server: a result is reused only
    for the very same bytes and the same site languages, so it is what parsing again gives."""

    def __init__(self):
        self._results: dict = {}
        self.images: dict = {}  # image versions by cache key, kept between loads (sitegen/media/images.py)

    def get(self, path: Path, data: bytes, extra, compute):
        kept = self._results.get(path)
        if kept is not None and kept[1] == extra and kept[0] == data:
            return kept[2]
        value = compute()
        self._results[path] = (data, extra, value)
        return value


def load_content(root: Path, sources: Sources, include_drafts: bool = False,
                 memo: ParseMemo | None = None) -> Content:
    """Check every file under `root`, as read into `sources`; raise BuildError with all problems."""
    root = Path(root)
    if not root.is_dir():
        raise BuildError([Problem(display_path(root), None, "the content folder does not exist",
                                  "pass the right folder with --content")])
    content = Content(root)
    problems = _unsafe_links(root)
    ctx = Context(_declared_languages(root, sources) or DEFAULT_LANGUAGES)
    for name, schema in DATA_FILES.items():
        problems += _load_data_file(content, sources, name, schema, ctx, memo or ParseMemo())
        if name == "settings.yml" and "settings.yml" in content.data:
            ctx = Context(content.languages)
    problems += _check_top_level(root, ctx)
    content.site_files, found = load_site_files(root, sources.read)
    problems += found
    for folder, schema in DOCUMENT_FOLDERS.items():
        problems += _load_documents(content, sources, folder, schema, ctx, include_drafts, memo)
    if problems:
        error = BuildError(problems)
        error.content = content  # what could be read, so that more checks can still run
        raise error
    return content


def _load_data_file(content: Content, sources: Sources, name: str, schema: Group, ctx: Context,
                    memo: ParseMemo) -> list[Problem]:
    path = content.root / name
    shown = display_path(path)
    content.shown[name] = shown
    if _ignored(path):
        return []
    if not path.is_file():
        return [Problem(shown, None, f"the data file {name} is missing", "create it (see content/RIFERIMENTO.md)")]
    data, problems = _read(sources, path)
    if data is None:
        return problems
    raw, values, problems = memo.get(path, data, ctx.languages, lambda: _read_data_file(data, shown, schema, ctx))
    if raw is not None:
        content.raw[name] = raw
    if values is not None:
        content.data[name] = values
    return problems


def _read_data_file(data: bytes, shown: str, schema: Group, ctx: Context):
    """(parsed YAML, checked values, problems) of one data file."""
    try:
        raw = read_data_file(data, shown)
    except ProblemList as errors:
        return None, None, errors.problems
    try:
        return raw, schema.check(raw, ctx), []
    except Invalid as error:
        return raw, None, invalid_to_problems(error, shown)


def _load_documents(content: Content, sources: Sources, folder: str, schema: Group, ctx: Context,
                    drafts: bool, memo: ParseMemo | None) -> list[Problem]:
    problems: list[Problem] = []
    texts: dict[str, str] = {}  # the same text in two files (two languages) is kept once
    base = content.root / folder
    if not base.is_dir():
        return [Problem(display_path(base), None, f"the folder {folder}/ is missing",
                        f"create {folder}/ with one subfolder per language: " + ", ".join(ctx.languages))]
    for child in sorted(base.iterdir()):
        if _ignored(child):
            continue
        if not child.is_dir() or child.name not in ctx.languages:
            problems.append(Problem(display_path(child), None, f"unexpected {'folder' if child.is_dir() else 'file'} in {folder}/",
                                    f"{folder}/ holds only one folder per language: " + ", ".join(ctx.languages)))
            continue
        for found in sorted(os.scandir(child), key=lambda found: found.name):  # scandir: no system call a file
            path = child / found.name
            if found.name.startswith(IGNORED_PREFIXES) or is_leftover(found.name) or (
                    found.is_symlink() and _ignored(path)):
                continue
            if not found.name.endswith(".md") or not found.is_file():
                problems.append(Problem(display_path(path), None, "only Markdown files (.md) belong here",
                                        "rename it to end in .md, or move it out of content/"))
                continue
            data, unreadable = _read(sources, path)
            if data is None:
                problems += unreadable
                continue
            if memo is None:  # a one-off build: nothing to remember, no bytes kept
                entry, found_problems = _read_document(folder, schema, ctx, child.name, path, data)
            else:
                entry, found_problems = memo.get(path, data, ctx.languages,
                                                 lambda: _read_document(folder, schema, ctx, child.name, path, data))
            problems += found_problems
            if entry is not None and (drafts or not entry.meta.get("draft")):
                entry.body = texts.setdefault(entry.body, entry.body)
                content.entries.append(entry)
    return problems


def _declared_languages(root: Path, sources: Sources) -> tuple[str, ...] | None:
    """The languages settings.yml lists, to check its own texts in them (None if it cannot tell)."""
    try:
        raw = read_data_file(sources.read(root / "settings.yml"), "settings.yml")
    except (OSError, ProblemList):
        return None
    languages = raw.get("languages") if isinstance(raw, dict) else None
    if isinstance(languages, list) and languages and all(isinstance(lang, str) for lang in languages):
        return tuple(languages)
    return None


def _read(sources: Sources, path: Path) -> tuple[bytes | None, list[Problem]]:
    """A file's bytes, or the problem that it cannot be read."""
    try:
        return sources.read(path), []
    except OSError as error:
        advice = ("move it out of content/: no page, data file or template is this big" if error.errno == errno.EFBIG
                  else "make it readable by the user who builds the site, or remove it")
        return None, [Problem(display_path(path), None, f"this file cannot be read ({error.strerror or error})",
                              advice)]


def _read_document(folder, schema, ctx, lang, path: Path, data: bytes) -> tuple[Entry | None, list[Problem]]:
    shown = display_path(path)
    try:
        document = read_document(data, shown)
        meta = schema.check(document.meta, ctx)
    except ProblemList as errors:
        return None, errors.problems
    except Invalid as error:
        return None, invalid_to_problems(error, shown, default_line=2)
    return Entry(folder, lang, path.stem, shown, meta, document.meta, document.body, document.body_line), []


def invalid_to_problems(error: Invalid, shown: str, default_line: int | None = None) -> list[Problem]:
    """Turn a schema check failure into Problems for one file."""
    errors = error.problems if isinstance(error, GroupInvalid) else [error]
    return [Problem(shown, e.line or default_line, e.message, e.expected) for e in errors]


def _check_top_level(root: Path, ctx: Context) -> list[Problem]:
    expected = set(DATA_FILES) | set(DOCUMENT_FOLDERS) | {SITE_FILES_FOLDER}
    problems = []
    for path in sorted(root.iterdir()):
        if path.name in expected or _ignored(path) or (path.is_file() and path.suffix == ".md"):
            continue  # Markdown at the top (the staff guide) is documentation, not content
        close = [name for name in sorted(expected)
                 if path.stem in (name.split(".")[0], name.split(".")[0].rstrip("s"))]
        hint = f"did you mean {close[0]}?" if close else "content/ holds: " + ", ".join(sorted(expected))
        problems.append(Problem(display_path(path), None, "this file or folder is not part of the content", hint))
    return problems


def _unsafe_links(root: Path) -> list[Problem]:
    """Symbolic links that lead outside content/ would publish files nobody meant to."""
    problems = []
    real_root = root.resolve()
    folders = [os.fspath(root)]
    while folders:
        folder = folders.pop()
        try:
            found = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError:
            continue
        for entry in found:
            if entry.is_symlink():
                problem = _link_problem(Path(entry.path), real_root)
                if problem:
                    problems.append(Problem(display_path(Path(entry.path)), None, problem,
                                            "copy the file into content/ instead of linking to it"))
            elif entry.is_dir() and not (folder == os.fspath(root) and entry.name == SITE_FILES_FOLDER):
                folders.append(entry.path)  # content/files/ is checked by load_site_files
    return sorted(problems)


def _link_problem(path: Path, real_root: Path) -> str | None:
    """What is wrong with a symbolic link in content/, if it is one and something is."""
    if not path.is_symlink():
        return None
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return "this is a link that leads to nothing (its target is missing, or it leads to itself)"
    if not target.is_relative_to(real_root):
        return f"this is a link to {target}, outside the content folder"
    return None


def _ignored(path: Path) -> bool:
    """Editor and system leftovers, and links already reported by _unsafe_links."""
    if path.name.startswith(IGNORED_PREFIXES) or is_leftover(path.name):
        return True
    return path.is_symlink() and _link_problem(path, _content_root(path)) is not None


def _content_root(path: Path) -> Path:
    for parent in path.absolute().parents:
        if parent.name in DOCUMENT_FOLDERS:
            return parent.parent.resolve()
    return path.absolute().parent.resolve()


def settings_timezone(root: Path):
    """The time zone settings.yml names, read before the build to choose its date; UTC when
    there is none (a wrong one is reported by the build itself)."""
    from zoneinfo import ZoneInfo

    from ..config import UTC

    try:
        raw = read_data_file((Path(root) / "settings.yml").read_bytes(), "settings.yml")
        return ZoneInfo(raw["timezone"])
    except Exception:  # noqa: BLE001 - any problem here is reported, with its line, when the content is loaded
        return UTC
