"""Checks of one translation catalog: syntax, header, and markup kept in every msgstr.

Each problem is reported as ``file:line: message`` with the entry's msgid, so a
translator can jump to it. The markup check compares what must survive
translation unchanged: MyST roles and their targets, link URLs, inline code,
substitutions and format placeholders, the number of emphasis markers, and no
HTML that the source did not have.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po

_STRING = r'"(?:[^"\\]|\\.)*"'
_PO_LINE = re.compile(
    rf"^(?:#.*|\s*|(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+{_STRING}\s*|{_STRING}\s*)$"
)

#: What must appear in a translation exactly as in the source.
_KEPT = {
    "role": re.compile(r"\{[\w:.-]+\}`[^`]*`"),
    "link target": re.compile(r"\]\(([^)\s]+)\)"),
    "autolink": re.compile(r"<(?:https?|mailto):[^>\s]+>"),
    "inline code": re.compile(r"(?<!\})`[^`]+`"),
    "substitution": re.compile(r"\{\{\s*[\w.]+\s*\}\}"),
    "placeholder": re.compile(r"%\([\w]+\)[sdif]|%[sdif]|\{[\w]+\}(?!`)"),
}
_EMPHASIS = re.compile(r"\*\*|__|(?<![*\w])\*(?!\s)|(?<!\w)_(?=\w)")
_HTML = re.compile(r"<\s*/?\s*([a-zA-Z][\w-]*)[^>]*>")


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    message: str

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
                problems.append(Problem(path, line, f"{issue} in msgid {_short(ids[0])}"))
    return problems


def markup_problems(msgid: str, msgstr: str) -> list[str]:
    """What ``msgstr`` lost, gained or changed of ``msgid``'s markup."""
    problems = []
    for name, pattern in _KEPT.items():
        source, translated = sorted(pattern.findall(msgid)), sorted(pattern.findall(msgstr))
        if name == "role":
            source, translated = _role_skeletons(source), _role_skeletons(translated)
        if source != translated:
            missing = [item for item in source if item not in translated]
            extra = [item for item in translated if item not in source]
            detail = "; ".join(
                part
                for part in (
                    f"missing {', '.join(missing)}" if missing else "",
                    f"added {', '.join(extra)}" if extra else "",
                )
                if part
            )
            problems.append(f"{name} changed ({detail or 'count differs'})")
    if len(_EMPHASIS.findall(msgid)) != len(_EMPHASIS.findall(msgstr)):
        problems.append("emphasis markers (* or **) differ")
    new_tags = _html_tags(msgstr) - _html_tags(msgid)
    if new_tags:
        problems.append(f"HTML added ({', '.join(sorted(new_tags))})")
    return problems


def _html_tags(text: str) -> set[str]:
    """HTML tag names in ``text``, not counting role targets and autolinks (``<our-goal>``)."""
    for name in ("role", "autolink"):
        text = _KEPT[name].sub("", text)
    return {tag.lower() for tag in _HTML.findall(text)}


def _role_skeletons(roles: list[str]) -> list[str]:
    """A role with its target but not its translatable text.

    ``{ref}`text <target>``` becomes ``{ref}<target>``.
    """
    skeletons = []
    for role in roles:
        name, _, rest = role.partition("`")
        content = rest[:-1]
        explicit = re.search(r"<([^<>]+)>$", content)
        if explicit:
            target = explicit.group(1)
        elif name in ("{ref}", "{doc}", "{numref}"):
            target = content  # the content is the target itself
        else:
            target = ""
        skeletons.append(f"{name}<{target}>")
    return sorted(skeletons)


def _short(text: str, width: int = 60) -> str:
    return repr(text if len(text) <= width else text[: width - 1] + "…")
