"""Render every page of a site: in this process, or spread over worker processes (workers.py).

Pages showing the same Markdown text go to the same group, which converts it once. The
real site (about 100 pages) renders in this process: below PAGES_FOR_PROCESSES, starting
workers costs more than it saves.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import BuildError, Problem
from ..model.site import Body
from ..outputs.structured_data import structured_data_for
from .templates import make_environment, page_context, render_page

PAGES_FOR_PROCESSES = 200  # measured: below this, one process is faster (see bench/README.md)
GROUPS_PER_WORKER = 16  # more, smaller groups even out the workers' loads: with 4, at 1,000 news files one
                        # worker still rendered for 0.35 s after the other had finished


@dataclass
class Job:
    """What every process needs to render pages."""

    assembled: object  # model.assemble.Assembled
    theme: object  # load.theme.Theme
    sources: object  # the scanned templates (load.files.Sources)
    staging: Path | None  # write pages there; None: return their bytes
    wanted: frozenset = frozenset()  # Markdown files whose conversion the feeds need back
    compiled_templates: Path | None = None  # folder of templates compiled by earlier builds


@dataclass
class Rendered:
    files: dict[str, bytes] = field(default_factory=dict)  # output -> bytes, when not written
    digests: dict[str, str] = field(default_factory=dict)  # output -> digest, when written
    problems: list[Problem] = field(default_factory=list)
    conversions: list[tuple] = field(default_factory=list)  # (Body.request, Converted) the feeds need


def render_pages(job: Job, jobs: int, start_method: str | None = None) -> Rendered:
    """Every page of the site, or BuildError listing the problems (template errors, bad links)."""
    pages = job.assembled.pages
    groups = _groups(pages, jobs * GROUPS_PER_WORKER if jobs > 1 and len(pages) >= PAGES_FOR_PROCESSES else 1)
    if len(groups) == 1:
        result = render_group(PageRenderer(job), groups[0])
    else:
        from .workers import render_in_processes  # not imported by a build that needs no workers

        result = render_in_processes(job, groups, jobs, start_method)
    if result.problems:
        raise BuildError(result.problems)
    return result


def _groups(pages: list, count: int) -> list[list[int]]:
    """Page indexes in `count` groups of about equal size; pages of one text stay together."""
    by_text: dict = {}
    for index, page in enumerate(pages):
        by_text.setdefault(page.body.text if isinstance(page.body, Body) else page.output, []).append(index)
    groups: list[list[int]] = [[] for _ in range(count)]
    size = max(-(-len(pages) // count), 1)  # rounded up: the last group, the last to start, is the smallest
    current = 0
    for indexes in by_text.values():
        if len(groups[current]) >= size and current < count - 1:
            current += 1
        groups[current].extend(indexes)
    return [group for group in groups if group]


def merge(result: Rendered, part: Rendered) -> None:
    result.files.update(part.files)
    result.digests.update(part.digests)
    result.problems += part.problems
    result.conversions += part.conversions


class PageRenderer:
    """One process's means to render pages of a job: the templates, compiled once."""

    def __init__(self, job: Job, parent: int | None = None, environment=None):
        """`parent`: the build's process, for a worker; `environment`: one to reuse (serve)."""
        self.job, self.parent = job, parent
        self.environment = environment or make_environment(job.theme.folder, job.sources,
                                                                    job.compiled_templates)
        assembled = job.assembled
        self.contexts = {lang: page_context(site, assembled.sites, job.theme.languages, job.theme.assets)
                         for lang, site in assembled.sites.items()}
        self.folders: set[str] = set()  # the folders this process has made in the staging folder

    def render(self, page, result: Rendered) -> None:
        site = self.job.assembled.sites[page.lang]
        if isinstance(page.body, Body):
            converted = page.body.converted
            result.problems += converted.problems
            if page.body.source in self.job.wanted:
                result.conversions.append((page.body.request, converted))  # not the Body: its converter
                                                                           # would be pickled along
        page.structured_data = structured_data_for(page, site)
        html, problem = render_page(self.environment, page, self.contexts[page.lang])
        if problem:
            result.problems.append(problem)
            return
        data = html.encode("utf-8")
        if self.parent is not None and os.getppid() != self.parent:
            os._exit(1)  # the build was killed: write nothing more beside the site
        if self.job.staging is None:
            result.files[page.output] = data
        else:
            from ..write import write_file

            result.digests[page.output] = write_file(self.job.staging, page.output, data, self.folders)


def render_group(renderer: PageRenderer, indexes: list[int]) -> Rendered:
    result = Rendered()
    pages = renderer.job.assembled.pages
    for index in indexes:
        renderer.render(pages[index], result)
    return result
