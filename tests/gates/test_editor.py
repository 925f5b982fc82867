"""The staff editor in headless Chromium, used as staff use it: edit, save, see the preview; a bad
value shown at its field with nothing written; a save over an edit made on disk refused; ten saves
that keep every comment; and axe-core on the editor's own pages, on a desktop and a phone."""

from __future__ import annotations

import difflib
import time
import urllib.request

import pytest
from editor_server import start_editor, stop_editor

from .browser_checks import accessibility_violations, describe_violations
from .verdict import expect_no_problems

pytestmark = pytest.mark.gates
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201e2d4a0c80000000049454e44ae426082")


@pytest.fixture
def editor(real_content):
    server = start_editor(real_content)
    yield server
    stop_editor(server)


@pytest.fixture
def tab(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    yield page
    context.close()
    # A save the build refuses answers 409/422, which the browser also logs: those are expected.
    assert [error for error in errors if "status of 409" not in error and "status of 422" not in error] == []


def open_editor(tab, editor, route: str = ""):
    tab.goto(f"{editor.origin}/_editor/{route}")
    tab.wait_for_selector("#app > *")


def wait_for_status(tab, words: str):
    tab.wait_for_function("words => document.getElementById('status').textContent.includes(words)", arg=words)


def preview_text(editor, path: str) -> str:
    with urllib.request.urlopen(editor.origin + path, timeout=10) as response:
        return response.read().decode()


def wait_for_preview(editor, path: str, expected: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while expected not in preview_text(editor, path):
        if time.monotonic() > deadline:
            raise AssertionError(f"{path} never showed {expected!r}")
        time.sleep(0.1)


def test_a_title_changed_in_both_languages_is_saved_and_shown_by_the_preview(editor, tab):
    open_editor(tab, editor, "#/doc/pages/progetto")
    tab.fill("#f-it-title", "Il progetto DRIADE/DAFNE")
    tab.fill("#f-en-title", "The DRIADE/DAFNE project")
    tab.get_by_role("button", name="Salva entrambe le lingue").click()
    wait_for_status(tab, "pages/en/progetto.md")  # both saved, one after the other
    assert "title: Il progetto DRIADE/DAFNE\n" in (editor.content / "pages/it/progetto.md").read_text()
    assert "title: The DRIADE/DAFNE project\n" in (editor.content / "pages/en/progetto.md").read_text()
    wait_for_preview(editor, "/it/progetto/", "<h1>Il progetto DRIADE/DAFNE</h1>")
    wait_for_preview(editor, "/en/project/", "<h1>The DRIADE/DAFNE project</h1>")


def test_the_live_preview_shows_the_unsaved_text_rendered_with_the_site_templates(editor, tab):
    open_editor(tab, editor, "#/doc/pages/progetto")
    tab.fill("#body-it", "## Un titolo nuovo\n\nTesto **in prova**.\n")
    frame = tab.frame_locator("iframe.preview")
    frame.locator("h2", has_text="Un titolo nuovo").wait_for()
    assert frame.locator("strong", has_text="in prova").count() == 1
    assert frame.locator("nav").count() >= 1  # the site's own frame around the text
    assert "Un titolo nuovo" not in (editor.content / "pages/it/progetto.md").read_text()


def test_a_bad_date_shows_the_build_message_at_its_field_and_the_file_is_unchanged(editor, tab):
    calendar = editor.content / "calendar.yml"
    before = calendar.read_bytes()
    open_editor(tab, editor, "#/data/calendar.yml")
    tab.locator("details.record", has=tab.locator("#f-data-events-0-start")).locator("summary").click()
    tab.fill("#f-data-events-0-start", "2012-10-05")
    tab.fill("#f-data-events-0-end", "2012-10-01")
    tab.get_by_role("button", name="Salva").click()
    error = tab.locator('[data-error-for="data:events/0/end"]')
    error.wait_for()
    assert "'end' (2012-10-01) is before 'start' (2012-10-05)" in error.text_content()
    assert tab.get_attribute("#f-data-events-0-end", "aria-invalid") == "true"
    assert calendar.read_bytes() == before


def test_a_save_after_an_edit_on_disk_is_refused_and_both_versions_are_shown(editor, tab):
    page = editor.content / "pages/it/contatti.md"
    open_editor(tab, editor, "#/doc/pages/contatti")
    page.write_text(page.read_text().replace("title: ", "title: Modificato sul disco - ", 1))
    on_disk = page.read_bytes()
    tab.fill("#f-it-title", "Cambiato nel browser")
    tab.get_by_role("button", name="Salva entrambe le lingue").click()
    tab.locator(".conflict").wait_for()
    assert "Modificato sul disco" in tab.locator(".conflict pre.disk").text_content()
    assert "Cambiato nel browser" in tab.locator(".conflict pre.yours").text_content()
    assert page.read_bytes() == on_disk


def test_a_news_item_created_with_an_image_and_alt_texts_stays_a_draft(editor, tab, tmp_path):
    open_editor(tab, editor)
    tab.select_option("#new-folder", "news")
    tab.fill("#new-key", "nuova-notizia")
    tab.fill("#new-title-it", "Una notizia di prova")
    tab.fill("#new-title-en", "A test news item")
    tab.fill("#new-summary-it", "Il riassunto della notizia.")
    tab.fill("#new-summary-en", "The summary of the news item.")
    tab.get_by_role("button", name="Crea come bozza").click()
    tab.wait_for_selector("#body-it")
    image = tmp_path / "Foto Evento.png"
    image.write_bytes(PNG)
    tab.locator(".lang-column[lang=it]").get_by_role("button", name="Immagine o documento").click()
    dialog = tab.locator("dialog")
    dialog.locator("input[type=file]").set_input_files(str(image))
    dialog.get_by_label("Testo alternativo (italiano)").fill("La sala della presentazione")
    dialog.get_by_label("Testo alternativo (inglese)").fill("The presentation room")
    dialog.get_by_role("button", name="Inserisci").click()
    tab.get_by_role("button", name="Salva entrambe le lingue").click()
    wait_for_status(tab, "news/en/nuova-notizia.md")
    assert (editor.content / "files/foto-evento.png").read_bytes() == PNG
    italian = (editor.content / "news/it/nuova-notizia.md").read_text()
    english = (editor.content / "news/en/nuova-notizia.md").read_text()
    assert "![La sala della presentazione](foto-evento.png)" in italian
    assert "![The presentation room](foto-evento.png)" in english
    assert "draft: true" in italian and "draft: true" in english


def test_a_deleted_page_asks_first_and_is_moved_aside(editor, tab):
    open_editor(tab, editor)
    tab.get_by_role("button", name="Elimina privacy").click()
    tab.locator("dialog").get_by_role("button", name="Annulla").click()
    assert (editor.content / "pages/it/privacy.md").is_file()
    tab.get_by_role("button", name="Elimina privacy").click()
    tab.locator("dialog").get_by_role("button", name="Elimina").click()
    wait_for_status(tab, "Spostato in")
    assert not (editor.content / "pages/it/privacy.md").exists()
    kept = sorted(path.relative_to(editor.content).as_posix() for path in (editor.content / ".trash").rglob("*.md"))
    assert [path.split("/", 2)[2] for path in kept] == ["pages/en/privacy.md", "pages/it/privacy.md"]


def test_comments_survive_ten_saves_and_the_diff_touches_only_the_edited_line(editor, tab):
    partners = editor.content / "partners.yml"
    original = partners.read_text()
    open_editor(tab, editor, "#/data/partners.yml")
    tab.locator("details.record", has=tab.locator("#f-data-partners-1-city")).locator("summary").click()
    for number in range(10):
        tab.fill("#f-data-partners-1-city", f"Brescia {number}")
        tab.get_by_role("button", name="Salva").click()
        wait_for_status(tab, "Salvato: partners.yml")
        tab.evaluate("document.getElementById('status').textContent = ''")
    after = partners.read_text()
    changed = [line for line in difflib.unified_diff(original.splitlines(), after.splitlines(), lineterm="", n=0)
               if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert changed == ["-    city: Brescia", "+    city: Brescia 9"]
    assert [line for line in original.splitlines() if "#" in line] == [line for line in after.splitlines() if "#" in line]


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("route", ["", "?lang=en", "#/doc/pages/progetto", "#/data/calendar.yml", "#/data/settings.yml"])
def test_the_editor_pages_have_no_accessibility_violations_and_fit_the_screen(editor, browser, axe_source, route, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{editor.origin}/_editor/{route}")
        page.wait_for_selector("#app > *")
        page.wait_for_timeout(300)
        for details in page.locator("details").all()[:2]:
            details.locator("summary").click()
        violations = accessibility_violations(page, axe_source)
        expect_no_problems(describe_violations(violations).splitlines(), f"/_editor/{route} at {width} px")
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= width, f"/_editor/{route} is {overflow} px wide at {width} px"
    finally:
        context.close()


def test_the_editor_can_be_used_from_the_keyboard(editor, tab):
    open_editor(tab, editor)
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.className") == "skip"
    tab.locator("a[href='#/doc/pages/progetto']").focus()
    tab.keyboard.press("Enter")
    tab.wait_for_selector("#f-it-title")
    tab.focus("#body-it")
    tab.keyboard.press("Control+End")
    tab.keyboard.press("Control+b")
    assert tab.input_value("#body-it").endswith("**Grassetto**")


@pytest.mark.parametrize("route, files", [
    ("#/doc/pages/contatti", ["pages/it/contatti.md", "pages/en/contatti.md"]),
    ("#/doc/news/comunicato-stampa", ["news/it/comunicato-stampa.md", "news/en/comunicato-stampa.md"]),
    ("#/data/calendar.yml", ["calendar.yml"]), ("#/data/partners.yml", ["partners.yml"]),
    ("#/data/settings.yml", ["settings.yml"]), ("#/data/statistics.yml", ["statistics.yml"]),
    ("#/data/project.yml", ["project.yml"]),
])
def test_saving_a_form_nobody_changed_changes_no_byte(editor, tab, route, files):
    before = {name: (editor.content / name).read_bytes() for name in files}
    open_editor(tab, editor, route)
    tab.get_by_role("button", name="Salva").first.click()
    wait_for_status(tab, "Nessuna modifica")
    assert {name: (editor.content / name).read_bytes() for name in files} == before


def test_the_editor_pages_as_drawn_are_valid_html(editor, tab, tmp_path):
    from .html_validator import validate_html

    files = []
    for name, route in (("home", ""), ("english", "?lang=en"), ("document", "#/doc/news/comunicato-stampa"),
                        ("calendar", "#/data/calendar.yml"), ("settings", "#/data/settings.yml")):
        open_editor(tab, editor, route)
        tab.wait_for_timeout(300)
        files.append(tmp_path / f"{name}.html")
        files[-1].write_text(tab.content())  # the page as the script drew it
    errors = validate_html(files)
    expect_no_problems([f"{file.name}: {error}" for file, found in errors.items() for error in found],
                       "the editor's pages are not valid HTML")
