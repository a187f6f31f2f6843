"""Measure the build and the preview: ``python -m tools.measure.bench`` (``nox -s bench``)
rewrites BENCHMARKS.md.

Every figure is the median of several runs on a private copy of the project
(the working tree is never touched), and every ratio is computed from figures
of the same run, so a busy machine slows both sides alike. Wall-clock numbers
are written down here, never asserted in tests.

Where the time of one build goes is not measured here: profile it by hand with the
field's tools (CONTRIBUTING.md, "Where the time goes").
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import io
import json
import os
import queue
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

from bpd.languages.registry import published, read_registry
from tools import ROOT, project
from tools.browser import free_port
from tools.measure import replay
from tools.measure.benchmarks import machine, write_section
from tools.project import GROUPED_PAGE, add_grouped_page, add_languages, grid_to_data_file
from tools.site import build_lock

#: Real language codes for the 20-language scale test (their text is copied from Swahili);
#: the first 14 that the site does not publish yet are used.
EXTRA_LANGUAGES = [
    "yo", "zu", "ig", "am", "so", "rw", "ln", "wo", "xh", "af", "ak", "om", "ti", "lg",
    "ff", "tw", "ee", "ny", "sn", "st", "tn", "ts", "nd", "mg",
]  # fmt: skip


def copy_project(destination: Path) -> Path:
    """The project without its tests: what a contributor's build reads."""
    return project.copy_project(destination, exclude=("tests/",))


#: The Python that runs nox (``nox -s bench`` passes its own): with it, rebuilds are
#: also measured through ``nox -s build``, as a contributor types it.
NOX_PYTHON: str | None = None


