"""What a reader downloads: the weight of every page in every language.

Each page is loaded in Debian's Chromium (through Playwright) in a phone
viewport with an empty cache, from the built site served on 127.0.0.1. Every
response from the site is recorded with its size as it is (raw) and as a
static host serves it (each body compressed with gzip at level 9). The page
is measured twice:

- **first view**: everything the browser fetched after loading the page without
  scrolling (the HTML, CSS, JS, fonts, and the images a reader sees, plus any
  lazy image the browser chose to fetch early), once the network has been quiet
  for half a second (Playwright's ``networkidle``): what a first visit costs. The
  pages are loaded side by side and read in turn, so a page may be read later than
  that: this can add to a first view, never hide a request from it;
- **full page**: the same after scrolling to the bottom, every image loaded and
  decoded.

And the **repeat view after a language switch**: ``/about/`` read first, then the
same page in another language, in one browser with its cache, as a reader who
switches language does; what the second page downloads again over the network
(Chrome's own count of bytes received, so what came from the cache counts 0).

Requests to any other host are blocked and counted: without remote avatars
there must be none.

    python -m tools.measure.weight                  # _build/site, table on stdout
    python -m tools.measure.weight --update         # and into BENCHMARKS.md
    nox -s weight                                   # builds, measures, updates BENCHMARKS.md
"""

from __future__ import annotations

import contextlib
import datetime
import sys
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

from tools import BUILD
from tools.browser import PHONE, chromium, chromium_version
from tools.measure.benchmarks import arguments, machine, prefixes, write_section
from tools.static_host import COMPRESSIBLE, gzipped, serve

#: The budget of a first visit to the About page, in every language: bytes (gzip, as a
#: static host sends them) and requests (tests/browser/test_weight.py holds it).
ABOUT_FIRST_VIEW_BUDGET = 25 * 1024
ABOUT_FIRST_VIEW_REQUESTS = 8


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


#: Scrolls down half a screen at a time, so every lazy image is reached, then waits
#: for every image; started in every page at once (``measure``), and awaited through
#: ``window.bpdScrolled``.
SCROLL = """() => {
    window.bpdScrolled = (async () => {
        for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight / 2) {
            scrollTo(0, y);
            await new Promise(resolve => setTimeout(resolve, 50));
        }
        scrollTo(0, document.documentElement.scrollHeight);
        await Promise.all([...document.images].map(img => img.decode().catch(() => {})));
    })();
}"""


def measure(browser, base_url: str, *page_urls: str) -> list[Weight]:
    """Load each page with an empty cache (a context of its own); what it fetched before
    and after scrolling. The pages are loaded side by side: the half-second each waits
    for its network to be quiet overlaps the others' instead of adding up."""
    with contextlib.ExitStack() as contexts:
        loads = []
        for page_url in page_urls:
            context = contexts.enter_context(browser.new_context(**PHONE))
            loads.append(_Load(context, base_url, page_url))
        for load in loads:
            load.open()
        for load in loads:
            load.page.wait_for_load_state("networkidle")
            load.weight.first_view = load.received()
        for load in loads:
            load.page.evaluate(SCROLL)
        for load in loads:
            load.page.evaluate("window.bpdScrolled")
            load.weight.full_page = load.received()
    return [load.weight for load in loads]


class _Load:
    """One page loading in a context of its own, and what it received from the site."""

    def __init__(self, context, base_url: str, page_url: str) -> None:
        self.weight = Weight(page_url, base_url)
        self.recorded: list[Resource] = []
        self.pending: list = []  # Playwright's responses, their bodies not read yet
        context.route(lambda url: not url.startswith(base_url), self._offsite)
        self.page = context.new_page()
        self.page.on("response", self._response)
        self.page.on("requestfailed", self._failed)

    def _offsite(self, route) -> None:
        self.weight.third_party.append(route.request.url)
        route.abort()

    def _response(self, response) -> None:
        if response.url.startswith(self.weight.base_url) and response.status < 300:
            self.pending.append(response)

    def _failed(self, request) -> None:
        if request.url.startswith(self.weight.base_url):
            self.weight.failed.append(f"{request.url}: {request.failure}")

    def open(self) -> None:
        page_url = self.weight.page
        response = self.page.goto(self.weight.base_url + page_url, wait_until="load")
        if response is None or response.status >= 400:
            self.weight.failed.append(f"{page_url}: status {response.status if response else None}")

    def received(self) -> list[Resource]:
        """Everything received from the site so far."""
        while self.pending:
            response = self.pending.pop(0)
            try:
                body = response.body()
            except Exception as error:
                self.weight.failed.append(f"{response.url}: {error}")
                continue
            # A static host compresses text, and sends images and fonts as they are.
            compressible = response.headers.get("content-type", "").startswith(COMPRESSIBLE)
            size = len(gzipped(body)) if compressible else len(body)
            self.recorded.append(
                Resource(response.url, response.request.resource_type, len(body), size)
            )
        return list(self.recorded)


@dataclass
class Download:
    url: str
    kind: str  # Chrome's resource type: Document, Stylesheet, Script, Image...
    received: int  # bytes over the network (0 when it came from the cache)


