"""Reuse never lies: a build with the cache, and the preview server, give exactly the bytes of a fresh build."""

import datetime as dt
import json
import os
import random
import re
import shutil
import signal

import pytest
from conftest import TEMPLATES, run_build, snapshot

from sitegen import pipeline, reuse
from sitegen.config import BuildOptions
from sitegen.errors import BuildError
from sitegen.load import files
from sitegen.pipeline import build_site, render_site
from sitegen.serve import Preview
from sitegen.write import SITE_MARKER

TODAY = dt.date(2012, 11, 1)
PREVIEW_URL = "http://127.0.0.1:8000/"


@pytest.fixture
def site(basic_site, tmp_path):
    """The basic fixture with a copy of the theme whose home page shows the latest news item's text."""
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    edit(templates / "home.html", "{{ page.body_html|safe }}",
         "{{ page.body_html|safe }}\n<div class=\"latest\">{{ site.news[0].body_html|safe }}</div>")
    return basic_site, templates, tmp_path


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    replace_file(path, text.replace(old, new, 1))


def replace_file(path, text):
    """Save as many editors do: a new file renamed over the old one."""
    temporary = path.with_name(path.name + ".saving")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def options(content, templates, output, cache=None, today=TODAY, **more):
    return BuildOptions(content, templates, output, today, cache=cache, **more)


def fresh_files(content, templates, today=TODAY, **more):
    """What a build with no cache writes, marker aside."""
    return render_site(options(content, templates, content.parent / "unused", today=today, **more)).files


def test_the_home_page_showing_a_news_text_follows_an_edit_of_that_text(site):
    content, templates, tmp_path = site
    output, cache = tmp_path / "site", tmp_path / "cache"
    assert build_site(options(content, templates, output, cache)).rendered
    edit(content / "news/it/presentazione.md", "presentato a Brescia", "illustrato a Brescia")
    assert build_site(options(content, templates, output, cache)).rendered
    assert "illustrato a Brescia" in (output / "it/index.html").read_text(encoding="utf-8")
    assert snapshot(output) == {SITE_MARKER: snapshot(output)[SITE_MARKER], **fresh_files(content, templates)}


def test_nothing_changed_renders_nothing_and_touches_nothing(site):
    content, templates, tmp_path = site
    output, cache = tmp_path / "site", tmp_path / "cache"
    build_site(options(content, templates, output, cache))
    before = {path: os.stat(output / path) for path in snapshot(output)}
    (content / "project.yml").touch()  # same bytes: nothing to do
    again = build_site(options(content, templates, output, cache))
    assert not again.rendered and not again.written
    after = {path: os.stat(output / path) for path in snapshot(output)}
    assert {p: (s.st_ino, s.st_mtime_ns) for p, s in before.items()} == \
           {p: (s.st_ino, s.st_mtime_ns) for p, s in after.items()}


def test_a_page_changed_by_hand_in_the_site_is_noticed_even_with_the_same_size(site):
    content, templates, tmp_path = site
    output, cache = tmp_path / "site", tmp_path / "cache"
    build_site(options(content, templates, output, cache))
    page = output / "it/progetto/index.html"
    original = page.read_bytes()
    page.write_bytes(original.replace(b"<h1>", b"<h2>", 1))
    assert build_site(options(content, templates, output, cache)).rendered
    assert page.read_bytes() == original


def test_a_file_added_to_the_site_by_hand_is_noticed(site):
    content, templates, tmp_path = site
    output, cache = tmp_path / "site", tmp_path / "cache"
    build_site(options(content, templates, output, cache))
    (output / "stray.html").write_text("x")
    assert build_site(options(content, templates, output, cache)).rendered
    assert not (output / "stray.html").exists()


def test_another_engine_builds_again(site, monkeypatch):
    content, templates, tmp_path = site
    output, cache = tmp_path / "site", tmp_path / "cache"
    build_site(options(content, templates, output, cache))
    monkeypatch.setattr(reuse, "engine_fingerprint", lambda: "another engine")
    assert build_site(options(content, templates, output, cache)).rendered


