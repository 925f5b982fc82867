"""Gate: every link into the site resolves, fragments included; nothing points at localhost."""

from __future__ import annotations

import pytest

from .conftest import GATE_FIXTURES, PUBLISHED_BASE_URL
from .link_checker import SiteLinks, broken_links
from .verdict import expect_no_problems

pytestmark = pytest.mark.gates


@pytest.fixture(scope="session")
def site_links(built_site) -> SiteLinks:
    return SiteLinks(built_site.folder, PUBLISHED_BASE_URL)


def test_every_internal_link_resolves(site_page, site_links):
    expect_no_problems(broken_links(site_links, site_page.file), f"{site_page.file}: broken links")


def test_link_checker_reports_each_broken_link_and_only_those():
    fixtures = SiteLinks(GATE_FIXTURES, "https://fixtures.example/")
    problems = broken_links(fixtures, "broken-links.html")
    assert len(problems) == 4, problems
    expected = ["static/missing.css", "missing-page.html", 'no element with id="no-such-id"', "localhost"]
    for expected_part, problem in zip(expected, problems):
        assert expected_part in problem
    assert broken_links(fixtures, "good.html") == []
