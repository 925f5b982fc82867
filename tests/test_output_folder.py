"""The output folder is replaced only if a build of ours made it; files beside the site come from content/files/."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, run_build, snapshot
from sitegen import write
from sitegen.errors import BuildError, display_path
from sitegen.site_files import load_site_files
from sitegen.write import SITE_MARKER, Staging, check_replaceable

TODAY = ["--today", "2012-11-26", "--no-cache"]


def build(content: Path, output: Path):
    return run_build("--content", str(content), "--output", str(output), *TODAY)


def own_folder(folder: Path) -> dict[str, bytes]:
    """A folder of someone's own documents, with subfolders and a hidden file; what it holds."""
    (folder / "Lavoro" / "2012").mkdir(parents=True)
    (folder / "lettera.odt").write_bytes(b"PK\x03\x04 a letter")
    (folder / "Lavoro" / "2012" / "bilancio.ods").write_bytes(b"PK\x03\x04 the accounts")
    (folder / ".hidden-settings").write_text("keep me")
    return snapshot(folder)


def mtimes(folder: Path) -> dict[Path, int]:
    return {path: path.lstat().st_mtime_ns for path in [folder, *folder.rglob("*")]}


def staged_site(output: Path, files: dict[str, bytes]) -> Staging:
    staging = Staging(output)
    for relative, data in files.items():
        staging.write(relative, data)
    return staging


def publish(output: Path, files: dict[str, bytes]) -> None:
    staging = staged_site(output, files)
    try:
        staging.swap()
    finally:
        staging.discard()


PAGES = {"index.html": b"<h1>home</h1>", "it/index.html": b"<h1>casa</h1>"}


# --- through the command line ----------------------------------------------------------------


def test_own_folder_with_files_is_refused_and_left_byte_identical(basic_site, tmp_path):
    documents = tmp_path / "Documenti"
    before, times = own_folder(documents), mtimes(documents)
    result = build(basic_site, documents)
    assert result.code == 1, result.err
    assert "Traceback" not in result.err
    assert f"{display_path(documents)}: the output folder is not empty and was not made by sitegen" in result.err
    assert "choose another --output (the default is site/)" in result.err
    assert "empty it yourself" in result.err
    assert "(CNAME, .nojekyll, verification files) go in content/files/" in result.err
    assert snapshot(documents) == before
    assert mtimes(documents) == times
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Documenti", "content"], "a staging folder was left"


def test_empty_folder_is_built_into(basic_site, tmp_path):
    output = tmp_path / "empty"
    output.mkdir()
    result = build(basic_site, output)
    assert result.code == 0, result.err
    assert (output / "it" / "index.html").is_file() and (output / SITE_MARKER).is_file()


def test_missing_folder_is_built_into(basic_site, tmp_path):
    output = tmp_path / "not" / "there" / "yet"
    result = build(basic_site, output)
    assert result.code == 0, result.err
    assert (output / "it" / "index.html").is_file() and (output / SITE_MARKER).is_file()


@pytest.mark.parametrize("umask", ["077", "002", "022"])
def test_the_site_is_readable_by_a_web_server_whatever_the_umask_of_the_build(basic_site, tmp_path, umask):
    output = tmp_path / "site"
    command = f"umask {umask} && exec \"$0\" \"$@\""
    completed = subprocess.run(["sh", "-c", command, sys.executable, str(ROOT / "build.py"), "--content",
                                str(basic_site), "--output", str(output), *TODAY], capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr
    modes = {path.relative_to(output): stat.S_IMODE(path.stat().st_mode) for path in [output, *output.rglob("*")]}
    assert {path for path, mode in modes.items() if (output / path).is_dir() and mode != 0o755} == set()
    assert {path for path, mode in modes.items() if (output / path).is_file() and mode != 0o644} == set()
    assert len(modes) > 20


def test_site_built_by_us_carries_the_marker_and_is_replaced_on_the_next_build(basic_site, tmp_path):
    output = tmp_path / "site"
    assert build(basic_site, output).code == 0
    built = snapshot(output)
    marker = json.loads(built[SITE_MARKER])
    assert marker["generator"] == "sitegen" and marker["files"] == len(built) - 1
    (output / "stale.html").write_text("left over")
    result = build(basic_site, output)
    assert result.code == 0, result.err
    assert snapshot(output) == built
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "site"]


def test_same_content_gives_a_byte_identical_marker(basic_site, tmp_path):
    assert build(basic_site, tmp_path / "one").code == 0
    assert build(basic_site, tmp_path / "two").code == 0
    assert (tmp_path / "one" / SITE_MARKER).read_bytes() == (tmp_path / "two" / SITE_MARKER).read_bytes()


