"""Publish: the languages built, joined into one site (``_build/site``).

English (the source language) at the root and every other language under its own
prefix (``/pt-br/``), hard-linked from ``_build/html/<lang>`` (no copying), leaving out
Sphinx's bookkeeping (``.buildinfo``, ``objects.inv``); the ``_static`` files every
language shares published once, at the root. Then the site-level files: ``sitemap.xml``
with hreflang alternates, ``robots.txt`` and the root ``404.html``, which gives the
page not found in every language. Nothing here parses the pages: each language's
build tells what it needs in its manifest (``bpd.languages.manifest``).

``assemble`` makes the whole site, at the end of every build (``tools/site.py``);
``publish`` puts one language just built into it without assembling the others
again, for the live preview (``tools/preview.py``).
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import posixpath
import shutil
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from bpd.assets import per_language
from bpd.languages.manifest import read_manifest
from bpd.languages.registry import read_registry
from tools import ROOT, output_dir

#: Sphinx's files that are not part of the published site.
NOT_PUBLISHED = (".buildinfo", ".buildinfo.bak", "objects.inv", "_sources")


def manifests(build_dir: Path) -> list[dict]:
    """What each language built so far told the assembly, in the registry's order."""
    found = []
    for code in read_registry(ROOT):
        manifest = read_manifest(build_dir / "doctrees" / code)
        if manifest is not None and (output_dir(code, build_dir) / "index.html").is_file():
            found.append(manifest)
    return found


def assemble(build_dir: Path) -> Path:
    """Make ``site/`` from every language built so far (hard links: no copying), and
    write the site-level files. Made beside it and moved into place: an interrupted
    assembly leaves the last site whole. (Sphinx writes most pages in place, so the next
    build's pages show in ``site/`` as they are written, a failed build's too: copies
    would keep the last site whole, at the time and space of a copy per build.)"""
    site = build_dir / "site"
    new = build_dir / "site.new"
    shutil.rmtree(new, ignore_errors=True)
    new.mkdir(parents=True)
    built = manifests(build_dir)
    for manifest in built:
        output, prefix = output_dir(manifest["language"], build_dir), manifest["prefix"]
        shutil.copytree(
            output,
            new / prefix,
            ignore=_not_published(output / "_static" if prefix else None),
            copy_function=_link_or_copy,
            dirs_exist_ok=True,
        )
        if prefix:
            _share_static(output / "_static", new / "_static")
    if built and not built[0]["prefix"]:
        write_site_files(new, built)
    old = build_dir / "site.old"
    shutil.rmtree(old, ignore_errors=True)
    if site.exists():
        site.rename(old)
    new.rename(site)
    shutil.rmtree(old, ignore_errors=True)
    return site


def _not_published(shared_static: Path | None):
    """What ``copytree`` leaves out of a language: Sphinx's bookkeeping, and, for a
    translated language, the ``_static`` files every language shares (its pages link
    the root's, see ``bpd.assets``)."""
    bookkeeping = shutil.ignore_patterns(*NOT_PUBLISHED)

    def ignore(directory: str, names: list[str]) -> set[str]:
        ignored = set(bookkeeping(directory, names))
        if shared_static is not None and Path(directory) == shared_static:
            ignored |= {name for name in names if not per_language(name)}
        return ignored

    return ignore


def _share_static(static: Path, root_static: Path) -> None:
    """A translated language's shared ``_static`` files into the root's, where its
    copy is newer (``nox -s build -- sw`` after a style edit: English not rebuilt)."""
    for path in static.rglob("*"):
        relative = path.relative_to(static)
        if path.is_dir() or per_language(relative.as_posix()):
            continue
        target = root_static / relative
        if target.exists() and target.stat().st_mtime >= path.stat().st_mtime:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)
        _link_or_copy(str(path), str(target))


def _link_or_copy(source: str, destination: str) -> None:
    try:
        os.link(source, destination)
    except OSError:
        shutil.copy2(source, destination)


#: What the assembly writes at the root of the site, besides the source language.
SITE_FILES = ("sitemap.xml", "robots.txt", "404.html")


