"""``sitemap.xml`` for the multilingual site: every page in every language,
each with its hreflang alternates (https://developers.google.com/search/docs/specialty/international/localized-versions#sitemap)."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

#: Pages that are not content: never listed.
NOT_LISTED = {"404/", "search/", "genindex/"}


def render(base: str, built: list[dict]) -> str:
    """The sitemap of the site published at ``base``: the source language's pages (the
    first manifest's, ``bpd.languages.manifest``) in every language ``built``."""
    pages = [page for page in built[0]["pages"] if page not in NOT_LISTED]
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"',
        '        xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for page in pages:
        alternates = [
            f'    <xhtml:link rel="alternate" hreflang="{language["tag"]}" '
            f"href={quoteattr(base + language['prefix'] + page)}/>"
            for language in built
        ]
        alternates.append(
            f'    <xhtml:link rel="alternate" hreflang="x-default" href={quoteattr(base + page)}/>'
        )
        for language in built:
            lines.append("  <url>")
            lines.append(f"    <loc>{escape(base + language['prefix'] + page)}</loc>")
            lines.extend(alternates)
            lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"