def test_site_whose_marker_was_deleted_is_refused(basic_site, tmp_path):
    output = tmp_path / "site"
    assert build(basic_site, output).code == 0
    (output / SITE_MARKER).unlink()
    before = snapshot(output)
    result = build(basic_site, output)
    assert result.code == 1
    assert f"{display_path(output)}: the output folder is not empty and was not made by sitegen" in result.err
    assert snapshot(output) == before


def test_file_at_output_is_refused(basic_site, tmp_path):
    output = tmp_path / "site"
    output.write_text("not a folder")
    result = build(basic_site, output)
    assert result.code == 1
    assert f"{display_path(output)}: the output path exists and is not a folder" in result.err
    assert output.read_text() == "not a folder"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "site"]


# --- the staging folder itself ---------------------------------------------------------------


def test_refused_folder_is_checked_before_anything_is_created_or_removed_beside_it(tmp_path):
    documents = tmp_path / "Documenti"
    before = own_folder(documents)
    leftover = tmp_path / ".Documenti.building-999999-abc"  # a killed build's, normally cleaned up
    leftover.mkdir()
    with pytest.raises(BuildError) as refused:
        Staging(documents)
    [problem] = refused.value.problems
    assert problem.path == display_path(documents) and "content/files/" in problem.expected
    assert snapshot(documents) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [leftover.name, "Documenti"]


def test_missing_and_empty_folders_and_a_folder_with_only_the_marker_are_replaceable(tmp_path):
    check_replaceable(tmp_path / "missing")
    (tmp_path / "empty").mkdir()
    check_replaceable(tmp_path / "empty")
    (tmp_path / "marked").mkdir()
    (tmp_path / "marked" / SITE_MARKER).write_text("{}")
    check_replaceable(tmp_path / "marked")


def test_a_folder_named_like_the_marker_does_not_make_a_folder_ours(tmp_path):
    (tmp_path / "out" / SITE_MARKER).mkdir(parents=True)
    with pytest.raises(BuildError):
        check_replaceable(tmp_path / "out")


def test_a_link_to_a_folder_of_ones_own_is_refused(tmp_path):
    before = own_folder(tmp_path / "Documenti")
    (tmp_path / "site").symlink_to(tmp_path / "Documenti")
    with pytest.raises(BuildError):
        Staging(tmp_path / "site")
    assert snapshot(tmp_path / "Documenti") == before


def test_marker_is_part_of_the_site_so_an_unchanged_site_is_recognised(tmp_path):
    output = tmp_path / "site"
    publish(output, PAGES)
    assert snapshot(output) == {**PAGES, SITE_MARKER: write.site_marker(len(PAGES))}
    again = staged_site(output, PAGES)
    try:
        assert again.unchanged()
    finally:
        again.discard()
    changed = staged_site(output, {**PAGES, "index.html": b"<h1>new home</h1>"})
    try:
        assert not changed.unchanged()
    finally:
        changed.discard()


@pytest.fixture(params=["renameat2", "two renames"])
def swap_method(request, monkeypatch):
    """The atomic exchange of Linux, and the fallback of other systems."""
    if request.param == "two renames":
        monkeypatch.setattr(write, "_renameat2", lambda: None)
    return request.param


def test_swap_refuses_a_folder_of_ones_own_put_at_output_after_staging_began(tmp_path, swap_method):
    output = tmp_path / "site"
    staging = staged_site(output, PAGES)
    before = own_folder(output)  # someone fills the folder while the site is being made
    with pytest.raises(BuildError):
        staging.swap()
    staging.discard()
    assert snapshot(output) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_folder_that_appears_between_the_recheck_and_the_rename_is_given_back(tmp_path, monkeypatch, swap_method):
    output = tmp_path / "site"
    publish(output, PAGES)
    staging = staged_site(output, {"index.html": b"<h1>next</h1>"})
    real_check = write.check_replaceable
    before = {}

    def check_then_lose_the_race(path):
        real_check(path)
        os.rename(output, tmp_path / "our-old-site")  # between the check and renameat2, the folder changes
        before.update(own_folder(output))

    monkeypatch.setattr(write, "check_replaceable", check_then_lose_the_race)
    with pytest.raises(BuildError) as refused:
        staging.swap()
    staging.discard()
    assert refused.value.problems[0].path == display_path(output)
    assert snapshot(output) == before, "the folder of one's own was deleted or changed"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["our-old-site", "site"]


