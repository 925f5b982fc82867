"""Markdown converted ahead by a helper process is exactly what the build would convert itself."""

import os
import time

import pytest

from conftest import FIXTURES

from sitegen.markup import MarkdownRenderer
from sitegen.prefetch import Prefetch
from sitegen.sources import read_document, text_digest

CONTENT = FIXTURES / "basic" / "content"


@pytest.fixture(autouse=True)
def helper_even_for_a_small_site(monkeypatch):
    monkeypatch.setattr("sitegen.prefetch.MINIMUM_FILES", 0)


def bodies():
    return {path: read_document(path, str(path)).body for path in sorted(CONTENT.glob("*/*/*.md"))}


def test_helper_converts_every_text_once_as_the_build_would():
    prefetch = Prefetch(CONTENT, MarkdownRenderer("/"))
    time.sleep(2)  # a handful of small files: long finished
    early = prefetch.collect()
    expected = MarkdownRenderer("/")
    assert early == {text_digest(body): expected.base_stage(body) for body in bodies().values()}
    assert len(early) >= 4


def test_early_conversions_give_the_same_html_with_the_sites_links():
    prefetch = Prefetch(CONTENT, MarkdownRenderer("/"))
    time.sleep(2)
    with_help = MarkdownRenderer("/driade/")
    with_help.early = prefetch.collect()
    alone = MarkdownRenderer("/driade/")
    for path, body in bodies().items():
        lang = path.parent.name
        assert with_help.convert(body, lang, str(path)) == alone.convert(body, lang, str(path))
    assert with_help.early == {}  # each early conversion was used


def test_a_cancelled_helper_leaves_no_process_behind():
    prefetch = Prefetch(CONTENT, MarkdownRenderer("/"))
    pid = prefetch.pid
    prefetch.cancel()
    assert prefetch.pid is None
    try:
        os.kill(pid, 0)
        alive = True
    except ProcessLookupError:
        alive = False
    assert not alive


def test_no_helper_for_a_site_too_small_to_gain_from_it(monkeypatch):
    monkeypatch.setattr("sitegen.prefetch.MINIMUM_FILES", 64)
    prefetch = Prefetch(CONTENT, MarkdownRenderer("/"))
    assert prefetch.pid is None and prefetch.collect() == {}


def test_a_template_edited_after_it_was_compiled_ahead_is_compiled_again(tmp_path):
    """(That templates compiled ahead render the same is the golden test: every build uses them.)"""
    import shutil

    from conftest import TEMPLATES

    from sitegen.prefetch import CompiledAhead
    from sitegen.render import make_environment

    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    compiled = CompiledAhead(templates).collect()
    assert len(compiled) >= 10
    (templates / "404.html").write_text("{{ 'edited after compiling' }}", encoding="utf-8")
    environment = make_environment(templates, None, watch=False, compiled=compiled)
    assert environment.get_template("404.html").render() == "edited after compiling"
