"""The live preview: ``nox -s serve`` (``python -m tools.preview [lang]``).

The whole site as it will be published, every language with its switcher, the one
``_static``, the root ``404.html`` and the status page, served from ``_build/site``
on http://127.0.0.1:8000 by the static host the tests use (``tools/static_host.py``),
and rebuilt by ``tools/site.py`` on every save. A foreground loop, as
``sphinx-autobuild`` or ``hugo server``; Ctrl-C ends it, and nothing it started
outlives it.

- **Warm.** This process imports Sphinx, the theme and the extension once
  (``tools.site.warm_up``) and counts every catalog once (``count_catalogs``); every
  build of a language is a fresh fork of it (``tools.site``), so nothing of one build,
  and never another language, is left in the next. While you type, each language's
  next build is already forked and has started Sphinx (``tools.site.BuildsAhead``):
  a save only tells it to build. A change to the build's own code (``conf.py``,
  ``_ext/``, ``tools/``) starts this process again, as the forks must take the new code.
- **What you look at, first.** watchfiles reports every saved input (pages, grid data,
  ``.po`` files, ``_static``, templates, ``locales/languages.toml``). The language
  the browser shows (the pages open in it; else the one named on the command line,
  else the source language) is built first, the others after it, one per core; each
  is published (``tools.publish.publish``: only its own files) and its pages reloaded
  as soon as it is built, while the next one builds. A language none of whose inputs
  changed is not built (``tools.site``).
- **Reloaded by itself.** Every HTML page this server sends carries a small script
  (added as it is sent: ``_build/site`` holds nothing of it) that listens to
  ``/_preview/events`` (server-sent events) and reloads the page once its language
  has been published again.
- **Broken pages say so.** A build's warnings (file and line) are printed in the
  terminal, each once with the languages that gave it, and shown over the pages of
  those languages; the rest of the site is published as built, and the loop goes on.
- **Interrupted safely.** Ctrl-C (or SIGTERM) stops the builds running, and those
  started ahead: the next build finishes what they left (``tools.site``'s guarantees),
  and the preview, when it starts, publishes the whole site again (``assemble``).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import queue
import shlex
import signal
import sys
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from sphinx.errors import ConfigError

from bpd.languages.registry import RegistryError, registered
from tools import BUILD, ROOT
from tools.publish import assemble, publish
from tools.site import (
    BuildsAhead,
    build_each,
    build_lock,
    can_fork,
    check_settings,
    count_catalogs,
    every_catalog,
    hold_ctrl_c,
    print_warnings,
    read_site,
    warm_up,
)
from tools.static_host import StaticHost, serve

#: Where a page listens for its language being published again.
EVENTS = "/_preview/events"

#: What the build reads, by the first folder of its path: a change there restarts
#: this process (the forked builds must run the new code).
BUILD_CODE = ("_ext", "tools")

#: Never an input: outputs, tests, environments, version control.
NOT_INPUTS = {"_build", "tests", "node_modules", "__pycache__", "venv"}
#: The endings of files no build reads: what editors write beside a file as it is
#: edited or saved (a backup ``~``, a swap or temporary file, JetBrains' safe write),
#: and Python's compiled modules. ``is_input`` also passes over Vim's check that it may
#: write (``4913``) and Emacs' autosave (``#index.md#``), which would start a build of
#: every language every half minute.
NOT_READ_ENDINGS = ("~", ".swp", ".tmp", ".pyc", "___jb_tmp___", "___jb_old___")

#: Added to every HTML page the preview sends, before ``</body>``: reloads the page
#: when its language has been published again, and shows the warnings of its build.
RELOAD_SCRIPT = """<script>/* nox -s serve: not part of the published site */
(() => {
  const page = %s;
  const show = (warnings) => {
    let box = document.getElementById("bpd-preview-warnings");
    if (!warnings) return box && box.remove();
    if (!box) {
      box = document.createElement("pre");
      box.id = "bpd-preview-warnings";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 0 0 0;z-index:1000;margin:0;" +
        "max-height:40vh;overflow:auto;padding:1em;white-space:pre-wrap;" +
        "background:#fff3cd;color:#000;border-top:3px solid #b00;font-size:14px";
      document.body.append(box);
    }
    box.textContent = warnings;
  };
  show(page.warnings);
  const events = new EventSource(page.events);
  events.onmessage = (event) => {
    const now = JSON.parse(event.data);
    if (now.version !== page.version) location.reload();
  };
})();
</script>"""


class Published:
    """What the server tells the pages: for each language, the version of its last
    publication and the warnings of its last build; and which languages are open."""

    def __init__(self, first: str | None) -> None:
        self.changed = threading.Condition()
        self.versions: dict[str, int] = {}
        self.warnings: dict[str, str] = {}
        self.open: list[str] = []  # a language per page listening, the latest last
        self.first = first

    def publish(self, built: dict[str, tuple[int, str]]) -> None:
        # Unique across restarts of this process too: a page never mistakes its version.
        version = time.time_ns()
        with self.changed:
            for language, (_code, output) in built.items():
                self.versions[language] = version
                self.warnings[language] = output.strip()
            self.changed.notify_all()

    def state(self, language: str) -> dict:
        return {"version": self.versions.get(language), "warnings": self.warnings.get(language)}

    def shown_first(self, languages: list[str]) -> list[str]:
        """The languages the browser shows, the latest opened first; else the one named
        on the command line; else the source language."""
        with self.changed:
            shown = [language for language in reversed(self.open) if language in languages]
        shown = list(dict.fromkeys(shown)) or [
            self.first if self.first in languages else languages[0]
        ]
        return shown


class PreviewHost(StaticHost):
    """The static host, with the reload script in every page, and nothing cached."""

    published: Published
    prefixes: dict[str, str]  # language code by its prefix ("pt-br/")
    cache_control = "no-store"
    compress = False

    def do_GET(self) -> None:
        if urlsplit(self.path).path == EVENTS:
            self._events()
        else:
            super().do_GET()

    def _language(self, path: str) -> str:
        """The language of a page, by its path under the base."""
        relative = unquote(path).removeprefix(self.base_path)
        prefix = relative.split("/", 1)[0] + "/"
        return self.prefixes.get(prefix, self.prefixes[""])

    def content(self, file: Path) -> bytes:
        data = file.read_bytes()
        if file.suffix != ".html":
            return data
        language = self._language(urlsplit(self.path).path)
        page = {**self.published.state(language), "events": f"{EVENTS}?language={language}"}
        # JSON in a script: "</" would end the script element.
        script = RELOAD_SCRIPT % json.dumps(page).replace("</", "<\\/")
        return data.replace(b"</body>", script.encode() + b"\n</body>", 1)

    def _events(self) -> None:
        """A page's event stream: its language's state now, then whenever it changes."""
        language = parse_qs(urlsplit(self.path).query).get("language", [""])[0]
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        published = self.published
        with published.changed:
            published.open.append(language)
        try:
            # A page whose server restarted asks again within a fifth of a second.
            self.wfile.write(b"retry: 200\n\n")
            sent = None
            while True:
                with published.changed:
                    published.changed.wait_for(lambda s=sent: published.state(language) != s, 15)
                    now = published.state(language)
                if now == sent:
                    self.wfile.write(b": still here\n\n")  # a page that left is noticed
                else:
                    self.wfile.write(f"data: {json.dumps(now)}\n\n".encode())
                    sent = now
                self.wfile.flush()
        except OSError:  # the page was closed or reloaded
            pass
        finally:
            with published.changed:
                published.open.remove(language)
            self.close_connection = True


def is_input(path: Path) -> bool:
    """Whether a saved file is read by the build (what the build writes is not)."""
    try:
        parts = path.relative_to(ROOT).parts
    except ValueError:
        return False
    if not parts or any(part in NOT_INPUTS or part.startswith(".") for part in parts):
        return False
    name = parts[-1]
    if name.endswith(NOT_READ_ENDINGS) or name[:1] == name[-1:] == "#":
        return False
    if name.isdigit() and not path.is_dir():  # a folder "2024" moved in is an input
        return False
    # The build's guard compiles each catalog and writes the search page's strings.
    return not (parts[0] == "locales" and (name.endswith(".mo") or name == "sphinx.js"))


def is_build_code(path: Path) -> bool:
    parts = path.relative_to(ROOT).parts
    return parts == ("conf.py",) or (parts[0] in BUILD_CODE and path.suffix == ".py")


def rebuild(
    published: Published, build_dir: Path, ahead: BuildsAhead | None, saved: set[Path] = frozenset()
) -> None:
    """Build what changed, the languages shown first, publishing each one as soon as
    it is built (the next one already started); every language's next build is then
    started ahead (``build_each``), those that read a file ``saved`` started again."""
    started = time.perf_counter()
    try:
        site = read_site()  # the registry, once per build: languages.toml may have changed
    except (RegistryError, ConfigError) as error:  # said where, on every open page
        print(error, file=sys.stderr, flush=True)
        published.publish({language: (1, str(error)) for language in published.versions})
        return
    languages = [language.code for language in site.languages]
    first = published.shown_first(languages)
    order = first + [language for language in languages if language not in first]
    built: dict[str, tuple[int, str]] = {}
    for language, code, output in build_each(order, site, build_dir, ahead=ahead, saved=saved):
        publish(build_dir, language)  # under the build's lock, which build_each holds
        published.publish({language: (code, output)})
        built[language] = code, output
        seconds = time.perf_counter() - started
        # A failed build is published too, its warnings shown over its pages.
        warned = ", its warnings shown over its pages" if code else ""
        print(f"published: {language} in {seconds:.2f} s{warned}", flush=True)
    print_warnings(built)


def watch() -> queue.Queue[set[Path]]:
    """The inputs saved, as watchfiles reports them (a save's files are taken together
    once none came for 10 ms), from a thread of their own: a save during a build waits
    in the queue for the next one."""
    import logging

    import watchfiles

    # accessible-pygments (furo's) configures the root logger when it is imported:
    # watchfiles would tell each change twice.
    logging.getLogger("watchfiles").setLevel(logging.WARNING)
    saved: queue.Queue[set[Path]] = queue.Queue()

    def report() -> None:
        inputs = watchfiles.watch(ROOT, watch_filter=lambda _change, path: is_input(Path(path)),
                                  step=10, raise_interrupt=False)  # fmt: skip
        for changed in inputs:
            saved.put({Path(path) for _change, path in changed})

    threading.Thread(target=report, daemon=True).start()
    return saved


def restart(reason: str, port: int) -> None:
    """This process again, with the build's new code, on the same port (the pages
    reconnect by themselves)."""
    # Ctrl-C is held from here until the new process listens for it (a signal blocked
    # by every thread stays pending across exec): caught here during the exec, it
    # was lost with this process's memory, and the preview ran on (seen under load).
    hold_ctrl_c(signal.SIG_BLOCK)
    print(f"{reason}: starting again with the new code", flush=True)
    os.chdir(ROOT)
    arguments = restart_arguments(sys.argv[1:], port)
    os.execv(sys.executable, [sys.executable, "-m", "tools.preview", *arguments])


def restart_arguments(argv: list[str], port: int) -> list[str]:
    """This process's arguments, with ``port`` for the one it was given (or chose): a
    ``--port`` added at each start made the command line grow by one each time."""
    kept, skip = [], False
    for argument in argv:
        if skip or argument.startswith("--port="):
            skip = False
        elif argument == "--port":
            skip = True
        else:
            kept.append(argument)
    return [*kept, "--port", str(port)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("language", nargs="?", help="the language to open first (default: none)")
    parser.add_argument("--port", type=int, default=8000, help="default: 8000")
    parser.add_argument("--build-dir", type=Path, default=BUILD, help="default: _build")
    args = parser.parse_args(argv)
    known = check_settings(parser)
    if args.language:
        (args.language,) = registered([args.language], known)
    if args.language and args.language not in known:
        parser.error(f"unknown language {args.language}; known: {', '.join(known)}")
    # A SIGTERM (a closed terminal, a killed job) ends the loop as Ctrl-C does.
    signal.signal(signal.SIGTERM, lambda signum, frame: _interrupt())
    # The threads (the server's, the watch's) start with Ctrl-C blocked, so that only
    # this thread receives it: a thread that took it while this one execs lost it.
    hold_ctrl_c(signal.SIG_BLOCK)
    site = read_site()
    build_dir = args.build_dir.resolve()
    published = Published(args.language)
    host = type(
        "Preview",
        (PreviewHost,),
        {"published": published, "prefixes": {lang.prefix: lang.code for lang in site.languages}},
    )
    base_path = urlsplit(site.base_url).path or "/"
    with contextlib.ExitStack() as stack:
        try:
            url = stack.enter_context(serve(build_dir / "site", args.port, base_path, host))
        except OSError as error:  # the port is taken
            given = sys.argv[1:] if argv is None else argv  # the language, --build-dir...
            again = "python3 -m nox -s serve -- " + shlex.join(
                restart_arguments(given, args.port + 1)
            )
            parser.exit(1, f"cannot serve on 127.0.0.1:{args.port}: {error.strerror} "
                           f"(another port: {again})\n")  # fmt: skip
        opened = site.get(args.language).prefix if args.language else ""
        print(f"serving the whole site on {url}{opened} (Ctrl-C stops)", flush=True)
        # Each language's next build, started while the contributor types (fork only).
        ahead = stack.enter_context(contextlib.closing(BuildsAhead())) if can_fork() else None
        try:
            saved = watch()  # from now on: a file saved during a build is not missed
            hold_ctrl_c(signal.SIG_UNBLOCK)  # one pressed while starting: now
            warm_up()
            count_catalogs(every_catalog(site))
            with build_lock(build_dir):  # what an interrupted session left, published whole
                if (build_dir / "html").is_dir():
                    assemble(build_dir)
            rebuild(published, build_dir, ahead)
            while True:
                try:
                    paths = saved.get(timeout=1)
                except queue.Empty:
                    continue
                while not saved.empty():  # what was saved during the last build, too
                    paths |= saved.get_nowait()
                code = sorted(path for path in paths if is_build_code(path))
                if code:
                    if ahead is not None:  # the builds started ahead run the old code
                        ahead.close()
                    restart(f"{code[0].relative_to(ROOT)} changed", urlsplit(url).port)
                names = sorted(str(path.relative_to(ROOT)) for path in paths)
                print(f"changed: {', '.join(names)}", flush=True)
                rebuild(published, build_dir, ahead, saved=paths)
        except KeyboardInterrupt:
            print("stopped: the next build finishes what this one left", file=sys.stderr)
            return 130
    return 0


def _interrupt() -> None:
    raise KeyboardInterrupt


if __name__ == "__main__":
    sys.exit(main())
