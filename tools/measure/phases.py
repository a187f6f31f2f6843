"""Where a build's time goes, phase by phase: ``python -m tools.measure.phases LOG [args]``.

Runs ``tools.site`` with ``args`` exactly as ``python -m tools.site`` does, and
appends one JSON line per phase to ``LOG``: what the process did before forking
(starting Python, importing, the up-to-date checks, the warm-up), what each
language's child did (setting up Sphinx, the catalog guard, reading, the translated
messages, pickling, writing, the search index and static files), and assembling
the site. Phases are timed by wrapping the functions that run them, in this process
before it forks, so the children are timed too; nothing in ``tools/site.py`` knows.
``BPD_LAUNCHED`` (a ``time.time()`` the caller takes just before starting this
process) lets the start of Python be counted as well. ``nox -s bench`` reads the
log with `summary` (BENCHMARKS.md, "Where the time goes").
"""

from __future__ import annotations

import functools
import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

_STARTED = time.time()

#: The rows of the summary, in order: (phase, what it covers).
PHASES = [
    ("start", "starting Python (until this module runs)"),
    ("import", "importing tools.site (the registry, catalog counting, Sphinx's application)"),
    ("status", "the translation status digest (every catalog counted, when one changed)"),
    ("up to date", "finding the languages whose inputs changed (walking the tree)"),
    ("warm-up", "importing Sphinx, the theme and the extensions before forking"),
    ("sphinx setup", "each language: Sphinx's application, extensions, builder"),
    ("guard", "each language: the catalog guard (checked and compiled catalogs)"),
    ("environment load", "each language: unpickling its environment"),
    ("reading", "each language: reading changed pages (without its translated messages)"),
    ("messages", "each language: parsing translated messages (one MyST parse each)"),
    ("pickling", "each language: pickling the environment"),
    ("writing", "each language: writing pages (templates, navigation)"),
    ("finishing", "each language: search index, static files"),
    ("child other", "each language: forking, exiting, the rest"),
    ("assemble", "assembling _build/site (hard links)"),
    ("site files", "sitemap.xml, robots.txt, the root 404 page"),
]

#: Phases that run in each language's child (summed over the languages).
CHILD_PHASES = {name for name, what in PHASES if what.startswith("each language")}


def _log(path: str, phase: str, start: float, end: float, language: str = "") -> None:
    with open(path, "a", encoding="utf-8") as log:
        log.write(json.dumps({"phase": phase, "start": start, "end": end, "language": language,
                              "pid": os.getpid()}) + "\n")  # fmt: skip


def _timed(path: str, owner: object, name: str, phase: str) -> None:
    function = getattr(owner, name)

    @functools.wraps(function)
    def timed(*args, **kwargs):
        start = time.time()
        try:
            return function(*args, **kwargs)
        finally:
            _log(path, phase, start, time.time(), os.environ.get("BPD_PHASE_LANGUAGE", ""))

    setattr(owner, name, timed)


def _time_children(path: str, site) -> None:
    """Wrap what a language's child runs; called in the parent, so every fork has it."""
    import pickle

    import sphinx.application
    import sphinx.builders
    import sphinx.transforms.i18n
    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.environment import BuildEnvironment

    from bpd.translations import guard

    _timed(path, sphinx.application.Sphinx, "__init__", "sphinx setup")
    _timed(path, sphinx.application.Sphinx, "_init_env", "environment load")
    _timed(path, guard, "guard_catalogs", "guard")
    _timed(path, sphinx.builders.Builder, "read", "reading")
    _timed(path, sphinx.transforms.i18n, "_publish_msgstr", "messages")
    _timed(path, sphinx.builders.Builder, "write", "writing")
    _timed(path, StandaloneHTMLBuilder, "finish", "finishing")

    class TimedPickle:
        """``sphinx.builders``' ``pickle``, its ``dump`` of the environment timed (those
        of the doctrees are part of reading)."""

        def __getattr__(self, name):
            return getattr(pickle, name)

        @staticmethod
        def dump(what, *args, **kwargs):
            start = time.time()
            try:
                return pickle.dump(what, *args, **kwargs)
            finally:
                if isinstance(what, BuildEnvironment):
                    language = os.environ["BPD_PHASE_LANGUAGE"]
                    _log(path, "pickling", start, time.time(), language)

    sphinx.builders.pickle = TimedPickle()
    build_in_child = site._build_in_child

    def child(language, *args):
        os.environ["BPD_PHASE_LANGUAGE"] = language
        start = time.time()
        exit_now = os._exit

        def exit_logged(code):
            _log(path, "child", start, time.time(), language)
            exit_now(code)

        os._exit = exit_logged
        return build_in_child(language, *args)

    site._build_in_child = child


def main(argv: list[str]) -> int:
    path, *arguments = argv
    launched = float(os.environ.get("BPD_LAUNCHED") or _STARTED)
    _log(path, "start", launched, _STARTED)
    start = time.time()
    from tools import site

    _log(path, "import", start, time.time())
    for name, phase in [("_stamp_text", "status"), ("_up_to_date", "up to date"),
                        ("_warm_up", "warm-up"), ("assemble", "assemble"),
                        ("write_site_files", "site files")]:  # fmt: skip
        _timed(path, site, name, phase)
    if site.can_fork():
        _time_children(path, site)
    code = site.main(arguments)
    _log(path, "total", launched, time.time())
    return code


def summary(path: Path) -> dict[str, float]:
    """Seconds per phase of one logged build: the parent's phases as they ran, the
    children's summed over the languages (CPU-bound, they share the cores), and
    ``total``, the wall clock from launch to exit."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    seconds: dict[str, float] = defaultdict(float)
    for row in rows:
        seconds[row["phase"]] += row["end"] - row["start"]
    # Nested phases count once: the guard and the environment load run inside Sphinx's
    # setup, the messages inside reading, the site files inside assembling.
    seconds["sphinx setup"] -= seconds["guard"] + seconds["environment load"]
    seconds["reading"] -= seconds["messages"]
    seconds["assemble"] -= seconds["site files"]
    named = sum(seconds[name] for name in CHILD_PHASES - {"child other"})
    seconds["child other"] = max(0.0, seconds.pop("child", 0.0) - named)
    seconds["languages"] = len({row["language"] for row in rows if row["language"]})
    return dict(seconds)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
