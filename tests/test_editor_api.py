"""The editor's API against a running preview: every save is the build's verdict first, a file
changed on disk is never overwritten, and pages come and go with their translations, as drafts,
into a trash the build does not see."""

from __future__ import annotations

import pytest
from conftest import run_build, snapshot
from editor_server import start_editor, stop_editor


@pytest.fixture
def editor(real_content):
    server = start_editor(real_content)
    yield server
    stop_editor(server)


def opened(editor, path):
    answer = editor.api("open", {"path": path})
    assert answer.status == 200, answer.body
    return answer.json()


def save(editor, document, **values):
    payload = {"path": document["path"], "hash": document["hash"], "values": {**document["values"], **values}}
    if "body" in document:
        payload["body"] = document["body"]
    return editor.api("save", payload)


def test_the_form_is_the_schema_with_its_italian_help(editor):
    document = opened(editor, "news/it/comunicato-stampa.md")
    fields = {field["name"]: field for field in document["schema"]}
    assert fields["title"]["required"] and fields["title"]["help"] == "Titolo della notizia."
    assert fields["date"]["type"]["kind"] == "date" and not fields["date"]["required"]
    calendar = opened(editor, "calendar.yml")
    events = next(field for field in calendar["schema"] if field["name"] == "events")
    event = events["type"]["inner"]["fields"]
    kinds = {field["name"]: field["type"]["kind"] for field in event}
    assert kinds["title"] == "translated" and kinds["time"] == "time" and kinds["status"] == "choice"
    assert kinds["kind"] == "ref"  # the kinds calendar.yml declares
    organizers = next(field for field in event if field["name"] == "organizers")["type"]
    assert organizers == {"kind": "list", "expected": "", "inner": organizers["inner"], "min_items": 0}
    assert organizers["inner"]["ref"] == "partner"
    partners = editor.api("list", {}).json()["references"]["partner"]
    assert {"id": "probrixia", "label": "PRO BRIXIA (probrixia)"} in partners


def test_a_problem_is_reported_at_its_field_in_the_build_words_and_nothing_is_written(editor):
    before = snapshot(editor.content)
    answer = save(editor, opened(editor, "pages/it/progetto.md"), menu="due")
    assert answer.status == 422
    assert answer.json()["problems"] == [{"path": "pages/it/progetto.md", "field": "menu", "problem": "riga 5: 'menu' must be a whole number, "
                                          "got \"due\" — write digits only, without dots or spaces, for example 1000"}]
    assert snapshot(editor.content) == before


def test_a_required_field_emptied_is_reported_at_that_field(editor):
    calendar = opened(editor, "calendar.yml")
    calendar["values"]["events"][2]["summary"] = None
    answer = editor.api("save", {"path": "calendar.yml", "hash": calendar["hash"], "values": calendar["values"]})
    assert answer.status == 422
    assert [problem["field"] for problem in answer.json()["problems"]] == ["events/2/summary"]


def test_a_bad_link_in_the_body_is_reported_at_the_body(editor):
    document = opened(editor, "pages/en/progetto.md")
    document["body"] += "\n[click](javascript:alert(1))\n"
    answer = save(editor, document)
    assert answer.status == 422
    problem = answer.json()["problems"][0]
    assert problem["field"] == "body" and "is not allowed" in problem["problem"]


def test_a_change_that_breaks_another_file_is_refused(editor):
    partners = opened(editor, "partners.yml")
    partners["values"]["partners"][0]["id"] = "regione"  # project.yml names regione-lombardia
    answer = editor.api("save", {"path": "partners.yml", "hash": partners["hash"], "values": partners["values"]})
    assert answer.status == 422
    assert any("unknown partner 'regione-lombardia'" in problem for problem in answer.json()["elsewhere"])


def test_a_save_over_a_file_changed_on_disk_is_refused_with_both_versions(editor):
    document = opened(editor, "settings.yml")
    path = editor.content / "settings.yml"
    path.write_text(path.read_text() + "# a note added by hand\n")
    answer = save(editor, document, base_url="https://example.org/")
    assert answer.status == 409
    conflict = answer.json()["conflict"]
    assert conflict["disk"].endswith("# a note added by hand\n") and "https://example.org/" in conflict["yours"]
    assert path.read_text().endswith("# a note added by hand\n")


def test_a_saved_file_builds(editor, tmp_path):
    document = opened(editor, "project.yml")
    answer = save(editor, document, tagline={"it": "Una frase nuova", "en": "A new sentence"})
    assert answer.status == 200 and answer.json()["changed"]
    assert answer.json()["hash"] == opened(editor, "project.yml")["hash"]
    result = run_build("--content", str(editor.content), "--output", str(tmp_path / "site"), "--today", "2012-11-26")
    assert result.code == 0, result.err
    assert "Una frase nuova" in (tmp_path / "site/it/index.html").read_text()


def test_a_new_page_is_a_draft_in_both_languages(editor):
    answer = editor.api("create", {"folder": "pages", "key": "bandi", "texts": {
        "title": {"it": "Bandi: scadenze", "en": "Calls"}, "description": {"it": "", "en": "Open calls."}}})
    assert answer.status == 200, answer.body
    assert (editor.content / "pages/it/bandi.md").read_text() == '---\ntitle: "Bandi: scadenze"\ndraft: true\n---\n\n'
    assert (editor.content / "pages/en/bandi.md").read_text() == "---\ntitle: Calls\ndescription: Open calls.\ndraft: true\n---\n\n"
    again = editor.api("create", {"folder": "pages", "key": "bandi", "texts": {"title": {"it": "x", "en": "y"}}})
    assert again.status == 422 and "esiste già" in again.json()["error"]


