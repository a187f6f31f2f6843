"""Checks of one translation catalog: syntax, header, and markup kept in every msgstr.

Each problem is reported as ``file:line: message`` with the entry's msgid, so a
translator can jump to it. ``nox -s translations -- check`` prints them; the
build (``catalog_guard``) reports the same problems as warnings and leaves the
faulty entries out, so readers see the English text instead.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po

from .translation_markup import markup_problems

_STRING = r'"(?:[^"\\]|\\.)*"'
_PO_LINE = re.compile(
    rf"^(?:#.*|\s*|(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+{_STRING}\s*|{_STRING}\s*)$"
)


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    message: str
    #: The msgid of the faulty entry, or None for a problem with the whole file.
    msgid: str | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def check_file(path: Path, expected_language: str | None = None) -> list[Problem]:
    """Every problem of the catalog at ``path``; empty when it is good."""
    text = path.read_text(encoding="utf-8", errors="replace")
    problems = [
        Problem(path, number, f"syntax error: {line.strip()[:60]!r}")
        for number, line in enumerate(text.splitlines(), start=1)
        if not _PO_LINE.match(line)
    ]
    if problems:
        return problems
    try:
        with path.open("rb") as file:
            catalog = read_po(file, abort_invalid=True)
    except PoFileError as error:
        return [Problem(path, error.lineno + 1, f"syntax error: {error}")]
    except Exception as error:  # babel raises plain errors for some broken headers
        return [Problem(path, 1, f"cannot read: {error}")]
    language = expected_language or path.parent.parent.name
    header_language = str(catalog.locale) if catalog.locale else None
    if header_language != language:
        problems.append(
            Problem(path, 1, f"header Language is {header_language!r}, expected {language!r}")
        )
    try:
        write_mo(io.BytesIO(), catalog)
    except Exception as error:
        problems.append(Problem(path, 1, f"does not compile: {error}"))
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        ids = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
        strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
        line = message.lineno or 1
        for translated in filter(None, strings):
            # Every plural form keeps the markup of the plural msgid (the last one).
            for issue in markup_problems(ids[-1] if len(strings) > 1 else ids[0], translated):
                problems.append(Problem(path, line, f"{issue} in msgid {_short(ids[0])}", ids[0]))
    return problems


def _short(text: str, width: int = 60) -> str:
    return repr(text if len(text) <= width else text[: width - 1] + "…")
