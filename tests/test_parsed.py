"""Front matter parsed by an earlier build is reused only for the very same bytes, lines included."""

import shutil

from conftest import FIXTURES

from sitegen.content import load_content
from sitegen.parsed import ParsedFiles, decode, encode
from sitegen.sources import read_document

CONTENT = FIXTURES / "basic" / "content"


def entries_as_seen(content):
    return [(entry.source, entry.meta, dict(entry.lines), entry.lines.line, entry.lines.key_lines, entry.body,
             entry.body_line, entry.digest) for entry in content.entries]


def test_front_matter_reads_back_with_every_line_number():
    for path in sorted(CONTENT.glob("*/*/*.md")):
        meta = read_document(path, str(path)).meta
        again = decode(encode(meta))
        assert again == meta and again.line == meta.line and again.key_lines == meta.key_lines


def test_a_build_from_stored_parses_sees_exactly_what_a_fresh_one_sees(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    fresh = load_content(content, keep_texts=False)
    first = ParsedFiles({}, "engine")
    load_content(content, keep_texts=False, parsed=first)
    second = ParsedFiles(first.used, "engine")
    reused = load_content(content, keep_texts=False, parsed=second)
    assert second.used == first.used  # every document came from the stored parses
    assert entries_as_seen(reused) == entries_as_seen(fresh)
    assert [entry.body.read() for entry in reused.entries] == [entry.body.read() for entry in fresh.entries]


def test_an_edited_file_is_parsed_again(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    first = ParsedFiles({}, "engine")
    load_content(content, keep_texts=False, parsed=first)
    page = content / "pages" / "it" / "progetto.md"
    page.write_text(page.read_text(encoding="utf-8").replace("title: Il progetto", "title: Il nuovo progetto"),
                    encoding="utf-8")
    second = ParsedFiles(first.used, "engine")
    reused = load_content(content, keep_texts=False, parsed=second)
    titles = {entry.meta["title"] for entry in reused.entries}
    assert "Il nuovo progetto" in titles and "Il progetto" not in titles
    assert load_content(content, keep_texts=False, parsed=ParsedFiles(first.used, "other engine")).entries


def test_stored_parses_are_keyed_by_the_engine():
    parsed = ParsedFiles({}, "engine")
    assert parsed.key(b"same bytes", ("news", "it")) != ParsedFiles({}, "other").key(b"same bytes", ("news", "it"))
