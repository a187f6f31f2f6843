"""Build the whole site: one Sphinx build per language, assembled into one tree.

Each language is built by its own Sphinx process into ``_build/html/<lang>``
with its own doctree directory (``_build/doctrees/<lang>``), so an edit
rebuilds only what it touches; the languages are built concurrently. The
published tree ``_build/site`` is then assembled from them, English (the
source language) at the root and every other language under its own prefix
(``/pt-br/``), leaving out Sphinx's bookkeeping (``.buildinfo``,
``objects.inv``). Last, the site-level files are written: ``sitemap.xml`` with
hreflang alternates, ``robots.txt`` and the root ``404.html``.

``python -m tools.site [lang ...]`` runs it; ``nox -s build`` is the usual way.
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
import re
import shutil
import signal
import subprocess
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
from bpd.languages.registry import Language, RegistryError, published, read_registry
from bpd.project_files import LEADS_OUT, leads_out
from bpd.translations.catalogs import Catalogs
from tools import BUILD, ROOT, sitemap

#: Sphinx's files that are not part of the published site.
NOT_PUBLISHED = (".buildinfo", ".buildinfo.bak", "objects.inv", "_sources")


def output_dir(language: str, build_dir: Path = BUILD) -> Path:
    """Where Sphinx writes one language."""
    return build_dir / "html" / language


def sphinx_arguments(
    language: str, *, build_dir: Path = BUILD, extra: list[str] | None = None
) -> list[str]:
    """The ``sphinx-build`` arguments of one language."""
    return [
        "-b", "dirhtml",
        "-W", "--keep-going",
        "-q",
        "-D", f"language={language}",
        # Every language's pages link the assets of the site's one _static (bpd.assets).
        "-D", "bpd_shared_static=1",
        "-d", str(build_dir / "doctrees" / language),
        *(extra or []),
        str(ROOT),
        str(output_dir(language, build_dir)),
    ]  # fmt: skip


def _warm_up(build_dir: Path) -> None:
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
        *getattr(application, "_first_party_extensions", ()),
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
    # The switcher names every language in its own language: babel reads each one's
    # locale data for it (a tenth of a second for six), so the names are kept with the
    # build, for as long as babel's version (its CLDR data) is the same.
    import babel

    from bpd.languages.registry import NATIVE_NAMES

    kept = build_dir / "doctrees" / "bpd-language-names.json"
    with contextlib.suppress(OSError, ValueError):
        names = json.loads(kept.read_text(encoding="utf-8"))
        if names.pop("babel", None) == babel.__version__:
            NATIVE_NAMES.update(names)
    known = dict(NATIVE_NAMES)
    for language in published(ROOT):
        language.name  # noqa: B018 (read for its side effect: the name is kept)
    if known != NATIVE_NAMES:
        kept.parent.mkdir(parents=True, exist_ok=True)
        kept.write_text(json.dumps({"babel": babel.__version__, **NATIVE_NAMES}), encoding="utf-8")


def _build_in_child(language: str, build_dir: Path, extra: list[str] | None, log: Path) -> None:
    """Body of a forked child: run Sphinx for one language, output to ``log``."""
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
        code = build_main(sphinx_arguments(language, build_dir=build_dir, extra=extra))
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def can_fork() -> bool:
    """Whether languages are built in children forked from one warm process (not on
    Windows, which cannot fork: there each language is a fresh ``python -m sphinx``;
    ``BPD_BUILD_SPAWN=1`` takes that path anywhere, for its test)."""
    return "fork" in multiprocessing.get_all_start_methods() and not os.environ.get(
        "BPD_BUILD_SPAWN"
    )


class _Child:
    """One language's Sphinx build, in a forked child or a new process."""

    def __init__(self, language: str, build_dir: Path, extra: list[str] | None, log: Path):
        self.language, self.log = language, log
        if can_fork():
            self.process = multiprocessing.get_context("fork").Process(
                target=_build_in_child, args=(language, build_dir, extra, log)
            )
            self.process.start()
        else:
            with log.open("wb") as output:
                self.process = subprocess.Popen(
                    [sys.executable, "-m", "sphinx",
                     *sphinx_arguments(language, build_dir=build_dir, extra=extra)],
                    stdout=output, stderr=subprocess.STDOUT, cwd=ROOT,
                )  # fmt: skip

    def finished(self) -> bool:
        if isinstance(self.process, subprocess.Popen):
            return self.process.poll() is not None
        return not self.process.is_alive()

    @property
    def code(self) -> int:
        if isinstance(self.process, subprocess.Popen):
            return self.process.wait()
        self.process.join()
        return self.process.exitcode

    def stop(self) -> None:
        """End it, and wait until it has ended (the parent was interrupted)."""
        self.process.terminate()
        if isinstance(self.process, subprocess.Popen):
            self.process.wait()
        else:
            self.process.join()


