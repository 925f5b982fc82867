"""Pages rendered by worker processes: the same site however the processes start, and failures told plainly."""

import datetime as dt
import os
from pathlib import Path

import pytest
from conftest import FIXTURES, TEMPLATES

from sitegen.config import BuildOptions
from sitegen.errors import BuildError
from sitegen.pipeline import build_site, render_site
from sitegen.render import pages

TODAY = dt.date(2012, 11, 1)


@pytest.fixture
def every_site_in_processes(monkeypatch):
    """Even the small fixture is rendered by workers (the parent decides, so this reaches them)."""
    monkeypatch.setattr(pages, "PAGES_FOR_PROCESSES", 1)


def site_options(**more):
    content = FIXTURES / "basic" / "content"
    return BuildOptions(content, TEMPLATES, content.parent / "unused", TODAY, **more)


def children() -> set[int]:
    """Processes whose parent is this one (from /proc), but for the helpers multiprocessing keeps
    for the life of the program where processes are spawned (its resource tracker, its fork server);
    other tests of the session may have started some (a browser): compare before and after."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and (entry / "stat").read_text().split(") ")[1].split()[1] == str(os.getpid()) \
                    and b"resource_tracker" not in (entry / "cmdline").read_bytes() \
                    and b"forkserver" not in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except (OSError, IndexError):
            continue
    return set(found)


@pytest.mark.parametrize("start_method", ["fork", "spawn", "forkserver"])
def test_workers_started_any_way_render_the_same_site_as_one_process(every_site_in_processes, start_method):
    before = children()
    alone = render_site(site_options(jobs=1)).files
    together = render_site(site_options(jobs=2, start_method=start_method)).files
    assert together == alone
    assert children() - before == set()


def test_pages_are_shared_out_in_groups_keeping_translations_with_the_same_text_together():
    class Page:
        def __init__(self, output, text):
            self.output, self.body = output, pages.Body(text, "it", "x.md", 1, None)

    site_pages = [Page(f"{lang}/{i}.html", f"text {i}") for lang in ("it", "en") for i in range(10)]
    groups = pages._groups(site_pages, 4)
    assert sorted(index for group in groups for index in group) == list(range(20))
    for group in groups:
        texts = {site_pages[index].body.text for index in group}
        assert all(sum(site_pages[index].body.text == text for index in group) == 2 for text in texts)
    assert len(groups) == 4


def fail_on_the_project_page(self, page, result):
    if page.output.endswith("progetto/index.html"):
        raise ZeroDivisionError("boom")
    return original_render(self, page, result)


original_render = pages.PageRenderer.render


def test_a_worker_failing_is_a_plain_problem_and_leaves_no_process(every_site_in_processes, monkeypatch, tmp_path):
    monkeypatch.setattr(pages.PageRenderer, "render", fail_on_the_project_page)  # forked workers inherit it
    output, before = tmp_path / "site", children()
    with pytest.raises(BuildError) as caught:
        build_site(BuildOptions(FIXTURES / "basic" / "content", TEMPLATES, output, TODAY, jobs=2, start_method="fork"))
    [problem] = caught.value.problems
    assert "the engine failed while rendering pages: ZeroDivisionError: boom" in str(problem)
    assert "Traceback" not in str(problem)
    assert children() - before == set()
    assert not output.exists() and list(tmp_path.iterdir()) == []


def test_a_worker_killed_is_a_plain_problem(every_site_in_processes, monkeypatch, tmp_path):
    def die(self, page, result):
        os._exit(9)

    monkeypatch.setattr(pages.PageRenderer, "render", die)
    before = children()
    with pytest.raises(BuildError) as caught:
        render_site(site_options(jobs=2, start_method="fork"))
    assert "a process rendering pages stopped unexpectedly" in str(caught.value)
    assert children() - before == set()