# --- content/files/ --------------------------------------------------------------------------


@pytest.fixture
def content(tmp_path) -> Path:
    root = tmp_path / "content"
    (root / "files").mkdir(parents=True)
    (root / "pages").mkdir()
    return root


def put(root: Path, relative: str, data: bytes = b"x") -> Path:
    path = root / "files" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_site_files_include_dotfiles_and_nested_files_byte_for_byte(content):
    put(content, "CNAME", b"www.example.org\n")
    put(content, ".nojekyll", b"")
    put(content, ".well-known/security.txt", b"Contact: mailto:security@example.org\r\n")
    put(content, "google1234.html", b"google-site-verification: google1234.html")
    files, problems = load_site_files(content)
    assert problems == []
    assert files == {"CNAME": b"www.example.org\n", ".nojekyll": b"",
                     ".well-known/security.txt": b"Contact: mailto:security@example.org\r\n",
                     "google1234.html": b"google-site-verification: google1234.html"}


def test_site_files_skip_editor_and_system_leftovers(content):
    put(content, "CNAME")
    for leftover in ("CNAME~", ".CNAME.swp", ".DS_Store", "Thumbs.db", ".well-known/.DS_Store",
                     ".well-known/security.txt~", ".git/config"):
        put(content, leftover)
    files, problems = load_site_files(content)
    assert (sorted(files), problems) == (["CNAME"], [])


def test_without_a_files_folder_there_is_nothing_to_publish(tmp_path):
    assert load_site_files(tmp_path / "content") == ({}, [])


def test_a_link_out_of_content_is_a_problem_naming_it(content, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("password")
    (content / "files" / "notes.txt").symlink_to(secret)
    (content / "files" / "elsewhere").symlink_to(tmp_path, target_is_directory=True)
    files, problems = load_site_files(content)
    assert files == {}
    assert sorted(p.path for p in problems) == sorted(display_path(content / "files" / name)
                                                       for name in ("elsewhere", "notes.txt"))
    assert all("outside the content folder" in p.message and p.expected for p in problems)


def test_a_link_inside_content_is_published_as_its_target(content):
    (content / "pages" / "robots.txt").write_text("User-agent: *\n")
    (content / "files" / "robots.txt").symlink_to(content / "pages" / "robots.txt")
    assert load_site_files(content) == ({"robots.txt": b"User-agent: *\n"}, [])


def test_a_dangling_link_is_a_problem_naming_it(content):
    put(content, "CNAME")
    (content / "files" / "gone.html").symlink_to(content / "files" / "deleted.html")
    files, problems = load_site_files(content)
    assert sorted(files) == ["CNAME"]
    [problem] = problems
    assert problem.path == display_path(content / "files" / "gone.html")
    assert "leads to nothing" in problem.message and problem.expected


def test_a_link_to_a_folder_that_contains_it_is_a_problem(content):
    put(content, "sub/page.html")
    (content / "files" / "sub" / "again").symlink_to(content / "files", target_is_directory=True)
    files, problems = load_site_files(content)
    assert sorted(files) == ["sub/page.html"]
    assert [p.path for p in problems] == [display_path(content / "files" / "sub" / "again")]


def test_names_with_a_backslash_or_a_control_character_are_problems(content):
    put(content, "back\\slash.html")
    put(content, "tab\there.html")
    files, problems = load_site_files(content)
    assert files == {}
    assert sorted(p.path for p in problems) == sorted(display_path(content / "files" / name)
                                                       for name in ("back\\slash.html", "tab\there.html"))
    assert all("rename it" in p.expected for p in problems)


def test_a_file_that_cannot_be_read_is_a_problem(content, monkeypatch):
    locked = put(content, "locked.html")
    real_read_bytes = Path.read_bytes

    def read_bytes(path):  # as chmod 000 does for anyone but root
        if path == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    files, problems = load_site_files(content)
    assert files == {}
    assert [p.path for p in problems] == [display_path(locked)]
    assert "cannot be read (Permission denied)" in problems[0].message and problems[0].expected


def test_a_pipe_is_a_problem_and_is_not_read(content):
    os.mkfifo(content / "files" / "pipe")  # reading it would wait forever
    files, problems = load_site_files(content)
    assert files == {} and [p.path for p in problems] == [display_path(content / "files" / "pipe")]


def test_the_marker_name_is_reserved(content):
    put(content, SITE_MARKER)
    files, problems = load_site_files(content)
    assert files == {} and [p.path for p in problems] == [display_path(content / "files" / SITE_MARKER)]