def publish(build_dir: Path, language: str) -> None:
    """Put the language just built into ``site/``, as ``assemble`` would have put it,
    without assembling the others again: its files linked where they are not already
    (Sphinx writes most pages in place, but renames the search index over the old),
    what it no longer has removed, its shared ``_static`` files into the root's (for
    the source language: every translation's again, where newer), and the site-level
    files written again where they changed. Each file changes at once (linked beside,
    then renamed over); the site as a whole is not swapped at once as ``assemble``
    does: this is the live preview's, a language published as soon as it is built.
    """
    site = build_dir / "site"
    built = manifests(build_dir)
    manifest = next((found for found in built if found["language"] == language), None)
    if manifest is None:  # nothing of it to publish (a failed first build)
        return
    if not site.is_dir():
        assemble(build_dir)
        return
    output, prefix = output_dir(language, build_dir), manifest["prefix"]
    translations = [found for found in built if found["prefix"]]
    if prefix:
        _mirror(output, site / prefix, _not_published(output / "_static"), lambda path: False)
        _share_static(output / "_static", site / "_static")
    else:
        others = {found["prefix"].split("/")[0] for found in translations}

        @functools.cache
        def shared() -> set[str]:
            """The translations' shared ``_static`` files."""
            return {
                path.relative_to(static).as_posix()
                for found in translations
                for static in [output_dir(found["language"], build_dir) / "_static"]
                for path in static.rglob("*")
                if not per_language(path.relative_to(static).as_posix())
            }

        def kept(path: Path) -> bool:
            """Not the source language's: the other languages', the site-level files,
            and the root's ``_static`` files that only a translation has."""
            relative = path.relative_to(site)
            return (
                relative.parts[0] in others
                or relative.as_posix() in SITE_FILES
                or (relative.parts[0] == "_static"
                    and relative.relative_to("_static").as_posix() in shared())
            )  # fmt: skip

        def newer(path: Path, copy: Path) -> bool:
            """A root ``_static`` file a translation put there newer than the source
            language's copy: kept, as assemble keeps it."""
            return path.relative_to(site).parts[0] == "_static" and (
                path.stat().st_mtime > copy.stat().st_mtime
            )

        changed = _mirror(output, site, _not_published(None), kept, newer)
        if any(path.relative_to(site).parts[0] == "_static" for path in changed):
            for found in translations:  # where a translation's copy is newer, as assemble
                _share_static(output_dir(found["language"], build_dir) / "_static",
                              site / "_static")  # fmt: skip
    if built[0]["prefix"] == "":
        write_site_files(site, built)


def _mirror(source: Path, target: Path, ignore, kept, newer=lambda path, copy: False) -> list[Path]:
    """Make ``target`` hold what ``source`` holds (hard links), but what ``ignore`` (as
    ``copytree``'s) leaves out and what ``newer(path, copy)`` keeps of its own; remove
    from it what ``source`` no longer has, but what ``kept(path)`` keeps. The paths it
    linked or removed."""
    changed = []
    target.mkdir(parents=True, exist_ok=True)
    names = os.listdir(source)
    ignored = ignore(str(source), names)
    wanted = {name for name in names if name not in ignored}
    for name in wanted:
        here, there = source / name, target / name
        if here.is_dir():
            if there.exists() and not there.is_dir():
                there.unlink()
            changed += _mirror(here, there, ignore, kept, newer)
        elif not _linked(here, there) and not (there.is_file() and newer(there, here)):
            if there.is_dir():
                shutil.rmtree(there)
            partial = there.with_name(f".{name}.{os.getpid()}.new")
            partial.unlink(missing_ok=True)
            _link_or_copy(str(here), str(partial))
            os.replace(partial, there)
            changed.append(there)
    for name in set(os.listdir(target)) - wanted:
        gone = target / name
        if kept(gone):
            continue
        if gone.is_dir() and not gone.is_symlink():
            shutil.rmtree(gone)
        else:
            gone.unlink()
        changed.append(gone)
    return changed


def _linked(source: Path, target: Path) -> bool:
    """Whether ``target`` is ``source`` (a hard link), or a copy of it made where no link
    can be (the same size and time: ``copy2`` keeps the time)."""
    try:
        here, there = source.stat(), target.stat()
    except FileNotFoundError:
        return False
    return os.path.samestat(here, there) or (
        there.st_nlink == 1
        and (here.st_size, here.st_mtime_ns) == (there.st_size, there.st_mtime_ns)
    )


def base_url(site: Path) -> str:
    """The base URL the site in ``site`` (``<build dir>/site``) was built for."""
    built = manifests(site.parent)
    return built[0]["base_url"] if built else "/"


#: Per site, what its site-level files were last written from in this process (the
#: manifests, the source language's page not found): the preview publishes a language
#: at every save, and the files change far less often.
_SITE_FILES_FROM: dict[Path, str] = {}


def write_site_files(site: Path, built: list[dict]) -> None:
    """``sitemap.xml``, ``robots.txt`` and ``404.html`` at the root of the site, from the
    languages' manifests (the source language's first); each written only if it changed,
    beside and then renamed over (the preview rewrites them under readers)."""
    key = None
    with contextlib.suppress(OSError):
        stat = (site / "404" / "index.html").stat()
        key = json.dumps([built, stat.st_ino, stat.st_mtime_ns, stat.st_size])
    if (
        key
        and _SITE_FILES_FROM.get(site) == key
        and all((site / name).exists() for name in SITE_FILES)
    ):
        return  # written from the same manifests and page not found
    base = built[0]["base_url"]
    files = {
        "sitemap.xml": sitemap(base, built),
        "robots.txt": f"User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\n",
        "404.html": not_found_page(site, urlsplit(base).path or "/", built),
    }
    for name, text in files.items():
        path = site / name
        if text is None:
            continue
        data = text.encode("utf-8")
        with contextlib.suppress(OSError):
            if path.read_bytes() == data:
                continue
        partial = path.with_name(f".{name}.{os.getpid()}.new")
        partial.write_bytes(data)
        os.replace(partial, path)
    _SITE_FILES_FROM[site] = key


