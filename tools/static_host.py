"""A static host on 127.0.0.1 that serves a built site as GitHub Pages or Netlify do.

``dir/`` is ``dir/index.html``, ``dir`` redirects to ``dir/``, a missing path gets
the site's ``404.html`` with status 404, text is gzip-compressed when the browser
accepts it, and responses may be cached for ten minutes. The browser tests, the
page weights and Lighthouse all load the site through it; with a base path
(``/site/``, as ``BPD_BASE_URL`` publishes it) the site is served under that path.

It serves ``_build/site`` as it is, assembled, and builds nothing, so what the
tests and measurements load is what readers get; the live preview (``nox -s serve``,
``tools/preview.py``) serves the same tree through a subclass that adds its reload
script to the pages it sends and lets nothing be cached.
"""

from __future__ import annotations

import contextlib
import gzip
import http.server
import mimetypes
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml",
                "application/xml")  # fmt: skip
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".gif": "image/gif",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".map": "application/json",
}


def gzipped(data: bytes) -> bytes:
    """``data`` as a static host sends it: gzip, level 9, no timestamp."""
    return gzip.compress(data, compresslevel=9, mtime=0)


class StaticHost(http.server.BaseHTTPRequestHandler):
    """Serves a built site the way GitHub Pages or Netlify do: ``dir/`` is
    ``dir/index.html``, ``dir`` redirects to ``dir/``, a missing path gets the
    site's ``404.html`` with status 404, text is gzip-compressed when the
    browser accepts it, and responses may be cached for ten minutes."""

    site: Path
    base_path: str = "/"
    protocol_version = "HTTP/1.1"
    cache_control = "max-age=600"
    compress = True
    _gzip_cache: dict[Path, bytes]

    def log_message(self, format: str, *args) -> None:  # quiet
        pass

    def do_HEAD(self) -> None:
        self._respond(body=False)

    def do_GET(self) -> None:
        self._respond(body=True)

    def content(self, file: Path) -> bytes:
        """What is sent of ``file``: its bytes."""
        return file.read_bytes()

    def _resolve(self) -> tuple[int, Path | None, str | None]:
        path = unquote(urlsplit(self.path).path)
        if not path.startswith(self.base_path):
            return 404, self.site / "404.html", None
        path = "/" + path.removeprefix(self.base_path)
        parts = [part for part in path.split("/") if part not in ("", ".", "..")]
        target = self.site.joinpath(*parts)
        if target.is_dir():
            if not path.endswith("/"):
                return 301, None, self.base_path + path.lstrip("/") + "/"
            target = target / "index.html"
        if target.is_file():
            return 200, target, None
        return 404, self.site / "404.html", None

    def _respond(self, body: bool) -> None:
        status, file, location = self._resolve()
        if location is not None:
            self.send_response(status)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if file is None or not file.is_file():
            data, content_type = b"not found", "text/plain"
        else:
            data = self.content(file)
            content_type = TYPES.get(file.suffix) or (
                mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            )
        encoding = None
        if (
            self.compress
            and content_type.startswith(COMPRESSIBLE)
            and "gzip" in self.headers.get("Accept-Encoding", "")
        ):
            key = file if file is not None else Path("-")
            cached = self._gzip_cache.get(key)
            if cached is None:
                cached = self._gzip_cache[key] = gzipped(data)
            data, encoding = cached, "gzip"
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", self.cache_control)
        self.send_header("Vary", "Accept-Encoding")
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.end_headers()
        if body:
            self.wfile.write(data)


@contextlib.contextmanager
def serve(
    site: Path, port: int = 0, base_path: str = "/", host: type[StaticHost] = StaticHost
) -> Iterator[str]:
    """Serve ``site`` on 127.0.0.1 under ``base_path`` (``port`` 0: any free one) with
    ``host`` (a subclass of ``StaticHost``); yields the site's URL."""
    base_path = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
    handler = type(
        "SiteHost",
        (host,),
        {"site": Path(site).resolve(), "base_path": base_path, "_gzip_cache": {}},
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{base_path}"
    finally:
        server.shutdown()
        server.server_close()
