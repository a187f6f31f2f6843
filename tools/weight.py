"""What a reader downloads: the weight of every page in every language.

Each page is loaded in Debian's Chromium (through Playwright) in a phone
viewport with an empty cache, from the built site served on 127.0.0.1. Every
response from the site is recorded with its size as it is (raw) and as a
static host serves it (each body compressed with gzip at level 9). The page
is measured twice:

- **first view**: everything the browser fetched after loading the page without
  scrolling (the HTML, CSS, JS, fonts, and the images a reader sees, plus any
  lazy image the browser chose to fetch early): what a first visit costs;
- **full page**: the same after scrolling to the bottom, every lazy image loaded.

Requests to any other host are blocked and counted: without remote avatars
there must be none.

    python -m tools.weight                      # _build/site, table on stdout
    python -m tools.weight --update BENCHMARKS.md
    nox -s weight                               # builds, measures, updates BENCHMARKS.md

This module also holds :func:`serve`, the small static host (gzip, 404 page,
cache headers) used by the browser tests, this tool and ``tools.lighthouse``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import gzip
import http.server
import mimetypes
import os
import platform
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent

#: Pages measured in every language (site-relative, as dirhtml writes them).
PAGES = ["", "about/", "initiatives/", "404/", "search/"]

#: The phone the weights are measured on (and the browser tests' phone).
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}

#: Chromium as the tests and tools run it: headless, no background traffic.
CHROMIUM = os.environ.get("BPD_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

START, END = "<!-- weight:start -->", "<!-- weight:end -->"

# -- A static host ------------------------------------------------------------

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
    protocol_version = "HTTP/1.1"
    _gzip_cache: dict[Path, bytes]

    def log_message(self, format: str, *args) -> None:  # quiet
        pass

    def do_HEAD(self) -> None:
        self._respond(body=False)

    def do_GET(self) -> None:
        self._respond(body=True)

    def _resolve(self) -> tuple[int, Path | None, str | None]:
        path = unquote(urlsplit(self.path).path)
        parts = [part for part in path.split("/") if part not in ("", ".", "..")]
        target = self.site.joinpath(*parts)
        if target.is_dir():
            if not path.endswith("/"):
                return 301, None, path + "/"
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
            data = file.read_bytes()
            content_type = TYPES.get(file.suffix) or (
                mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            )
        encoding = None
        if content_type.startswith(COMPRESSIBLE) and "gzip" in self.headers.get(
            "Accept-Encoding", ""
        ):
            key = file if file is not None else Path("-")
            cached = self._gzip_cache.get(key)
            if cached is None:
                cached = self._gzip_cache[key] = gzipped(data)
            data, encoding = cached, "gzip"
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "max-age=600")
        self.send_header("Vary", "Accept-Encoding")
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.end_headers()
        if body:
            self.wfile.write(data)


@contextlib.contextmanager
def serve(site: Path, port: int = 0) -> Iterator[str]:
    """Serve ``site`` on 127.0.0.1 (``port`` 0: any free one); yields the base URL."""
    handler = type("SiteHost", (StaticHost,), {"site": Path(site).resolve(), "_gzip_cache": {}})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


# -- Measuring -------------------------------------------------------------------


@dataclass
class Resource:
    url: str
    kind: str  # Playwright's resource type: document, stylesheet, script, image...
    raw: int
    gzip: int


@dataclass
class Weight:
    page: str  # site-relative URL: "pt-br/about/"
    base_url: str
    first_view: list[Resource] = field(default_factory=list)
    full_page: list[Resource] = field(default_factory=list)
    third_party: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    @staticmethod
    def total(resources: list[Resource], attribute: str) -> int:
        return sum(getattr(resource, attribute) for resource in resources)


def language_prefixes() -> list[str]:
    from tools.registry import languages, url_prefix

    return [url_prefix(language) for language in languages()]


def measure(browser, base_url: str, page_url: str) -> Weight:
    """Load one page with an empty cache; what it fetched before and after scrolling."""
    weight = Weight(page_url, base_url)
    recorded: list[Resource] = []
    pending = []
    context = browser.new_context(**PHONE)

    def offsite(route) -> None:
        weight.third_party.append(route.request.url)
        route.abort()

    context.route(lambda url: not url.startswith(base_url), offsite)
    page = context.new_page()

    def on_response(response) -> None:
        if response.url.startswith(base_url) and response.status < 300:
            pending.append(response)

    def on_failed(request) -> None:
        if request.url.startswith(base_url):
            weight.failed.append(f"{request.url}: {request.failure}")

    page.on("response", on_response)
    page.on("requestfailed", on_failed)

    def collect() -> None:
        while pending:
            response = pending.pop(0)
            try:
                body = response.body()
            except Exception as error:
                weight.failed.append(f"{response.url}: {error}")
                continue
            # A static host compresses text, and sends images and fonts as they are.
            compressible = response.headers.get("content-type", "").startswith(COMPRESSIBLE)
            size = len(gzipped(body)) if compressible else len(body)
            recorded.append(Resource(response.url, response.request.resource_type, len(body), size))

    response = page.goto(base_url + page_url, wait_until="load")
    if response is None or response.status >= 400:
        weight.failed.append(f"{page_url}: status {response.status if response else None}")
    page.wait_for_load_state("networkidle")
    collect()
    weight.first_view = list(recorded)
    # Scroll down a screen at a time, so every lazy image is reached.
    page.evaluate(
        """async () => {
            for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight / 2) {
                scrollTo(0, y);
                await new Promise(resolve => setTimeout(resolve, 50));
            }
            scrollTo(0, document.documentElement.scrollHeight);
            await Promise.all([...document.images].map(img => img.decode().catch(() => {})));
        }"""
    )
    page.wait_for_load_state("networkidle")
    collect()
    weight.full_page = list(recorded)
    context.close()
    return weight


def measure_site(site: Path, pages: list[str], prefixes: list[str]) -> list[Weight]:
    from playwright.sync_api import sync_playwright

    weights = []
    with serve(site) as base_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for prefix in prefixes:
                for page in pages:
                    weights.append(measure(browser, base_url, prefix + page))
        finally:
            browser.close()
    return weights


# -- Reporting -------------------------------------------------------------------


def kb(size: int) -> str:
    return f"{size / 1024:.1f}"


KINDS = {"document": "HTML", "stylesheet": "CSS", "script": "JS", "image": "images",
         "font": "fonts"}  # fmt: skip


def breakdown(resources: list[Resource]) -> str:
    totals: dict[str, int] = {}
    for resource in resources:
        kind = KINDS.get(resource.kind, "other")
        totals[kind] = totals.get(kind, 0) + resource.gzip
    return ", ".join(f"{kind} {kb(size)}" for kind, size in sorted(totals.items()))


def table(weights: list[Weight]) -> str:
    lines = [
        "| page | first view: requests | first view: gzip KB | first view: raw KB "
        "| full page: requests | full page: gzip KB | full page: raw KB | third-party |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for weight in weights:
        first, full = weight.first_view, weight.full_page
        lines.append(
            f"| /{weight.page} | {len(first)} | {kb(Weight.total(first, 'gzip'))} "
            f"| {kb(Weight.total(first, 'raw'))} | {len(full)} "
            f"| {kb(Weight.total(full, 'gzip'))} | {kb(Weight.total(full, 'raw'))} "
            f"| {len(weight.third_party)} |"
        )
    return "\n".join(lines)


def details(weight: Weight) -> str:
    lines = [
        "| resource | type | raw bytes | gzip bytes | first view |",
        "| --- | --- | ---: | ---: | --- |",
    ]
    first = {resource.url for resource in weight.first_view}
    for resource in weight.full_page:
        name = "/" + resource.url.removeprefix(weight.base_url).split("?")[0]
        lines.append(
            f"| `{name}` | {KINDS.get(resource.kind, resource.kind)} | {resource.raw} "
            f"| {resource.gzip} | {'yes' if resource.url in first else 'no (lazy)'} |"
        )
    return "\n".join(lines)


def environment() -> str:
    import subprocess

    try:
        from importlib.metadata import version

        playwright = version("playwright")
    except Exception:
        playwright = "?"
    chromium = subprocess.run(
        [CHROMIUM, "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, Playwright {playwright}, {chromium}"
    )


def report(weights: list[Weight], command: str) -> str:
    about = next((weight for weight in weights if weight.page == "about/"), None)
    third_party = sum(len(weight.third_party) for weight in weights)
    heaviest = max(weights, key=lambda weight: Weight.total(weight.first_view, "gzip"))
    parts = [
        f"Measured {datetime.date.today().isoformat()} with `{command}` on {environment()}.",
        "Phone viewport 390 x 844 at 3x, empty cache, site served on 127.0.0.1. "
        "Sizes are the bytes of each response from the site, raw and compressed with gzip "
        "level 9 as a static host sends them (text only: images are sent as they are; "
        "HTTP headers not counted). *First view*: "
        "everything fetched after loading without scrolling; *full page*: after scrolling "
        "to the bottom.",
        "",
    ]
    if about is not None:
        first = Weight.total(about.first_view, "gzip")
        verdict = "within" if first <= 50 * 1024 else "OVER"
        parts.append(
            f"- First visit to `/about/`: **{kb(first)} KB** gzip "
            f"({verdict} the 50 KB budget): {breakdown(about.first_view)}."
        )
    parts.append(
        f"- Heaviest first view: `/{heaviest.page}`, "
        f"{kb(Weight.total(heaviest.first_view, 'gzip'))} KB gzip."
    )
    parts.append(f"- Requests to other hosts, all pages: **{third_party}**.")
    parts += ["", table(weights)]
    if about is not None:
        parts += ["", "What the first visit to `/about/` fetches:", "", details(about)]
    return "\n".join(parts)


def update(path: Path, text: str, start: str = START, end: str = END) -> None:
    """Replace what is between ``start`` and ``end`` in ``path`` with ``text``."""
    content = path.read_text(encoding="utf-8")
    if start not in content or end not in content:
        raise SystemExit(f"{path}: markers {start} ... {end} not found")
    before, rest = content.split(start, 1)
    _, after = rest.split(end, 1)
    path.write_text(f"{before}{start}\n{text}\n{end}{after}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "site")
    parser.add_argument("--pages", nargs="*", default=PAGES, help="site-relative ('' = home)")
    parser.add_argument("--languages", nargs="*", help="codes (default: all)")
    parser.add_argument("--update", type=Path, metavar="BENCHMARKS.md",
                        help="write the report between the weight markers")  # fmt: skip
    parser.add_argument("--command", default="nox -s weight", help="named in the report")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        parser.error(f"no built site in {args.site}: run `nox -s build` first")
    if args.languages:
        from tools.registry import url_prefix

        prefixes = [url_prefix(language) for language in args.languages]
    else:
        prefixes = language_prefixes()
    pages = ["" if page in ("", "/") else page.strip("/") + "/" for page in args.pages]
    weights = measure_site(args.site, pages, prefixes)
    text = report(weights, args.command)
    print(text)
    problems = [f"/{w.page}: {url}" for w in weights for url in w.third_party + w.failed]
    if args.update:
        update(args.update, text)
        print(f"\nupdated {args.update}")
    if problems:
        print("\nproblems:\n" + "\n".join(problems), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