def _run_languages(selected: list[str], build_dir: Path, workers: int, extra: list[str] | None):
    """Build languages, ``workers`` at a time; yield (language, exit code, output).

    If this process is interrupted (Ctrl-C, or SIGTERM), the children still
    running are stopped before it ends: none goes on writing after it.
    """
    if not selected:
        return
    if can_fork():
        _warm_up(build_dir)
    with tempfile.TemporaryDirectory() as logs:
        pending = list(selected)
        running: list[_Child] = []
        try:
            while pending or running:
                while pending and len(running) < workers:
                    language = pending.pop(0)
                    log = Path(logs, f"{language}.log")
                    running.append(_Child(language, build_dir, extra, log))
                _wait_for_one(running)
                for child in [child for child in running if child.finished()]:
                    running.remove(child)
                    yield child.language, child.code, child.log.read_text(errors="replace")
        finally:
            for child in running:
                child.stop()


def _wait_for_one(running: list[_Child]) -> None:
    """Return as soon as one of ``running`` has ended (forked children are waited for
    on their sentinels; processes, polled)."""
    sentinels = [child.process.sentinel for child in running if hasattr(child.process, "sentinel")]
    if len(sentinels) == len(running):
        multiprocessing.connection.wait(sentinels)
    else:
        time.sleep(0.02)


#: What never feeds a build: outputs, caches, tests, tooling.
_NOT_INPUTS = {"_build", "node_modules", "tests", "__pycache__"}


def _newest_inputs(languages: list[str]) -> dict[str, float]:
    """Per language, the newest modification time among the files its build reads.

    A superset of what Sphinx checks itself (sources, templates, static files,
    the extension, the configuration, the language's own catalogs), so skipping a
    language whose inputs are all older than its last build is always safe. One
    walk of the tree for every language: a language's catalogs count for it alone.
    """
    known = set(read_registry(ROOT))
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


def _stamp_text(extra: list[str] | None, build_dir: Path) -> str:
    """What a language's last build depended on, besides the files `_newest_inputs` dates."""
    environment = [os.environ.get(name, "") for name in CONFIG_ENVIRONMENT]
    return repr((extra or [], environment, _translation_status(build_dir)))


def _translation_status(build_dir: Path) -> str:
    """What every language's translation status page shows, as a digest.

    The status page reads every language's catalogs, but `_newest_inputs` dates only
    the language's own: another language's edit that changes what the page shows
    (a message translated, a date) starts this language too; a typo fixed does not.
    Counting reads every catalog (a fifth of a second on two cores): the digest is
    kept with the catalogs' sizes and times, and counted again only when one changed.
    """
    locales = ROOT / "locales"
    languages = read_registry(ROOT)[1:]
    paths = [
        *sorted((locales / "templates").rglob("*.pot")),
        *(path for code in languages for path in sorted((locales / code).rglob("*.po"))),
    ]
    files = [(path.relative_to(locales).as_posix(), path.stat()) for path in paths]
    key = repr([(name, stat.st_size, stat.st_mtime_ns) for name, stat in files])
    kept = build_dir / "doctrees" / "bpd-translation-status"
    kept_key, _, kept_digest = (kept.read_text() if kept.is_file() else "").rpartition("\n")
    if kept_key == key:
        return kept_digest
    catalogs = Catalogs(ROOT)
    rows = [astuple(row) for language in languages for row in catalogs.counts(language)]
    digest = hashlib.sha256(repr(rows).encode()).hexdigest()[:16]
    kept.parent.mkdir(parents=True, exist_ok=True)
    kept.write_text(f"{key}\n{digest}")
    return digest


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
    """Build ``selected`` languages concurrently, then the site-level files.

    A language none of whose inputs changed since its last successful build
    is not started at all (Sphinx would find nothing to do, after a second of
    starting up to find out). One build at a time per build directory: a second
    one waits for the first (an editor's build-on-save beside a manual build).
    """
    build_dir.mkdir(parents=True, exist_ok=True)
    with build_lock(build_dir):
        return _build(selected, build_dir, jobs, sphinx_jobs, force)


