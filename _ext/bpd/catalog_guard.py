"""Keep broken translations out of the published site.

Before a translated build reads its pages, every catalog of its language is
checked with the same rules as ``nox -s translations -- check``. An entry that
drops or changes a role, link target or placeholder, or that adds HTML, is
reported as a warning at its ``.po`` file and line, and left out of the
compiled catalog, so readers get the English text for it rather than a broken
or hostile one. A catalog that cannot be parsed is left out whole. Under
``-W`` the warning fails the build, with the same message.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from .catalog_check import check_file

logger = logging.getLogger(__name__)


def guard_catalogs(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    language = app.config.language
    if not language or language == app.config.bpd_languages[0]:
        return
    for directory in app.config.locale_dirs:
        base = Path(app.srcdir, directory, language, "LC_MESSAGES")
        for po_path in sorted(base.rglob("*.po")):
            _guard(po_path, language, app.config.gettext_allow_fuzzy_translations)


def _guard(po_path: Path, language: str, use_fuzzy: bool) -> None:
    problems = check_file(po_path, language)
    if not problems:
        return
    mo_path = po_path.with_suffix(".mo")
    # A file that cannot be read or compiled is left out whole; a wrong header
    # only deserves the warning.
    fatal = any(
        problem.msgid is None and not problem.message.startswith("header Language")
        for problem in problems
    )
    for problem in problems:
        if problem.msgid is not None:
            consequence = "; the English text is shown instead"
        elif fatal:
            consequence = "; this catalog is not used, the English text is shown instead"
        else:
            consequence = ""
        logger.warning(
            problem.message + consequence,
            type="bpd",
            subtype="translation",
            location=f"{problem.path}:{problem.line}",
        )
    if fatal:
        mo_path.unlink(missing_ok=True)
        return
    refused = {problem.msgid for problem in problems if problem.msgid is not None}
    if not refused:
        return
    with po_path.open("rb") as file:
        catalog = read_po(file)
    for msgid in refused:
        catalog.delete(msgid)
    with mo_path.open("wb") as file:
        write_mo(file, catalog, use_fuzzy=use_fuzzy)


def setup(app: Sphinx) -> None:
    # env-before-read-docs comes after Sphinx compiles .po files to .mo, and
    # before any page (or its translation) is read.
    app.connect("env-before-read-docs", guard_catalogs)
