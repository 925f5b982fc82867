#!/usr/bin/env python3
"""Turn a folder of Markdown files into a complete sitegen content folder.

`python3 bench/import_markdown.py SRC DEST [--as news|pages]` reads every SRC/*.md
(YAML front matter between '---' lines: title, date, optional slug and summary), copies
the minimal site in bench/skeleton/ (data files, home and news listing pages) into
DEST, and writes each file as a news item (or a page) in both languages with the same
body: the benchmark measures the engine, not translation. So the very Markdown that
Pelican, MkDocs and Hugo build is built by sitegen too.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

SKELETON = Path(__file__).resolve().parent / "skeleton"
LANGUAGES = ("it", "en")
SUMMARY_LENGTH = 160
# Addresses the skeleton already uses (pages, section folders, assets): an item may not take them.
RESERVED_SLUGS = {"index", "notizie", "news", "eventi", "events", "static"}

_NOT_SAFE = re.compile(r"[^a-z0-9]+")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(.+?)\1")
_TAG = re.compile(r"<[^>]+>")
_BLOCK_START = re.compile(r"^\s*(#|[-*+]\s|\d+[.)]\s|\||>|```|~~~|    |\t)")


@dataclass
class SourceItem:
    """One Markdown file of SRC, read and checked."""

    name: str  # file name without .md, made safe
    title: str
    date: dt.date | None
    slug: str
    summary: str
    body: str


class SourceProblems(Exception):
    """Problems with the source files, each as 'file:line: message'."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def safe_slug(text: str) -> str:
    """Lowercase a-z, 0-9 and single hyphens: 'Page 01_Draft' -> 'page-01-draft'."""
    return _NOT_SAFE.sub("-", text.lower()).strip("-")


def split_front_matter(text: str) -> tuple[str, str, int]:
    """(front matter text, body, line of the body's first line); no front matter gives ('', text, 1)."""
    lines = text.replace("\r\n", "\n").split("\n")
    if not lines or lines[0].rstrip() != "---":
        return "", text, 1
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1:]), index + 2
    return "", text, 1


def first_paragraph_text(body: str, limit: int = SUMMARY_LENGTH) -> str:
    """The first plain paragraph of a Markdown body as plain text, cut at a word to `limit` characters."""
    paragraph: list[str] = []
    for line in body.split("\n"):
        if not line.strip():
            if paragraph:
                break
            continue
        if _BLOCK_START.match(line) and not paragraph:
            continue  # headings, lists, tables, quotes and code are not a summary
        if _BLOCK_START.match(line):
            break
        paragraph.append(line.strip())
    text = " ".join(paragraph)
    text = _LINK.sub(r"\1", text)
    for _ in range(2):  # **bold *and italic***
        text = _EMPHASIS.sub(r"\2", text)
    text = " ".join(_TAG.sub("", text).split())
    if len(text) <= limit:
        return text
    cut = text[:limit - 1].rsplit(" ", 1)[0].rstrip(",;:.")
    return cut + "…"