#: Around the message of a language's page not found (see _templates/page.html).
NOT_FOUND_START, NOT_FOUND_END = "<!-- bpd:not-found -->", "<!-- /bpd:not-found -->"

#: Shows the message of the language the reader's path names (``/sw/...``) and hides
#: the others; without JavaScript, every language's message is shown.
NOT_FOUND_SCRIPT = """<script>
(() => {
  const base = new URL(document.baseURI).pathname.replace(/404\\/$/, "");
  const path = location.pathname.startsWith(base) ? location.pathname.slice(base.length) : "";
  const messages = [...document.querySelectorAll("[data-bpd-prefix]")];
  const own = messages.find((m) => m.dataset.bpdPrefix && path.startsWith(m.dataset.bpdPrefix));
  for (const message of messages) message.hidden = message !== (own || messages[0]);
  // A link within the page (skip link, back to top): the <base> would take it to /404/.
  for (const link of document.querySelectorAll('a[href^="#"]')) {
    link.href = location.pathname + location.search + link.getAttribute("href");
  }
})();
</script>"""


def not_found_page(site: Path, base_path: str, built: list[dict]) -> str | None:
    """The root ``404.html`` that static hosts serve for every missing path, at any depth.

    It is the source language's page not found, whose message is given in every
    language: each language's own (its manifest's, as its ``/<prefix>/404/`` page shows
    it), with its links made to work from ``/404/``, put where the source language's
    page has its message (between the markers of ``_templates/page.html``). A
    ``<base>`` makes the page's relative links resolve as they do at ``/404/``; its
    script gives the links within the page back to the address the reader is at.
    """
    source = site / "404" / "index.html"
    if not source.is_file():
        return None
    html = source.read_text(encoding="utf-8")
    start, end = html.find(NOT_FOUND_START), html.find(NOT_FOUND_END)
    if start >= 0 and end >= 0:
        messages = [
            f'<div class="bpd-not-found" lang="{manifest["tag"]}" '
            f'data-bpd-prefix="{manifest["prefix"]}">'
            + relink(
                manifest["not_found"],
                f"/{manifest['prefix']}404/",
                "/404/",
                id_suffix=manifest["prefix"].strip("/"),
            )
            + "</div>"
            for manifest in built
            if manifest.get("not_found") is not None
        ]
        body = "\n".join(messages) + "\n" + NOT_FOUND_SCRIPT
        html = html[:start] + body + html[end + len(NOT_FOUND_END) :]
    return html.replace("<head>", f'<head>\n<base href="{base_path}404/">', 1)


def relink(fragment: str, page: str, new_page: str, id_suffix: str = "") -> str:
    """``fragment`` of the page at site path ``page``, its relative links made to work
    from ``new_page``; with ``id_suffix``, its ids (and links to them) get it, so that
    fragments of several pages can share one page."""
    rewriter = _Relinker(page, new_page, id_suffix)
    rewriter.feed(fragment)
    rewriter.close()
    return "".join(rewriter.out)


class _Relinker(HTMLParser):
    def __init__(self, page: str, new_page: str, id_suffix: str) -> None:
        super().__init__(convert_charrefs=False)
        self.page, self.new_page, self.id_suffix, self.out = page, new_page, id_suffix, []

    def _value(self, name: str, value: str) -> str:
        if name == "id" and self.id_suffix:
            return f"{value}-{self.id_suffix}"
        if name in ("href", "src"):
            return self._url(value)
        return value

    def _url(self, url: str) -> str:
        if url.startswith("#") and self.id_suffix:
            return f"{url}-{self.id_suffix}"
        if urlsplit(url).scheme or url.startswith(("/", "#", "//")):
            return url
        target = posixpath.normpath(posixpath.join(posixpath.dirname(self.page), url))
        relative = posixpath.relpath(target, posixpath.dirname(self.new_page))
        return relative + ("/" if url.endswith("/") and not relative.endswith("/") else "")

    def handle_starttag(self, tag, attrs) -> None:
        if not any(name in ("href", "src", "id") for name, _value in attrs):
            self.out.append(self.get_starttag_text())
            return
        rebuilt = "".join(
            f" {name}" if value is None else f' {name}="{escape(self._value(name, value))}"'
            for name, value in attrs
        )
        self.out.append(f"<{tag}{rebuilt}>")

    def handle_startendtag(self, tag, attrs) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag) -> None:
        self.out.append(f"</{tag}>")

    def handle_data(self, data) -> None:
        self.out.append(data)

    def handle_entityref(self, name) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name) -> None:
        self.out.append(f"&#{name};")

    def handle_comment(self, data) -> None:
        self.out.append(f"<!--{data}-->")


# -- sitemap.xml ------------------------------------------------------------------------------

#: Pages that are not content: never listed.
NOT_LISTED = {"404/", "search/", "genindex/"}


def sitemap(base: str, built: list[dict]) -> str:
    """The sitemap (every page in every language, each with its hreflang alternates:
    https://developers.google.com/search/docs/specialty/international/localized-versions#sitemap)
    of the site published at ``base``: the source language's pages (the
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
            lines.append(f"    <loc>{xml_escape(base + language['prefix'] + page)}</loc>")
            lines.extend(alternates)
            lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"
