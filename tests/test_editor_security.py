"""The editor's door: only this machine's browser, with the session's token, from the editor's
own page, in JSON, inside content/ — everything else is refused and writes nothing."""

from __future__ import annotations

import os

import pytest
from conftest import snapshot
from editor_server import start_editor, stop_editor


@pytest.fixture
def editor(real_content):
    server = start_editor(real_content)
    yield server
    stop_editor(server)


def opened(editor, path="pages/it/progetto.md"):
    answer = editor.api("open", {"path": path})
    assert answer.status == 200, answer.body
    return answer.json()


def title_save(editor, title="Titolo cambiato"):
    document = opened(editor)
    return {"path": document["path"], "hash": document["hash"], "body": document["body"],
            "values": {**document["values"], "title": title}}


def test_a_save_with_everything_right_writes(editor):
    answer = editor.api("save", title_save(editor))
    assert answer.status == 200, answer.body
    assert "title: Titolo cambiato\n" in (editor.content / "pages/it/progetto.md").read_text()


@pytest.mark.parametrize("overrides", [
    {"X-Editor-Token": None},
    {"X-Editor-Token": "not-the-token"},
    {"Origin": None},
    {"Origin": "http://evil.example"},
    {"Origin": "http://127.0.0.1:1"},
    {"Origin": "null"},
    {"Host": "evil.example"},
    {"Host": "rebound.example:{port}"},
    {"Content-Type": "application/x-www-form-urlencoded"},
    {"Content-Type": "text/plain"},
    {"Content-Type": "multipart/form-data; boundary=x"},
], ids=lambda overrides: "-".join(f"{k}={v}" for k, v in overrides.items()))
def test_a_write_missing_any_condition_is_refused_and_writes_nothing(editor, overrides):
    payload = title_save(editor)
    before = snapshot(editor.content)
    overrides = {key: value.format(port=editor.port) if value else value for key, value in overrides.items()}
    answer = editor.api("save", payload, **overrides)
    assert answer.status in (400, 403, 415, 421), (answer.status, answer.body)  # 400: tornado refuses it first
    assert snapshot(editor.content) == before


def test_a_form_encoded_body_is_refused(editor):
    before = snapshot(editor.content)
    body = b"path=pages%2Fit%2Fprogetto.md&values=x"
    answer = editor.request("POST", "/_editor/api/save", body, {
        "Host": f"127.0.0.1:{editor.port}", "Origin": editor.origin, "X-Editor-Token": editor.token,
        "Content-Type": "application/x-www-form-urlencoded"})
    assert answer.status == 415
    assert snapshot(editor.content) == before


def test_reads_need_the_token_too(editor):
    answer = editor.api("open", {"path": "settings.yml"}, X_Editor_Token=None)
    assert answer.status == 403
    assert b"base_url" not in answer.body


def test_a_get_of_the_api_is_refused(editor):
    answer = editor.request("GET", "/_editor/api/list", headers={"Host": f"127.0.0.1:{editor.port}"})
    assert answer.status == 405


def test_the_editor_page_is_not_served_to_a_foreign_host(editor):
    answer = editor.request("GET", "/_editor/", headers={"Host": f"evil.example:{editor.port}"})
    assert answer.status == 421
    assert editor.token.encode() not in answer.body


@pytest.mark.parametrize("path", [
    "../settings.yml", "pages/../../x.md", "/etc/passwd", "pages\\it\\progetto.md", "pages/it/../../../x.md",
    ".trash/x.md", "pages/it/.hidden.md", "C:/x.md", "", "pages//it/progetto.md", "pages/it/link.md",
    "LEGGIMI.md", "files/x.md", "pages/xx/progetto.md",
])
def test_paths_that_leave_content_or_name_no_editable_file_are_refused(editor, path, tmp_path):
    outside = tmp_path / "outside.md"
    outside.write_text("---\ntitle: fuori\n---\n")
    os.symlink(outside, editor.content / "pages/it/link.md")
    before, outside_before = snapshot(editor.content), outside.read_bytes()
    for action in ("open", "save", "preview"):
        answer = editor.api(action, {"path": path, "hash": "", "values": {"title": "x"}, "body": "x"})
        assert answer.status in (400, 403, 404), (action, path, answer.status, answer.body)
    assert snapshot(editor.content) == before
    assert outside.read_bytes() == outside_before