def after_the_scan(monkeypatch, action) -> None:
    """Builds call `action()` once they have scanned the sources, before they read them."""
    scan = pipeline.scan

    def scan_then_act(build_options):
        scanned = scan(build_options)
        action()
        return scanned

    monkeypatch.setattr(pipeline, "scan", scan_then_act)


def test_a_text_grown_too_big_while_the_build_runs_is_refused_plainly(site, monkeypatch):
    """Read when parsed, a file is bounded as the scan bounds it."""
    content, templates, tmp_path = site
    news = content / "news/it/presentazione.md"

    def grow():
        biggest = max(path.stat().st_size for path in content.rglob("*") if path.is_file())
        monkeypatch.setattr(files, "MAX_FILE_BYTES", biggest)  # as if every file were close to 64 MB
        replace_file(news, news.read_text(encoding="utf-8") + "Una riga in più.\n" * (biggest // 10))

    after_the_scan(monkeypatch, grow)
    with pytest.raises(BuildError) as raised:
        build_site(options(content, templates, tmp_path / "site", tmp_path / "cache"))
    [problem] = raised.value.problems
    assert problem.path.endswith("news/it/presentazione.md") and "cannot be read (larger than" in problem.message
    assert not (tmp_path / "site").exists()


def test_a_text_replaced_by_a_pipe_while_the_build_runs_is_a_plain_problem_not_a_wait(site, monkeypatch):
    content, templates, tmp_path = site
    news = content / "news/it/presentazione.md"

    def pipe():
        news.unlink()
        os.mkfifo(news)  # opened for reading as files are, it would wait for a writer forever

    def waited(signum, frame):
        raise TimeoutError("the build waited on the pipe")

    after_the_scan(monkeypatch, pipe)
    previous = signal.signal(signal.SIGALRM, waited)
    signal.alarm(30)
    try:
        with pytest.raises(BuildError) as raised:
            build_site(options(content, templates, tmp_path / "site", tmp_path / "cache"))
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    [problem] = raised.value.problems
    assert problem.path.endswith("news/it/presentazione.md")
    assert not (tmp_path / "site").exists()


def test_installing_another_version_of_a_library_changes_the_engine_fingerprint(tmp_path, monkeypatch):
    library = tmp_path / "libraries" / "shaping_library"
    library.mkdir(parents=True)
    (library / "__init__.py").write_text("__version__ = '1.0'\n")
    monkeypatch.syspath_prepend(str(tmp_path / "libraries"))
    monkeypatch.setattr(reuse, "OUTPUT_LIBRARIES", (*reuse.OUTPUT_LIBRARIES, "shaping_library"))
    reuse.engine_fingerprint.cache_clear()
    monkeypatch.setattr(reuse, "engine_fingerprint", reuse.engine_fingerprint.__wrapped__)  # no cached value
    before = reuse.engine_fingerprint()
    assert reuse.engine_fingerprint() == before  # nothing installed: the same engine
    replace_file(library / "__init__.py", "__version__ = '2.0'\n")  # as an installer writes it: a new file
    assert reuse.engine_fingerprint() != before
    shutil.rmtree(library)  # uninstalled
    assert reuse.engine_fingerprint() != before


@pytest.mark.parametrize("damage", ["{not json", "[]", '{"key": 1, "files": 2}', ""])
def test_a_damaged_record_only_means_building_again(site, damage):
    content, templates, tmp_path = site
    output, cache = tmp_path / "site", tmp_path / "cache"
    build_site(options(content, templates, output, cache))
    for record in (cache / reuse.RECORDS_FOLDER).iterdir():
        record.write_text(damage)
    assert build_site(options(content, templates, output, cache)).rendered
    assert not build_site(options(content, templates, output, cache)).rendered


def test_a_text_edited_while_the_build_runs_is_built_as_edited_and_never_taken_for_the_scanned_one(
        site, monkeypatch):
    """With a record to compare with, content/ is hashed before it is parsed: an edit in between
    is built, and the record may not say that the bytes hashed gave this output."""
    content, templates, tmp_path = site
    output, cache = tmp_path / "site", tmp_path / "cache"
    news = content / "news/it/presentazione.md"
    original = news.read_text(encoding="utf-8")
    build_site(options(content, templates, output, cache))  # the record
    hashed = original.replace("presentato a Brescia", "presentato a Milano")
    replace_file(news, hashed)
    key_of_scan = pipeline.build_key

    def key_then_edit(sources, build_options):
        key = key_of_scan(sources, build_options)
        replace_file(news, original.replace("presentato a Brescia", "illustrato a Brescia"))
        return key

    monkeypatch.setattr(pipeline, "build_key", key_then_edit)
    assert build_site(options(content, templates, output, cache)).rendered
    assert "illustrato a Brescia" in (output / "it/index.html").read_text(encoding="utf-8")
    monkeypatch.setattr(pipeline, "build_key", key_of_scan)
    replace_file(news, hashed)  # the bytes the second build hashed
    assert build_site(options(content, templates, output, cache)).rendered
    assert snapshot(output) == {SITE_MARKER: snapshot(output)[SITE_MARKER], **fresh_files(content, templates)}


def test_a_first_build_records_the_bytes_it_read_even_when_a_text_is_edited_after_the_scan(site, monkeypatch):
    """Without a record, content/ is hashed as it is read: the record describes what was built."""
    content, templates, tmp_path = site
    output, cache = tmp_path / "site", tmp_path / "cache"
    news = content / "news/it/presentazione.md"
    edited = news.read_text(encoding="utf-8").replace("presentato a Brescia", "illustrato a Brescia")
    scan = pipeline.scan
    after_the_scan(monkeypatch, lambda: replace_file(news, edited))
    assert build_site(options(content, templates, output, cache)).rendered
    monkeypatch.setattr(pipeline, "scan", scan)
    assert "illustrato a Brescia" in (output / "it/index.html").read_text(encoding="utf-8")
    assert not build_site(options(content, templates, output, cache)).rendered  # the bytes built are the ones there
    assert snapshot(output) == {SITE_MARKER: snapshot(output)[SITE_MARKER], **fresh_files(content, templates)}


def test_first_build_with_the_cache_writes_one_small_record_and_the_compiled_templates(site):
    content, templates, tmp_path = site
    cache = tmp_path / "cache"
    build_site(options(content, templates, tmp_path / "site", cache))
    records = [path for path in (cache / reuse.RECORDS_FOLDER).rglob("*") if path.is_file()]
    assert len(records) == 1
    assert set(json.loads(records[0].read_text())) == {"key", "files"}
    compiled = [path for path in (cache / "templates").rglob("*") if path.is_file()]
    assert len(compiled) >= len(list(templates.glob("*.html")))  # pages' templates and their partials
    assert {path.suffix for path in compiled} == {".cache"}  # no temporary file left


@pytest.mark.parametrize("damage", [lambda data: b"", lambda data: b"\x00" * 64,
                                    *(lambda data, n=n: data[:n] + b"garbage" for n in (12, 16, 20, 24, 30, 200))])
def test_damaged_compiled_templates_are_compiled_again(site, damage):
    content, templates, tmp_path = site
    output, cache = tmp_path / "site", tmp_path / "cache"
    build_site(options(content, templates, output, cache))
    for compiled in (cache / "templates").rglob("*.cache"):
        compiled.write_bytes(damage(compiled.read_bytes()))
    edit(content / "news/it/presentazione.md", "presentato a Brescia", "illustrato a Brescia")
    assert build_site(options(content, templates, output, cache)).rendered
    assert snapshot(output) == {SITE_MARKER: snapshot(output)[SITE_MARKER], **fresh_files(content, templates)}


def test_an_edited_template_is_compiled_again_not_taken_from_the_cache(site):
    content, templates, tmp_path = site
    output, cache = tmp_path / "site", tmp_path / "cache"
    build_site(options(content, templates, output, cache))
    edit(templates / "home.html", '<div class="latest">', '<div class="latest edited">')
    build_site(options(content, templates, output, cache))
    assert 'class="latest edited"' in (output / "it/index.html").read_text(encoding="utf-8")
    assert snapshot(output) == {SITE_MARKER: snapshot(output)[SITE_MARKER], **fresh_files(content, templates)}


def test_cold_warm_and_uncached_command_line_builds_are_identical(basic_site, tmp_path):
    common = ["--content", str(basic_site), "--cache", str(tmp_path / "cache"), "--today", "2012-11-01"]
    assert run_build(*common, "--output", str(tmp_path / "cold")).code == 0
    warm = run_build(*common, "--output", str(tmp_path / "cold"))
    assert warm.code == 0 and "Nothing changed" in warm.out
    assert run_build(*common, "--output", str(tmp_path / "nocache"), "--no-cache").code == 0
    assert snapshot(tmp_path / "cold") == snapshot(tmp_path / "nocache")


# ---------------------------------------------------------------------------------------------
# The randomized differential test: random valid edits of every kind of source, each followed
# by a cached build and the preview, both compared byte for byte with a fresh build.

WORDS = ["rete", "impresa", "export", "filiera", "Brescia", "qualità", "innovazione", "«citazione»", "l'auto"]


def random_text(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 4)))