def read_item(path: Path) -> SourceItem:
    """One source file, or SourceProblems saying what is wrong with it."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise SourceProblems([f"{path}: not UTF-8 text; save it again as UTF-8"]) from None
    header, body, _ = split_front_matter(text)
    if not header:
        raise SourceProblems([f"{path}:1: no front matter; start the file with '---', 'title: ...', '---'"])
    try:
        meta = yaml.safe_load(header) or {}
    except yaml.YAMLError as error:
        line = getattr(getattr(error, "problem_mark", None), "line", 0) + 2
        reason = getattr(error, "problem", None) or error
        raise SourceProblems([f"{path}:{line}: the front matter is not valid YAML ({reason})"]) from None
    problems = []
    if not isinstance(meta, dict):
        raise SourceProblems([f"{path}:2: the front matter must be 'field: value' lines"])
    title = meta.get("title")
    if not isinstance(title, (str, int, float)) or not str(title).strip():
        problems.append(f"{path}:{_line_of(header, 'title')}: 'title' is missing or empty; "
                        f"add 'title: ...' to the front matter")
    date = _date(meta.get("date"))
    if meta.get("date") is not None and date is None:
        problems.append(f"{path}:{_line_of(header, 'date')}: 'date' must look like 2012-10-05, "
                        f"got {meta.get('date')!r}")
    if problems:
        raise SourceProblems(problems)
    name = safe_slug(path.stem) or "item"
    slug = safe_slug(str(meta.get("slug") or "")) or name
    summary = str(meta.get("summary") or "").strip() or first_paragraph_text(body) or str(title).strip()
    return SourceItem(name, str(title).strip(), date, slug, " ".join(summary.split()), body.lstrip("\n"))


def _line_of(header: str, key: str) -> int:
    """The file line of `key:` in the front matter (which starts on line 2), else line 2."""
    for number, line in enumerate(header.split("\n"), start=2):
        if line.startswith(f"{key}:"):
            return number
    return 2


def _date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def read_items(src: Path) -> list[SourceItem]:
    """Every SRC/*.md in name order, with unique names and slugs; SourceProblems lists all problems."""
    paths = sorted(path for path in src.glob("*.md") if path.is_file())
    if not paths:
        raise SourceProblems([f"{src}: no Markdown files (*.md) to import"])
    items, problems = [], []
    for path in paths:
        try:
            items.append(read_item(path))
        except SourceProblems as error:
            problems += error.problems
    if problems:
        raise SourceProblems(problems)
    _make_unique(items)
    return items


def _make_unique(items: list[SourceItem]) -> None:
    """Two files may give the same safe name or slug ('A b.md', 'a-b.md'): number the later ones."""
    for attribute in ("name", "slug"):
        taken = set(RESERVED_SLUGS)
        for item in items:
            value, number = getattr(item, attribute), 2
            while value in taken:
                value, number = f"{getattr(item, attribute)}-{number}", number + 1
            setattr(item, attribute, value)
            taken.add(value)


def front_matter(item: SourceItem, kind: str) -> dict:
    """The fields sitegen expects for a news item or a page."""
    if kind == "news":
        fields = {"title": item.title, "summary": item.summary}
        if item.date:
            fields["date"] = item.date
        fields["slug"] = item.slug
        return fields
    return {"title": item.title, "description": item.summary, "slug": item.slug, "template": "page.html"}


def write_content(items: list[SourceItem], dest: Path, kind: str, skeleton: Path = SKELETON) -> int:
    """Copy the skeleton into dest and write every item in every language; return the files written."""
    shutil.copytree(skeleton, dest, dirs_exist_ok=True)
    written = 0
    for folder in ("news", "pages"):
        for lang in LANGUAGES:
            (dest / folder / lang).mkdir(parents=True, exist_ok=True)
    for item in items:
        header = yaml.safe_dump(front_matter(item, kind), sort_keys=False, allow_unicode=True, width=10_000)
        text = f"---\n{header}---\n{item.body}"
        for lang in LANGUAGES:
            (dest / kind / lang / f"{item.name}.md").write_text(text, encoding="utf-8")
            written += 1
    return written


def import_markdown(src: Path, dest: Path, kind: str = "news", skeleton: Path = SKELETON) -> int:
    """The whole import: read SRC, write DEST (which must be empty or absent); return the items imported.
    `skeleton`: the data files and pages around the items (an earlier engine's own, for --baseline)."""
    if dest.exists() and any(dest.iterdir()):
        raise SourceProblems([f"{dest}: the destination is not empty; choose a new folder"])
    items = read_items(src)
    write_content(items, dest, kind, skeleton)
    return len(items)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Turn a folder of Markdown files with YAML front matter into a sitegen content folder.")
    parser.add_argument("src", type=Path, metavar="SRC", help="folder of .md files (title, date, optional slug)")
    parser.add_argument("dest", type=Path, metavar="DEST", help="new content folder to write")
    parser.add_argument("--as", dest="kind", choices=("news", "pages"), default="news",
                        help="write the files as news items (default) or as pages")
    arguments = parser.parse_args(argv)
    if not arguments.src.is_dir():
        parser.error(f"{arguments.src} is not a folder")
    try:
        count = import_markdown(arguments.src, arguments.dest, arguments.kind)
    except SourceProblems as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"\nNothing imported: {len(error.problems)} problem(s) to fix.", file=sys.stderr)
        return 1
    print(f"Imported {count} files as {arguments.kind} in {', '.join(LANGUAGES)} into {arguments.dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
