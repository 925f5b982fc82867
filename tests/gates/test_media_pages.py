"""Gates on pages with images, a document link, partner logos and funders (the fixture of
tests/test_media.py, images made by Pillow): valid HTML, no WCAG violation, and every image
loads from this site, at the size its width and height promise, without moving the page."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from .browser_checks import accessibility_violations, describe_violations, load
from .conftest import BUILD_DATE
from .html_validator import validate_html
from .site_server import serve_folder
from .tools import ROOT
from .verdict import expect_no_problems

pytestmark = pytest.mark.gates

PAGES = ["it/progetto/index.html", "en/about/index.html", "it/partner/index.html", "en/partners/index.html",
         "it/eventi/giornata-milano/index.html"]
BASE_PATH = "/prova/"


@pytest.fixture(scope="module")
def media_site():
    sys.path.insert(0, str(ROOT / "tests"))
    from test_media import make_media_site

    with tempfile.TemporaryDirectory(prefix="gates-media-") as folder:
        content = make_media_site(Path(folder) / "content")
        output = Path(folder) / "site"
        completed = subprocess.run([sys.executable, str(ROOT / "build.py"), "--content", str(content),
                                    "--output", str(output), "--today", BUILD_DATE, "--no-cache",
                                    "--base-url", "https://example.org" + BASE_PATH],
                                   cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert completed.returncode == 0, completed.stderr
        yield output


@pytest.fixture(scope="module")
def media_url(media_site):
    with serve_folder(media_site, BASE_PATH) as url:
        yield url


def test_pages_with_images_are_valid_html(media_site):
    errors = validate_html([media_site / page for page in PAGES])
    expect_no_problems([f"{path.name}: {error}" for path, found in errors.items() for error in found],
                       "the Nu HTML Checker reports")


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("path", PAGES)
def test_pages_with_images_have_no_accessibility_violations(path, width, media_url, open_page, axe_source):
    page = open_page(width)
    load(page, media_url + path.removesuffix("index.html"))
    expect_no_problems(describe_violations(accessibility_violations(page, axe_source)).splitlines(),
                       f"{path} at {width} px: axe-core reports WCAG violations")


IMAGE_FACTS = """async () => {
  window.scrollTo(0, document.body.scrollHeight);  // lazy images load
  await new Promise(resolve => setTimeout(resolve, 300));
  await Promise.all([...document.images].map(image => image.decode().catch(() => null)));
  const shifts = performance.getEntriesByType('layout-shift').reduce((sum, entry) => sum + entry.value, 0);
  return {shifts, images: [...document.images].map(image => ({
    src: image.currentSrc, natural: [image.naturalWidth, image.naturalHeight],
    declared: [Number(image.getAttribute('width')), Number(image.getAttribute('height'))],
    drawn: [image.getBoundingClientRect().width, image.getBoundingClientRect().height],
    alt: image.getAttribute('alt')}))};
}"""


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("path", PAGES)
def test_every_image_loads_here_at_the_proportions_it_declares(path, width, media_url, open_page):
    page = open_page(width)
    load(page, media_url + path.removesuffix("index.html"))
    facts = page.evaluate(IMAGE_FACTS)
    problems = []
    for image in facts["images"]:
        (natural_w, natural_h), (declared_w, declared_h), (drawn_w, drawn_h) = (
            image["natural"], image["declared"], image["drawn"])
        where = image["src"] or "an image"
        if not image["src"].startswith(media_url.split(BASE_PATH)[0] + BASE_PATH):
            problems.append(f"{where}: not loaded from this site")
        if not natural_w or not declared_w or not declared_h or image["alt"] is None:
            problems.append(f"{where}: did not load, or lacks width, height or alt")
            continue
        # Within a pixel: a browser rounds the natural size of a srcset candidate scaled to `sizes`.
        for (w, h), what in (((natural_w, natural_h), "file"), ((drawn_w, drawn_h), "drawn box")):
            if abs(h - w * declared_h / declared_w) > 1:
                problems.append(f"{where}: the {what} is {w}×{h}, width/height say {declared_w}×{declared_h}")
    if not facts["images"]:
        problems.append("the page shows no image")
    if facts["shifts"] > 0.01:
        problems.append(f"the layout shifted by {facts['shifts']:.3f} while images loaded")
    expect_no_problems(problems, f"{path} at {width} px")