def edit_markdown_body(rng, content, templates, state):
    path = rng.choice(sorted((content / "news").rglob("*.md")) + sorted((content / "pages").rglob("*.md")))
    text = path.read_text(encoding="utf-8")
    addition = rng.choice([f"\n{random_text(rng)}\n", f"\n## {random_text(rng)}\n", f"\n- *{random_text(rng)}*\n",
                           f"\nVedi [la pagina](/it/progetto/) e **{random_text(rng)}**.\n"]
                          + ([f"\n![{random_text(rng)}](foto/sala.png)\n"]  # a photo no text may show yet
                             if (content / "files" / "foto" / "sala.png").exists() else []))
    replace_file(path, text + addition)


def edit_front_matter(rng, content, templates, state):
    path = rng.choice(sorted((content / "news").rglob("*.md")) + sorted((content / "pages").rglob("*.md")))
    text = path.read_text(encoding="utf-8")
    if rng.random() < 0.3 and "\ndate: 2012-" in text:
        day = rng.randint(1, 28)
        start = text.index("\ndate: 2012-")
        replace_file(path, text[:start] + f"\ndate: 2012-10-{day:02d}" + text[start + len("\ndate: 2012-10-01"):])
        return
    start = text.index("title: ") + len("title: ")
    replace_file(path, text[:start] + random_text(rng).replace("'", "’").replace("«", "").replace("»", "") + " "
                 + text[start:])


