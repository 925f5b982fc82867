"""A small threaded HTTP server for a built site, answering missing paths with its 404.html."""

from __future__ import annotations

import contextlib
import sys
import threading
from collections.abc import Iterator
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


def _handler_for(folder: Path, prefix: str) -> type[SimpleHTTPRequestHandler]:
    """A request handler serving `folder` under the URL path `prefix` (which ends with '/')."""

    class SiteHandler(SimpleHTTPRequestHandler):
        def __init__(self, *arguments, **keywords):
            super().__init__(*arguments, directory=str(folder), **keywords)

        def translate_path(self, path: str) -> str:
            if not path.startswith(prefix):
                return str(folder / ".no-such-file")  # outside the site's base path
            return super().translate_path("/" + path[len(prefix):])

        def send_error(self, code, message=None, explain=None):
            not_found_page = folder / "404.html"
            if code != HTTPStatus.NOT_FOUND or not not_found_page.is_file():
                return super().send_error(code, message, explain)
            body = not_found_page.read_bytes()
            self.send_response(code)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def log_message(self, format, *arguments):  # keep the test output readable
            pass

    return SiteHandler


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A browser that navigates away closes connections mid-answer; that is not an error.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve_folder(folder: Path, prefix: str = "/") -> Iterator[str]:
    """Serve `folder` on 127.0.0.1 on a free port in a background thread; yield its base URL."""
    server = _QuietServer(("127.0.0.1", 0), _handler_for(folder, prefix))
    thread = threading.Thread(target=server.serve_forever, name=f"serve {folder}", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
