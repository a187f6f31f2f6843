"""``stats`` and ``todo``: how much each language has translated, and what is left.

Both count with the build's own count (``bpd.translations.counts``), so they say
what the status page says.
"""

from __future__ import annotations

import difflib
import json
import re
import sys
from dataclasses import asdict
from pathlib import Path

from bpd.translations import catalogs
from bpd.translations.counts import Counts, count, is_translated
from tools.translations import LOCALES, form, shown


def todo(language: str, pages: list[str]) -> int:
    """What is left to translate in ``language``: per page, the fuzzy messages with
    what changed in their English, the refused ones, then the untranslated ones."""
    directory = LOCALES / language / "LC_MESSAGES"
    wanted = {page.strip("/").removesuffix(".po").removesuffix("/index") for page in pages}
    paths = [
        path
        for path in sorted(directory.rglob("*.po"))
        if not wanted or _page_of(path, directory) in wanted
    ]
    if wanted and not paths:
        print(f"no catalog of {language} for {', '.join(sorted(wanted))}", file=sys.stderr)
        return 2
    translated_in = _translations_by_catalog(directory)
    totals = Counts(language, "(all)")
    lines = []
    for path in paths:
        catalog = form.read(path).catalog
        checked = catalogs.check_catalog(path, language)
        reasons = {}
        for problem in checked.problems:
            if problem.msgid is not None:
                key = (problem.context, problem.msgid)
                reasons.setdefault(key, problem.message.split(" in msgid ")[0])
        fuzzy, refused, untranslated = [], [], []
        for message in catalog:
            if not message.id:
                continue
            msgid = catalogs.singular(message.id)
            if message.fuzzy:
                fuzzy.append(message)
            elif (message.context, msgid) in reasons and is_translated(message):
                refused.append(message)
            elif not is_translated(message):
                untranslated.append(message)
        counts = count(path, language, LOCALES)
        totals.translated += counts.translated
        totals.fuzzy += counts.fuzzy
        totals.untranslated += counts.untranslated
        if not (fuzzy or refused or untranslated):
            continue
        where = shown(path)
        lines.append(f"\n{where}")
        if fuzzy:
            lines.append(
                "  fuzzy: the English changed; fix the translation, then delete '#, fuzzy'"
            )
            for message in fuzzy:
                lines += _fuzzy_lines(where, message, translated_in, path, directory)
        if refused:
            lines.append("  refused: the page shows the English until this is fixed")
            for message in refused:
                msgid = catalogs.singular(message.id)
                lines += [
                    f"    {where}:{message.lineno}{_form_of(message)}: "
                    f"{reasons[message.context, msgid]}",
                    f"      English:     {_one_line(msgid)}",
                    f"      translation: {_one_line(_first(message.string))}",
                ]
        if untranslated:
            lines.append("  untranslated")
            for message in untranslated:
                msgid = catalogs.singular(message.id)
                lines += [
                    f"    {where}:{message.lineno}{_form_of(message)}",
                    f"      English:     {_one_line(msgid)}",
                ]
    print(
        f"{language}: {totals.fuzzy} fuzzy, {totals.untranslated} untranslated, "
        f"{totals.translated} translated of {totals.total} messages"
        + ("" if lines else ": nothing to do")
    )
    print("\n".join(lines))
    return 0


def _fuzzy_lines(
    shown: str, message, translated_in: dict, path: Path, directory: Path
) -> list[str]:
    msgid = catalogs.singular(message.id)
    previous = (getattr(message, "previous_id", None) or [None])[0]
    lines = [f"    {shown}:{message.lineno}{_form_of(message)}"]
    if previous:
        lines.append(f"      English:     {_one_line(word_diff(previous, msgid))}")
    else:
        lines.append(f"      English:     {_one_line(msgid)}")
        elsewhere = [other for other in translated_in.get(msgid, []) if other != path]
        if message.context:
            lines.append(
                f"      (a suggestion: the translation of this role in another form; make it "
                f"the {message.context} form, or keep it if your language has one form)"
            )
        elif elsewhere:
            where = elsewhere[0].relative_to(directory).as_posix()
            lines.append(
                f"      (a suggestion: the same English is translated in {where}; "
                "check that it fits here)"
            )
    lines.append(f"      translation: {_one_line(_first(message.string))}")
    return lines


def _form_of(message) -> str:
    """A role's grammatical form, as ``todo`` names it (its msgctxt)."""
    return (
        f" (msgctxt {message.context!r}: the role of someone who uses this form)"
        if message.context
        else ""
    )


def _translations_by_catalog(directory: Path) -> dict[str, list[Path]]:
    found: dict[str, list[Path]] = {}
    for path in sorted(directory.rglob("*.po")):
        for message, _text in form.translated(path):
            found.setdefault(catalogs.singular(message.id), []).append(path)
    return found


def word_diff(old: str, new: str) -> str:
    """``old`` changed into ``new``, word by word: ``[-removed-]{+added+}`` (git's style)."""
    before, after = re.findall(r"\s+|\S+", old), re.findall(r"\s+|\S+", new)
    parts = []
    for operation, a, b, c, d in difflib.SequenceMatcher(None, before, after).get_opcodes():
        if operation == "equal":
            parts.append("".join(before[a:b]))
            continue
        if b > a:
            parts.append("[-" + "".join(before[a:b]) + "-]")
        if d > c:
            parts.append("{+" + "".join(after[c:d]) + "+}")
    return "".join(parts)


def _page_of(path: Path, directory: Path) -> str:
    return path.relative_to(directory).with_suffix("").as_posix().removesuffix("/index")


def _first(string) -> str:
    return string[0] if isinstance(string, (list, tuple)) else string or ""


def _one_line(text: str) -> str:
    return text.replace("\n", "\\n")


def stats(selected: list[str], as_json: bool, fail_under: float | None) -> int:
    rows = [
        count(path, language, LOCALES)
        for language in selected
        for path in sorted((LOCALES / language / "LC_MESSAGES").rglob("*.po"))
    ]
    totals = {}
    for language in selected:
        totals[language] = Counts(language, "(all)")
        for row in rows:
            if row.language == language:
                totals[language] += row
    if as_json:
        payload = {
            language: {
                **_as_dict(totals[language]),
                "pages": [_as_dict(row) for row in rows if row.language == language],
            }
            for language in selected
        }
        print(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        header = (
            f"{'language':<9} {'page':<22} {'translated':>10} {'fuzzy':>6} "
            f"{'untranslated':>12} {'%':>6}"
        )
        print(header)
        print("-" * len(header))
        for language in selected:
            for row in [*[r for r in rows if r.language == language], totals[language]]:
                print(
                    f"{row.language:<9} {row.page:<22} {row.translated:>10} {row.fuzzy:>6} "
                    f"{row.untranslated:>12} {row.percent:>6.1f}"
                )
    if fail_under is not None:
        low = [t for t in totals.values() if t.percent < fail_under]
        for row in low:
            print(
                f"{row.language} is {row.percent}% translated, under {fail_under}%", file=sys.stderr
            )
        return 1 if low else 0
    return 0


def _as_dict(row: Counts) -> dict:
    revised = row.revised.isoformat() if row.revised else None
    return {**asdict(row), "revised": revised, "total": row.total, "percent": row.percent}