def site_build(project: Path, build_dir: Path, *languages: str, nox: bool = False) -> float:
    """Seconds for ``python -m tools.site`` end to end, a build in a process of its own;
    with ``nox``, for ``nox -s build`` as a contributor types it (its environment is the
    working tree's ``.nox/build``, made if missing, as the contributor's own)."""
    command = [sys.executable, "-m", "tools.site", "--build-dir", str(build_dir), *languages]
    if nox:
        command = [NOX_PYTHON, "-m", "nox", "--noxfile", str(project / "noxfile.py"),
                   "--envdir", str(ROOT / ".nox"), "-s", "build", "--",
                   "--build-dir", str(build_dir), *languages]  # fmt: skip
    started = time.perf_counter()
    result = subprocess.run(command, cwd=project, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode:
        raise RuntimeError(result.stdout + result.stderr)
    return elapsed


def median(values: list[float]) -> float:
    return statistics.median(values)


def cold(project: Path, runs: int, *languages: str) -> float:
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as build_dir:
            times.append(site_build(project, Path(build_dir), *languages))
    return median(times)


def rewritten(build_dir: Path, since: float) -> dict[str, list[str]]:
    """Pages whose HTML was written after ``since``, per language."""
    pages: dict[str, list[str]] = {}
    for html in sorted((build_dir / "html").rglob("*.html")):
        if html.stat().st_mtime > since:
            language, *rest = html.relative_to(build_dir / "html").parts
            pages.setdefault(language, []).append("/".join(rest))
    return pages


def incremental(
    project: Path, runs: int, edit: str, languages: tuple[str, ...] = (), nox: bool = False
) -> tuple[float, dict]:
    """Median seconds of a rebuild after one edit, and the pages it rewrote."""
    target, change = EDITS[edit]
    path = project / target
    original = path.read_text(encoding="utf-8")
    times, pages = [], {}
    with tempfile.TemporaryDirectory() as build_dir:
        site_build(project, Path(build_dir), *languages, nox=nox)
        for run in range(runs):
            text = change(original, run) if run % 2 == 0 else original
            time.sleep(0.02)
            since = time.time()
            path.write_text(text, encoding="utf-8")
            times.append(site_build(project, Path(build_dir), *languages, nox=nox))
            pages = rewritten(Path(build_dir), since)
    path.write_text(original, encoding="utf-8")
    return median(times), pages


def _edit_last_translation(text: str, run: int) -> str:
    """Change the last one-line msgstr (a paragraph, not a title) of a catalog."""
    last = list(re.finditer(r'^msgstr "(.+)"$', text, re.MULTILINE))[-1]
    return text[: last.end() - 1] + f' ({run})"' + text[last.end() :]


#: name: (file, edit) where edit(text, run) returns the edited text.
EDITS = {
    "page (initiatives/index.md)": (
        "initiatives/index.md",
        lambda text, run: text.replace("Each one answers", f"Each one ({run}) answers", 1),
    ),
    "YAML data file (about/leadership.yaml)": (
        "about/leadership.yaml",
        lambda text, run: text.replace("role: Events Coordinator", f"role: Coordinator {run}", 1),
    ),
    "one .po file (sw initiatives)": (
        "locales/sw/LC_MESSAGES/initiatives/index.po",
        _edit_last_translation,
    ),
}


# -- live preview ----------------------------------------------------------------

#: The edits the preview is measured on, and where each is viewed.
PAGE_EDITED, PAGE_VIEWED = "about/index.md", "about/"
CATALOG_EDITED = "locales/sw/LC_MESSAGES/about/index.po"


def with_marker(text: str, marker: str) -> str:
    """The page's first line of prose (after a blank line) with ``marker`` added: a
    message of every language's page, which then shows the new English."""
    lines = text.split("\n")
    number = next(n for n, line in enumerate(lines) if n and not lines[n - 1].strip()
                  and line[:1].isalpha())  # fmt: skip
    lines[number] += f" {marker}"
    return "\n".join(lines)


def translated_with_marker(text: str, marker: str) -> str:
    """The catalog's last one-line translation with ``marker`` added."""
    last = list(re.finditer(r'^msgstr "(.+)"$', text, re.MULTILINE))[-1]
    return text[: last.end() - 1] + f' {marker}"' + text[last.end() :]


class _Signals:
    """A page's reload signals (the preview's event stream), with the time each came."""

    def __init__(self, port: int, language: str) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.connection.request("GET", f"/_preview/events?language={language}")
        response = self.connection.getresponse()
        self.received: queue.Queue[tuple[float, dict]] = queue.Queue()

        def read() -> None:
            with contextlib.suppress(OSError, ValueError):
                for line in response:
                    if line.startswith(b"data: "):
                        self.received.put((time.perf_counter(), json.loads(line[6:])))

        threading.Thread(target=read, daemon=True).start()
        self.version = self.received.get(timeout=120)[1]["version"]

    def drain(self) -> None:
        """Forget the signals that came before now (those of the last edit undone)."""
        time.sleep(0.5)
        with contextlib.suppress(queue.Empty):
            while True:
                self.version = self.received.get_nowait()[1]["version"]

    def next_reload(self) -> float:
        """When the next signal to reload came."""
        while True:
            when, state = self.received.get(timeout=120)
            if state["version"] != self.version:
                self.version = state["version"]
                return when

    def close(self) -> None:
        self.connection.close()


def _edit_and_wait(path: Path, text: str, url: str, marker: str, others: list[str] = ()):
    """Save ``text`` to ``path``; seconds until ``url`` holds ``marker``, and until every
    one of ``others`` does too; the time of the save."""
    started = time.perf_counter()
    path.write_text(text, encoding="utf-8")
    _wait_for(url, marker, timeout=120)
    shown = time.perf_counter() - started
    for other in others:
        _wait_for(other, marker, timeout=120)
    return shown, time.perf_counter() - started, started


def preview(project: Path, runs: int) -> dict[str, float]:
    """Medians from a save to the page served by ``nox -s serve`` holding the edit (and
    to the page's reload signal): an English page edit viewed in English, a Swahili
    catalog edit viewed in Swahili, and every language after the page edit.

    The preview starts over a build of the project, as a contributor's does over the
    build they have (what the last build kept, the preview does not compute again).
    Each edit is saved once the preview is idle, as a contributor's next save comes
    seconds after the last: its last build over and the next builds started ahead
    (it holds its build directory's lock until then)."""
    site_build(project, project / "_build")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "tools.preview", "--port", str(port)],
        cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    languages = published(project)
    others = [url + language.prefix + PAGE_VIEWED for language in languages[1:]]
    found: dict[str, list[float]] = {name: [] for name in
                                     ("en", "en signal", "all", "sw", "sw signal")}  # fmt: skip
    page, catalog = project / PAGE_EDITED, project / CATALOG_EDITED
    original_page, original_catalog = page.read_text("utf-8"), catalog.read_text("utf-8")
    try:
        # Every language built once, and published.
        for language in languages:
            _wait_for(url + language.prefix + PAGE_VIEWED, "</html>", timeout=300)
        time.sleep(5)
        signals = _Signals(port, languages[0].code)  # the English page is open
        for run in range(runs):
            marker = f"bench-marker-{run}-{time.time_ns()}"
            _idle(project)
            signals.drain()
            shown, everywhere, saved = _edit_and_wait(
                page, with_marker(original_page, marker), url + PAGE_VIEWED, marker, others
            )
            found["en"].append(shown)
            found["all"].append(everywhere)
            found["en signal"].append(signals.next_reload() - saved)
            page.write_text(original_page, encoding="utf-8")
            for address in [url + PAGE_VIEWED, *others]:
                _wait_for(address, "</html>", timeout=120, without=marker)
        signals.close()
        signals = _Signals(port, "sw")  # the Swahili page is open
        for run in range(runs):
            marker = f"benchmarker{run}x{time.time_ns()}"
            _idle(project)
            signals.drain()
            shown, _, saved = _edit_and_wait(
                catalog, translated_with_marker(original_catalog, marker),
                f"{url}sw/{PAGE_VIEWED}", marker,
            )  # fmt: skip
            found["sw"].append(shown)
            found["sw signal"].append(signals.next_reload() - saved)
            catalog.write_text(original_catalog, encoding="utf-8")
            _wait_for(f"{url}sw/{PAGE_VIEWED}", "</html>", timeout=120, without=marker)
        signals.close()
    finally:
        page.write_text(original_page, encoding="utf-8")
        catalog.write_text(original_catalog, encoding="utf-8")
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGINT)
        server.wait(timeout=60)
    return {name: median(times) for name, times in found.items()}


