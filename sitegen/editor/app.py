"""The editor at /_editor/ of the preview server: its page, its assets and its JSON API.

Every request passes the guard (guard.py) first. Reads and writes go through the API:
POST, JSON, the session token, this server's Origin. A save runs the build's validation on
what the file would hold (checking.py) and writes only if the build finds no problem.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import secrets
from collections import OrderedDict
from pathlib import Path
from urllib.parse import parse_qs

from ..config import BuildOptions
from ..errors import display_path
from ..load.content import DOCUMENT_FOLDERS, ParseMemo
from ..load.files import Sources
from ..model.site import Body
from ..schema.types import DATA_FILES
from . import catalogue, entries
from .checking import Baseline, checked_site_problems, judge, with_file
from .documents import split_document
from .forms import describe, values_from_form
from .guard import Guard, Refused, content_path
from .page import asset, editor_headers, editor_page, preview_headers
from .storage import digest, read_bytes, write_atomically
from .uploads import UploadRefused, site_files, store_upload
from .yamledit import NotEditable, apply, load_tree, plain

PREFIX = "/_editor/"
PREVIEWS_KEPT = 16


class Editor:
    """The editor of one preview server session (options as the preview uses them)."""

    def __init__(self, options: BuildOptions, port: int, log=print):
        self.options, self.log = options, log
        self.root = Path(options.content)
        self.guard = Guard(port)
        self.memo = ParseMemo()
        self.baseline = Baseline()  # the problems of content/ as last judged
        self.scan: Sources | None = None
        self.previews: OrderedDict[str, bytes] = OrderedDict()
        self.scratch = None  # serve.Preview of would-be sources, made at the first preview

    # -- HTTP ---------------------------------------------------------------------------

    def handles(self, path: str) -> bool:
        return path == PREFIX.rstrip("/") or path.startswith(PREFIX)

    def wsgi(self, environ, start_response):
        status, headers, body = self.respond(environ)
        start_response(status, headers + [("Content-Length", str(len(body)))])
        return [body]

    def respond(self, environ) -> tuple[str, list, bytes]:
        path = environ.get("PATH_INFO", "")
        try:
            self.guard.check_host(environ)
            if path.startswith(PREFIX + "api/"):
                self.guard.check_api_call(environ)
                return self._api(path[len(PREFIX + "api/"):], _read_json(environ))
            if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
                raise Refused("405 Method Not Allowed", "only GET here")
            if path in (PREFIX, PREFIX.rstrip("/")):
                lang = parse_qs(environ.get("QUERY_STRING", "")).get("lang", ["it"])[0]
                return "200 OK", editor_headers("text/html; charset=utf-8"), editor_page(lang, self.guard.token)
            if path.startswith(PREFIX + "static/"):
                found = asset(path[len(PREFIX + "static/"):])
                if found:
                    return "200 OK", editor_headers(found[1]), found[0]
            if path.startswith(PREFIX + "preview/") and path[len(PREFIX + "preview/"):] in self.previews:
                return "200 OK", preview_headers(), self.previews[path[len(PREFIX + "preview/"):]]
            raise Refused("404 Not Found", "not found")
        except Refused as refused:
            return refused.status, editor_headers("application/json"), _json({"error": refused.reason})

    def _api(self, action: str, request: dict) -> tuple[str, list, bytes]:
        handler = getattr(self, "api_" + action.replace("-", "_"), None) if action.isidentifier() else None
        if handler is None:
            raise Refused("404 Not Found", f"no API action {action!r}")
        try:
            status, answer = handler(request)
        except (NotEditable, entries.EntryRefused, UploadRefused) as error:
            status, answer = "422 Unprocessable Content", {"error": str(error)}
        except Refused:
            raise
        except Exception as error:  # noqa: BLE001 - a bug must not stop the preview, nor show a traceback
            self.log(f"Editor: {action} failed: {type(error).__name__}: {error}")
            status, answer = "500 Internal Server Error", {"error": f"the editor failed: {type(error).__name__}: "
                                                                   f"{error}; nothing was written"}
        return status, editor_headers("application/json"), _json(answer)

    # -- reading ------------------------------------------------------------------------

    def api_list(self, request: dict):
        langs = catalogue.languages(self.root)
        listed = catalogue.entries(self.root, langs)
        return "200 OK", {
            "languages": list(langs), "data_files": list(DATA_FILES), "entries": listed,
            "missing": catalogue.missing_translations(self.root, langs, listed),
            "references": catalogue.references(self.root, listed, langs), "files": site_files(self.root)}

    def api_open(self, request: dict):
        path, kind = self._editable(request.get("path"))
        data = read_bytes(path)
        if data is None:
            raise Refused("404 Not Found", "the file does not exist")
        text = _text(data)
        answer = {"path": request["path"], "hash": digest(data), "kind": kind,
                  "schema": describe(self._group(request["path"], kind))}
        if kind == "data":
            answer["values"] = plain(load_tree(text).data)
        else:
            document = split_document(text)
            answer.update(values=plain(document.tree().data), body=document.body)
        return "200 OK", answer

    # -- writing ------------------------------------------------------------------------

    def api_save(self, request: dict):
        """Save one file, or several together ({"files": [...]}: a page and its translation),
        all judged by the build as one would-be site, all written or none."""
        items = request.get("files") if "files" in request else [request]
        if not isinstance(items, list) or not items or not all(isinstance(item, dict) for item in items):
            raise Refused("400 Bad Request", "'files' must be a list of files to save")
        prepared = []
        for item in items:
            path, kind = self._editable(item.get("path"))
            current = read_bytes(path)
            if current is None:
                raise Refused("404 Not Found", f"{item['path']} does not exist any more")
            wanted = self._would_be(item, kind, current)
            if digest(current) != item.get("hash"):
                return "409 Conflict", {"conflict": {"path": item["path"], "disk": _text(current),
                                                     "yours": wanted.decode("utf-8")}}
            prepared.append((item, path, current, wanted))
        verdict = judge(self.options, self.memo, self._scan(), {path: wanted for _, path, _, wanted in prepared},
                        self.baseline)
        if not verdict.ok:
            names = {display_path(path): item["path"] for item, path, _, _ in prepared}
            problems = [{"path": names[problem["file"]], "field": problem["field"], "problem": problem["problem"]}
                        for problem in verdict.fields]
            return "422 Unprocessable Content", {"problems": problems, "elsewhere": verdict.elsewhere}
        for item, path, _, wanted in prepared:
            if digest(read_bytes(path)) != item.get("hash"):  # changed while the build was checking
                return "409 Conflict", {"conflict": {"path": item["path"], "disk": _text(read_bytes(path) or b""),
                                                     "yours": wanted.decode("utf-8")}}
        saved = []
        for item, path, current, wanted in prepared:
            if wanted != current:
                write_atomically(path, wanted)
                self.log(f"Editor: saved {display_path(path)}")
            saved.append({"path": item["path"], "hash": digest(wanted), "changed": wanted != current})
        answer = {"files": saved, "changed": any(file["changed"] for file in saved)}
        return "200 OK", answer | ({"hash": saved[0]["hash"]} if len(saved) == 1 else {})

    def api_preview(self, request: dict):
        """The page as it would look with the form's values, rendered by the preview's renderer."""
        from ..serve import Preview

        path, kind = self._editable(request.get("path"))
        if kind != "document":
            raise Refused("400 Bad Request", "only pages and news items have a preview")
        current = read_bytes(path) or b""
        sources = with_file(self._scan(), path, self._would_be(request, kind, current))
        if self.scratch is None:
            self.scratch = Preview(self.options, log=lambda *_: None)
        changed = sources.changed(self.scratch.sources) if self.scratch.sources else [os.fspath(path)]
        self.scratch.reload(sources, changed or [os.fspath(path)])
        problems = [str(problem) for problem in self.scratch.problems]
        shown = display_path(path)
        page = next((page for page in self.scratch.pages.values()
                     if isinstance(page.body, Body) and page.body.source == shown), None)
        if problems or page is None:
            return "422 Unprocessable Content", {"problems": problems or ["nessuna pagina per questo file"]}
        data, found = self.scratch.file(page.output)
        if data is None:
            return "422 Unprocessable Content", {"problems": [str(problem) for problem in found]}
        key = secrets.token_urlsafe(12)
        # "</head >" is the same end tag, which the preview server's live-reload script is not
        # added before: a frame that reloads itself while staff type would only flicker.
        self.previews[key] = data.replace(b"</head>", b"</head >", 1)
        while len(self.previews) > PREVIEWS_KEPT:
            self.previews.popitem(last=False)
        return "200 OK", {"url": PREFIX + "preview/" + key}

    def api_create(self, request: dict):
        langs = catalogue.languages(self.root)
        files = entries.new_files(self.root, request.get("folder"), request.get("key"), langs,
                                  request.get("texts") or {})
        entries.create(files)
        self.log(f"Editor: created {', '.join(display_path(path) for path in files)}")
        return "200 OK", {"paths": [str(path.relative_to(self.root)) for path in files]}

    def api_rename(self, request: dict):
        langs = catalogue.languages(self.root)
        folder = request.get("folder")
        paths = entries.entry_paths(self.root, folder, request.get("key"), langs)
        new_paths = entries.entry_paths(self.root, folder, request.get("new_key"), langs)
        before = checked_site_problems(self.options)
        moves = entries.rename(paths, new_paths)
        added = self._new_problems(before)
        if added:
            entries.undo_rename(moves)
            return "422 Unprocessable Content", {"error": "; ".join(added)}
        return "200 OK", {"paths": [str(target.relative_to(self.root)) for _, target in moves]}

    def api_delete(self, request: dict):
        if request.get("confirm") is not True:
            raise Refused("400 Bad Request", "a deletion must be confirmed")
        langs = catalogue.languages(self.root)
        paths = entries.entry_paths(self.root, request.get("folder"), request.get("key"), langs)
        before = checked_site_problems(self.options)
        trash = entries.delete(self.root, paths)
        added = self._new_problems(before)
        if added:
            entries.undo_delete(self.root, trash)
            return "422 Unprocessable Content", {"error": "; ".join(added)}
        return "200 OK", {"trash": str(trash.relative_to(self.root))}

    def api_upload(self, request: dict):
        try:
            data = base64.b64decode(request.get("data") or "", validate=True)
        except (binascii.Error, TypeError):
            raise Refused("400 Bad Request", "the file's bytes must be sent in base64") from None
        return "200 OK", store_upload(self.root, str(request.get("name") or "file"), data)

    # -- helpers ------------------------------------------------------------------------

    def _editable(self, relative) -> tuple[Path, str]:
        """The file a request names, if staff may edit it here: ("data" or "document")."""
        path = content_path(self.root, relative)
        parts = relative.split("/")
        if len(parts) == 1 and relative in DATA_FILES:
            return path, "data"
        langs = catalogue.languages(self.root)
        if len(parts) == 3 and parts[0] in DOCUMENT_FOLDERS and parts[1] in langs and parts[2].endswith(".md"):
            return path, "document"
        raise Refused("403 Forbidden", f"{relative!r} is not a file the editor edits")

    def _group(self, relative: str, kind: str):
        return DATA_FILES[relative] if kind == "data" else DOCUMENT_FOLDERS[relative.split("/")[0]]

    def _would_be(self, request: dict, kind: str, current: bytes) -> bytes:
        """The bytes the file would hold with the request's values (and body)."""
        group = self._group(request["path"], kind)
        if not isinstance(request.get("values"), dict) or not isinstance(request.get("body", ""), str):
            raise Refused("400 Bad Request", "'values' must be an object and 'body' a text")
        values = values_from_form(group, request["values"])
        text = _text(current)
        if kind == "data":
            return apply(load_tree(text), values).encode("utf-8")
        body = request.get("body")
        document = split_document(text)
        return document.edited(values, body if isinstance(body, str) else document.body).encode("utf-8")

    def _scan(self) -> Sources:
        self.scan = Sources.scan(self.options.content, self.options.templates, previous=self.scan)
        return self.scan

    def _new_problems(self, before) -> list[str]:
        after = checked_site_problems(self.options)
        return [str(problem) for problem in after if problem not in set(before)]


def _text(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise NotEditable("it is not UTF-8 text") from None


def _read_json(environ) -> dict:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        found = json.loads(environ["wsgi.input"].read(length) or b"{}")
    except (ValueError, KeyError):
        raise Refused("400 Bad Request", "the body is not JSON") from None
    if not isinstance(found, dict):
        raise Refused("400 Bad Request", "the body must be a JSON object")
    return found


def _json(value) -> bytes:
    """JSON with '<' escaped, so that no text in it can be read as a tag (the preview server
    adds its reload script before the first '</head>' of any response)."""
    return json.dumps(value, ensure_ascii=False, default=str).replace("<", "\\u003c").encode("utf-8")
