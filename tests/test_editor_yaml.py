"""The editor's YAML edits: ruamel.yaml reads what the build reads, and a save changes only
the lines it edits — comments, order and quoting survive, even after ten saves."""

from __future__ import annotations

import difflib
import datetime as dt

import pytest
from conftest import ROOT
from hypothesis import given, settings, strategies as st

from sitegen.editor.documents import split_document
from sitegen.editor.forms import values_from_form
from sitegen.editor.yamledit import NotEditable, apply, load_tree, plain
from sitegen.load.text import read_document
from sitegen.load.yamlsafe import parse_yaml
from sitegen.schema.types import DATA_FILES, NEWS, PAGE

DATA = sorted((ROOT / "content").glob("*.yml")) + sorted((ROOT / "tests/fixtures/basic/content").glob("*.yml"))
DOCUMENTS = sorted((ROOT / "content").glob("*/*/*.md")) + sorted((ROOT / "tests/fixtures/basic/content").glob("*/*/*.md"))


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


@pytest.mark.parametrize("path", DATA, ids=lambda path: str(path.relative_to(ROOT)))
def test_ruamel_and_the_strict_loader_read_the_same_values_from_every_data_file(path):
    text = path.read_text()
    tree = load_tree(text)  # refuses a file whose values would differ: this checks it does not
    assert plain(tree.data) == plain(parse_yaml(text, "x"))
    assert tree.dump() == text


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda path: str(path.relative_to(ROOT)))
def test_ruamel_and_the_strict_loader_read_the_same_front_matter(path):
    document = split_document(path.read_text())
    assert document.text == path.read_text()
    assert plain(document.tree().data) == plain(read_document(path.read_bytes(), "x").meta)


TRICKY = ["a: 14:30", "a: '14:30'", "a: 2012-10-05", "a: '2012-10-05'", "a: 1_000", "a: 0x1F", "a: 1.5e3",
          "a: ~", "a: null", "a: true", "a: 'yes'", "a: [x, 'y', \"z\"]", "a: 'it''s'", "a: |\n  x\n  y\n",
          "a: >-\n  x\n  y\n", "a: 12", "a: -3.25"]


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_values_are_read_alike_or_the_file_is_not_edited(text):
    try:
        tree = load_tree(text + "\n" if not text.endswith("\n") else text)
    except NotEditable:
        return  # never edited in the browser, so never misread
    assert plain(tree.data) == plain(parse_yaml(text, "x"))


@pytest.mark.parametrize("text", ["a: yes\n", "a: on\n", "a: 010\n"])
def test_values_yaml_versions_read_differently_make_the_file_not_editable(text):
    with pytest.raises(NotEditable):
        load_tree(text)


def test_comments_survive_ten_saves_and_each_diff_touches_only_the_edited_line():
    original = (ROOT / "content/calendar.yml").read_text()
    text = original
    for number in range(10):
        tree = load_tree(text)
        values = plain(tree.data)
        values["events"][number % 3]["title"]["en"] = f"Title number {number}"
        new = apply(tree, values_from_form(DATA_FILES["calendar.yml"], values))
        changed = changed_lines(text, new)
        assert len(changed) == 2 and changed[1] == f"+      en: Title number {number}", changed
        text = new
    kept = [line for line in original.splitlines() if line.lstrip().startswith("#")]
    assert kept and all(line in text.splitlines() for line in kept)
    assert len(changed_lines(original, text)) == 6  # three titles, each changed once at its place


def test_a_new_field_goes_after_the_field_before_it_in_the_schema():
    text = "# a comment\ntitle: Notizia  # stays\nsummary: 'Riassunto'\ndraft: true\n"
    tree = load_tree(text)
    new = apply(tree, values_from_form(NEWS, {**plain(tree.data), "date": "2012-10-05"}))
    assert new == "# a comment\ntitle: Notizia  # stays\nsummary: 'Riassunto'\ndate: 2012-10-05\ndraft: true\n"


def test_quoting_is_kept_and_text_that_would_read_as_something_else_is_quoted():
    text = "title: \"Il progetto\"\nmenu_title: Progetto\nmenu: 2\n"
    tree = load_tree(text)
    wanted = {"title": "Il nuovo progetto", "menu_title": "14:30", "menu": 3}
    new = apply(tree, values_from_form(PAGE, wanted))
    assert new == "title: \"Il nuovo progetto\"\nmenu_title: \"14:30\"\nmenu: 3\n"
    assert parse_yaml(new, "x") == {"title": "Il nuovo progetto", "menu_title": "14:30", "menu": 3}


def test_an_emptied_optional_field_is_removed_with_its_line_only():
    text = "title: T\ndescription: D  # old\nmenu: 2\n"
    new = apply(load_tree(text), values_from_form(PAGE, {"title": "T", "description": "", "menu": 2}))
    assert new == "title: T\nmenu: 2\n"


def test_records_are_matched_by_id_so_removing_one_leaves_the_others_alone():
    text = (ROOT / "content/partners.yml").read_text()
    tree = load_tree(text)
    values = plain(tree.data)
    removed = values["partners"].pop(1)
    new = apply(tree, values)
    assert all(line.startswith("-") for line in changed_lines(text, new))
    assert f"id: {removed['id']}" not in new


def test_a_valid_date_is_written_as_a_date():
    tree = load_tree("start: 2012-10-05\n")
    events = next(spec for spec in DATA_FILES["calendar.yml"].fields if spec.name == "events")
    assert apply(tree, values_from_form(events.type.inner,
                                        {"start": "2012-11-30"})) == "start: 2012-11-30\n"
    assert values_from_form(NEWS, {"date": "2012-02-30"})["date"] == "2012-02-30"  # left for the build to explain
    assert values_from_form(NEWS, {"date": "2012-02-03"})["date"] == dt.date(2012, 2, 3)


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40))
def test_any_text_written_by_the_editor_reads_back_the_same_in_the_build(title):
    tree = load_tree("title: Il progetto  # a comment\nmenu: 2\n")
    try:
        new = apply(tree, {"title": title, "menu": 2})
    except NotEditable:
        return  # refused rather than written wrong
    assert parse_yaml(new, "x")["title"].rstrip("\n") == title.rstrip("\n")
    assert "# a comment" in new
