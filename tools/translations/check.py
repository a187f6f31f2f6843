"""``check``: every catalog as the build checks it, as GNU ``msgfmt --check`` does, as
Python's own translation teams check theirs (sphinx-lint, hunspell, a glossary), with
one plural rule in each language's files, and in the one form ``update`` writes (as
CI's ``format --check``).

Each problem is printed at ``file.po:line``; the exit code is 1 if there is any.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from bpd.languages.registry import read_registry
from bpd.translations.catalogs import (
    INTERFACE_DOMAIN,
    Catalogs,
    CheckedCatalog,
    Problem,
    language_of,
    plural_forms_of,
)
from bpd.translations.pofile import PoFile, key, shortened
from tools.translations.form import FORMAT, OUT_OF_FORM, out_of_form
from tools.translations.glossary import glossary_problems
from tools.translations.lint import lint_problems
from tools.translations.spelling import missing_debian_dictionaries, spelling_problems


def check(catalogs: Catalogs, files: list[Path]) -> int:
    """Check catalogs as the build does, and with GNU ``msgfmt --check`` where it is installed."""
    if not files:
        files = [
            path
            for language in read_registry(catalogs.root)[1:]
            for path in catalogs.catalogs(language)
        ]
    checked = []
    for path in files:
        # A catalog named from anywhere is compared with the English of its own project.
        project = Catalogs.holding(path, catalogs.myst_extensions)
        checked.append((project, project.check(path)))
    problems = [str(problem) for _project, catalog in checked for problem in catalog.problems]
    msgfmt = shutil.which("msgfmt")
    if msgfmt:
        # Not on a link out of the project: msgfmt would quote what it leads to.
        problems += [
            problem
            for _project, catalog in checked
            if not catalog.po.outside
            for problem in _msgfmt_problems(msgfmt, catalog.po)
        ]
    # The checks Python's own translation teams run, on the files the build can read
    # (as read once, above; sphinx-lint reads the files itself).
    readable = [catalog.po for _project, catalog in checked if catalog.usable]
    # By absolute path, links not followed: a sphinx.po that is a link out of the project
    # must stay unread (``leads_out``), never be read where it leads.
    read = {Path(os.path.abspath(catalog.path)): catalog.po for _project, catalog in checked}
    problems += [
        str(problem)
        for project, catalog in checked
        for problem in [
            *against_english(project, catalog),
            *another_plural_rule(project, catalog, read),
        ]
    ]
    # Said once the file has no problem of its own: `format` keeps one of two copies of
    # a message, and composes a decomposed one, which check names already.
    problems += [
        f"{catalog.path}:{line}: {OUT_OF_FORM}: run {FORMAT}"
        for _project, catalog in checked
        if catalog.usable and not catalog.problems
        if (line := out_of_form(catalog.po, language_of(catalog.path))) is not None
    ]
    problems += lint_problems(readable)
    problems += glossary_problems(catalogs, readable)
    spelling, notes = spelling_problems(catalogs, readable)
    problems += spelling
    for problem in problems:
        print(problem.replace(str(catalogs.root) + "/", "", 1))
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


def _msgfmt_problems(msgfmt: str, po: PoFile) -> list[str]:
    """``msgfmt --check``'s complaints about a catalog, as ``file:line: msgfmt: ...``;
    one about a header field at that field's line (msgfmt names the header's start)."""
    path = po.path
    result = subprocess.run(
        [msgfmt, "--check", "--output-file", os.devnull, str(path)],
        capture_output=True, text=True, env={**os.environ, "LC_ALL": "C"},
    )  # fmt: skip
    # Its warnings too (a header field missing): platforms show them to translators.
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    if result.returncode == 0 and not lines:
        return []
    # "file:line:" or, for a syntax error, "file:line:column:": the column is not a line.
    located = []
    for line in lines:
        if match := re.match(rf"^{re.escape(str(path))}:(\d+):(?:\d+:)?(.*)$", line):
            said = match.group(2).strip()
            located.append(f"{path}:{_field_line(po, int(match.group(1)), said)}: msgfmt: {said}")
    return located or [f"{path}:1: msgfmt: {' '.join(lines)}"]


def _field_line(po: PoFile, line: int, said: str) -> int:
    """The line of the header field msgfmt's complaint is about, if it is about one."""
    field = re.search(r"header field '([\w-]+)'", said)
    name = field.group(1) if field else "Plural-Forms" if "plural" in said.lower() else None
    return po.header_line(name) if name and line == po.header_line("") else line


def another_plural_rule(
    catalogs: Catalogs, checked: CheckedCatalog, read: dict[Path, PoFile]
) -> list[Problem]:
    """A catalog whose plural rule is not its language's, as the interface catalog
    (``sphinx.po``) has it: a language counts its forms one way (``update`` gives a new
    catalog that rule), and a rule changed in one file, though valid, is a slip. The
    interface catalog is taken from ``read`` (what this check read), or read once into it."""
    language = language_of(checked.path)
    if not checked.usable or not language:
        return []
    interface = Path(os.path.abspath(catalogs.catalog(language, INTERFACE_DOMAIN)))
    if interface not in read:
        read[interface] = catalogs.read(interface)  # empty if missing, unread if it leads out
    expected = read[interface].header_value("Plural-Forms")
    if expected is None or checked.po.header_value("Plural-Forms") is None:
        return []
    if _counted(checked.po) in (None, _counted(read[interface])):
        return []
    return [
        Problem(
            checked.path, checked.po.header_line("Plural-Forms"),
            f"the plural rule is not the one of {catalogs.shown(interface)}, {expected!r}: "
            "a language counts its forms one way in every file",
        )
    ]  # fmt: skip


def _counted(po: PoFile) -> tuple[int, tuple[int, ...]] | None:
    """What a catalog's plural rule does: its number of forms, and the form it gives 0 to
    999 (``plural=n>1`` and ``plural=(n > 1)`` are one rule); None if it cannot be read."""
    try:
        return po.catalog.num_plurals, plural_forms_of(po.catalog.plural_expr)
    except ValueError:
        return None


def against_english(catalogs: Catalogs, checked: CheckedCatalog) -> list[Problem]:
    """What the catalog and its English (``locales/templates/``) do not share: a message
    the pages show that the catalog lacks is shown in English; one the pages no longer
    have (a msgid or a form changed by hand) is never shown; a catalog no page reads
    (no template) is never shown at all. ``update`` brings the catalog in step; CI
    checks it is."""
    if not checked.usable or not catalogs.templates.is_dir():
        return []
    domain = catalogs.domain(checked.path)
    if domain not in catalogs.domains():
        return [catalogs.unread_problem(checked.path)]
    template = catalogs.shown(catalogs.template(domain))
    wanted = set(catalogs.english(domain) or ())
    have = {key(message): message for message in checked.catalog if message.id}
    run_update = "run `translations -- update` to bring it in step"

    def named(context, msgid) -> str:
        return f"msgid {shortened(msgid)}" + (f" (msgctxt {context!r})" if context else "")

    missing = f"is in the English ({template}) but not in this catalog: {run_update}"
    unknown = f"is not in the English ({template}), so it is never shown: {run_update}"
    found = [Problem(checked.path, 1, f"{named(*k)} {missing}") for k in wanted - have.keys()]
    found += [
        Problem(checked.path, message.lineno or 1, f"{named(*k)} {unknown}")
        for k, message in have.items()
        if k not in wanted
    ]
    return sorted(found, key=lambda problem: (problem.line, problem.message))
