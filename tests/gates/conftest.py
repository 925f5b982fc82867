"""The gates' shared setup: their tools installed, the real site built once, served on 127.0.0.1,
one headless Chromium.

The site is built while tests are collected, because the pages it has decide the tests' parameters.
The tools are installed before the first gate runs, so only a run that selects gates installs them."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .site_pages import PageFacts, read_site
from .site_server import serve_folder
from .tools import AXE_SCRIPT, ROOT, ensure_gate_tools, require_chromium, require_file, require_playwright

BUILD_DATE = "2012-11-26"
# Published below a path, as the README promises works, so links that forget the prefix break here.
PUBLISHED_BASE_URL = "https://example.org/driade/"
GATE_FIXTURES = ROOT / "tests" / "gate_fixtures"
SCREENSHOTS = ROOT / "screenshots"
CHROMIUM_ARGUMENTS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                      # Nothing but the local test servers resolves: a request elsewhere fails fast
                      # (and is still seen by the privacy gate).
                      "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]

# Which pages each page parameter stands for.
PAGE_PARAMETERS = {
    "site_page": lambda page: True,
    "page_with_navigation": lambda page: page.has_navigation,
    "translated_page": lambda page: bool(page.switcher_languages and page.alternates),
}


@dataclass
class SiteBuild:
    folder: Path
    pages: dict[str, PageFacts]
    error: str = ""


_site_build_key = pytest.StashKey[SiteBuild]()


def site_build(config: pytest.Config) -> SiteBuild:
    """The real site, built once per test session into a temporary folder."""
    if _site_build_key not in config.stash:
        folder = Path(tempfile.mkdtemp(prefix="gates-site-"))
        config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))
        output = folder / "site"
        completed = subprocess.run([sys.executable, str(ROOT / "build.py"), "--today", BUILD_DATE,
                                    "--base-url", PUBLISHED_BASE_URL, "--output", str(output)],
                                   cwd=ROOT, capture_output=True, text=True, timeout=300)
        if completed.returncode == 0:
            config.stash[_site_build_key] = SiteBuild(output, read_site(output))
        else:
            config.stash[_site_build_key] = SiteBuild(output, {}, f"the site did not build "
                                                      f"(exit {completed.returncode}):\n{completed.stderr}")
    return config.stash[_site_build_key]


def pytest_generate_tests(metafunc):
    for parameter, wanted in PAGE_PARAMETERS.items():
        if parameter in metafunc.fixturenames:
            build = site_build(metafunc.config)
            files = [file for file, page in build.pages.items() if wanted(page)]
            # A failed build still yields one test, which fails with the build's errors.
            metafunc.parametrize(parameter, files or ["site-did-not-build"], indirect=True)


def _page_facts(request) -> PageFacts:
    build = site_build(request.config)
    if build.error:
        raise RuntimeError(build.error)
    return build.pages[request.param]


@pytest.fixture
def site_page(request) -> PageFacts:
    """Each page of the built site."""
    return _page_facts(request)


@pytest.fixture
def page_with_navigation(request) -> PageFacts:
    """Each page with navigation blocks repeated across the site (so a skip link is due)."""
    return _page_facts(request)


@pytest.fixture
def translated_page(request) -> PageFacts:
    """Each page with a language switcher and declared translations."""
    return _page_facts(request)


@pytest.fixture(scope="session", autouse=True)
def gate_tools(request) -> None:
    """Chromium, Java, Node and the npm tools, installed by .ci/install-gate-tools where missing, so
    that the README's test command passes on a machine with nothing but Python. Fails, never skips."""
    ensure_gate_tools(request.config)


@pytest.fixture(scope="session")
def built_site(request) -> SiteBuild:
    build = site_build(request.config)
    if build.error:
        raise RuntimeError(build.error)
    return build


@pytest.fixture(scope="session")
def site_url(built_site):
    """The base URL the built site is served at, e.g. http://127.0.0.1:41234/driade/."""
    with serve_folder(built_site.folder, urlsplit(PUBLISHED_BASE_URL).path) as url:
        yield url


@pytest.fixture(scope="session")
def fixtures_url():
    """The base URL of tests/gate_fixtures/, served like the site."""
    with serve_folder(GATE_FIXTURES) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for the whole session."""
    chromium = require_chromium()
    playwright = require_playwright()().start()
    try:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGUMENTS)
    except Exception:
        playwright.stop()
        raise
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture(scope="session")
def browser_tabs(browser):
    """One tab per viewport width, kept for the session: a new browser context per test would
    start a new renderer process each time and make the gates several times slower."""
    tabs = {}
    yield tabs
    for tab in tabs.values():
        tab.context.close()


@pytest.fixture
def open_page(browser, browser_tabs):
    """The session's tab at a viewport width (opened anew if an earlier test broke it)."""

    def open_page(width: int):
        if width not in browser_tabs or browser_tabs[width].is_closed():
            context = browser.new_context(viewport={"width": width, "height": 900})
            browser_tabs[width] = context.new_page()
        return browser_tabs[width]

    return open_page


@pytest.fixture(scope="session")
def axe_source() -> str:
    return require_file("axe-core (npm package)", AXE_SCRIPT).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def screenshot_folder() -> Path:
    """screenshots/ at the repository root, emptied of the last run's pictures."""
    SCREENSHOTS.mkdir(exist_ok=True)
    for old in SCREENSHOTS.glob("*.png"):
        old.unlink()
    return SCREENSHOTS
