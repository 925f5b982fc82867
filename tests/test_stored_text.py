"""A one-off build leaves Markdown bodies on disk and reads them back where they are converted."""

import pytest

from sitegen.sources import StoredText, read_document
from sitegen.yamlsafe import ProblemList

FILE = "---\ntitle: Notizia\n---\nPrimo paragrafo.\n\nSecondo, con *enfasi*.\n"


def test_a_stored_body_reads_back_exactly_the_text_after_the_front_matter(tmp_path):
    path = tmp_path / "notizia.md"
    path.write_text(FILE, encoding="utf-8")
    kept = read_document(path, "news/it/notizia.md")
    stored = read_document(path, "news/it/notizia.md", keep_text=False)
    assert isinstance(stored.body, StoredText)
    assert stored.body.read() == kept.body == "Primo paragrafo.\n\nSecondo, con *enfasi*.\n"
    assert stored.body_line == kept.body_line == 4


def test_stored_bodies_are_equal_when_their_texts_are(tmp_path):
    (tmp_path / "it.md").write_text(FILE, encoding="utf-8")
    (tmp_path / "en.md").write_text(FILE.replace("Notizia", "News"), encoding="utf-8")
    (tmp_path / "other.md").write_text(FILE + "Altro.\n", encoding="utf-8")
    it, en, other = (read_document(tmp_path / f"{name}.md", name, keep_text=False).body
                     for name in ("it", "en", "other"))
    assert it == en and hash(it) == hash(en)
    assert it != other


def test_a_body_edited_during_the_build_is_reported_not_mixed_in(tmp_path):
    path = tmp_path / "notizia.md"
    path.write_text(FILE, encoding="utf-8")
    stored = read_document(path, "news/it/notizia.md", keep_text=False).body
    path.write_text(FILE.replace("Primo", "Nuovo"), encoding="utf-8")
    with pytest.raises(ProblemList) as raised:
        stored.read()
    [problem] = raised.value.problems
    assert problem.path == "news/it/notizia.md" and "changed while the site was being built" in problem.message


def test_a_document_with_nothing_after_the_front_matter_has_an_empty_body(tmp_path):
    path = tmp_path / "vuota.md"
    path.write_text("---\ntitle: Vuota\n---", encoding="utf-8")
    assert read_document(path, "vuota.md", keep_text=False).body.read() == ""
