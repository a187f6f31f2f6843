"""Build the whole site: one Sphinx build per language, then joined into one tree.

Each language is built by its own Sphinx process into ``_build/html/<lang>``
with its own doctree directory (``_build/doctrees/<lang>``), so an edit
rebuilds only what it touches; the languages are built concurrently, each in a
child forked from one warm process. ``tools/publish.py`` then joins them into the
published tree, ``_build/site`` (``assemble``).

The registry (``locales/languages.toml``) is read once per build into one value,
``bpd.languages.registry.Site`` (the languages with their prefixes, tags and names,
the base URL, where the shared caches live), handed to every language's Sphinx as
the config value ``bpd_site``; each build tells the assembly what it needs in its
manifest (``bpd.languages.manifest``), so no HTML is parsed here.

``python -m tools.site [lang ...]`` runs it; ``nox -s build`` is the usual way, and
``tools/preview.py`` (``nox -s serve``) runs it on every save, with ``BuildsAhead``:
each language's next build forked and started before the save it is for.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import mimetypes
import multiprocessing
import multiprocessing.connection
import os
import pkgutil
import shutil
import signal
import sys
import tempfile
import time
import traceback
from dataclasses import astuple, dataclass
from pathlib import Path

from filelock import FileLock, Timeout
from sphinx.errors import ConfigError, ExtensionError

from bpd.grids import build_date
from bpd.languages.links import base_url as configured_base_url
from bpd.languages.links import repository_url
from bpd.languages.registry import RegistryError, Site, read_registry, registered
from bpd.project_files import LEADS_OUT, leads_out
from bpd.translations.catalogs import Catalogs, language_of
from tools import BUILD, ROOT, output_dir
from tools.publish import assemble


def read_site() -> Site:
    """The site every language of a build is part of: the registry, read once, and the
    base URL; the shared caches beside the languages' doctrees (``_build/doctrees/``),
    and one ``_static`` for every language (``bpd.assets``)."""
    return Site.read(ROOT, configured_base_url(project=ROOT), cache_dir="..", shared_static=True)


@dataclass(frozen=True)
class Run:
    """One language's Sphinx build: ``sphinx-build -b dirhtml -W -q -D language=<code>
    -D bpd_site=<the site, as JSON> -d <build dir>/doctrees/<code> . <build dir>/html/<code>``,
    made by ``tools.site`` itself (``start_sphinx``), so that a build can be started
    ahead of the save it is for (``BuildsAhead``)."""

    language: str
    #: ``bpd_site``, as JSON: the one value every language's Sphinx is given.
    site: str
    build_dir: Path
    sphinx_jobs: int | None = None

    @classmethod
    def of(
        cls, language: str, site: Site, build_dir: Path = BUILD, sphinx_jobs: int | None = None
    ) -> Run:
        config = json.dumps(site.as_config(), ensure_ascii=False)
        return cls(language, config, build_dir, sphinx_jobs)

    @property
    def doctrees(self) -> Path:
        return self.build_dir / "doctrees" / self.language


def start_sphinx(run: Run):
    """Sphinx for ``run``, started: its configuration read, its extensions set up (for a
    translation, every catalog checked and compiled), the environment of the last
    build loaded and the builder made; ``app.build()`` then reads and writes what
    changed. Quiet, warnings are errors, as ``sphinx-build -W -q``."""
    from sphinx.application import Sphinx

    # As it starts, Sphinx compiles an edited sphinx.po itself, before the guard checks
    # it (bpd.translations.guard), with babel, which prints what it finds wrong in a
    # broken one with no file named ("WARNING: Problem on line 280: ''"): the guard
    # then says it at its file and line. Those lines are left out; anything else
    # printed meanwhile (conf.py's own print) is kept. Sphinx's warnings have a stream.
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed):
            return Sphinx(
                srcdir=ROOT,
                confdir=ROOT,
                outdir=output_dir(run.language, run.build_dir),
                doctreedir=run.doctrees,
                buildername="dirhtml",
                # As ``-D`` gives them, strings: the configuration is equal to the one
                # ``sphinx-build`` would read, so a language never rebuilds for the switch.
                confoverrides={"language": run.language, "bpd_site": run.site},
                status=None,
                warning=sys.stderr,
                warningiserror=True,
                parallel=run.sphinx_jobs or 1,
            )
    finally:
        kept = printed.getvalue().splitlines(keepends=True)
        sys.stdout.write("".join(line for line in kept if not line.startswith("WARNING: ")))
        sys.stdout.flush()  # before what the build says next, on the other stream


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
        "sphinx.search", "sphinx.transforms.i18n", "sphinx.util.docutils",
        "sphinx.util.console", "encodings.unicode_escape",
        # Sphinx sets up all of these in every application, whatever the builder.
        *application.builtin_extensions,
        "sphinx.builders.latex.transforms", "sphinx.ext.mathjax", "sphinx.util.math",
        "sphinxcontrib.applehelp", "sphinxcontrib.devhelp", "sphinxcontrib.htmlhelp",
        "sphinxcontrib.serializinghtml", "sphinxcontrib.qthelp",
        "myst_parser", "myst_parser.parsers.sphinx_", "myst_parser.mdit_to_docutils.base",
        "myst_parser.sphinx_ext.main", "myst_parser.sphinx_ext.directives",
        "myst_parser.sphinx_ext.myst_refs", "myst_parser.sphinx_ext.mathjax",
        "sphinx_design.extension", "furo", "furo.navigation", "sphinx_basic_ng",
        "bpd", "docutils.core", "docutils.languages.en", "babel.messages.pofile",
        "babel.messages.mofile", "babel.numbers", "PIL.Image", "PIL.ImageSequence",
        "PIL.ImageChops", "yaml", "jinja2", "jinja2.ext", "jinja2.sandbox",
        "pygments.formatters.html", "pygments.styles.native", "bs4",
        # The events' calendar (bpd.grids.events imports it only when it writes one):
        # imported again in each language, it and dateutil were 6% of a cold build's CPU.
        "icalendar", "icalendar.timezone",
    ):  # fmt: skip
        with contextlib.suppress(ImportError):
            importlib.import_module(module)
    with contextlib.suppress(ImportError):
        # Every module of the extension: bpd.setup imports its features only when called.
        import bpd

        for found in pkgutil.walk_packages(bpd.__path__, "bpd."):
            importlib.import_module(found.name)
    with contextlib.suppress(ImportError):
        # The plugins of the formats Pillow knows first, which it loads as it opens
        # the first image (its documented preinit).
        from PIL import Image

        Image.preinit()
    with contextlib.suppress(ImportError):
        # Pygments finds theme styles (furo's) through entry points, importing them.
        from pygments.plugin import find_plugin_styles

        list(find_plugin_styles())
    # docutils asks the type of every image: the system's types, read once (20 ms).
    mimetypes.init()


def count_catalogs(catalogs: list[Path]) -> None:
    """Count ``catalogs`` (``locales/<lang>/LC_MESSAGES/*.po``; other paths are passed
    over) in this process, before forking.

    ``Catalogs.count`` keeps what each catalog holds while its bytes are the same: a
    language forked from here whose status page is written again (a page's messages
    changed, or a catalog) counts only the catalogs that changed since, not all of them
    (a fifth of a second, in every language). A long-lived parent (``nox -s serve``)
    counts every catalog once, then each one saved; a one-shot build counts them all
    once, before its languages start.
    """
    model = Catalogs(ROOT)
    for path in catalogs:
        language = language_of(path)
        if language is not None and path.suffix == ".po":
            # A catalog it cannot use counts as untranslated (the build says why).
            model.count(language, model.domain(path))


def every_catalog(site: Site) -> list[Path]:
    """The catalogs of every translation of ``site``."""
    model = Catalogs(ROOT)
    return [path for language in site.languages[1:] for path in model.catalogs(language.code)]


def _build_in_child(run: Run, log: Path, go=None) -> None:
    """Body of a child process: build ``run``, output to ``log``. With ``go`` (a pipe to
    its parent), Sphinx is started, says so, then waits for the word to build: a build
    started ahead (``BuildsAhead``); told otherwise, or left by its parent, it ends
    without building."""
    import logging

    from sphinx.cmd.build import handle_exception
    from sphinx.util.console import disable_colour
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    # Sphinx runs quiet here (-q): only its warnings are shown. Its debug, verbose and
    # progress records (nine hundred a language on a one-page edit) it would still make
    # and format, into a buffer nobody reads. Not made, they cost nothing.
    logging.disable(logging.INFO)
    descriptor = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    os.dup2(descriptor, 1)
    os.dup2(descriptor, 2)
    disable_colour()  # a file, not a terminal: as sphinx-build decides
    code, app = 2, None
    try:
        hold_ctrl_c(signal.SIG_UNBLOCK)  # held while it was forked (start_child)
        with patch_docutils(ROOT), docutils_namespace():
            app = start_sphinx(run)
            if go is not None and not _told_to_build(go):
                code = 0
                return
            app.build()
            code = app.statuscode
    except (Exception, KeyboardInterrupt) as error:
        if mistake := (_starting_mistake(error) if app is None else None):
            # The project's mistake as Sphinx starts, before anything is written: said
            # alone at its line, as a warning is, not as a report of a bug in Sphinx
            # (its versions, a traceback). Its output is whole (1), so the next build
            # does not start the language afresh.
            print(mistake, file=sys.stderr)
            code = 1
        else:
            # As sphinx-build says it: the error, its traceback saved to a file.
            quiet = argparse.Namespace(pdb=False, verbosity=0, traceback=False)
            handle_exception(app, quiet, error, sys.stderr)
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _starting_mistake(error: BaseException) -> str | None:
    """The project's own mistake that stopped Sphinx as it started, in one line: in
    conf.py's code (a syntax error, a name undefined: at the innermost line of the
    project's it ran), or an extension conf.py names that cannot be imported. None for
    anything else, a bug in Sphinx or in the extension's handlers: its full report."""
    cause = error.__cause__
    if isinstance(error, ConfigError):
        if cause is None or isinstance(cause, SyntaxError):  # (Sphinx's says the line)
            return f"{error.category}: {' '.join(str(error).split())}"
        ours = [frame for frame in traceback.extract_tb(cause.__traceback__)
                if _in_project(frame.filename)]  # fmt: skip
        if ours:
            where = Path(ours[-1].filename).resolve().relative_to(ROOT).as_posix()
            return f"{error.category}: {where}:{ours[-1].lineno}: {type(cause).__name__}: {cause}"
    # An extension not found at all (none of the project's code ran): a name conf.py gives.
    not_found = isinstance(error, ExtensionError) and isinstance(cause, ModuleNotFoundError)
    if not_found and not any(
        _in_project(frame.filename) for frame in traceback.extract_tb(cause.__traceback__)
    ):
        return f"{error.category}: {' '.join(str(error).split())}"
    return None


def _in_project(filename: str) -> bool:
    """Whether a traceback's file is the project's (not "<frozen ...>", not a package)."""
    path = Path(filename)
    return path.is_absolute() and path.resolve().is_relative_to(ROOT) and (
        "site-packages" not in path.parts)  # fmt: skip


def _told_to_build(go) -> bool:
    """Tell the parent Sphinx has started, then wait for its word: to build, or not (it
    closed the pipe, or ended)."""
    # Its pid as it forked this child (it may be gone already: the child is then
    # another's, at once).
    parent = multiprocessing.parent_process().pid
    with contextlib.suppress(OSError):
        go.send_bytes(b"started")
    while os.getppid() == parent:
        if go.poll(1):
            try:
                return go.recv_bytes() == b"build"
            except EOFError:
                return False
    return False


def start_child(child: multiprocessing.Process) -> None:
    """``child.start()``, with Ctrl-C and SIGTERM held while it forks; the child lets
    them in itself (``_build_in_child``).

    Right after a fork, Python runs the parent's at-fork handlers (logging's among
    them). A KeyboardInterrupt raised inside one is printed as "Exception ignored" and
    dropped: a Ctrl-C that came then was lost, and the preview ran on (seen in
    test_preview under load). Held, it arrives as soon as the fork is over. (A spawned
    child runs no handler of ours: nothing to hold.)
    """
    if not (can_fork() and hasattr(signal, "pthread_sigmask")):
        child.start()
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, CTRL_C)
    try:
        child.start()
    finally:
        try:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
        except BaseException:
            # The Ctrl-C held arrives here, before the caller knows of the child: stop
            # it, or it would build on after its parent has ended.
            if child.pid is not None:
                child.kill()
                child.join()
            raise


#: What ``hold_ctrl_c`` holds: Ctrl-C, and SIGTERM, which ends a build as Ctrl-C does.
CTRL_C = {signal.SIGINT, signal.SIGTERM}


def hold_ctrl_c(how: int) -> None:
    """Hold (``SIG_BLOCK``) or let in (``SIG_UNBLOCK``) Ctrl-C and SIGTERM in this
    thread: a held one waits, and arrives when let in. POSIX only (Windows has no
    signal mask)."""
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(how, CTRL_C)


def can_fork() -> bool:
    """Whether languages are built in children forked from one warm process (not on
    Windows, which cannot fork: there each language is a new Python process that
    imports everything again; ``BPD_BUILD_SPAWN=1`` takes that path anywhere, for its
    test)."""
    return "fork" in multiprocessing.get_all_start_methods() and not os.environ.get(
        "BPD_BUILD_SPAWN"
    )


class BuildsAhead:
    """Each language's next build, started before the save it is for (``nox -s serve``).

    Starting Sphinx is a third of a one-page build: reading the configuration, setting
    up the extensions (for a translation: checking and compiling its catalogs), loading
    the last build's environment, making the builder. None of it depends on the pages,
    so once a build is over, a forked child per language does it and waits; the next
    save only tells it to build (``take``). It is still a fresh fork of the warm parent,
    for one language, built once.

    What such a child read when it started must not have changed since: a change to
    the registry or to a language's catalogs ends it unused and starts it again at
    once (``forget``); a change to its environment (built by another process
    meanwhile) or to the value it was given ends it, and the build is forked afresh
    (``take``). A change to the configuration or the build's code starts the whole
    preview again. Each child ends, without building, when told to or when its
    parent is gone.
    """

    def __init__(self) -> None:
        self._logs = tempfile.TemporaryDirectory(prefix="bpd-ahead-")
        self._waiting: dict[str, _Waiting] = {}

    def start(self, runs: list[Run], wait: bool = True) -> None:
        """A child for each of ``runs`` that has none waiting; with ``wait``, back once
        each has started Sphinx (or ended: its build will be forked afresh)."""
        context = multiprocessing.get_context("fork")
        for run in runs:
            waiting = self._waiting.get(run.language)
            if waiting is not None and waiting.run == run:
                continue
            if waiting is not None:
                self._stop(run.language)
            descriptor, log = tempfile.mkstemp(".log", f"{run.language}-", self._logs.name)
            os.close(descriptor)
            ours, theirs = context.Pipe()
            child = context.Process(target=_build_in_child, args=(run, log, theirs))
            start_child(child)
            theirs.close()
            self._waiting[run.language] = _Waiting(run, child, ours, Path(log), _environment(run))
        for waiting in self._waiting.values():
            if wait and not waiting.started:
                multiprocessing.connection.wait([waiting.go, waiting.child.sentinel])
                waiting.started = True

    def take(self, run: Run) -> tuple[multiprocessing.Process, Path] | None:
        """The child waiting for ``run``, told to build; None if there is none that
        may build it."""
        waiting = self._waiting.get(run.language)
        if waiting is None:
            return None
        if (
            waiting.run != run
            or waiting.environment != _environment(run)
            or not waiting.child.is_alive()
        ):
            self._stop(run.language)
            return None
        del self._waiting[run.language]
        try:
            waiting.go.send_bytes(b"build")
        except OSError:  # it ended meanwhile
            waiting.child.join()
            return None
        finally:
            waiting.go.close()
        return waiting.child, waiting.log

    def forget(self, changed: set[Path], languages: list[str]) -> None:
        """End the children that read one of the ``changed`` files when they started,
        and start each again at once, reading them anew, while the build looks at what
        changed (not for a language whose catalog now leads out)."""
        again = []
        for language in list(self._waiting):
            if any(read_when_starting(path, language, languages) for path in changed):
                again.append(self._waiting[language].run)
                self._stop(language)
        if again:
            count_catalogs(sorted(changed))  # before forking: the status page's counts
        self.start([run for run in again if not refused(run.language)], wait=False)

    def close(self) -> None:
        for language in list(self._waiting):
            self._stop(language)
        self._logs.cleanup()

    def _stop(self, language: str) -> None:
        waiting = self._waiting.pop(language)
        waiting.go.close()
        # Killed at once: what it was writing while starting (a compiled catalog), the
        # next start checks and writes again (the guard keeps the digests it wrote).
        waiting.child.kill()
        waiting.child.join()
        waiting.log.unlink(missing_ok=True)


@dataclass
class _Waiting:
    """A build started ahead: its run, its process, the pipe to tell it to build, its
    output, and the environment it loaded."""

    run: Run
    child: multiprocessing.Process
    go: multiprocessing.connection.Connection
    log: Path
    environment: tuple | None
    started: bool = False


def read_when_starting(path: Path, language: str, languages: list[str]) -> bool:
    """Whether starting Sphinx for ``language`` reads ``path``: the registry and the
    shared files of ``locales/``, and the language's own catalogs (the guard checks and
    compiles them all when Sphinx starts). Pages, data files, templates and ``_static``
    are read once it builds, another language's catalogs too (by the status page);
    a change to ``conf.py`` or to the build's code starts the whole preview again."""
    try:
        parts = path.relative_to(ROOT / "locales").parts
    except ValueError:
        return False
    return not (len(parts) > 1 and parts[0] in languages and parts[0] != language)


def _environment(run: Run) -> tuple | None:
    """The last build's environment of ``run``'s language, as a child loads it."""
    try:
        stat = (run.doctrees / "environment.pickle").stat()
    except OSError:
        return None
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


def _run_languages(runs: list[Run], workers: int, ahead: BuildsAhead | None = None):
    """Build ``runs``, ``workers`` at a time, in their order; yield (language, exit code,
    output) as each is done, the next one started first. With ``ahead``, a build
    started ahead is taken where there is one.

    If this process is interrupted (Ctrl-C, or SIGTERM), the children still
    running are stopped before it ends: none goes on writing after it.
    """
    if not runs:
        return
    context = multiprocessing.get_context("fork" if can_fork() else "spawn")
    if can_fork():
        warm_up()
    with tempfile.TemporaryDirectory() as logs:
        pending = list(runs)
        running: dict[multiprocessing.Process, tuple[str, Path]] = {}

        def start_next() -> None:
            while pending and len(running) < workers:
                run = pending.pop(0)
                taken = ahead.take(run) if ahead else None
                if taken is None:
                    log = Path(logs, f"{run.language}.log")
                    child = context.Process(target=_build_in_child, args=(run, log))
                    start_child(child)
                    taken = child, log
                running[taken[0]] = run.language, taken[1]

        try:
            start_next()
            while running:
                multiprocessing.connection.wait([child.sentinel for child in running])
                done = [child for child in running if not child.is_alive()]
                finished = [(child, *running.pop(child)) for child in done]
                start_next()  # before this one is published: the cores stay busy
                for child, language, log in finished:
                    child.join()
                    output = log.read_text(errors="replace")
                    log.unlink(missing_ok=True)
                    yield language, child.exitcode, output
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


def _stamp_text(sphinx_jobs: int | None, site: Site, build_dir: Path) -> str:
    """What a language's last build depended on, besides the files `_newest_inputs` dates.
    The build's day too: on another day an event may be past (`bpd.grids.events`)."""
    environment = [os.environ.get(name, "") for name in CONFIG_ENVIRONMENT]
    status = _translation_status(site, build_dir)
    extra = ["-j", str(sphinx_jobs)] if sphinx_jobs else []
    return repr((extra, site.as_config(), environment, status, str(build_date())))


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
    code (1 if a language failed: nothing is assembled then, but ``site/`` shares its
    files with each language's output (``publish.assemble``), so the pages the failed
    build wrote show there too until a build passes)."""
    each = build_each(selected, read_site(), build_dir, jobs, sphinx_jobs, force)
    finished = {language: (code, output) for language, code, output in each}
    # Named in the order asked for, not the order they finished in (which varies).
    built = {language: finished[language] for language in selected if language in finished}
    print_warnings(built)
    failed = [language for language, (code, _output) in built.items() if code]
    if failed:
        print(f"build failed for: {', '.join(failed)}", file=sys.stderr)
        return 1
    with build_lock(build_dir):
        assemble(build_dir)
    return 0


def build_each(
    selected: list[str],
    site: Site,
    build_dir: Path = BUILD,
    jobs: int | None = None,
    sphinx_jobs: int | None = None,
    force: bool = False,
    ahead: BuildsAhead | None = None,
    saved: set[Path] = frozenset(),
):
    """Build ``selected`` languages, ``jobs`` at a time (default: one per core) in their
    order; yield (language, exit code, output) as each is done.

    A language none of whose inputs changed since its last successful build
    is not started at all (Sphinx would find nothing to do, after a second of
    starting up to find out). One build at a time per build directory: a second
    one waits for the first (an editor's build-on-save beside a manual build); the
    lock is held until the last language is yielded, so what is done with each
    (``publish``) is done under it too. With ``ahead``, a language's build started
    ahead is taken where it may be, and every selected language's next build is
    started before the lock is let go.

    ``saved``: the files saved since the last build (the preview). The builds started
    ahead that read one of them start again, under the lock: starting, a translation
    checks and compiles its catalogs and writes the guard's memo in ``build_dir``,
    which no one else may do while another build holds it.
    """
    build_dir.mkdir(parents=True, exist_ok=True)
    with build_lock(build_dir):
        if ahead is not None and saved:
            ahead.forget(saved, selected)
        yield from _build(selected, site, build_dir, jobs, sphinx_jobs, force, ahead)


def _build(
    selected: list[str],
    site: Site,
    build_dir: Path,
    jobs: int | None,
    sphinx_jobs: int | None,
    force: bool,
    ahead: BuildsAhead | None,
):
    started = time.time()
    stamp_text = _stamp_text(sphinx_jobs, site, build_dir)
    for language in selected:
        if _running_marker(language, build_dir).exists():
            # Its last build was interrupted, or stopped by an error: what it left (a
            # search index half written, an environment half saved) is not to be
            # trusted. Start it afresh.
            print(f"{language}: the last build did not finish, building it from scratch")
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
    refused_languages = []
    for language in list(stale):
        if said := refused(language):
            stale.remove(language)
            refused_languages.append(language)
            print(f"FAILED: {language}", flush=True)
            yield language, 1, said
    for language in selected:
        if language not in stale and language not in refused_languages:
            print(f"up to date: {language}", flush=True)
    for language in stale:
        _stamp(language, build_dir).unlink(missing_ok=True)
        marker = _running_marker(language, build_dir)
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()
    workers = jobs or os.cpu_count() or 1
    runs = [Run.of(language, site, build_dir, sphinx_jobs) for language in stale]
    if ahead is None and len(stale) > 1 and can_fork():
        # Every language's status page counts every catalog: counted once, here, the
        # forked languages have it (the preview counts as the catalogs are saved).
        count_catalogs(every_catalog(site))
    for language, code, output in _run_languages(runs, workers, ahead):
        print(f"{'ok' if code == 0 else 'FAILED'}: {language}", flush=True)
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
        yield language, code, output
    if ahead is not None:
        # The next build of every language, started under this lock: a build that
        # waits for it to end (the preview's next, a `nox -s build`) finds them ready.
        # Not for a language whose catalog leads out: starting Sphinx reads sphinx.po.
        ahead.start([Run.of(language, site, build_dir, sphinx_jobs) for language in selected
                     if language not in refused_languages])  # fmt: skip


def refused(language: str) -> str:
    """What refuses a language's build: its catalogs that lead out of the project, each
    named (nothing, if none does)."""
    return "\n".join(
        f"{path.relative_to(ROOT)}:1: {LEADS_OUT}"
        for path in Catalogs(ROOT).catalogs(language)
        if leads_out(path)
    )


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
        for warning in dict.fromkeys(warnings):  # (Sphinx may give one more than once)
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
    args.languages = registered(args.languages, known)
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
