"""The build's own validation, run on what a file would hold before anything is written.

The would-be bytes take the file's place in a scan of the sources (load/files.py), and the
build's `make_site` loads, validates and assembles the whole site from it, exactly as a
build would; a page's Markdown is converted too (bad links are found there). The problems
of the edited file are placed at their fields by their line.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..config import BuildOptions
from ..errors import BuildError, Problem, display_path
from ..load.content import ParseMemo
from ..load.files import SourceFile, Sources
from ..load.text import read_data_file, read_document
from ..load.yamlsafe import ProblemList
from ..model.site import Body
from ..pipeline import make_site
from .forms import field_at, field_lines

_REQUIRED = re.compile(r"the required field '([^']+)' is missing")


@dataclass
class Verdict:
    """What the build says about a would-be site: problems of the edited file, placed at
    their fields, and problems the edit would cause elsewhere."""

    fields: list[dict] = field(default_factory=list)  # {"file": ..., "field": "events/3/start", "problem": ...}
    elsewhere: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.fields and not self.elsewhere


def site_problems(options: BuildOptions, sources: Sources, memo: ParseMemo) -> list[Problem]:
    """Every problem the preview (drafts shown) or a build (drafts left out: a translation left
    a draft alone is refused there) reports for these sources, every page's Markdown converted."""
    problems = set()
    for drafts in (True, False):
        try:
            site = make_site(replace(options, drafts=drafts), sources, memo)
        except BuildError as error:
            problems.update(error.problems)
            continue
        for page in site.assembled.pages:
            if isinstance(page.body, Body):
                problems.update(page.body.converted.problems)
    return sorted(problems)


def checked_site_problems(options: BuildOptions) -> list[Problem]:
    """Every problem `build.py check` reports for the files on disk, internal links included
    (for a rename or a deletion, which can break a link to the page)."""
    from ..pipeline import check_site

    try:  # at the site's own address: the link check refuses links to this computer, as it should
        check_site(replace(options, base_url=None))
    except BuildError as error:
        return error.problems
    return []


def with_file(sources: Sources, path: Path, data: bytes | None) -> Sources:
    """The scan with one file's bytes replaced (or the file taken out, for None)."""
    return with_files(sources, {path: data})


def with_files(sources: Sources, changes: dict[Path, bytes | None]) -> Sources:
    """The scan with some files' bytes replaced (or taken out, for None)."""
    changed = Sources(dict(sources.files))
    for path, data in changes.items():
        if data is None:
            changed.files.pop(os.fspath(path), None)
        else:
            changed.files[os.fspath(path)] = SourceFile(("edited", len(data)), data)
    return changed


class Baseline:
    """The problems of the sources as they are, kept while their bytes stay the same (a save
    of an unchanged site need not load it twice)."""

    def __init__(self):
        self.key, self.problems = None, set()

    def of(self, options: BuildOptions, sources: Sources, memo: ParseMemo) -> set[Problem]:
        key = sources.digest()
        if key != self.key:
            self.key, self.problems = key, set(site_problems(options, sources, memo))
        return self.problems

    def keep(self, sources: Sources, problems: list[Problem]) -> None:
        self.key, self.problems = sources.digest(), set(problems)


def judge(options: BuildOptions, memo: ParseMemo, before: Sources, changes: dict[Path, bytes],
          baseline: Baseline | None = None) -> Verdict:
    """The build's verdict on the files holding these bytes: every problem in those files
    (each with "file", as shown in messages, and "field"), and the problems elsewhere that
    the site did not already have. `baseline` then holds the would-be site's problems, which
    are the site's once the files are written."""
    baseline = baseline or Baseline()
    old = baseline.of(options, before, memo)
    would_be = with_files(before, changes)
    new = site_problems(options, would_be, memo)
    baseline.keep(would_be, new)
    edited = {display_path(path): (_lines(data, display_path(path), path.suffix == ".md"), data)
              for path, data in changes.items()}
    verdict = Verdict()
    for problem in new:
        if problem.path in edited:
            lines, data = edited[problem.path]
            verdict.fields.append({"file": problem.path, "field": _field(problem, lines, data),
                                   "problem": _words(problem)})
        elif problem not in old:
            verdict.elsewhere.append(str(problem))
    return verdict


def _words(problem: Problem) -> str:
    """The problem as the build prints it, without the file name (it is the file being edited)."""
    text = f"riga {problem.line}: {problem.message}" if problem.line else problem.message
    return f"{text} — {problem.expected}" if problem.expected else text


def _lines(data: bytes, shown: str, document: bool) -> list[tuple[int, tuple]]:
    try:
        parsed = read_document(data, shown).meta if document else read_data_file(data, shown)
    except ProblemList:
        return []
    return field_lines(parsed)


def _field(problem: Problem, lines: list[tuple[int, tuple]], data: bytes) -> str:
    """The form field a problem belongs to ("" for the file as a whole, "body" for the text)."""
    if problem.line is None:
        return ""
    if data.startswith(b"---") and problem.line > _front_matter_end(data):
        return "body"
    missing = _REQUIRED.search(problem.message)
    if missing:
        items = [path for line, path in lines if line == problem.line and isinstance(path[-1], int)]
        parent = min(items, key=len) if items else ()
        return "/".join(map(str, parent + (missing.group(1),)))
    return field_at(lines, problem.line)


def _front_matter_end(data: bytes) -> int:
    """The line of a Markdown file's closing front-matter fence."""
    for number, line in enumerate(data.split(b"\n")[1:], start=2):
        if line.rstrip() in (b"---", b"..."):
            return number
    return 1 << 30
