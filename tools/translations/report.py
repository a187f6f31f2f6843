"""``stats`` and ``todo``: how much each language has translated, and what is left.

Both count with the build's own count (``Catalogs.count``), against the English of
each page (``locales/templates/``), so they say what the status page says once
``update`` has run.
"""

from __future__ import annotations

import difflib
import json
import re
import sys
from dataclasses import asdict
from pathlib import Path

from bpd.translations.catalogs import Catalogs
from bpd.translations.counts import Counts, is_translated
from bpd.translations.pofile import key, shortened, singular


def todo(catalogs: Catalogs, language: str, pages: list[str]) -> int:
    """What is left to translate in ``language``: per page, the fuzzy messages with
    what changed in their English, the refused ones, then the untranslated ones (a
    message of the English the catalog lacks too); last, any catalog no page reads."""
    wanted = {page.strip("/").removesuffix(".po").removesuffix("/index") for page in pages}
    domains = catalogs.domains() or [catalogs.domain(path) for path in catalogs.catalogs(language)]
    domains = [d for d in domains if not wanted or d.removesuffix("/index") in wanted]
    if wanted and not domains:
        print(f"no catalog of {language} for {', '.join(sorted(wanted))}", file=sys.stderr)
        return 2
    # Each catalog and template is read once: for the suggestions, the list and the count.
    read = {path: catalogs.read(path) for path in catalogs.catalogs(language)}
    finished = [(path, message) for path, po in read.items()
                for message, _text in catalogs.finished(po)]  # fmt: skip
    totals = Counts(language, "(all)")
    lines = []
    for domain in domains:
        path = catalogs.catalog(language, domain)
        po = read[path] if path in read else catalogs.read(path)
        # One that leads out of the project or cannot be read is named, as update does.
        checked = catalogs.check(catalogs.editable(po), language)
        english = catalogs.english(domain)
        reasons = {}
        for problem in checked.problems:
            if problem.msgid is not None and not problem.mended:
                reasons.setdefault((problem.context, problem.msgid), problem)
        changed, suggested, refused, untranslated = [], [], [], []
        for message in checked.catalog:
            if not message.id or (english is not None and key(message) not in english):
                continue
            if message.fuzzy:
                (changed if message.previous_id else suggested).append(message)
            elif key(message) in reasons and is_translated(message):
                refused.append(message)
            elif not is_translated(message):
                untranslated.append(message)
        have = {key(message) for message in checked.catalog if message.id}
        missing = [k for k in english or () if k not in have]
        totals += catalogs.count(language, domain, english or [], po)
        if not (changed or suggested or refused or untranslated or missing):
            continue
        where = catalogs.shown(path)
        lines.append(f"\n{where}")
        if changed:
            lines.append(
                "  fuzzy: the English changed; fix the translation, then take 'fuzzy' out of "
                "its '#,' line"
            )
            for message in changed:
                lines += [
                    f"    {where}:{message.lineno}{_form_of(message)}",
                    "      English:     "
                    + _one_line(word_diff(message.previous_id[0], singular(message.id))),
                    f"      translation: {_one_line(_first(message.string))}",
                ]
        if suggested:
            lines.append(
                "  fuzzy: a suggestion from update, to check; fix it, then take 'fuzzy' out of "
                "its '#,' line"
            )
            for message in suggested:
                lines += [
                    f"    {where}:{message.lineno}{_form_of(message)}",
                    f"      English:     {_one_line(singular(message.id))}",
                    f"      ({_suggested_by(catalogs, message, path, finished)})",
                    f"      translation: {_one_line(_first(message.string))}",
                ]
        if refused:
            lines.append("  refused: the page shows the English until this is fixed")
            for message in refused:
                msgid = singular(message.id)
                lines += [
                    f"    {where}:{reasons[key(message)].line}{_form_of(message)}: "
                    f"{reasons[key(message)].issue}",
                    f"      English:     {_one_line(msgid)}",
                    f"      translation: {_one_line(_first(message.string))}",
                ]
        if untranslated or missing:
            lines.append("  untranslated")
            for message in untranslated:
                msgid = singular(message.id)
                lines += [
                    f"    {where}:{message.lineno}{_form_of(message)}{_empty_forms(message)}",
                    f"      English:     {_one_line(msgid)}",
                ]
            for context, msgid in missing:
                lines += [
                    f"    {where}:1{_form_of_context(context)}: not in this catalog yet "
                    "(run `translations -- update`)",
                    f"      English:     {_one_line(msgid)}",
                ]
    for path in catalogs.unread(language) if not wanted else ():
        lines.append(f"\n{catalogs.shown(path)}:1: {catalogs.unread_problem(path).message}")
    print(
        f"{language}: {totals.fuzzy} fuzzy, {totals.untranslated} untranslated, "
        f"{totals.translated} translated of {totals.total} messages"
        + ("" if lines else ": nothing to do")
    )
    print("\n".join(lines))
    return 0


def _suggested_by(catalogs: Catalogs, message, path: Path, finished: list) -> str:
    """Where ``update`` took a suggestion from: the same role in another form, the same
    English on another page, or a similar message (its English named)."""
    msgid, string = singular(message.id), message.string
    same = [(where, m) for where, m in finished if singular(m.id) == msgid and m.string == string]
    if message.context:
        forms = [m.context for _where, m in same if m.context != message.context]
        # update suggests only the same role's translation in another form: one no
        # longer in the catalog was its holder's before (the role is shown in no other).
        source = (
            ": the suggestion is its translation in the form its holder had before"
            if not forms else
            f": the suggestion is its translation in the {forms[0]} form" if forms[0] else
            ": the suggestion is its translation without a form"
        )  # fmt: skip
        return (
            f"a new form of this role{source}; make it the {message.context} form, or keep "
            "it if your language has one form"
        )
    elsewhere = next((where for where, m in same if where != path), None)
    if elsewhere is not None:
        return (
            f"a suggestion: the same English is translated in {catalogs.domain(elsewhere)}.po; "
            "check that it fits here"
        )
    similar = next(((where, m) for where, m in finished if m.string == string), None)
    if similar is not None:
        where, other = similar
        return (
            f"a suggestion from a similar message, {shortened(singular(other.id))} "
            f"({catalogs.domain(where)}.po): check that it fits here"
        )
    return "a suggestion from a similar message: check that it fits here"


def _form_of(message) -> str:
    """A role's grammatical form, as ``todo`` names it (its msgctxt)."""
    return _form_of_context(message.context)


def _empty_forms(message) -> str:
    """Which forms of a plural message are still to write, when some are written (a
    message is shown in English until every one is)."""
    forms = message.string if isinstance(message.string, (list, tuple)) else ()
    empty = [f"msgstr[{index}]" for index, form in enumerate(forms) if not form]
    return f" ({', '.join(empty)} still empty)" if empty and len(empty) < len(forms) else ""


def _form_of_context(context: str | None) -> str:
    return f" (msgctxt {context!r}: the role of someone who uses this form)" if context else ""


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


def _first(string) -> str:
    return string[0] if isinstance(string, (list, tuple)) else string or ""


def _one_line(text: str) -> str:
    return text.replace("\n", "\\n")


def stats(catalogs: Catalogs, selected: list[str], as_json: bool, fail_under: float | None) -> int:
    rows = [row for language in selected for row in catalogs.counts(language)]
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
    for row in rows:  # a catalog the build cannot use: counted, and said why
        if row.stopped:
            print(f"{row.stopped} (counted as untranslated)", file=sys.stderr)
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
