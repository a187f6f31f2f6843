"""Check the links inside a built site: pages, images, stylesheets, scripts and #anchors.

``python -m tools.links [_build/site]`` prints every broken internal link and
exits non-zero if there is one. External links are left to ``nox -s linkcheck``.
"""

from __future__ import annotations

import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from tools import BUILD

#: (tag, attribute) pairs whose value is a URL the browser fetches or follows.
LINK_ATTRIBUTES = {("a", "href"), ("link", "href"), ("img", "src"), ("script", "src"),
                   ("source", "src"), ("source", "srcset"), ("img", "srcset")}  # fmt: skip


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[tuple[str, int]] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("id", "name") and value:
                self.ids.add(value)
            if (tag, name) in LINK_ATTRIBUTES and value:
                urls = (
                    [part.split()[0] for part in value.split(",")] if "srcset" in name else [value]
                )
                self.links.extend((url, self.getpos()[0]) for url in urls if url)


def _parse(path: Path) -> _PageParser:
    parser = _PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _target_file(site: Path, url_path: str) -> Path:
    target = site / url_path.lstrip("/")
    if url_path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target


def broken_links(site: Path) -> list[str]:
    """Every internal link of every HTML page in ``site`` that leads nowhere."""
    site = site.resolve()
    pages = {path: _parse(path) for path in sorted(site.rglob("*.html"))}
    problems = []
    for path, parsed in pages.items():
        page_url = "/" + path.relative_to(site).as_posix()
        for url, line in parsed.links:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or url.startswith(("mailto:", "data:", "tel:")):
                continue
            absolute = urlsplit(urljoin(page_url, url))
            target = _target_file(site, unquote(absolute.path))
            where = f"{path.relative_to(site)}:{line}: {url}"
            if not target.resolve().is_relative_to(site) or not target.is_file():
                problems.append(f"{where}: no such file")
                continue
            if absolute.fragment and target.suffix == ".html":
                ids = pages[target.resolve()].ids if target.resolve() in pages else set()
                if unquote(absolute.fragment) not in ids:
                    problems.append(
                        f"{where}: no #{absolute.fragment} in {target.relative_to(site)}"
                    )
    return problems


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    site = Path(args[0]) if args else BUILD / "site"
    problems = broken_links(site)
    for problem in problems:
        print(problem)
    print(f"{len(problems)} broken internal link(s) in {site}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
