"""Gate: the site works from the keyboard — skip link first and working, focus always visible,
and the language switcher leads to the page's translation."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest

from .browser_checks import invisible_focus, language_switch_problems, load, skip_link_problems
from .conftest import PUBLISHED_BASE_URL
from .verdict import expect_no_problems

pytestmark = pytest.mark.gates


def test_skip_link_comes_first_and_leads_to_main(page_with_navigation, site_url, open_page):
    page = open_page(1280)
    load(page, site_url + page_with_navigation.path)
    expect_no_problems(skip_link_problems(page), f"{page_with_navigation.file}: skip link")


def test_focus_is_visible_on_every_focusable_element(site_page, site_url, open_page):
    page = open_page(1280)
    load(page, site_url + site_page.path, without_refresh=site_page.redirects)
    expect_no_problems(invisible_focus(page), f"{site_page.file}: focus not visible")


def test_language_switcher_opens_the_translation(translated_page, site_url, open_page):
    page = open_page(1280)
    problems = []
    for hreflang in translated_page.switcher_languages:
        load(page, site_url + translated_page.path)
        published = translated_page.alternates.get(hreflang, "")
        if not published.startswith(PUBLISHED_BASE_URL):
            problems.append(f'no <link rel="alternate" hreflang="{hreflang}"> within the site: "{published}"')
            continue
        expected = site_url + published.removeprefix(PUBLISHED_BASE_URL)
        problems += language_switch_problems(page, hreflang, expected)
    expect_no_problems(problems, f"{translated_page.file}: language switcher")


@pytest.mark.parametrize("fixture, expected", [
    ("no-skip-link.html", "not a.skip-link"),
    ("skip-link-to-nowhere.html", "not '#main'"),
    ("invisible-focus.html", "no outline or box shadow"),
])
def test_skip_link_check_reports_each_defect(fixture, expected, fixtures_url, open_page):
    page = open_page(1280)
    load(page, fixtures_url + fixture)
    problems = skip_link_problems(page)
    assert any(expected in problem for problem in problems), problems


def test_focus_check_reports_elements_without_a_visible_focus(fixtures_url, open_page):
    page = open_page(1280)
    load(page, fixtures_url + "invisible-focus.html")
    problems = invisible_focus(page)
    assert len(problems) == 3 and "a.skip-link" in problems[0], problems


def test_language_switch_check_reports_a_link_to_the_wrong_page(fixtures_url, open_page):
    page = open_page(1280)
    load(page, fixtures_url + "wrong-language-switch.html")
    problems = language_switch_problems(page, "en", urljoin(fixtures_url, "good-en.html"))
    assert len(problems) == 2 and "good.html" in problems[0] and 'lang="it"' in problems[1], problems


def test_keyboard_checks_pass_the_good_page(fixtures_url, open_page):
    page = open_page(1280)
    load(page, fixtures_url + "good.html")
    assert skip_link_problems(page) == []
    load(page, fixtures_url + "good.html")
    assert invisible_focus(page) == []
    load(page, fixtures_url + "good.html")
    assert language_switch_problems(page, "en", urljoin(fixtures_url, "good-en.html")) == []