def edit_data_file(rng, content, templates, state):
    name, old, new = rng.choice([
        ("settings.yml", "  it: ", f"  it: {random_text(rng)} "),
        ("project.yml", "joined: ", f"joined: {rng.randint(0, 9)}"),
        ("project.yml", "deadline: 2012-", f"deadline: {rng.choice(['2013', '2014'])}-"),
        ("partners.yml", "    description:\n      it: ", f"    description:\n      it: {random_text(rng)} "),
        ("statistics.yml", "value: ", f"value: {rng.randint(1, 9)}"),
        ("calendar.yml", "    title:\n      it: ", f"    title:\n      it: {random_text(rng)} "),
        ("calendar.yml", "start: 2012-10-0", f"start: 2012-{rng.choice(['09', '11'])}-0"),
    ])
    path = content / name
    if old in path.read_text(encoding="utf-8"):
        edit(path, old, new)


PLAIN_STRING = re.compile(r"  [a-z_]+: [A-Za-zÀ-ÿ ,.]+\Z")  # an interface string without {placeholders}


def edit_translations(rng, content, templates, state):
    path = templates / "translations.yml"
    lines = path.read_text(encoding="utf-8").split("\n")
    index = rng.choice([i for i, line in enumerate(lines) if PLAIN_STRING.match(line)])
    lines[index] += " " + random_text(rng).replace("'", "").replace("«", "").replace("»", "")
    replace_file(path, "\n".join(lines))