def test_a_symlinked_folder_out_of_content_is_refused(editor, tmp_path):
    outside = tmp_path / "elsewhere"
    (outside / "it").mkdir(parents=True)
    (outside / "it" / "x.md").write_text("---\ntitle: fuori\n---\n")
    os.symlink(outside, editor.content / "news" / "fuori")
    answer = editor.api("save", {"path": "news/fuori/it/x.md", "hash": "", "values": {"title": "y"}})
    assert answer.status == 403
    answer = editor.api("create", {"folder": "news", "key": "../../x", "texts": {}})
    assert answer.status == 422
    assert (outside / "it" / "x.md").read_text() == "---\ntitle: fuori\n---\n"


def test_editor_pages_carry_a_strict_policy_and_no_inline_script(editor):
    page = editor.request("GET", "/_editor/", headers={"Host": f"127.0.0.1:{editor.port}"})
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "default-src 'none'" in policy
    assert b"<script>" not in page.body and b"<style" not in page.body and b" on" not in page.body.lower()
    assert page.headers["x-frame-options"] == "DENY"


def test_the_live_preview_runs_no_script(editor):
    answer = editor.api("preview", title_save(editor, "Anteprima"))
    assert answer.status == 200, answer.body
    page = editor.request("GET", answer.json()["url"], headers={"Host": f"127.0.0.1:{editor.port}"})
    assert page.status == 200 and b"Anteprima" in page.body
    assert "script-src 'none'" in page.headers["content-security-policy"]


def test_uploads_are_taken_for_what_their_bytes_are_and_only_if_the_build_would_publish_them(editor):
    import base64
    import io

    from PIL import Image

    def upload(name, data):
        return editor.api("upload", {"name": name, "data": base64.b64encode(data).decode()})

    script_svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    broken_png = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
    files_before = snapshot(editor.content / "files")
    for name, data in (("logo.svg", script_svg), ("logo.png", script_svg), ("page.png", b"<html>not an image</html>"),
                       ("rotta.png", broken_png)):
        answer = upload(name, data)
        assert answer.status == 422, (name, answer.body)
    assert snapshot(editor.content / "files") == files_before
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(buffer, "PNG")
    answer = upload("../../Logo Nuovo.PNG", buffer.getvalue())
    assert answer.status == 200, answer.body
    assert answer.json()["url"] == "logo-nuovo.png"  # as Markdown names it: ![alt](logo-nuovo.png)
    assert (editor.content / "files" / "logo-nuovo.png").read_bytes() == buffer.getvalue()
    inert = b'<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"><rect width="20" height="10"/></svg>'
    assert upload("Fregio.svg", inert).status == 200
    assert (editor.content / "files" / "fregio.svg").read_bytes() == inert


def test_the_preview_pages_are_not_served_to_a_foreign_host_either(editor):
    assert editor.request("GET", "/it/", headers={"Host": f"127.0.0.1:{editor.port}"}).status == 200
    answer = editor.request("GET", "/it/", headers={"Host": f"rebound.example:{editor.port}"})
    assert answer.status == 421 and b"DRIADE" not in answer.body


def test_a_malformed_request_is_refused_without_writing(editor):
    before = snapshot(editor.content)
    for payload in ({"path": "settings.yml", "hash": "", "values": []}, {"path": ["x"]},
                    {"path": "pages/it/progetto.md", "hash": "", "values": {}, "body": 3}):
        answer = editor.api("save", payload)
        assert answer.status in (400, 403, 409, 422), answer.body
    answer = editor.request("POST", "/_editor/api/save", b"{not json", {
        "Host": f"127.0.0.1:{editor.port}", "Origin": editor.origin, "X-Editor-Token": editor.token,
        "Content-Type": "application/json"})
    assert answer.status == 400
    assert snapshot(editor.content) == before


def test_the_live_preview_follows_each_change_of_the_form(editor):
    for title in ("Prima anteprima", "Seconda anteprima", "Terza anteprima"):
        answer = editor.api("preview", title_save(editor, title))
        assert answer.status == 200, answer.body
        page = editor.request("GET", answer.json()["url"], headers={"Host": f"127.0.0.1:{editor.port}"})
        assert title.encode() in page.body
