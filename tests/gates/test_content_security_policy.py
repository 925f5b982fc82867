"""Gate: every page works under the strict Content-Security-Policy of site/_headers, with no violation."""

from __future__ import annotations

import pytest

from sitegen.outputs.headers import CONTENT_SECURITY_POLICY

from .browser_checks import strip_meta_refresh
from .verdict import expect_no_problems

pytestmark = pytest.mark.gates

# Collects violations as the browser reports them, from the very start of each document.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " blocked " + (event.blockedURI || "inline code")
                              + " (" + (event.sourceFile || "") + ":" + event.lineNumber + ")");
});
"""


@pytest.fixture(scope="module")
def enforcing_page(browser):
    """A tab whose every response carries the site's Content-Security-Policy header."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(RECORD_VIOLATIONS)

    def with_policy(route):
        response = route.fetch()
        headers = dict(response.headers, **{"content-security-policy": CONTENT_SECURITY_POLICY})
        if "text/html" in response.headers.get("content-type", ""):
            # The root page's refresh would leave before the check: look at the page itself.
            route.fulfill(response=response, headers=headers, body=strip_meta_refresh(response.text()))
        else:
            route.fulfill(response=response, headers=headers)

    context.route("**/*", with_policy)
    page = context.new_page()
    yield page
    context.close()


def violations(page, url: str) -> list[str]:
    console = []
    page.on("console", lambda message: console.append(message.text) if "Content Security Policy" in message.text
            else None)
    page.goto(url, wait_until="load")
    page.wait_for_timeout(50)
    return page.evaluate("window.__cspViolations") + console


def test_page_satisfies_the_content_security_policy(site_page, site_url, enforcing_page):
    problems = violations(enforcing_page, site_url + site_page.path)
    expect_no_problems(problems, f"{site_page.file} under the Content-Security-Policy")


def test_policy_check_reports_an_inline_script_and_style(fixtures_url, enforcing_page):
    problems = violations(enforcing_page, fixtures_url + "csp-inline.html")
    assert any("script-src" in problem for problem in problems), problems
    assert any("style-src" in problem for problem in problems), problems