def _build(
    selected: list[str], build_dir: Path, jobs: int | None, sphinx_jobs: int | None, force: bool
) -> int:
    extra = ["-j", str(sphinx_jobs)] if sphinx_jobs else None
    started = time.time()
    stamp_text = _stamp_text(extra, build_dir)
    for language in selected:
        if _running_marker(language, build_dir).exists():
            # Its last build was interrupted: what it left (a search index half written,
            # an environment half saved) is not to be trusted. Start it afresh.
            print(f"{language}: the last build was interrupted, building it from scratch")
            shutil.rmtree(output_dir(language, build_dir), ignore_errors=True)
            shutil.rmtree(build_dir / "doctrees" / language, ignore_errors=True)
    newest = _newest_inputs(selected)
    stale = [
        lang
        for lang in selected
        if force or not _up_to_date(lang, build_dir, stamp_text, newest[lang])
    ]
    # Sphinx compiles a language's sphinx.po when it starts, before any extension can
    # look at it: a catalog that is a link out of the project stops its language here,
    # named and unread (the other languages still build).
    failed = []
    for language in list(stale):
        for path in sorted((ROOT / "locales" / language).rglob("*.po")):
            if leads_out(path):
                print(f"{path.relative_to(ROOT)}:1: {LEADS_OUT}", file=sys.stderr, flush=True)
                if language in stale:
                    stale.remove(language)
                    failed.append(language)
    for language in selected:
        if language not in stale and language not in failed:
            print(f"up to date: {language}", flush=True)
    for language in stale:
        _stamp(language, build_dir).unlink(missing_ok=True)
        marker = _running_marker(language, build_dir)
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()
    workers = jobs or os.cpu_count() or 1
    for language, code, output in _run_languages(stale, build_dir, workers, extra):
        print(f"{'ok' if code == 0 else 'FAILED'}: {language}", flush=True)
        if output.strip():
            print(output, end="" if output.endswith("\n") else "\n", flush=True)
        if code in (0, 1):  # finished (1: with warnings, under -W): its output is whole
            _running_marker(language, build_dir).unlink(missing_ok=True)
        if code:
            failed.append(language)
            # Sphinx reads again only the pages that changed, and repeats no warning of
            # the others: the next build would pass with the page still broken. Without
            # its environment, it reads every page again and warns again until fixed.
            (build_dir / "doctrees" / language / "environment.pickle").unlink(missing_ok=True)
        else:
            stamp = _stamp(language, build_dir)
            stamp.write_text(stamp_text)
            # Dated from the start: a file saved during the build makes the next one run.
            os.utime(stamp, (started, started))
    if failed:
        print(f"build failed for: {', '.join(failed)}", file=sys.stderr)
        return 1
    assemble(build_dir)
    return 0


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


def assemble(build_dir: Path) -> Path:
    """Make ``site/`` from every language built so far (hard links: no copying), and
    write the site-level files. Made beside it and moved into place: an interrupted
    assembly leaves the last site whole."""
    site = build_dir / "site"
    new = build_dir / "site.new"
    shutil.rmtree(new, ignore_errors=True)
    for language in published(ROOT):
        built = output_dir(language.code, build_dir)
        if built.is_dir():
            shutil.copytree(
                built,
                new / language.prefix,
                ignore=_not_published(built / "_static" if language.prefix else None),
                copy_function=_link_or_copy,
                dirs_exist_ok=True,
            )
            if language.prefix:
                _share_static(built / "_static", new / "_static")
    if (new / "index.html").is_file():
        write_site_files(new)
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
    """The site's base URL, as the English home page's canonical link gives it."""
    html = (site / "index.html").read_text(encoding="utf-8")
    found = re.search(r'<link rel="canonical" href="([^"]+)"', html)
    return found.group(1) if found else "/"


def write_site_files(site: Path) -> None:
    """``sitemap.xml``, ``robots.txt`` and ``404.html`` at the root of the site."""
    base = base_url(site)
    built = [lang for lang in published(ROOT) if (site / lang.prefix / "index.html").is_file()]
    (site / "sitemap.xml").write_text(sitemap.render(site, base, built), encoding="utf-8")
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


def not_found_page(site: Path, base_path: str, built: list[Language]) -> str | None:
    """The root ``404.html`` that static hosts serve for every missing path, at any depth.

    It is the source language's page not found, whose message is given in every
    language: each language's own (from its translated catalogs, as its
    ``/<prefix>/404/`` page shows it), with its links made to work from ``/404/``.
    A ``<base>`` makes the page's relative links resolve as they do at ``/404/``.
    """
    source = site / "404" / "index.html"
    if not source.is_file():
        return None
    html = source.read_text(encoding="utf-8")
    start, end = html.find(NOT_FOUND_START), html.find(NOT_FOUND_END)
    if start < 0 or end < 0:
        return html.replace("<head>", f'<head>\n<base href="{base_path}404/">', 1)
    messages = []
    for language in built:
        prefix = language.prefix
        page = site / prefix / "404" / "index.html"
        if not page.is_file():
            continue
        text = page.read_text(encoding="utf-8")
        inner = text[text.find(NOT_FOUND_START) + len(NOT_FOUND_START) : text.find(NOT_FOUND_END)]
        messages.append(
            f'<div class="bpd-not-found" lang="{language.tag}" '
            f'data-bpd-prefix="{prefix}">'
            f"{relink(inner, f'/{prefix}404/', '/404/', id_suffix=prefix.strip('/'))}</div>"
        )
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
    try:
        known = read_registry(ROOT)
    except RegistryError as error:
        parser.exit(2, f"{error}\n")
    try:
        # Said once here, not by every language's Sphinx in its crash report.
        configured_base_url()
    except ConfigError as error:
        parser.exit(2, f"{error}\n")
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


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


if __name__ == "__main__":
    sys.exit(main())