def test_a_new_item_without_its_required_fields_is_not_created(editor):
    answer = editor.api("create", {"folder": "news", "key": "vuota", "texts": {"title": {"it": "Solo titolo"}}})
    assert answer.status == 422
    assert "the required field 'summary' is missing" in answer.json()["error"]
    assert not (editor.content / "news/it/vuota.md").exists()


def test_rename_moves_both_languages_and_is_undone_when_another_file_names_the_page(editor):
    answer = editor.api("rename", {"folder": "pages", "key": "privacy", "new_key": "riservatezza"})
    assert answer.status == 200, answer.body
    assert (editor.content / "pages/it/riservatezza.md").is_file() and (editor.content / "pages/en/riservatezza.md").is_file()
    with (editor.content / "project.yml").open("a") as project:
        project.write("  page: aderire\n")  # a Ref("page") to it
    before = snapshot(editor.content)
    answer = editor.api("rename", {"folder": "pages", "key": "aderire", "new_key": "adesioni"})
    assert answer.status == 422 and "aderire" in answer.json()["error"]
    assert snapshot(editor.content) == before


def test_delete_needs_confirmation_and_keeps_the_files_in_a_trash_the_build_ignores(editor, tmp_path):
    before = snapshot(editor.content)
    assert editor.api("delete", {"folder": "pages", "key": "privacy"}).status == 400
    assert snapshot(editor.content) == before
    answer = editor.api("delete", {"folder": "pages", "key": "privacy", "confirm": True})
    assert answer.status == 200, answer.body
    trash = editor.content / answer.json()["trash"]
    assert (trash / "pages/it/privacy.md").read_bytes() == before["pages/it/privacy.md"]
    assert (trash / "pages/en/privacy.md").read_bytes() == before["pages/en/privacy.md"]
    result = run_build("--content", str(editor.content), "--output", str(tmp_path / "site"), "--today", "2012-11-26")
    assert result.code == 0, result.err
    assert not (tmp_path / "site/it/privacy").exists()


def test_deleting_a_page_another_page_links_to_is_undone(editor):
    home = editor.content / "pages/it/index.md"
    home.write_text(home.read_text() + "\n[Privacy](/it/privacy/)\n")
    before = snapshot(editor.content)
    answer = editor.api("delete", {"folder": "pages", "key": "privacy", "confirm": True})
    assert answer.status == 422 and "/it/privacy/" in answer.json()["error"]
    assert {path: data for path, data in snapshot(editor.content).items() if not path.startswith(".trash")} == before


def test_a_form_sent_back_unchanged_changes_nothing(editor):
    for path in ("pages/it/contatti.md", "news/en/comunicato-stampa.md", "calendar.yml", "settings.yml"):
        before = (editor.content / path).read_bytes()
        answer = save(editor, opened(editor, path))
        assert answer.status == 200 and not answer.json()["changed"], (path, answer.body)
        assert (editor.content / path).read_bytes() == before


def test_a_page_and_its_translation_are_published_together_in_one_save(editor):
    for lang in ("it", "en"):
        path = editor.content / f"news/{lang}/comunicato-stampa.md"
        path.write_text(path.read_text().replace("---\n", "---\ndraft: true\n", 1))
    italian, english = opened(editor, "news/it/comunicato-stampa.md"), opened(editor, "news/en/comunicato-stampa.md")
    files = [{"path": document["path"], "hash": document["hash"], "body": document["body"],
              "values": {**document["values"], "draft": False}} for document in (italian, english)]
    answer = editor.api("save", {"files": files})
    assert answer.status == 200, answer.body
    assert [file["changed"] for file in answer.json()["files"]] == [True, True]
    for lang in ("it", "en"):
        assert "draft: false\n" in (editor.content / f"news/{lang}/comunicato-stampa.md").read_text()


def test_a_save_of_two_files_writes_neither_when_one_has_a_problem(editor):
    before = snapshot(editor.content)
    italian, english = opened(editor, "pages/it/progetto.md"), opened(editor, "pages/en/progetto.md")
    files = [{"path": italian["path"], "hash": italian["hash"], "values": {**italian["values"], "title": "Nuovo"}},
             {"path": english["path"], "hash": english["hash"], "values": {**english["values"], "menu": 0}}]
    answer = editor.api("save", {"files": files})
    assert answer.status == 422
    assert [(problem["path"], problem["field"]) for problem in answer.json()["problems"]] == [("pages/en/progetto.md", "menu")]
    assert snapshot(editor.content) == before


def test_the_scan_of_the_sources_does_not_read_the_trash(real_content):
    from sitegen.load.files import Sources
    from sitegen.editor.storage import move_aside

    move_aside(real_content, [real_content / "pages/it/privacy.md"])
    assert (real_content / ".trash").is_dir()
    scanned = Sources.scan(real_content).files
    assert scanned and not [path for path in scanned if "/.trash/" in path or path.endswith("privacy.md") and "/it/" in path]


def test_an_optional_group_left_empty_in_the_form_writes_nothing(editor):
    calendar = editor.content / "calendar.yml"
    before = calendar.read_bytes()
    document = opened(editor, "calendar.yml")
    events = document["values"]["events"]
    events[0] = {**events[0], "image": {"file": "", "alt": {"it": "", "en": ""}}}  # the photo's inputs, untouched
    answer = save(editor, document, events=events)
    assert answer.status == 200, answer.body
    assert calendar.read_bytes() == before


def test_one_language_may_be_published_while_its_translation_stays_a_draft(editor):
    english = editor.content / "news/en/comunicato-stampa.md"
    english.write_text(english.read_text().replace("---\n", "---\ndraft: true\n", 1))
    answer = save(editor, opened(editor, "news/it/comunicato-stampa.md"), title="Comunicato aggiornato")
    assert answer.status == 200, answer.body  # translations may lag: the English page is simply not built yet
