"""Who may talk to the editor, and which files it may touch.

The editor writes into content/, so every request is checked before anything else runs:
the Host must be the loopback address and port the server listens on (a page of another
site whose name was made to point at 127.0.0.1 — DNS rebinding — sends its own name), and
every request that reads or writes content through the API must carry the session's
random token, an Origin of this server and a JSON body. Paths sent by the browser are
resolved and must stay inside content/.
"""

from __future__ import annotations

import hmac
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

LOOPBACK_HOSTS = ("127.0.0.1", "localhost")
TOKEN_HEADER = "HTTP_X_EDITOR_TOKEN"  # the WSGI name of the X-Editor-Token header
MAX_REQUEST_BYTES = 24 * 1024 * 1024  # the largest upload (uploads.py) as JSON (base64), with room


class Refused(Exception):
    """A request the editor does not serve: (HTTP status, reason shown to the person)."""

    def __init__(self, status: str, reason: str):
        super().__init__(reason)
        self.status, self.reason = status, reason


@dataclass(frozen=True)
class Guard:
    """The checks of one server session: its port and its token."""

    port: int
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))

    @property
    def allowed_hosts(self) -> tuple[str, ...]:
        return tuple(f"{host}:{self.port}" for host in LOOPBACK_HOSTS)

    def check_host(self, environ: dict) -> None:
        """Refuse a request whose Host header is not this server's loopback address."""
        if environ.get("HTTP_HOST", "") not in self.allowed_hosts:
            raise Refused("421 Misdirected Request", "the editor answers only at http://127.0.0.1:"
                          f"{self.port}/_editor/")

    def check_api_call(self, environ: dict) -> None:
        """Refuse an API call without the token, from another origin, or whose body is not JSON."""
        self.check_host(environ)
        if environ.get("REQUEST_METHOD") != "POST":
            raise Refused("405 Method Not Allowed", "the editor's API takes POST requests only")
        sent = environ.get(TOKEN_HEADER, "")
        if not hmac.compare_digest(sent.encode(), self.token.encode()):
            raise Refused("403 Forbidden", "missing or wrong editor token: reload the editor page")
        origin = environ.get("HTTP_ORIGIN", "")
        if origin != f"http://{environ.get('HTTP_HOST', '')}":
            raise Refused("403 Forbidden", "the request comes from another site")
        kind = environ.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
        if kind != "application/json":
            raise Refused("415 Unsupported Media Type", "the editor's API takes JSON only")
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            raise Refused("400 Bad Request", "unreadable Content-Length") from None
        if length > MAX_REQUEST_BYTES:
            raise Refused("413 Content Too Large", "the request is too large")


def content_path(root: Path, relative: object) -> Path:
    """The file named by a path inside content/ ("pages/it/progetto.md"), or Refused.

    Only plain relative paths with forward slashes; no part may be empty, '.', '..' or
    hidden; the path resolved (symbolic links followed) must still be inside content/."""
    if not isinstance(relative, str) or not relative or len(relative) > 400:
        raise Refused("400 Bad Request", "a path inside content/ is expected")
    if "\\" in relative or "\0" in relative or relative.startswith("/") or ":" in relative:
        raise Refused("403 Forbidden", f"the path {relative!r} is not allowed")
    parts = PurePosixPath(relative).parts
    if any(part in ("", ".", "..") or part.startswith(".") for part in parts) or "//" in relative:
        raise Refused("403 Forbidden", f"the path {relative!r} is not allowed")
    path = Path(os.path.join(os.fspath(root), *parts))  # named as the scan names it (load/files.py)
    real_root = Path(os.path.realpath(root))
    if not Path(os.path.realpath(path)).is_relative_to(real_root):
        raise Refused("403 Forbidden", f"the path {relative!r} leads outside content/")
    for parent in [path, *path.parents]:  # no link anywhere on the way, even one that stays inside
        if parent == Path(root) or len(parent.parts) <= len(Path(root).parts):
            break
        if parent.is_symlink():
            raise Refused("403 Forbidden", f"the path {relative!r} goes through a symbolic link")
    return path
