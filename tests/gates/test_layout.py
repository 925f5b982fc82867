"""Gate: no page scrolls sideways on a 320 px wide screen (WCAG 1.4.10 Reflow)."""

from __future__ import annotations

import pytest

from .browser_checks import horizontal_overflow, load
from .verdict import expect_no_problems

pytestmark = pytest.mark.gates

NARROWEST_SCREEN = 320


def test_page_fits_a_320_px_screen(site_page, site_url, open_page):
    page = open_page(NARROWEST_SCREEN)
    load(page, site_url + site_page.path, without_refresh=site_page.redirects)
    expect_no_problems(horizontal_overflow(page), f"{site_page.file} scrolls sideways at 320 px")


def test_overflow_check_reports_a_2000_px_element(fixtures_url, open_page):
    page = open_page(NARROWEST_SCREEN)
    load(page, fixtures_url + "overflow.html")
    problems = horizontal_overflow(page)
    assert problems and "div.too-wide" in " ".join(problems), problems


def test_overflow_check_passes_the_good_page(fixtures_url, open_page):
    page = open_page(NARROWEST_SCREEN)
    load(page, fixtures_url + "good.html")
    assert horizontal_overflow(page) == []
