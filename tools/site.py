"""Build the whole site: one Sphinx build per language, assembled into one tree.

Each language is built by its own Sphinx process into ``_build/html/<lang>``
with its own doctree directory (``_build/doctrees/<lang>``), so an edit
rebuilds only what it touches; the languages are built concurrently. The
published tree ``_build/site`` is then assembled from them, English (the
source language) at the root and every other language under its own prefix
(``/pt-br/``), leaving out Sphinx's bookkeeping (``.buildinfo``,
``objects.inv``). Last, the site-level files are written: ``sitemap.xml`` with
hreflang alternates, ``robots.txt`` and the root ``404.html``.

The registry (``locales/languages.toml``) is read once per build into one value,
``bpd.languages.registry.Site`` (the languages with their prefixes, tags and names,
the base URL, where the shared caches live), handed to every language's Sphinx as
the config value ``bpd_site``; each build tells the assembly what it needs in its
manifest (``bpd.languages.manifest``), so no HTML is parsed here.

``python -m tools.site [lang ...]`` runs it; ``nox -s build`` is the usual way, and
``tools/preview.py`` (``nox -s serve``) runs it on every save.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import multiprocessing
import multiprocessing.connection
import os
import pkgutil
import posixpath
import shutil
import signal
import sys
import tempfile
import time
from dataclasses import astuple
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from filelock import FileLock, Timeout
from sphinx.errors import ConfigError

from bpd.assets import per_language
from bpd.languages.links import base_url as configured_base_url
from bpd.languages.links import repository_url
from bpd.languages.manifest import read_manifest
from bpd.languages.registry import RegistryError, Site, read_registry
from bpd.project_files import LEADS_OUT, leads_out
from bpd.translations.catalogs import Catalogs
from tools import BUILD, ROOT, sitemap

#: Sphinx's files that are not part of the published site.
NOT_PUBLISHED = (".buildinfo", ".buildinfo.bak", "objects.inv", "_sources")


def output_dir(language: str, build_dir: Path = BUILD) -> Path:
    """Where Sphinx writes one language."""
    return build_dir / "html" / language


def read_site() -> Site:
    """The site every language of a build is part of: the registry, read once, and the
    base URL; the shared caches beside the languages' doctrees (``_build/doctrees/``),
    and one ``_static`` for every language (``bpd.assets``)."""
    return Site.read(ROOT, configured_base_url(project=ROOT), cache_dir="..", shared_static=True)


def sphinx_arguments(
    language: str, site: Site, *, build_dir: Path = BUILD, extra: list[str] | None = None
) -> list[str]:
    """The ``sphinx-build`` arguments of one language."""
    return [
        "-b", "dirhtml",
        "-W", "--keep-going",
        "-q",
        "-D", f"language={language}",
        "-D", f"bpd_site={json.dumps(site.as_config(), ensure_ascii=False)}",
        "-d", str(build_dir / "doctrees" / language),
        *(extra or []),
        str(ROOT),
        str(output_dir(language, build_dir)),
    ]  # fmt: skip


def warm_up() -> None:
    """Load what every build needs once, in this process, before forking.

    Each language is then built in a child forked from this warm process: it
    starts with Sphinx, the theme and the extensions already imported and
    babel's locale data already read (about half the time of a small build),
    but with nothing else shared, so each language's translations stay its own.
    """
    import importlib

    from sphinx import application

    for module in (
        "sphinx.cmd.build", "sphinx.builders.dirhtml", "sphinx.writers.html5",
        "sphinx.search", "sphinx.transforms.i18n",
        # Sphinx sets up all of these in every application, whatever the builder.
        *application.builtin_extensions,
        "sphinxcontrib.applehelp", "sphinxcontrib.devhelp", "sphinxcontrib.htmlhelp",
        "sphinxcontrib.serializinghtml", "sphinxcontrib.qthelp",
        "myst_parser", "myst_parser.parsers.sphinx_", "myst_parser.mdit_to_docutils.base",
        "myst_parser.sphinx_ext.main", "sphinx_design.extension", "furo", "furo.navigation",
        "bpd", "docutils.core", "babel.messages.pofile", "babel.messages.mofile",
        "babel.numbers", "PIL.Image", "yaml", "jinja2", "jinja2.ext", "jinja2.sandbox",
        "pygments.formatters.html", "bs4",
    ):  # fmt: skip
        with contextlib.suppress(ImportError):
            importlib.import_module(module)
    with contextlib.suppress(ImportError):
        # Every module of the extension: bpd.setup imports its features only when called.
        import bpd

        for found in pkgutil.walk_packages(bpd.__path__, "bpd."):
            importlib.import_module(found.name)
    with contextlib.suppress(ImportError):
        # Pygments finds theme styles (furo's) through entry points, importing them.
        from pygments.plugin import find_plugin_styles

        list(find_plugin_styles())


def _build_in_child(arguments: list[str], log: Path) -> None:
    """Body of a child process: run Sphinx for one language, output to ``log``."""
    import logging

    from sphinx.cmd.build import build_main

    # Sphinx runs quiet here (-q): its debug and verbose records are never shown, but
    # it makes each of them (eight hundred a language on a one-page edit) before its
    # handlers drop it. Not made, they cost nothing.
    logging.disable(logging.INFO - 1)
    descriptor = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    os.dup2(descriptor, 1)
    os.dup2(descriptor, 2)
    code = 1
    try:
        code = build_main(arguments)
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def can_fork() -> bool:
    """Whether languages are built in children forked from one warm process (not on
    Windows, which cannot fork: there each language is a new Python process that
    imports everything again; ``BPD_BUILD_SPAWN=1`` takes that path anywhere, for its
    test)."""
    return "fork" in multiprocessing.get_all_start_methods() and not os.environ.get(
        "BPD_BUILD_SPAWN"
    )


def _run_languages(
    selected: list[str], site: Site, build_dir: Path, workers: int, extra: list[str] | None
):
    """Build languages, ``workers`` at a time; yield (language, exit code, output).

    If this process is interrupted (Ctrl-C, or SIGTERM), the children still
    running are stopped before it ends: none goes on writing after it.
    """
    if not selected:
        return
    context = multiprocessing.get_context("fork" if can_fork() else "spawn")
    if can_fork():
        warm_up()
    with tempfile.TemporaryDirectory() as logs:
        pending = list(selected)
        running: dict[multiprocessing.Process, tuple[str, Path]] = {}
        try:
            while pending or running:
                while pending and len(running) < workers:
                    language = pending.pop(0)
                    log = Path(logs, f"{language}.log")
                    arguments = sphinx_arguments(language, site, build_dir=build_dir, extra=extra)
                    child = context.Process(target=_build_in_child, args=(arguments, log))
                    child.start()
                    running[child] = language, log
                multiprocessing.connection.wait([child.sentinel for child in running])
                for child in [child for child in running if not child.is_alive()]:
                    language, log = running.pop(child)
                    child.join()
                    yield language, child.exitcode, log.read_text(errors="replace")
        finally:
            for child in running:
                child.terminate()
            for child in running:
                child.join()


#: What never feeds a build: outputs, caches, tests, tooling.
_NOT_INPUTS = {"_build", "node_modules", "tests", "__pycache__"}


def _newest_inputs(languages: list[str], site: Site) -> dict[str, float]:
    """Per language, the newest modification time among the files its build reads.

    A superset of what Sphinx checks itself (sources, templates, static files,
    the extension, the configuration, the language's own catalogs), so skipping a
    language whose inputs are all older than its last build is always safe. One
    walk of the tree for every language: a language's catalogs count for it alone.
    """
    known = {language.code for language in site.languages}
    others = known - set(languages)
    shared = 0.0
    own = dict.fromkeys(languages, 0.0)
    for directory, subdirectories, files in os.walk(ROOT):
        relative = Path(directory).relative_to(ROOT)
        subdirectories[:] = [
            name
            for name in subdirectories
            if not name.startswith(".")
            and name not in _NOT_INPUTS
            and not (relative == Path("locales") and name in others)
        ]
        in_locales = relative.parts[:1] == ("locales",)
        language = relative.parts[1] if in_locales and len(relative.parts) > 1 else None
        for name in files:
            # Compiled catalogs are written by the build itself.
            if in_locales and name.endswith((".mo", ".js")):
                continue
            mtime = (Path(directory) / name).stat().st_mtime
            if language in own:
                own[language] = max(own[language], mtime)
            elif language not in known:
                shared = max(shared, mtime)
    return {language: max(shared, mtime) for language, mtime in own.items()}


def _stamp(language: str, build_dir: Path) -> Path:
    return build_dir / "doctrees" / language / "bpd-build-stamp"


#: The environment variables conf.py reads: a change to one is a change of configuration.
CONFIG_ENVIRONMENT = (
    "BPD_BASE_URL",
    "BPD_REPOSITORY_URL",
    "GITHUB_SERVER_URL",
    "GITHUB_REPOSITORY",
)


def _stamp_text(extra: list[str] | None, site: Site, build_dir: Path) -> str:
    """What a language's last build depended on, besides the files `_newest_inputs` dates."""
    environment = [os.environ.get(name, "") for name in CONFIG_ENVIRONMENT]
    status = _translation_status(site, build_dir)
    return repr((extra or [], site.as_config(), environment, status))


def _translation_status(site: Site, build_dir: Path) -> str:
    """What every language's translation status page shows, as a digest.

    The status page reads every language's catalogs, but `_newest_inputs` dates only
    the language's own: another language's edit that changes what the page shows
    (a message translated, a date) starts this language too; a typo fixed does not.
    Counting reads every catalog (a fifth of a second on two cores): each catalog's
    count is kept with its size and time, and counted again only when it changed.
    """
    catalogs = Catalogs(ROOT)
    locales = catalogs.locales
    kept_path = build_dir / "doctrees" / "bpd-translation-status.json"
    try:
        kept = json.loads(kept_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        kept = {}
    # A catalog is counted against its English template: a template changed, all again.
    templates = repr([
        (path.relative_to(locales).as_posix(), path.stat().st_size, path.stat().st_mtime_ns)
        for path in sorted(catalogs.templates.rglob("*.pot"))
    ])  # fmt: skip
    counted = {}
    for language in (language.code for language in site.languages[1:]):
        for domain in catalogs.domains():
            path = catalogs.catalog(language, domain)
            name = path.relative_to(locales).as_posix()
            stat = path.stat() if path.is_file() else None
            key = [stat and stat.st_size, stat and stat.st_mtime_ns, templates]
            # Only a catalog that changed is counted again (a .po edit: one catalog).
            if kept.get(name, [None])[0] != key:
                counted[name] = [key, repr(astuple(catalogs.count(language, domain)))]
            else:
                counted[name] = kept[name]
    if counted != kept:
        kept_path.parent.mkdir(parents=True, exist_ok=True)
        kept_path.write_text(json.dumps(counted), encoding="utf-8")
    rows = [row for _key, row in counted.values()]
    return hashlib.sha256(repr(rows).encode()).hexdigest()[:16]


def _up_to_date(language: str, build_dir: Path, stamp_text: str, newest: float) -> bool:
    stamp = _stamp(language, build_dir)
    return (
        stamp.is_file()
        and stamp.read_text() == stamp_text
        and (output_dir(language, build_dir) / "index.html").is_file()
        and stamp.stat().st_mtime > newest
    )


def build(
    selected: list[str],
    build_dir: Path = BUILD,
    jobs: int | None = None,
    sphinx_jobs: int | None = None,
    force: bool = False,
) -> int:
    """Build ``selected`` languages concurrently, then the site-level files; the exit
    code (1 if a language failed: nothing is assembled then)."""
    built = build_languages(selected, read_site(), build_dir, jobs, sphinx_jobs, force)
    print_warnings(built)
    failed = [language for language, (code, _output) in built.items() if code]
    if failed:
        print(f"build failed for: {', '.join(failed)}", file=sys.stderr)
        return 1
    with build_lock(build_dir):
        assemble(build_dir)
    return 0


def build_languages(
    selected: list[str],
    site: Site,
    build_dir: Path = BUILD,
    jobs: int | None = None,
    sphinx_jobs: int | None = None,
    force: bool = False,
) -> dict[str, tuple[int, str]]:
    """Build ``selected`` languages concurrently; each one run: its exit code and output.

    A language none of whose inputs changed since its last successful build
    is not started at all (Sphinx would find nothing to do, after a second of
    starting up to find out). One build at a time per build directory: a second
    one waits for the first (an editor's build-on-save beside a manual build).
    """
    build_dir.mkdir(parents=True, exist_ok=True)
    with build_lock(build_dir):
        return _build(selected, site, build_dir, jobs, sphinx_jobs, force)


def _build(
    selected: list[str],
    site: Site,
    build_dir: Path,
    jobs: int | None,
    sphinx_jobs: int | None,
    force: bool,
) -> dict[str, tuple[int, str]]:
    extra = ["-j", str(sphinx_jobs)] if sphinx_jobs else None
    started = time.time()
    stamp_text = _stamp_text(extra, site, build_dir)
    for language in selected:
        if _running_marker(language, build_dir).exists():
            # Its last build was interrupted: what it left (a search index half written,
            # an environment half saved) is not to be trusted. Start it afresh.
            print(f"{language}: the last build was interrupted, building it from scratch")
            shutil.rmtree(output_dir(language, build_dir), ignore_errors=True)
            shutil.rmtree(build_dir / "doctrees" / language, ignore_errors=True)
    newest = _newest_inputs(selected, site)
    stale = [
        lang
        for lang in selected
        if force or not _up_to_date(lang, build_dir, stamp_text, newest[lang])
    ]
    # Sphinx compiles a language's sphinx.po when it starts, before any extension can
    # look at it: a catalog that is a link out of the project stops its language here,
    # named and unread (the other languages still build).
    results: dict[str, tuple[int, str]] = {}
    for language in list(stale):
        refused = [
            f"{path.relative_to(ROOT)}:1: {LEADS_OUT}"
            for path in sorted((ROOT / "locales" / language).rglob("*.po"))
            if leads_out(path)
        ]
        if refused:
            stale.remove(language)
            results[language] = 1, "\n".join(refused)
            print(f"FAILED: {language}", flush=True)
    for language in selected:
        if language not in stale and language not in results:
            print(f"up to date: {language}", flush=True)
    for language in stale:
        _stamp(language, build_dir).unlink(missing_ok=True)
        marker = _running_marker(language, build_dir)
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()
    workers = jobs or os.cpu_count() or 1
    for language, code, output in _run_languages(stale, site, build_dir, workers, extra):
        print(f"{'ok' if code == 0 else 'FAILED'}: {language}", flush=True)
        results[language] = code, output
        if code in (0, 1):  # finished (1: with warnings, under -W): its output is whole
            _running_marker(language, build_dir).unlink(missing_ok=True)
        if code:
            # Sphinx reads again only the pages that changed, and repeats no warning of
            # the others: the next build would pass with the page still broken. Without
            # its environment, it reads every page again and warns again until fixed.
            (build_dir / "doctrees" / language / "environment.pickle").unlink(missing_ok=True)
        else:
            stamp = _stamp(language, build_dir)
            stamp.write_text(stamp_text)
            # Dated from the start: a file saved during the build makes the next one run.
            os.utime(stamp, (started, started))
    return results


def said_once(built: dict[str, tuple[int, str]]) -> list[str]:
    """What the languages' builds said, each warning once, naming the languages that
    gave it when more than one language was built (a grid's warning is the same in
    every language). A line indented under a warning belongs to it."""
    by_warning: dict[str, list[str]] = {}
    for language, (_code, output) in built.items():
        warnings: list[str] = []
        for line in output.splitlines():
            if line[:1].isspace() and warnings:
                warnings[-1] += "\n" + line
            elif line.strip():
                warnings.append(line)
        for warning in warnings:
            by_warning.setdefault(warning, []).append(language)
    if len(built) == 1:
        return list(by_warning)
    said = []
    for warning, languages in by_warning.items():
        first, newline, rest = warning.partition("\n")
        said.append(f"{first} ({', '.join(languages)}){newline}{rest}")
    return said


def print_warnings(built: dict[str, tuple[int, str]]) -> None:
    for warning in said_once(built):
        print(warning, file=sys.stderr, flush=True)


def _running_marker(language: str, build_dir: Path) -> Path:
    """There while a build of ``language`` runs: found at the next start, it was interrupted."""
    return build_dir / "doctrees" / f"{language}.building"


@contextlib.contextmanager
def build_lock(build_dir: Path):
    """Hold ``build_dir`` for this build; wait, saying so, while another build holds it."""
    path = build_dir / ".lock"
    lock = FileLock(path, on_acquired=_write_holder)
    try:
        lock.acquire(blocking=False)
    except Timeout:
        holder = "?"
        with contextlib.suppress(OSError):  # Windows: a locked file cannot be read
            holder = path.read_text().strip() or "?"
        print(f"another build of {build_dir} is running (process {holder}): waiting for it",
              flush=True)  # fmt: skip
        lock.acquire()
    try:
        yield
    finally:
        lock.release()


def _write_holder(descriptor: int) -> None:
    """Write this process's id into the lock file, for the message of a build that waits."""
    os.ftruncate(descriptor, 0)
    os.lseek(descriptor, 0, os.SEEK_SET)
    os.write(descriptor, str(os.getpid()).encode())


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
    assembly leaves the last site whole."""
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


def base_url(site: Path) -> str:
    """The base URL the site in ``site`` (``<build dir>/site``) was built for."""
    built = manifests(site.parent)
    return built[0]["base_url"] if built else "/"


def write_site_files(site: Path, built: list[dict]) -> None:
    """``sitemap.xml``, ``robots.txt`` and ``404.html`` at the root of the site, from the
    languages' manifests (the source language's first)."""
    base = built[0]["base_url"]
    (site / "sitemap.xml").write_text(sitemap.render(base, built), encoding="utf-8")
    (site / "robots.txt").write_text(
        f"User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\n", encoding="utf-8"
    )
    root_not_found = not_found_page(site, urlsplit(base).path or "/", built)
    if root_not_found is not None:
        (site / "404.html").write_text(root_not_found, encoding="utf-8")


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
})();
</script>"""


def not_found_page(site: Path, base_path: str, built: list[dict]) -> str | None:
    """The root ``404.html`` that static hosts serve for every missing path, at any depth.

    It is the source language's page not found, whose message is given in every
    language: each language's own (its manifest's, as its ``/<prefix>/404/`` page shows
    it), with its links made to work from ``/404/``, put where the source language's
    page has its message (between the markers of ``_templates/page.html``). A
    ``<base>`` makes the page's relative links resolve as they do at ``/404/``.
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("languages", nargs="*", help="languages to build (default: all)")
    parser.add_argument("--build-dir", type=Path, default=BUILD, help="default: _build")
    parser.add_argument("-j", "--jobs", type=int, help="languages built at once (default: cores)")
    parser.add_argument(
        "--sphinx-jobs", type=int, help="processes inside each Sphinx build (sphinx-build -j)"
    )
    parser.add_argument(
        "--force", action="store_true", help="run Sphinx for every language, even unchanged ones"
    )
    args = parser.parse_args(argv)
    known = check_settings(parser)
    unknown = [lang for lang in args.languages if lang not in known]
    if unknown:
        parser.error(f"unknown language(s) {', '.join(unknown)}; known: {', '.join(known)}")
    # A SIGTERM (a CI's timeout, a killed terminal) ends the build as Ctrl-C does.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        return build(
            args.languages or known, args.build_dir.resolve(), args.jobs, args.sphinx_jobs,
            args.force,
        )  # fmt: skip
    except KeyboardInterrupt:
        print("interrupted: the next build finishes what this one left", file=sys.stderr)
        return 130


def check_settings(parser: argparse.ArgumentParser) -> list[str]:
    """The registry and the addresses from the environment, checked before any build
    (said once here, not by every language's Sphinx); the registered languages."""
    try:
        known = read_registry(ROOT)
        configured_base_url(project=ROOT)
        repository_url()
    except (RegistryError, ConfigError) as error:
        parser.exit(2, f"{error}\n")
    return known


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


if __name__ == "__main__":
    sys.exit(main())
