"""The output folder: golden files, determinism, atomic replacement, failed builds leave it untouched."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import FIXTURES, ROOT, run_build, snapshot

GOLDEN = ROOT / "tests" / "golden" / "basic"
FIXED = ["--today", "2012-11-01", "--base-url", "https://example.org/prova/"]


def build_basic(content, output, *extra):
    result = run_build("--content", str(content), "--output", str(output), *FIXED, *extra)
    assert result.code == 0, result.err
    return snapshot(output)


def test_golden_output_of_the_basic_fixture(tmp_path):
    """Regenerate on purpose with UPDATE_GOLDEN=1 and review `git diff tests/golden`."""
    built = build_basic(FIXTURES / "basic" / "content", tmp_path / "site")
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for path, data in built.items():
            (GOLDEN / path).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / path).write_bytes(data)
    expected = snapshot(GOLDEN)
    assert sorted(built) == sorted(expected), "files added or missing; see UPDATE_GOLDEN in README"
    for path in expected:
        assert built[path] == expected[path], f"{path} differs from tests/golden/basic/{path}"


def test_same_input_gives_byte_identical_output(basic_site, tmp_path):
    first = build_basic(basic_site, tmp_path / "one")
    second = build_basic(basic_site, tmp_path / "two")
    assert first == second


def test_failed_build_leaves_previous_site_untouched(basic_site, tmp_path):
    output = tmp_path / "site"
    before = build_basic(basic_site, output)
    mtimes = {p: p.stat().st_mtime_ns for p in output.rglob("*")}
    (basic_site / "partners.yml").write_text("partners:\n  - id: [unclosed\n")
    result = run_build("--content", str(basic_site), "--output", str(output), *FIXED)
    assert result.code == 1
    assert "partners.yml:2: the bracket [ or brace { opened on this line is never closed" in result.err
    assert "The previous site is unchanged." in result.err
    assert snapshot(output) == before
    assert {p: p.stat().st_mtime_ns for p in output.rglob("*")} == mtimes
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "site"], "debris left beside the site"


def test_rebuild_replaces_the_whole_folder_and_leaves_no_debris(basic_site, tmp_path):
    output = tmp_path / "site"
    build_basic(basic_site, output)
    (output / "stale.html").write_text("left over from an old build")
    build_basic(basic_site, output)
    assert not (output / "stale.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "site"]


def test_build_killed_midway_leaves_a_complete_site(basic_site, tmp_path):
    """Kill builds at many moments: the site is always exactly the old or the new one."""
    output = tmp_path / "site"
    old = build_basic(basic_site, output)
    (basic_site / "pages/it/progetto.md").write_text(
        (basic_site / "pages/it/progetto.md").read_text() + "\nNuovo paragrafo.\n")
    command = [sys.executable, str(ROOT / "build.py"), "--content", str(basic_site), "--output", str(output), *FIXED]
    for delay in (0.05, 0.15, 0.25, 0.35, 0.5):
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        state = snapshot(output)
        assert state == old or b"Nuovo paragrafo" in state["it/progetto/index.html"]
        assert len(state) == len(old)
    new = build_basic(basic_site, output)  # the next build also clears what a killed one left
    assert b"Nuovo paragrafo" in new["it/progetto/index.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "site"]


def test_two_builds_at_once_leave_one_complete_site(basic_site, tmp_path):
    output = tmp_path / "site"
    expected = build_basic(basic_site, tmp_path / "reference")
    shutil.rmtree(tmp_path / "reference")
    command = [sys.executable, str(ROOT / "build.py"), "--content", str(basic_site), "--output", str(output), *FIXED]
    for _ in range(3):
        processes = [subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for _ in range(2)]
        errors = [p.communicate()[1] for p in processes]
        assert [p.returncode for p in processes] == [0, 0], errors
        assert snapshot(output) == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "site"]


def test_every_page_exists_in_both_languages_and_links_its_translation(tmp_path):
    files = build_basic(FIXTURES / "basic" / "content", tmp_path / "site")
    italian = files["it/progetto/index.html"].decode()
    english = files["en/about/index.html"].decode()
    assert '<html lang="it"' in italian and '<html lang="en"' in english
    assert '<a href="/prova/en/about/" hreflang="en" lang="en">English</a>' in italian
    assert '<a href="/prova/it/progetto/" hreflang="it" lang="it">Italiano</a>' in english
    assert "<h1>Il progetto</h1>" in italian and "<h1>The project</h1>" in english


def test_next_build_removes_what_a_killed_build_left_even_when_nothing_changed(basic_site, tmp_path):
    output = tmp_path / "site"
    build_basic(basic_site, output)
    leftover = tmp_path / ".site.building-999999-abc"  # no process 999999: its build was killed
    (leftover / "it").mkdir(parents=True)
    (leftover / "it" / "index.html").write_text("half written")
    build_basic(basic_site, output)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "site"]


def test_build_killed_while_its_workers_render_leaves_no_process_and_no_debris(tmp_path):
    """The worker processes die with the build: none goes on writing beside the site."""
    for script, target in (("corpus.py", "corpus"), ("import_markdown.py", "content")):
        arguments = [tmp_path / "corpus"] if script == "import_markdown.py" else [300]
        subprocess.run([sys.executable, str(ROOT / "bench" / script), *map(str, arguments), str(tmp_path / target)],
                       check=True, capture_output=True, timeout=120)
    output = tmp_path / "site"
    command = [sys.executable, str(ROOT / "build.py"), "--content", str(tmp_path / "content"), "--output",
               str(output), "--today", "2012-11-26", "--no-cache", "--jobs", "2"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not any(tmp_path.glob(".site.building-*/*/notizie/*/index.html")):  # pages are being written
        assert time.monotonic() < deadline and process.poll() is None, "the build never started rendering"
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait()
    time.sleep(0.5)
    assert processes_mentioning(str(output)) == [], "worker processes outlived the build"
    assert subprocess.run(command, capture_output=True, timeout=120).returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "corpus", "site"]
    assert len(list(output.rglob("index.html"))) >= 600


def processes_mentioning(text: str) -> list[int]:
    """Processes whose command line contains `text` (read from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and text.encode() in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found