def after_switch(browser, base_url: str, first: str, *thens: str) -> list[list[Download]]:
    """What each of ``thens`` downloads when ``first`` was read just before, in a
    browser context with a cache (the site's host sends ``Cache-Control: max-age=600``,
    as GitHub Pages does); a context for each, side by side as in ``measure``."""
    with contextlib.ExitStack() as contexts:
        pages = []
        for _then in thens:
            context = contexts.enter_context(browser.new_context(**PHONE))
            pages.append(context.new_page())
        for page in pages:
            page.goto(base_url + first, wait_until="load")
        heard = []
        for page in pages:
            page.wait_for_load_state("networkidle")
            heard.append(_network_of(page))
        for page, then in zip(pages, thens, strict=True):
            page.goto(base_url + then, wait_until="load")
        for page in pages:
            page.wait_for_load_state("networkidle")
    return [
        [
            Download(url, kind, received.get(request_id, 0))
            for request_id, (url, kind) in requests.items()
            if url.startswith(base_url)
        ]
        for requests, received in heard
    ]


def _network_of(page) -> tuple[dict[str, tuple[str, str]], dict[str, int]]:
    """What ``page`` requests from now on ({id: (url, Chrome's type)}), and the bytes it
    receives over the network for each ({id: bytes}), as Chrome's DevTools count them."""
    session = page.context.new_cdp_session(page)
    session.send("Network.enable")
    requests: dict[str, tuple[str, str]] = {}
    received: dict[str, int] = {}
    session.on(
        "Network.requestWillBeSent",
        lambda event: requests.__setitem__(
            event["requestId"], (event["request"]["url"], event.get("type", "Other"))
        ),
    )
    session.on(
        "Network.loadingFinished",
        lambda event: received.__setitem__(event["requestId"], int(event["encodedDataLength"])),
    )
    return requests, received


def downloaded_again(downloads: list[Download], prefix: str) -> list[Download]:
    """The CSS and JS received over the network after a switch to the language at
    ``prefix``, but its own ``_static`` scripts (options, stop words, stemmer): what
    one ``_static`` for every language means to leave in the cache (goal: none)."""
    return [
        d for d in downloads
        if d.kind in ("Stylesheet", "Script") and d.received and f"/{prefix}_static/" not in d.url
    ]  # fmt: skip


def switch_table(found: dict[str, list[Download]]) -> str:
    lines = [
        "| switch | requests | downloaded again: CSS/JS bytes | all bytes (HTML, "
        "per-language scripts) |",
        "| --- | ---: | ---: | ---: |",
    ]
    for prefix, downloads in found.items():
        code_bytes = sum(d.received for d in downloaded_again(downloads, prefix))
        lines.append(
            f"| `/about/` then `/{prefix}about/` | {len(downloads)} | {code_bytes} "
            f"| {sum(d.received for d in downloads)} |"
        )
    return "\n".join(lines)


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


def report(weights: list[Weight], command: str, switched: dict | None = None) -> str:
    environment = machine(f"Playwright {version('playwright')}", chromium_version())
    about = next((weight for weight in weights if weight.page == "about/"), None)
    third_party = sum(len(weight.third_party) for weight in weights)
    heaviest = max(weights, key=lambda weight: Weight.total(weight.first_view, "gzip"))
    parts = [
        f"Measured {datetime.date.today().isoformat()} with `{command}` on {environment}.",
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
        within = (
            first <= ABOUT_FIRST_VIEW_BUDGET and len(about.first_view) <= ABOUT_FIRST_VIEW_REQUESTS
        )
        parts.append(
            f"- First visit to `/about/`: **{kb(first)} KB** gzip in {len(about.first_view)} "
            f"requests ({'within' if within else 'OVER'} the budget of "
            f"{ABOUT_FIRST_VIEW_BUDGET // 1024} KB and {ABOUT_FIRST_VIEW_REQUESTS} requests): "
            f"{breakdown(about.first_view)}."
        )
    parts.append(
        f"- Heaviest first view: `/{heaviest.page}`, "
        f"{kb(Weight.total(heaviest.first_view, 'gzip'))} KB gzip."
    )
    parts.append(f"- Requests to other hosts, all pages: **{third_party}**.")
    parts += ["", table(weights)]
    if about is not None:
        parts += ["", "What the first visit to `/about/` fetches:", "", details(about)]
    if switched:
        parts += [
            "",
            "Repeat view after a language switch: `/about/` read first, then the same page "
            "in another language in the same browser (its cache kept). Bytes received over "
            "the network for the second page, as Chrome counts them (headers included; "
            "what came from the cache is 0). The shared CSS and JS of the root `_static/` "
            "should not be downloaded again; the HTML and the language's own scripts are.",
            "",
            switch_table(switched),
        ]
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = arguments(__doc__.split("\n\n")[0], "nox -s weight")
    parser.add_argument("--site", type=Path, default=BUILD / "site")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        parser.error(f"no built site in {args.site}: run `nox -s build` first")
    languages = prefixes(args)
    with serve(args.site) as base_url, chromium() as browser:
        weights = [  # a language's pages side by side
            weight
            for lang in languages
            for weight in measure(browser, base_url, *(lang + page for page in args.pages))
        ]
        # What each other language's /about/ downloads after the English one.
        others = [lang for lang in languages if lang] if "about/" in args.pages else []
        found = after_switch(browser, base_url, "about/", *(lang + "about/" for lang in others))
        switched = dict(zip(others, found, strict=True))
    text = report(weights, args.command, switched)
    print(text)
    if args.update:
        write_section("weight", "Readers: page weight", text)
        print("\nupdated BENCHMARKS.md")
    problems = [f"/{w.page}: {url}" for w in weights for url in w.third_party + w.failed]
    if problems:
        print("\nproblems:\n" + "\n".join(problems), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
