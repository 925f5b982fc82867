"""Gate: every page is valid HTML for the Nu HTML Checker."""

from __future__ import annotations

import pytest

from .conftest import GATE_FIXTURES
from .html_validator import validate_html
from .verdict import expect_no_problems

pytestmark = pytest.mark.gates


@pytest.fixture(scope="session")
def site_html_errors(built_site):
    """The checker's errors for the whole site: one Java start for all the pages."""
    return validate_html(sorted(built_site.folder.rglob("*.html")))


def test_page_is_valid_html(site_page, built_site, site_html_errors):
    errors = site_html_errors[(built_site.folder / site_page.file).resolve()]
    expect_no_problems([str(error) for error in errors], f"{site_page.file}: the Nu HTML Checker reports")


def test_validator_reports_invalid_html_and_passes_the_good_page():
    invalid, good = GATE_FIXTURES / "invalid.html", GATE_FIXTURES / "good.html"
    errors = validate_html([invalid, good])
    messages = [error.message for error in errors[invalid.resolve()]]
    assert any("“title”" in message for message in messages), messages
    assert any("“p” end tag" in message for message in messages), messages
    assert errors[good.resolve()] == []
