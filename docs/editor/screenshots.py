"""Take the staff guide's pictures of the editor (content/LEGGIMI.md links to them):
`python3 docs/editor/screenshots.py`. The editor runs on a copy of content/, so nothing is changed."""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]
from editor_server import start_editor, stop_editor  # noqa: E402

ARGUMENTS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
HERE = Path(__file__).resolve().parent


def main() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        content = Path(folder) / "content"
        shutil.copytree(ROOT / "content", content)
        server = start_editor(content)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGUMENTS)
                take(browser.new_page(viewport={"width": 1280, "height": 800}, locale="it-IT"), server, content)
                browser.close()
        finally:
            stop_editor(server)


def take(tab, server, content: Path) -> None:
    tab.goto(f"{server.origin}/_editor/")
    tab.wait_for_selector("#app > *")
    tab.screenshot(path=HERE / "elenco.png")
    tab.goto(f"{server.origin}/_editor/#/doc/pages/progetto")
    tab.wait_for_selector("#body-it")
    tab.frame_locator("iframe.preview").locator("h1").wait_for()
    tab.evaluate("window.scrollTo(0, 0)")
    tab.screenshot(path=HERE / "pagina.png")
    tab.locator("#body-it").scroll_into_view_if_needed()
    tab.screenshot(path=HERE / "testo.png")
    tab.evaluate("document.getElementById('h-preview').scrollIntoView()")
    tab.screenshot(path=HERE / "anteprima.png")
    tab.goto(f"{server.origin}/_editor/#/data/calendar.yml")
    tab.wait_for_selector("details.record")
    tab.locator("details.record").first.locator("summary").click()
    tab.fill("#f-data-events-0-start", "2012-10-05")
    tab.fill("#f-data-events-0-end", "2012-10-01")
    tab.get_by_role("button", name="Salva").click()
    tab.locator('[data-error-for="data:events/0/end"]').wait_for()
    tab.locator("#f-data-events-0-start").scroll_into_view_if_needed()
    tab.screenshot(path=HERE / "errore.png")
    tab.goto(f"{server.origin}/_editor/#/doc/pages/contatti")
    tab.wait_for_selector("#f-it-title")
    page = content / "pages/it/contatti.md"
    page.write_text(page.read_text().replace("title: ", "title: (cambiato da un collega) ", 1))
    tab.fill("#f-it-title", "Contatti e recapiti")
    tab.get_by_role("button", name="Salva entrambe le lingue").click()
    tab.locator(".conflict").wait_for()
    tab.locator(".conflict").scroll_into_view_if_needed()
    tab.screenshot(path=HERE / "conflitto.png")


if __name__ == "__main__":
    main()
