"""``sitemap.xml`` for the multilingual site: every page in every language,
each with its hreflang alternates (https://developers.google.com/search/docs/specialty/international/localized-versions#sitemap)."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import quoteattr

from tools.registry import Language, source_language, url_prefix
from tools.registry import languages as registered_languages

#: Pages that are not content: never listed.
NOT_LISTED = {"404/", "search/", "genindex/"}


def pages(site: Path) -> list[str]:
    """The site-relative URLs of the source language's pages ("", "about/", ...)."""
    prefixes = {url_prefix(lang) for lang in registered_languages()} - {""}
    urls = []
    for index in sorted(site.rglob("index.html")):
        url = index.parent.relative_to(site).as_posix() + "/"
        url = "" if url == "./" else url
        if url in NOT_LISTED or any(url.startswith(prefix) for prefix in prefixes):
            continue
        urls.append(url)
    return urls


def render(site: Path, base: str, languages: list[str]) -> str:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"',
        '        xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    default = source_language()
    for page in pages(site):
        alternates = [
            f'    <xhtml:link rel="alternate" hreflang="{Language(lang).tag}" '
            f"href={quoteattr(base + url_prefix(lang) + page)}/>"
            for lang in languages
        ]
        if default in languages:
            alternates.append(
                f'    <xhtml:link rel="alternate" hreflang="x-default" '
                f"href={quoteattr(base + page)}/>"
            )
        for lang in languages:
            lines.append("  <url>")
            lines.append(f"    <loc>{base + url_prefix(lang) + page}</loc>")
            lines.extend(alternates)
            lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"
