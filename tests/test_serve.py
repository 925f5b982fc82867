"""The live preview: edits are served at once, problems show in the browser, the server survives them."""

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from conftest import ROOT, run_build


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def wait_for(url, predicate, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            status, body = fetch(url)
            if predicate(status, body):
                return status, body
        except OSError:
            pass
        time.sleep(0.05)
    raise AssertionError(f"{url} did not reach the expected state in {timeout} s")


@pytest.fixture
def server(basic_site):
    port = free_port()
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--port", str(port),
                                "--content", str(basic_site), "--today", "2012-11-01"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/it/", lambda status, body: status == 200)
        yield base, basic_site, process
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_serves_the_site_with_live_reload(server):
    base, _, _ = server
    status, body = fetch(base + "/it/progetto/")
    assert status == 200
    assert "<h1>Il progetto</h1>" in body
    assert "livereload.js" in body
    assert fetch(base + "/it/nowhere/")[0] == 404


def test_edit_is_served_without_restart(server):
    base, content, _ = server
    page = content / "pages/it/progetto.md"
    page.write_text(page.read_text().replace("## Obiettivi", "## Obiettivi aggiornati"))
    wait_for(base + "/it/progetto/", lambda status, body: "Obiettivi aggiornati" in body)


def test_broken_edit_shows_the_problem_and_the_fix_recovers(server):
    base, content, process = server
    calendar = content / "calendar.yml"
    good = calendar.read_text()
    calendar.write_text(good.replace("start: 2012-10-05", "start: 2012-02-30"))
    status, body = wait_for(base + "/en/about/", lambda status, body: "problema" in body)
    assert status == 500
    assert "calendar.yml:10: &#x27;start&#x27; &quot;2012-02-30&quot; is not a real date" in body
    assert process.poll() is None, "the server must survive a content error"
    calendar.write_text(good)
    wait_for(base + "/en/about/", lambda status, body: status == 200 and "<h1>The project</h1>" in body)


def test_draft_is_shown_in_serve_and_left_out_of_build(server, tmp_path):
    base, content, _ = server
    for lang, title in (("it", "Bozza segreta"), ("en", "Secret draft")):
        (content / f"news/{lang}/bozza.md").write_text(f"---\ntitle: {title}\nsummary: x\ndraft: true\n---\nTesto.\n")
    wait_for(base + "/it/notizie/bozza/", lambda status, body: status == 200 and "Bozza segreta" in body)
    result = run_build("--content", str(content), "--output", str(tmp_path / "site"), "--today", "2012-11-01")
    assert result.code == 0, result.err
    assert not (tmp_path / "site/it/notizie/bozza").exists()
    assert "Bozza segreta" not in (tmp_path / "site/it/notizie/index.html").read_text()


def test_the_preview_serves_content_files_as_the_build_publishes_them(basic_site):
    import datetime as dt

    from sitegen.config import BuildOptions
    from sitegen.serve import Preview

    (basic_site / "files" / ".well-known").mkdir(parents=True)
    (basic_site / "files" / "CNAME").write_text("www.example.org\n")
    (basic_site / "files" / ".well-known" / "security.txt").write_text("Contact: mailto:x@example.org\n")
    preview = Preview(BuildOptions(basic_site, ROOT / "templates", basic_site.parent / "site", dt.date(2012, 11, 1),
                                   base_url="http://127.0.0.1:8000/", drafts=True), log=lambda *_: None)
    preview.poll()
    assert preview.respond("/CNAME") == ("200 OK", "application/octet-stream", b"www.example.org\n")
    assert preview.respond("/.well-known/security.txt")[2] == b"Contact: mailto:x@example.org\n"


def preview_of(content):
    import datetime as dt

    from sitegen.config import BuildOptions
    from sitegen.serve import Preview

    return Preview(BuildOptions(content, ROOT / "templates", content.parent / "site", dt.date(2012, 11, 1),
                                base_url="http://127.0.0.1:8000/", drafts=True), log=lambda *_: None)


def test_each_poll_reports_exactly_the_files_changed_since_the_last(basic_site):
    preview = preview_of(basic_site)
    preview.poll()
    assert preview.poll() is None
    news = basic_site / "news" / "it" / "presentazione.md"
    news.write_text(news.read_text(encoding="utf-8") + "\nUna frase in più.\n", encoding="utf-8")
    assert preview.poll() == str(news)
    assert preview.poll() is None
    (basic_site / "pages" / "it" / "nuova.md").write_text("---\ntitle: Nuova\n---\nTesto.\n", encoding="utf-8")
    assert preview.poll() == str(basic_site / "pages" / "it" / "nuova.md")
    (basic_site / "pages" / "it" / "nuova.md").unlink()
    assert preview.poll() == str(basic_site / "pages" / "it" / "nuova.md")
    assert preview.poll() is None


def test_a_file_that_cannot_be_read_is_one_change_not_a_change_at_every_poll(basic_site):
    import os

    preview = preview_of(basic_site)
    preview.poll()
    pipe = basic_site / "pages" / "it" / "tubo.md"
    os.mkfifo(pipe)
    assert preview.poll() == str(pipe)
    assert preview.problems  # shown to staff, with the file's name
    assert preview.poll() is None
    pipe.unlink()
    assert preview.poll() == str(pipe)
    assert not preview.problems


def test_after_an_edit_of_a_text_links_resolve_against_the_table_a_full_load_makes(basic_site, monkeypatch):
    """Only the edited text is replaced in the link table (a new heading, a new #id), not the whole
    table made again: what a link to it resolves against is still what a full load gives."""
    from sitegen import serve
    from sitegen.model.link_targets import link_targets

    preview = preview_of(basic_site)
    preview.poll()
    swapped = []
    swap = serve.Preview._swap_texts
    monkeypatch.setattr(serve.Preview, "_swap_texts", lambda self, *a: swapped.append(swap(self, *a)) or swapped[-1])
    news = basic_site / "news" / "it" / "presentazione.md"
    news.write_text(news.read_text(encoding="utf-8") + "\n## Un titolo nuovo {#nuovo}\n", encoding="utf-8")
    assert preview.poll() == str(news)
    assert swapped == [True]  # the quick path was taken
    assert preview.site.converter.links == link_targets(preview.site.content)
    assert "nuovo" in preview.site.converter.links.outputs["it/notizie/presentazione/index.html"].text
