"""Whatever stops a build — a signal, Ctrl-C, a failed write, a folder it may not write, others building at
once — it ends with one plain message and its exit status, the previous site whole and nothing left beside it."""

import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, snapshot

FIXED = ["--today", "2012-11-26", "--no-cache"]


@pytest.fixture(scope="module")
def big_content(tmp_path_factory) -> Path:
    """A 300-file site: big enough that pages are rendered by worker processes for a while."""
    work = tmp_path_factory.mktemp("big")
    subprocess.run([sys.executable, str(ROOT / "bench/corpus.py"), "300", str(work / "corpus")], check=True,
                   capture_output=True, timeout=120)
    subprocess.run([sys.executable, str(ROOT / "bench/import_markdown.py"), str(work / "corpus"), str(work / "content")],
                   check=True, capture_output=True, timeout=120)
    return work / "content"


def start(content: Path, output: Path, *more, **popen) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--content", str(content), "--output", str(output),
                             *FIXED, *more], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen)


def wait_until_rendering(folder: Path, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while not any(folder.glob(".site.building-*/*/notizie/*/index.html")):
        assert time.monotonic() < deadline and process.poll() is None, "the build never started rendering"
        time.sleep(0.01)


def build_once(content: Path, output: Path) -> dict:
    process = start(content, output, "--jobs", "2")
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    return snapshot(output)


@pytest.mark.parametrize("how, code, words", [
    (signal.SIGTERM, 143, ""),
    (signal.SIGINT, 130, "Interrupted: the previous site is unchanged."),
])
def test_a_build_stopped_while_its_workers_render_ends_plainly(big_content, tmp_path, how, code, words):
    output = tmp_path / "site"
    before = build_once(big_content, output)
    (big_content / "pages/it/index.md").write_text((big_content / "pages/it/index.md").read_text() + "\nAltro.\n")
    try:
        process = start(big_content, output, "--jobs", "2", start_new_session=True)
        wait_until_rendering(tmp_path, process)
        if how == signal.SIGINT:
            os.killpg(process.pid, signal.SIGINT)  # as Ctrl-C does: to the whole foreground group
        else:
            process.send_signal(how)
        out, err = process.communicate(timeout=60)
    finally:
        (big_content / "pages/it/index.md").write_text((big_content / "pages/it/index.md").read_text()
                                                       .replace("\nAltro.\n", ""))
    assert process.returncode == code
    assert "Traceback" not in err and words in err
    assert snapshot(output) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_write_that_fails_is_one_plain_message_and_the_site_stays(tmp_path):
    """A file-size limit makes writes fail as a full disk does."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "basic" / "content", content)
    output = tmp_path / "site"
    before = build_once(content, output)
    (content / "pages/it/progetto.md").write_text((content / "pages/it/progetto.md").read_text() + "\n" + "x" * 9000)

    def small_files():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit then fails with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (8192, 8192))

    process = start(content, output, preexec_fn=small_files)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 1
    assert "Traceback" not in err
    assert err.startswith("The site was not built:") and "The previous site is unchanged." in err
    assert len(err.strip().splitlines()) == 1
    assert snapshot(output) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "site"]


def test_a_folder_the_build_may_not_write_is_one_plain_message(tmp_path):
    """/sys refuses new folders even to root, as a read-only disk does."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "basic" / "content", content)
    process = start(content, Path("/sys/sitegen-test-site"))
    out, err = process.communicate(timeout=120)
    assert process.returncode == 1
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert err.startswith("The site was not built:") and ("not permitted" in err or "denied" in err or "Read-only" in err)
    assert not Path("/sys/sitegen-test-site").exists()


def test_four_builds_at_once_leave_one_complete_site(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "basic" / "content", content)
    expected = build_once(content, tmp_path / "reference")
    shutil.rmtree(tmp_path / "reference")
    output = tmp_path / "site"
    processes = [start(content, output) for _ in range(4)]
    results = [process.communicate(timeout=120) for process in processes]
    assert [process.returncode for process in processes] == [0, 0, 0, 0], [err for _, err in results]
    assert all("Traceback" not in err for _, err in results)
    assert snapshot(output) == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "site"]
