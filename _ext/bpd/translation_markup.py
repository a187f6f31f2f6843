"""Does a translation keep the markup of its source message?

Shared by the build (``catalog_guard``), which refuses a broken translation
and shows the English text instead, and by ``nox -s translations -- check``.
What must survive translation unchanged: MyST roles and their targets, link
URLs, inline code, substitutions and format placeholders, the number of
emphasis markers; and a translation may not add HTML.
"""

from __future__ import annotations

import re

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