def preview_beside_autobuild(project: Path, runs: int) -> dict:
    """The preview's figures and sphinx-autobuild's, in one run, and the machine's load
    average (one minute) before and after: the machine may be shared."""
    before = _load()
    figures = {"preview": preview(project, runs), "autobuild": autobuild(project, runs)}
    return {**figures, "load": (before, _load())}


def _load() -> float | None:
    with contextlib.suppress(OSError, AttributeError):  # not on Windows
        return os.getloadavg()[0]
    return None


def _idle(project: Path) -> None:
    """Until the preview of ``project`` builds nothing (it builds under the lock)."""
    with contextlib.redirect_stdout(io.StringIO()), build_lock(project / "_build"):
        pass  # (it says it waits)


def autobuild(project: Path, runs: int) -> float:
    """Seconds from saving the same English page edit to sphinx-autobuild (English alone,
    Sphinx's own output) serving it: for comparison."""
    port = free_port()
    out = project / "_build" / "autobuild"
    server = subprocess.Popen(
        [sys.executable, "-m", "sphinx_autobuild", "-b", "dirhtml", "-q",
         "-d", str(project / "_build" / "doctrees" / "autobuild"),
         "--host", "127.0.0.1", "--port", str(port), "--ignore", "*.mo",
         "--ignore", "*.js", str(project), str(out)],
        cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    page = project / PAGE_EDITED
    original = page.read_text(encoding="utf-8")
    url = f"http://127.0.0.1:{port}/{PAGE_VIEWED}"
    times = []
    try:
        _wait_for(url, "</html>", timeout=300)
        for run in range(runs):
            marker = f"bench-marker-{run}-{time.time_ns()}"
            times.append(_edit_and_wait(page, with_marker(original, marker), url, marker)[0])
            page.write_text(original, encoding="utf-8")
            _wait_for(url, "</html>", timeout=120, without=marker)
    finally:
        page.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait(timeout=10)
    return median(times)


def _wait_for(url: str, text: str, timeout: float, without: str | None = None) -> None:
    """Until ``url`` serves a page holding ``text`` (and not ``without``)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        # The server may cut a response short while it rebuilds: ask again.
        with (
            contextlib.suppress(OSError, http.client.HTTPException),
            urllib.request.urlopen(url, timeout=2) as response,
        ):
            page = response.read().decode("utf-8", "replace")
            if text in page and (without is None or without not in page):
                return
        time.sleep(0.02)
    raise TimeoutError(f"{url} never showed {text!r}")


# -- extension overhead and scale ------------------------------------------------


HAND_WRITTEN_CARD = """:::{{grid-item-card}}
:class-card: bpd-card bpd-person
![]({uri})
**{name}**

{role}
:::
"""


def hand_written(about: str) -> str:
    """The About page with its grids written as plain sphinx-design cards."""

    def initiatives(match: re.Match) -> str:
        import yaml

        cards = "".join(
            f":::{{grid-item-card}}\n{{ref}}`{item['title']} <{item['id']}>`\n\n"
            f"{item['summary']}\n:::\n"
            for item in yaml.safe_load(match.group(1))
        )
        return f"::::{{grid}} 1 1 3 3\n{cards}::::\n"

    def people(match: re.Match) -> str:
        import yaml

        cards = "".join(
            HAND_WRITTEN_CARD.format(uri="/_static/logo.svg", name=p["name"], role=p["role"])
            for p in yaml.safe_load(match.group(1))
        )
        return f"::::{{grid}} 1 2 2 4\n{cards}::::\n"

    about = re.sub(r"```\{initiative-grid\}\n(.*?)```\n", initiatives, about, flags=re.DOTALL)
    return re.sub(r"```\{leadership-grid\}\n(.*?)```\n", people, about, flags=re.DOTALL)


def people_yaml(count: int) -> str:
    return "".join(
        f"- name: Person {i} Example\n  role: Role number {i}\n  github: person-{i}\n"
        for i in range(count)
    )


def leadership_groups(project: Path, runs: int, six: float) -> dict[str, float]:
    """The leadership in groups (``tests/roots/test-groups``) as one more page: the
    forty-place page in six languages, then its council at 50 and 500 names (English).
    The project is left without the page."""
    times = {"without": six}
    data = add_grouped_page(project)
    times["with"] = cold(project, runs)
    for count in (50, 500):
        add_grouped_page(project, council=[f"Council Member {i}" for i in range(count)])
        times[count] = cold(project, runs, "en")
    data.unlink()
    (project / f"{GROUPED_PAGE}.md").unlink()
    return times


def page_build_seconds(project: Path, about: str, runs: int) -> float:
    """Median seconds of an English build of the project with ``about`` as its About page."""
    (project / "about" / "index.md").write_text(about, encoding="utf-8")
    return cold(project, runs, "en")


def twenty_languages(project: Path) -> None:
    """Add languages (their catalogs copied from Swahili) to reach 20."""
    registered = read_registry(project)
    added = [code for code in EXTRA_LANGUAGES if code not in registered][: 20 - len(registered)]
    add_languages(project / "locales" / "languages.toml", added)
    for code in added:
        target = project / "locales" / code
        shutil.copytree(project / "locales" / "sw", target)
        for po in target.rglob("*.po"):
            po.write_text(po.read_text().replace('"Language: sw\\n"', f'"Language: {code}\\n"'))
        for compiled in [*target.rglob("*.mo"), *target.rglob("*.js")]:
            compiled.unlink()


# -- report --------------------------------------------------------------------------


def versions() -> str:
    from importlib.metadata import version

    names = ["sphinx", "myst-parser", "sphinx-design", "furo", "docutils"]
    return ", ".join(f"{name} {version(name)}" for name in names)


def verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def run(runs: int) -> dict:
    results = {}
    with tempfile.TemporaryDirectory() as workspace:
        project = copy_project(Path(workspace) / "project")
        grid_to_data_file(project)
        results["cold_all"] = cold(project, runs)
        results["cold_en"] = cold(project, runs, "en")
        # As a contributor types it, through nox when nox is known.
        nox = bool(NOX_PYTHON)
        results["nox"] = nox
        results["incremental"] = {edit: incremental(project, runs, edit, nox=nox) for edit in EDITS}
        page_edit = next(iter(EDITS))
        results["incremental_en"] = incremental(project, runs, page_edit, ("en",), nox=nox)
        results.update(preview_beside_autobuild(project, runs))
        about = (ROOT / "about" / "index.md").read_text(encoding="utf-8")
        directive_page = page_build_seconds(project, about, runs)
        hand_page = page_build_seconds(project, hand_written(about), runs)
        results["overhead"] = (directive_page, hand_page)
        grid_times = {}
        (project / "about" / "index.md").write_text(about, encoding="utf-8")
        data = grid_to_data_file(project)
        with_data_file = (project / "about" / "index.md").read_text(encoding="utf-8")
        for count in (50, 500):
            data.write_text(people_yaml(count), encoding="utf-8")
            grid_times[count] = page_build_seconds(project, with_data_file, runs)
        results["grid"] = grid_times
        (project / "about" / "index.md").write_text(about, encoding="utf-8")
        grid_to_data_file(project)
        six = cold(project, runs)
        results["groups"] = leadership_groups(project, runs, six)
        twenty_languages(project)
        twenty = cold(project, max(1, runs // 2))
        results["scale"] = (six, twenty)
    with tempfile.TemporaryDirectory() as workspace:
        # Ten English edits, each followed by `translations -- update` and a build.
        results["replay"] = replay.run(
            copy_project(Path(workspace) / "project"), Path(workspace) / "build", log=print
        )
    return results


#: The live preview's targets (issue 27), in seconds from the save.
PREVIEW_TARGETS = {"en": 0.3, "sw": 0.5, "all": 1.0}


def preview_report(r: dict, runs: int) -> str:
    """The "preview" section: the live preview beside sphinx-autobuild, from one run."""
    figures, autobuilt = r["preview"], r["autobuild"]
    rows = [
        ("an English page edit (`about/index.md`), viewed at `/about/`", "en", "en signal"),
        ("a Swahili catalog edit (`about/index.po`), viewed at `/sw/about/`", "sw", "sw signal"),
        ("the English page edit, every language's `/about/` up to date", "all", None),
    ]
    lines = [
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by `nox -s bench`, medians of "
        f"{runs} edits each, on a copy of the project: from the save to the page served "
        "over HTTP holding the edit (polled), and to the open page's signal to reload. "
        "The preview starts over a build of the copy, as a contributor's starts over the "
        "build they have; each edit is saved once it is idle (its last build over, the "
        "next ones started ahead), as a contributor's next save comes seconds later.",
        "",
        f"- Machine: {machine()}",
        *(
            [f"- Load average (one minute) before and after: {before:.2f} and {after:.2f}, "
             f"on {os.cpu_count()} cores (a busy machine slows the preview and "
             "sphinx-autobuild alike: compare them in the same run)"]
            if None not in (before := r["load"][0], after := r["load"][1]) else []
        ),
        "",
        "| edit | served | reload signal | target |",
        "| --- | ---: | ---: | --- |",
    ]  # fmt: skip
    for what, key, signal_key in rows:
        signalled = f"{figures[signal_key]:.2f} s" if signal_key else ""
        target = PREVIEW_TARGETS[key]
        lines.append(
            f"| {what} | {figures[key]:.2f} s | {signalled} | at most {target} s, "
            f"{verdict(figures[key] <= target)} |"
        )
    lines.append(
        f"| for comparison: sphinx-autobuild (English alone, Sphinx's own output), the "
        f"English edit | {autobuilt:.2f} s | | the preview's English edit: "
        f"{figures['en'] / autobuilt:.2f}x its time |"
    )
    return "\n".join(lines)


def report(r: dict, runs: int) -> str:
    ratio_all = r["cold_all"] / r["cold_en"]
    directive_page, hand_page = r["overhead"]
    overhead = directive_page / hand_page
    six, twenty = r["scale"]
    scale_ratio = twenty / six
    scale_limit = 20 / 6 * 1.2
    grid_ratio = r["grid"][500] / r["grid"][50]
    groups = r["groups"]
    council_ratio = groups[500] / groups[50]
    per_name = max(0.0, groups[500] - groups[50]) / 450 * 1000
    lines = [
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by `nox -s bench` "
        f"(`python -m tools.measure.bench --runs {runs}`), medians of {runs} runs "
        f"(the 20-language build: {max(1, runs // 2)}).",
        "",
        f"- Machine: {machine()}",
        f"- Versions: {versions()}",
        "- Every time is end to end, from start to exit. Cold builds run "
        "`python -m tools.site`. "
        + (
            "Rebuilds run `nox -s build` as a contributor types it (its environment made "
            "by the build before): one process a build, nothing left running."
            if r["nox"]
            else "Rebuilds run `python -m tools.site` (no nox given)."
        ),
        "",
        "### Cold builds",
        "",
        "| build | time |",
        "| --- | --- |",
        f"| whole site, 6 languages | {r['cold_all']:.2f} s |",
        f"| English only | {r['cold_en']:.2f} s |",
        f"| ratio (target at most 1.8x) | {ratio_all:.2f}x, {verdict(ratio_all <= 1.8)} |",
        "",
        "### Incremental rebuilds (whole site, after one edit)",
        "",
        "A one-shot build (the edit loop is `nox -s serve`, in the preview's section). "
        "Target: any edit at most 2.0 s.",
        "",
        "| edit | time | pages rewritten |",
        "| --- | --- | --- |",
    ]
    rows = [*r["incremental"].items(), ("same page edit, English only (`nox -s build -- en`)",
                                         r["incremental_en"])]  # fmt: skip
    for edit, (seconds, pages) in rows:
        written = "; ".join(f"{lang}: {', '.join(p)}" for lang, p in pages.items()) or "none"
        lines.append(f"| {edit} | {seconds:.2f} s, {verdict(seconds <= 2.0)} | {written} |")
    lines += [
        "",
        "### Extension overhead",
        "",
        "| About page built with | English build |",
        "| --- | --- |",
        f"| `leadership-grid` and `initiative-grid` | {directive_page:.2f} s |",
        f"| the same grids hand-written as sphinx-design cards | {hand_page:.2f} s |",
        f"| ratio (target at most 1.10x) | {overhead:.2f}x, {verdict(overhead <= 1.10)} |",
        "",
        "### Scale",
        "",
        "| build | time | ratio | target |",
        "| --- | --- | --- | --- |",
        f"| 6 languages | {six:.2f} s | 1 | |",
        f"| 20 languages (14 copies of Swahili) | {twenty:.2f} s | {scale_ratio:.2f}x | "
        f"at most {scale_limit:.2f}x, {verdict(scale_ratio <= scale_limit)} |",
        f"| About page, 50 people (English) | {r['grid'][50]:.2f} s | 1 | |",
        f"| About page, 500 people (English) | {r['grid'][500]:.2f} s | {grid_ratio:.2f}x | "
        f"under 10x, {verdict(grid_ratio < 10)} |",
        "",
        "### Leadership in groups",
        "",
        "The community's leadership in one data file (`tests/roots/test-groups`: seven "
        "regional executors, three team leads, six advisors, a council of twenty-four; "
        "forty places) as one more page, `/leadership-groups/`, with four directives.",
        "",
        "| build | time | ratio | target |",
        "| --- | --- | --- | --- |",
        f"| 6 languages, without the page | {groups['without']:.2f} s | 1 | |",
        f"| 6 languages, with the forty-place page | {groups['with']:.2f} s | "
        f"{groups['with'] / groups['without']:.2f}x | |",
        f"| the page, council of 50 names (English) | {groups[50]:.2f} s | 1 | |",
        f"| the page, council of 500 names (English) | {groups[500]:.2f} s | "
        f"{council_ratio:.2f}x | linear: under 10x, {verdict(council_ratio < 10)} |",
        "",
        f"Each of the 450 more names costs {per_name:.2f} ms (the difference of the two "
        "English builds, divided).",
        "",
        "### Keeping up with English: ten edits replayed",
        "",
        "Each English edit is followed by `nox -s translations -- update` (all five "
        "languages) and a build of Swahili (`tests/test_replay.py` holds every step to "
        "these figures' promises: no line changes in an entry whose English did not "
        'change, no translation lost, every English run on a page marked `lang="en"` '
        "and counted by the notice and the status page).",
        "",
        replay.report(r["replay"]),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (default 5)")
    parser.add_argument("--print", action="store_true", help="print instead of writing the file")
    parser.add_argument(
        "--nox-python", help="a Python with nox: rebuilds are measured through nox -s build too"
    )
    parser.add_argument(
        "--preview", action="store_true",
        help="measure the live preview (and sphinx-autobuild) alone: its section only",
    )  # fmt: skip
    parser.add_argument(
        "--suite", action="store_true",
        help="measure the test suite against a cold build instead (tools/measure/suite.py)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    if args.suite:
        from tools.measure import suite

        section = suite.report(suite.run(args.nox_python or sys.executable))
        name, heading = suite.SECTION
        print(section)
        if not args.print:
            write_section(name, heading, section)
        return 0
    global NOX_PYTHON
    NOX_PYTHON = args.nox_python
    if args.preview:
        with tempfile.TemporaryDirectory() as workspace:
            project = copy_project(Path(workspace) / "project")
            results = preview_beside_autobuild(project, args.runs)
        sections = [("preview", PREVIEW_HEADING, preview_report(results, args.runs))]
    else:
        results = run(args.runs)
        sections = [("bench", "Builds", report(results, args.runs)),
                    ("preview", PREVIEW_HEADING, preview_report(results, args.runs))]  # fmt: skip
    for name, heading, section in sections:
        print(section)
        if not args.print:
            write_section(name, heading, section)
    return 0


#: The preview's section of BENCHMARKS.md.
PREVIEW_HEADING = "Contributors: the live preview"


if __name__ == "__main__":
    sys.exit(main())