def edit_template(rng, content, templates, state):
    path = rng.choice(sorted(templates.rglob("*.html")))
    text = path.read_text(encoding="utf-8")
    if rng.random() < 0.5:
        replace_file(path, text + f"{{# edit {rng.randint(0, 999)} #}}\n")  # changes no output
    elif "</main>" in text:
        edit(path, "</main>", f"<p>{random_text(rng)}</p></main>")
    elif "{% block content %}" in text:
        edit(path, "{% block content %}", f"{{% block content %}}<p>{random_text(rng)}</p>")
    else:
        replace_file(path, f"<!-- {random_text(rng)} -->" + text)


def edit_static_file(rng, content, templates, state):
    path = rng.choice(sorted((templates / "static").glob("*.css")) + sorted((templates / "static").glob("*.svg")))
    replace_file(path, path.read_text(encoding="utf-8") + f"\n/* {rng.randint(0, 999)} */\n"
                 if path.suffix == ".css" else path.read_text(encoding="utf-8") + f"<!-- {rng.randint(0, 999)} -->")


def edit_image(rng, content, templates, state):
    """A photo of content/files/ saved again with other pixels or another size, shown by a page."""
    import io

    from PIL import Image

    data = io.BytesIO()
    size = (rng.randint(20, 600), rng.randint(20, 300))
    Image.new("RGB", size, tuple(rng.randint(0, 255) for _ in range(3))).save(data, "PNG")
    path = content / "files" / "foto" / "sala.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name("sala.saving")
    temporary.write_bytes(data.getvalue())
    os.replace(temporary, path)
    page = rng.choice(sorted((content / "pages").rglob("*.md")))
    if "foto/sala.png" not in page.read_text(encoding="utf-8"):
        replace_file(page, page.read_text(encoding="utf-8") + f"\n![{random_text(rng)}](foto/sala.png)\n")


def change_build_date(rng, content, templates, state):
    state["today"] = rng.choice([dt.date(2012, 9, 1), dt.date(2012, 10, 6), dt.date(2012, 11, 1), dt.date(2013, 2, 1)])


def save_without_change(rng, content, templates, state):
    path = rng.choice(sorted(content.rglob("*.yml")) + sorted(templates.rglob("*.html")))
    replace_file(path, path.read_text(encoding="utf-8"))


def restore_a_file(rng, content, templates, state):
    relative = rng.choice(sorted(state["originals"]))
    replace_file(state["root"] / relative, state["originals"][relative])


EDITS = [edit_markdown_body, edit_front_matter, edit_data_file, edit_translations, edit_template,
         edit_static_file, edit_image, change_build_date, save_without_change, restore_a_file]


def test_random_edits_never_make_reuse_differ_from_a_fresh_build(site):
    content, templates, root = site
    rng = random.Random(20121126)
    output, cache = root / "site", root / "cache"
    state = {"today": TODAY, "root": root, "originals": {
        path.relative_to(root).as_posix(): path.read_text(encoding="utf-8")
        for folder in (content, templates) for path in folder.rglob("*") if path.is_file() and path.suffix != ".png"}}
    preview = Preview(options(content, templates, root / "unused", base_url=PREVIEW_URL, drafts=True), log=lambda *_: None)
    kinds_seen, reused = set(), 0
    for step in range(210):
        change = EDITS[step % len(EDITS)] if step < len(EDITS) else rng.choice(EDITS)
        change(rng, content, templates, state)
        kinds_seen.add(change.__name__)
        today = state["today"]
        cached = build_site(options(content, templates, output, cache, today=today))
        reused += not cached.rendered
        expected = fresh_files(content, templates, today=today)
        built = snapshot(output)
        assert built.pop(SITE_MARKER)
        assert built == expected, f"step {step}: {change.__name__} made the cached build differ"
        preview.options = options(content, templates, root / "unused", today=today, base_url=PREVIEW_URL, drafts=True)
        preview.poll()
        assert not preview.problems, preview.problems
        served = fresh_files(content, templates, today=today, base_url=PREVIEW_URL, drafts=True)
        for path, data in served.items():
            assert preview.file(path) == (data, []), f"step {step}: {change.__name__} made the preview differ at {path}"
    assert kinds_seen == {edit.__name__ for edit in EDITS}
    assert reused > 10, "some steps change nothing, and the cached build must see it"
