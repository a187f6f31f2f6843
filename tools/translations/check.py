"""``check``: every catalog as the build checks it, as GNU ``msgfmt --check`` does, and as
Python's own translation teams check theirs (sphinx-lint, hunspell, a glossary).

Each problem is printed at ``file.po:line``; the exit code is 1 if there is any.
"""

from __future__ import annotations

import os
import re
import runpy
import shutil
import subprocess
import sys
from pathlib import Path

from bpd.languages.registry import read_registry
from bpd.project_files import leads_out
from bpd.translations import catalogs
from tools import ROOT
from tools.translations import LOCALES, TEMPLATES, shown
from tools.translations.glossary import glossary_problems
from tools.translations.lint import lint_problems
from tools.translations.spelling import missing_debian_dictionaries, spelling_problems


def check(files: list[Path]) -> int:
    """Check catalogs as the build does, and with GNU ``msgfmt --check`` where it is installed."""
    if not files:
        files = sorted(
            path
            for language in read_registry(ROOT)[1:]
            for path in (LOCALES / language / "LC_MESSAGES").rglob("*.po")
        )
    extensions = site_myst_extensions()
    checked = [catalogs.check_catalog(path, myst_extensions=extensions) for path in files]
    problems = [str(problem) for catalog in checked for problem in catalog.problems]
    msgfmt = shutil.which("msgfmt")
    if msgfmt:
        # Not on a link out of the project: msgfmt would quote what it leads to.
        problems += [
            problem
            for path in files
            if not leads_out(path)
            for problem in _msgfmt_problems(msgfmt, path)
        ]
    # The checks Python's own translation teams run, on the files the build can read.
    readable = [catalog.path for catalog in checked if catalog.usable]
    problems += [str(problem) for catalog in checked for problem in _against_template(catalog)]
    problems += lint_problems(readable)
    problems += glossary_problems(readable)
    spelling, notes = spelling_problems(readable)
    problems += spelling
    for problem in problems:
        print(problem.replace(str(ROOT) + "/", "", 1))
    print(f"checked {len(files)} file(s): {len(problems)} problem(s)")
    for note in notes:
        print(note, file=sys.stderr)
    if os.environ.get("CI") and missing_debian_dictionaries(notes):
        return 1  # CI installs hunspell and Debian's dictionaries: one missing is a broken CI
    if not msgfmt:
        print(
            "GNU msgfmt was not found, so its own checks did not run "
            "(apt-get install gettext, brew install gettext)",
            file=sys.stderr,
        )
        if os.environ.get("CI"):
            return 1  # CI installs gettext: a missing msgfmt there is a broken CI
    return 1 if problems else 0


def _msgfmt_problems(msgfmt: str, path: Path) -> list[str]:
    """``msgfmt --check``'s complaints about ``path``, as ``file:line: msgfmt: ...``."""
    result = subprocess.run(
        [msgfmt, "--check", "--output-file", os.devnull, str(path)],
        capture_output=True, text=True, env={**os.environ, "LC_ALL": "C"},
    )  # fmt: skip
    # Its warnings too (a header field missing): platforms show them to translators.
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    if result.returncode == 0 and not lines:
        return []
    located = [
        f"{path}:{match.group(1)}: msgfmt: {match.group(2).strip()}"
        for line in lines
        if (match := re.match(rf"^{re.escape(str(path))}:(\d+):(.*)$", line))
    ]
    return located or [f"{path}:1: msgfmt: {' '.join(lines)}"]


def _against_template(checked: catalogs.CheckedCatalog) -> list[catalogs.Problem]:
    """What the catalog and its English (``locales/templates/``) do not share: a message
    the pages show that the catalog lacks is shown in English though the counts never
    see it; one the pages no longer have (a msgid or a form changed by hand) is never
    shown. ``update`` brings the catalog in step; CI checks it is."""
    if not checked.usable or checked.path.parent.name == "templates":
        return []
    try:
        # As given on the command line too ("locales/fr/..."): relative to where it runs.
        page = checked.path.absolute().relative_to(LOCALES).parts[2:]
    except ValueError:
        return []
    template = TEMPLATES.joinpath(*page).with_suffix(".pot")
    if len(page) == 0 or not template.is_file():
        return []
    english = catalogs.check_catalog(template, None, messages=False)
    wanted = {(m.context, catalogs.singular(m.id)): m for m in english.messages()}
    have = {(m.context, catalogs.singular(m.id)): m for m in checked.catalog if m.id}
    run_update = "run `translations -- update` to bring it in step"
    found = [
        catalogs.Problem(
            checked.path, 1,
            f"msgid {catalogs.shortened(msgid)}"
            + (f" (msgctxt {context!r})" if context else "")
            + f" is in the English ({shown(template)}) but not in this catalog: {run_update}",
        )
        for (context, msgid) in wanted.keys() - have.keys()
    ]  # fmt: skip
    found += [
        catalogs.Problem(
            checked.path, message.lineno or 1,
            f"msgid {catalogs.shortened(msgid)}"
            + (f" (msgctxt {context!r})" if context else "")
            + f" is not in the English ({shown(template)}), so it is never shown: {run_update}",
        )
        for (context, msgid), message in have.items()
        if (context, msgid) not in wanted
    ]  # fmt: skip
    return sorted(found, key=lambda problem: (problem.line, problem.message))


def site_myst_extensions() -> list[str]:
    """The MyST extensions conf.py enables: translations are parsed as the pages are."""
    return list(runpy.run_path(str(ROOT / "conf.py")).get("myst_enable_extensions", []))
