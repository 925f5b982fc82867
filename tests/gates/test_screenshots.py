"""Full-page screenshots of every page on a phone and a desktop, in screenshots/, to look at."""

from __future__ import annotations

import pytest

from .browser_checks import load

pytestmark = pytest.mark.gates


def screenshot_name(file: str, width: int) -> str:
    """it/attivita/index.html at 390 px → it-attivita-390.png; index.html → index-390.png."""
    stem = file.removesuffix(".html").removesuffix("/index") if file != "index.html" else "index"
    return f"{stem.replace('/', '-')}-{width}.png"


@pytest.mark.parametrize("width", [390, 1280])
def test_screenshot(site_page, width, site_url, open_page, screenshot_folder):
    page = open_page(width)
    load(page, site_url + site_page.path, without_refresh=site_page.redirects)
    target = screenshot_folder / screenshot_name(site_page.file, width)
    page.screenshot(path=target, full_page=True)
    assert target.stat().st_size > 0
