"""Gate: loading a page sends no request to another origin, sets no cookie, logs no error."""

from __future__ import annotations

import pytest

from .browser_checks import TrafficWatch, load, origin_of
from .verdict import expect_no_problems

pytestmark = pytest.mark.gates


def watched_visit(open_page, url: str, origin: str, *, width: int = 1280, without_refresh: bool = False,
                  expected_status: int = 200) -> list[str]:
    """Load `url` and return what the traffic watch saw, and a status other than expected."""
    page = open_page(width)
    with TrafficWatch(page, origin) as watch:
        response = load(page, url, without_refresh=without_refresh)
        watch.settle()
        problems = watch.problems()
    if response.status != expected_status:
        problems.append(f"the server answers {response.status}, not {expected_status}")
    return problems


# Both widths: a phone may be sent other images or styles than a desktop.
@pytest.mark.parametrize("width", [1280, 390])
def test_page_keeps_visitors_to_itself(site_page, width, site_url, open_page):
    problems = watched_visit(open_page, site_url + site_page.path, origin_of(site_url), width=width,
                             without_refresh=site_page.redirects, expected_status=site_page.expected_status)
    expect_no_problems(problems, f"{site_page.file} at {width} px: while loading in the browser")


@pytest.mark.parametrize("fixture, expected", [
    ("third-party-request.html", "image request to http://example.com/a.png"),
    ("sets-cookie.html", "cookie set: visitor"),
    ("console-error.html", "notDefinedAnywhere"),
])
def test_privacy_watch_reports_each_leak(fixture, expected, fixtures_url, open_page):
    problems = watched_visit(open_page, fixtures_url + fixture, origin_of(fixtures_url))
    assert any(expected in problem for problem in problems), problems


def test_privacy_watch_passes_the_good_page(fixtures_url, open_page):
    assert watched_visit(open_page, fixtures_url + "good.html", origin_of(fixtures_url)) == []
