"""Gates on other projects' sites (issue 16): the theme stays valid HTML, accessible and without a
broken link for a site in three languages (tests/fixtures/harbour/), one in English only
(tests/fixtures/harbour-en/) and the content folder `build.py new` writes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .browser_checks import accessibility_violations, describe_violations, load
from .html_validator import validate_html
from .link_checker import SiteLinks, broken_links
from .site_pages import read_site
from .site_server import serve_folder
from .tools import ROOT
from .verdict import expect_no_problems

pytestmark = pytest.mark.gates

BASE_URL = "https://example.org/altro/"
SITES = ["harbour", "harbour-en", "new"]


def _build(name: str, work: Path) -> Path:
    if name == "new":
        content = work / "content"
        subprocess.run([sys.executable, str(ROOT / "build.py"), "new", str(content), "--languages", "it,en"],
                       check=True, capture_output=True, timeout=60)
    else:
        content = ROOT / "tests" / "fixtures" / name / "content"
    output = work / "site"
    completed = subprocess.run([sys.executable, str(ROOT / "build.py"), "--content", str(content), "--output",
                                str(output), "--base-url", BASE_URL, "--today", "2013-01-20", "--no-cache"],
                               capture_output=True, text=True, timeout=300)
    assert completed.returncode == 0, completed.stderr
    return output


@pytest.fixture(scope="module", params=SITES)
def other_site(request, tmp_path_factory) -> Path:
    return _build(request.param, tmp_path_factory.mktemp(request.param))


def test_every_page_of_another_site_is_valid_html(other_site):
    pages = sorted(other_site.rglob("*.html"))
    errors = validate_html(pages)
    expect_no_problems([f"{page.relative_to(other_site)}: {error}" for page in pages
                        for error in errors[page.resolve()]], "the Nu HTML Checker reports")


def test_every_link_of_another_site_resolves(other_site):
    site = SiteLinks(other_site, BASE_URL)
    expect_no_problems([f"{file}: {problem}" for file in read_site(other_site) for problem in broken_links(site, file)],
                       "broken links")


def test_no_page_of_another_site_has_an_accessibility_violation(other_site, open_page, axe_source):
    page = open_page(1280)
    problems = []
    with serve_folder(other_site, urlsplit(BASE_URL).path) as url:
        for file, facts in read_site(other_site).items():
            load(page, url + facts.path, without_refresh=facts.redirects)
            problems += [f"{file}: {line}" for line in
                         describe_violations(accessibility_violations(page, axe_source)).splitlines()]
    expect_no_problems(problems, "axe-core reports WCAG violations")
