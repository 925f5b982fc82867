"""The editor's guard on its own: which hosts, origins, bodies and paths pass."""

from __future__ import annotations

import os

import pytest

from sitegen.editor import with_editor
from sitegen.editor.guard import Guard, Refused, content_path


def call(guard, **headers):
    environ = {"REQUEST_METHOD": "POST", "HTTP_HOST": "127.0.0.1:8000", "HTTP_ORIGIN": "http://127.0.0.1:8000",
               "CONTENT_TYPE": "application/json", "HTTP_X_EDITOR_TOKEN": guard.token, "CONTENT_LENGTH": "2"}
    environ.update(headers)
    guard.check_api_call(environ)


def test_a_right_call_passes_and_each_wrong_part_is_refused():
    guard = Guard(8000)
    call(guard)
    call(guard, HTTP_HOST="localhost:8000", HTTP_ORIGIN="http://localhost:8000")
    for wrong in ({"HTTP_HOST": "127.0.0.1:8001"}, {"HTTP_HOST": "evil.example:8000"},
                  {"HTTP_ORIGIN": "http://localhost:8000"}, {"HTTP_ORIGIN": "https://127.0.0.1:8000"},
                  {"HTTP_X_EDITOR_TOKEN": guard.token[:-1]}, {"HTTP_X_EDITOR_TOKEN": ""},
                  {"CONTENT_TYPE": "text/plain"}, {"REQUEST_METHOD": "GET"}, {"CONTENT_LENGTH": str(1 << 30)}):
        with pytest.raises(Refused):
            call(guard, **wrong)


def test_each_session_has_its_own_token():
    assert Guard(8000).token != Guard(8000).token and len(Guard(8000).token) >= 40


def test_content_paths(tmp_path):
    root = tmp_path / "content"
    (root / "pages/it").mkdir(parents=True)
    (root / "pages/it/progetto.md").write_text("x")
    assert content_path(root, "pages/it/progetto.md") == root / "pages/it/progetto.md"
    assert content_path(root, "pages/it/nuova.md") == root / "pages/it/nuova.md"  # need not exist yet
    os.symlink(root / "pages/it", root / "pages/inside")  # even a link that stays inside is refused
    os.symlink(tmp_path, root / "out")
    for path in ("../x", "pages/../../x", "/etc/passwd", "pages\\it\\x.md", ".trash/x.md", "pages/.x.md", "",
                 "pages//it/x.md", "out/x.md", "pages/inside/progetto.md", "c:/x", None, 3, "a\0b"):
        with pytest.raises(Refused):
            content_path(root, path)


def test_there_is_no_editor_on_an_address_other_than_the_loopback(tmp_path):
    def app(environ, start_response):
        return []

    assert with_editor(app, None, "0.0.0.0", 8000, log=lambda *_: None) is app
    assert with_editor(app, None, "192.168.1.5", 8000, log=lambda *_: None) is app
