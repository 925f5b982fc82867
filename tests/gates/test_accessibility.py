"""Gate: axe-core finds no WCAG 2.1 A/AA violation on any page, on a desktop and a phone."""

from __future__ import annotations

import pytest

from .browser_checks import accessibility_violations, describe_violations, load
from .verdict import expect_no_problems

pytestmark = pytest.mark.gates


@pytest.mark.parametrize("width", [1280, 390])
def test_page_has_no_accessibility_violations(site_page, width, site_url, open_page, axe_source):
    page = open_page(width)
    load(page, site_url + site_page.path, without_refresh=site_page.redirects)
    violations = accessibility_violations(page, axe_source)
    expect_no_problems(describe_violations(violations).splitlines(),
                       f"{site_page.file} at {width} px: axe-core reports WCAG violations")


def test_axe_reports_an_image_without_alt_even_under_a_strict_csp(fixtures_url, open_page, axe_source):
    page = open_page(1280)
    load(page, fixtures_url + "image-without-alt.html")
    assert "image-alt" in [violation["id"] for violation in accessibility_violations(page, axe_source)]


def test_axe_passes_the_good_page(fixtures_url, open_page, axe_source):
    page = open_page(1280)
    load(page, fixtures_url + "good.html")
    assert accessibility_violations(page, axe_source) == []
