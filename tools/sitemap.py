"""``sitemap.xml`` for the multilingual site: every page in every language,
each with its hreflang alternates (https://developers.google.com/search/docs/specialty/international/localized-versions#sitemap)."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import quoteattr

from bpd.languages.registry import Language

#: Pages that are not content: never listed.
NOT_LISTED = {"404/", "search/", "genindex/"}


def pages(site: Path, languages: list[Language]) -> list[str]:
    """The site-relative URLs of the source language's pages ("", "about/", ...)."""
    prefixes = {language.prefix for language in languages} - {""}
    urls = []
    for index in sorted(site.rglob("index.html")):
        url = index.parent.relative_to(site).as_posix() + "/"
        url = "" if url == "./" else url
        if url in NOT_LISTED or any(url.startswith(prefix) for prefix in prefixes):
            continue
        urls.append(url)
    return urls


def render(site: Path, base: str, languages: list[Language]) -> str:
    """The sitemap of ``site`` (published at ``base``) in the built ``languages``."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"',
        '        xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for page in pages(site, languages):
        alternates = [
            f'    <xhtml:link rel="alternate" hreflang="{language.tag}" '
            f"href={quoteattr(base + language.prefix + page)}/>"
            for language in languages
        ]
        if any(language.prefix == "" for language in languages):
            alternates.append(
                f'    <xhtml:link rel="alternate" hreflang="x-default" '
                f"href={quoteattr(base + page)}/>"
            )
        for language in languages:
            lines.append("  <url>")
            lines.append(f"    <loc>{base + language.prefix + page}</loc>")
            lines.extend(alternates)
            lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"
