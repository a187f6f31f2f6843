"""Measure the build: ``python -m tools.measure.bench`` (``nox -s bench``) rewrites BENCHMARKS.md.

Every figure is the median of several runs on a private copy of the project
(the working tree is never touched), and every ratio is computed from figures
of the same run, so a busy machine slows both sides alike. Wall-clock numbers
are written down here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

from bpd.languages.registry import read_registry
from tools import ROOT, project, warm_build
from tools.measure import phases, replay
from tools.measure.benchmarks import machine, write_section
from tools.project import GROUPED_PAGE, add_grouped_page, grid_to_data_file

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


def site_build(
    project: Path, build_dir: Path, *languages: str, nox: bool = False, warm: bool = True
) -> float:
    """Seconds for ``python -m tools.site`` end to end, a build in a process of its own;
    with ``nox``, for ``nox -s build`` as a contributor types it (its environment is the
    working tree's ``.nox/build``, made if missing, as the contributor's own), through
    its warm process (``tools/warm_build.py``) unless not ``warm``."""
    command = [sys.executable, "-m", "tools.site", "--build-dir", str(build_dir), *languages]
    if nox:
        command = [NOX_PYTHON, "-m", "nox", "--noxfile", str(project / "noxfile.py"),
                   "--envdir", str(ROOT / ".nox"), "-s", "build", "--",
                   "--build-dir", str(build_dir), *languages]  # fmt: skip
    environment = {**os.environ, "BPD_WARM": "1" if warm else "0"}
    started = time.perf_counter()
    result = subprocess.run(command, cwd=project, capture_output=True, text=True, env=environment)
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
    project: Path,
    runs: int,
    edit: str,
    languages: tuple[str, ...] = (),
    nox: bool = False,
    warm: bool = True,
) -> tuple[float, dict]:
    """Median seconds of a rebuild after one edit, and the pages it rewrote."""
    target, change = EDITS[edit]
    path = project / target
    original = path.read_text(encoding="utf-8")
    times, pages = [], {}
    with tempfile.TemporaryDirectory() as build_dir:
        site_build(project, Path(build_dir), *languages, nox=nox, warm=warm)
        # As after a contributor's first build: its warm process has started.
        if nox and warm and not warm_build.serving(Path(build_dir)):
            raise RuntimeError(f"no warm process started for {build_dir}")
        try:
            for run in range(runs):
                text = change(original, run) if run % 2 == 0 else original
                time.sleep(0.02)
                since = time.time()
                path.write_text(text, encoding="utf-8")
                times.append(site_build(project, Path(build_dir), *languages, nox=nox, warm=warm))
                pages = rewritten(Path(build_dir), since)
        finally:
            if nox and warm:
                warm_build.stop(Path(build_dir))
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


def serve_edit_to_update(project: Path, runs: int) -> float:
    """Seconds from saving a page to the live preview serving the new text."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    out = project / "_build" / "serve"
    server = subprocess.Popen(
        [sys.executable, "-m", "sphinx_autobuild", "-b", "dirhtml", "-q",
         "-d", str(project / "_build" / "doctrees" / "serve"),
         "--host", "127.0.0.1", "--port", str(port), "--ignore", "*.mo",
         "--ignore", "*.js", str(project), str(out)],
        cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    page = project / "initiatives" / "index.md"
    original = page.read_text(encoding="utf-8")
    url = f"http://127.0.0.1:{port}/initiatives/"
    times = []
    try:
        _wait_for(url, "Black Python Devs", timeout=60)
        for run in range(runs):
            marker = f"bench-marker-{run}-{time.time_ns()}"
            started = time.perf_counter()
            page.write_text(original + f"\n{marker}\n", encoding="utf-8")
            _wait_for(url, marker, timeout=60)
            times.append(time.perf_counter() - started)
    finally:
        page.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait(timeout=10)
    return median(times)


def _wait_for(url: str, text: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        # The server may cut a response short while it rebuilds: ask again.
        with (
            contextlib.suppress(OSError, http.client.HTTPException),
            urllib.request.urlopen(url, timeout=2) as response,
        ):
            if text in response.read().decode("utf-8", "replace"):
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
    registry = project / "locales" / "languages.toml"
    registered = read_registry(project)
    added = [code for code in EXTRA_LANGUAGES if code not in registered][: 20 - len(registered)]
    codes = re.search(r"languages = \[(.*)\]", registry.read_text()).group(1)
    extra = ", ".join(f'"{code}"' for code in added)
    registry.write_text(registry.read_text().replace(codes, f"{codes}, {extra}"))
    for code in added:
        target = project / "locales" / code
        shutil.copytree(project / "locales" / "sw", target)
        for po in target.rglob("*.po"):
            po.write_text(po.read_text().replace('"Language: sw\\n"', f'"Language: {code}\\n"'))
        for compiled in [*target.rglob("*.mo"), *target.rglob("*.js")]:
            compiled.unlink()


# -- where the time goes --------------------------------------------------------------


def phases_of(project: Path, build_dir: Path, *languages: str) -> dict[str, float]:
    """Seconds per phase of one build (``tools.measure.phases``), as ``site_build`` runs it."""
    with tempfile.TemporaryDirectory() as logs:
        log = Path(logs, "phases.jsonl")
        environment = {**os.environ, "BPD_LAUNCHED": repr(time.time())}
        result = subprocess.run(
            [sys.executable, "-m", "tools.measure.phases", str(log),
             "--build-dir", str(build_dir), *languages],
            cwd=project, capture_output=True, text=True, env=environment,
        )  # fmt: skip
        if result.returncode:
            raise RuntimeError(result.stdout + result.stderr)
        return phases.summary(log)


def where_the_time_goes(project: Path, runs: int) -> dict[str, dict[str, float]]:
    """Phases of a cold English build, a cold six-language build and the page edit, and
    what ``nox -s build`` adds to an up-to-date build: each the run of median total."""

    def median_run(measure) -> dict[str, float]:
        found = sorted((measure() for _ in range(runs)), key=lambda found: found["total"])
        return found[len(found) // 2]

    def cold_phases(*languages: str) -> dict[str, float]:
        with tempfile.TemporaryDirectory() as build_dir:
            return phases_of(project, Path(build_dir), *languages)

    results = {"cold_en": median_run(lambda: cold_phases("en"))}
    results["cold_all"] = median_run(cold_phases)
    target, change = EDITS[next(iter(EDITS))]
    path = project / target
    original = path.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as build_dir:
        site_build(project, Path(build_dir))
        edits = iter(range(runs))

        def edited() -> dict[str, float]:
            run = next(edits)
            path.write_text(change(original, run) if run % 2 == 0 else original, "utf-8")
            return phases_of(project, Path(build_dir))

        results["page_edit"] = median_run(edited)
        path.write_text(original, encoding="utf-8")
        site_build(project, Path(build_dir))  # the page as it was: up to date from here
        if NOX_PYTHON:
            up_to_date = [site_build(project, Path(build_dir)) for _ in range(runs)]
            through_nox = [site_build(project, Path(build_dir), nox=True, warm=False)
                           for _ in range(runs)]  # fmt: skip
            results["nox"] = {"nox": median(through_nox) - median(up_to_date)}
    return results


def phases_table(found: dict[str, dict[str, float]]) -> str:
    columns = [("one-page edit", "page_edit"), ("cold, English", "cold_en"),
               ("cold, 6 languages", "cold_all")]  # fmt: skip
    lines = [
        "| phase | " + " | ".join(name for name, _ in columns) + " |",
        "| --- |" + " ---: |" * len(columns),
    ]
    for phase, what in phases.PHASES:
        cells = [f"{found[key].get(phase, 0.0):.2f} s" for _, key in columns]
        lines.append(f"| {what} | " + " | ".join(cells) + " |")
    lines.append(
        "| **wall clock, start to exit** | "
        + " | ".join(f"**{found[key]['total']:.2f} s**" for _, key in columns)
        + " |"
    )
    if "nox" in found:
        lines.append(
            f"| what `nox -s build` adds (starting nox, checking its environment) | "
            f"{found['nox']['nox']:.2f} s | | |"
        )
    return "\n".join(lines)


# -- report --------------------------------------------------------------------------


def versions() -> str:
    from importlib.metadata import version

    names = ["sphinx", "myst-parser", "sphinx-design", "furo", "docutils"]
    return ", ".join(f"{name} {version(name)}" for name in names)


def verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def run(runs: int) -> str:
    results = {}
    with tempfile.TemporaryDirectory() as workspace:
        project = copy_project(Path(workspace) / "project")
        grid_to_data_file(project)
        results["cold_all"] = cold(project, runs)
        results["cold_en"] = cold(project, runs, "en")
        # As a contributor types it, through nox (its warm process) when nox is known.
        nox = bool(NOX_PYTHON)
        results["nox"] = nox
        results["incremental"] = {edit: incremental(project, runs, edit, nox=nox) for edit in EDITS}
        page_edit = next(iter(EDITS))
        results["incremental_en"] = incremental(project, runs, page_edit, ("en",), nox=nox)
        results["incremental_alone"] = incremental(project, runs, page_edit)
        if nox:
            results["incremental_cold_nox"] = incremental(project, runs, page_edit, nox=True,
                                                          warm=False)  # fmt: skip
        results["serve"] = serve_edit_to_update(project, runs)
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
        results["phases"] = where_the_time_goes(project, runs)
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
    return report(results, runs)


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
            "Rebuilds run `nox -s build` as a contributor types it: its environment is "
            "made and its warm process started by the build before, as after a "
            "contributor's first build (`tools/warm_build.py`)."
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
        "Targets: a page edit at most 1.0 s, any other edit at most 1.5 s.",
        "",
        "| edit | time | pages rewritten |",
        "| --- | --- | --- |",
    ]
    rows = [*r["incremental"].items(), ("same page edit, English only (`nox -s build -- en`)",
                                         r["incremental_en"])]  # fmt: skip
    for edit, (seconds, pages) in rows:
        written = "; ".join(f"{lang}: {', '.join(p)}" for lang, p in pages.items()) or "none"
        target = 1.0 if edit.startswith(("page", "same page")) else 1.5
        lines.append(f"| {edit} | {seconds:.2f} s, {verdict(seconds <= target)} | {written} |")
    lines += [
        "",
        "The same page edit without the warm process, for comparison (no target):",
        "",
        "| build | time |",
        "| --- | --- |",
        f"| `python -m tools.site`, a process of its own | {r['incremental_alone'][0]:.2f} s |",
    ]
    if "incremental_cold_nox" in r:
        lines.append(f"| `nox -s build` with `BPD_WARM=0` (as under CI) | "
                     f"{r['incremental_cold_nox'][0]:.2f} s |")  # fmt: skip
    lines += [
        "",
        "### Live preview",
        "",
        "- Edit to updated page with `nox -s serve` (sphinx-autobuild, English): "
        f"{r['serve']:.2f} s",
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
        "### Where the time goes",
        "",
        "Each phase timed in one build (`python -m tools.measure.phases`; of several "
        "runs, the one of median total). The phases of each language's child are "
        "summed over the languages: they run two at a time on two cores (`-j` defaults "
        "to the number of cores), so they take about half that in wall clock.",
        "",
        phases_table(r["phases"]),
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
        "--suite", action="store_true",
        help="measure the test suite against a cold build instead (tools/measure/suite.py)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    if args.suite:
        from tools.measure import suite

        section = suite.report(suite.run(args.nox_python or sys.executable))
        name, heading = suite.SECTION
    else:
        global NOX_PYTHON
        NOX_PYTHON = args.nox_python
        section = run(args.runs)
        name, heading = "bench", "Builds"
    print(section)
    if not args.print:
        write_section(name, heading, section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
