"""What a translation may change of its English message, and what it may not.

A translation changes words, never what a page does. Two kinds of message:

- **Page messages** (``about/index.po`` ...) are MyST Markdown, and Sphinx parses
  the translation as it parses the page. Both are parsed here with MyST's own
  parser, configured as the site is, and compared: the blocks (one paragraph
  stays one paragraph: no heading, list, directive or fence is added), and every
  role with its target, link and autolink URL, image, inline code, footnote
  reference, attribute block (``{.class}`` after inline markup) and raw HTML.
  Emphasis may move but not appear or vanish. Sphinx itself drops a translation
  whose structure differs, silently: here the translator is told why.
- **Interface messages** (``sphinx.po``) are plain text printed by templates,
  the HTML writer and the search page's scripts. They may not hold HTML, and the
  search page's strings may not hold ``<`` or ``&`` (Sphinx's search script puts
  one of them into the page as HTML).

For both: placeholders (``%(name)s``, ``${resultCount}``, ``{{ substitution }}``)
are kept exactly, a format string stays a valid one, and no control character
(which no HTML page may contain) is allowed.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable

#: MyST extensions the checker parses with when it is not told the site's own.
DEFAULT_MYST_EXTENSIONS = ("colon_fence", "attrs_inline")

#: Embeddings (U+202A, U+202B), their end (U+202C), overrides (U+202D, U+202E) and isolates
#: (U+2066 to U+2069): the grids' data drops the same ones (``grids.schema``).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

#: Text that must appear in a translation exactly as in the English.
_KEPT_TEXT = {
    "placeholder": re.compile(r"%\(\w+\)[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]|%[sdif]|\$\{\w+\}"),
    "substitution": re.compile(r"\{\{\s*[\w.]+\s*\}\}"),
}
#: printf-style directives as Python's ``%`` operator reads them (and GNU msgfmt
#: checks them for messages flagged ``python-format``).
_FORMAT = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(?P<type>.?)"
)
_FORMAT_TYPES = set("diouxXeEfFgGcrsa%")
#: Directives that take the same kind of value, as msgfmt groups them (%d and %o both
#: take an integer, %s and %r anything).
_KINDS = {**dict.fromkeys("diouxX", "integer"), **dict.fromkeys("eEfFgG", "number"),
          **dict.fromkeys("rsa", "any")}  # fmt: skip
#: What an HTML parser reads as the start of a tag, a comment or a declaration:
#: "<" right before a letter, "!" or "?" (a closing tag "</x" comes with its opening one).
_HTML_TAG = re.compile(r"<(?:(?P<name>[a-zA-Z][\w:-]*)|[!?])")

#: Block kinds, as a translator would name them.
_BLOCKS = {
    "paragraph_open": "a paragraph",
    "heading_open": "a heading",
    "bullet_list_open": "a list",
    "ordered_list_open": "a numbered list",
    "blockquote_open": "a block quote",
    "table_open": "a table",
    "html_block": "an HTML block",
    "code_block": "a code block",
    "hr": "a horizontal rule",
    "myst_target": "a target ('(label)=')",
    "myst_line_comment": "a comment ('%')",
    "myst_block_break": "a block break ('+++')",
    "footnote_block_open": "a footnote",
    "front_matter": "front matter",
}


def page_problems(
    msgid: str, msgstr: str, myst_extensions: Iterable[str] = DEFAULT_MYST_EXTENSIONS
) -> list[str]:
    """What ``msgstr`` changed of the MyST markup of ``msgid``; empty when it kept it."""
    parser = markdown_parser(tuple(sorted(myst_extensions)))
    source, translated = _Shape(parser.parse(msgid)), _Shape(parser.parse(msgstr))
    problems = []
    if source.blocks != translated.blocks:
        problems.append(
            f"structure changed: the English is {_listed(source.blocks)}, the translation "
            f"is {_listed(translated.blocks)} (a message is translated as it is written: "
            "a line that starts with '#', '-', '1.', '>', '```' or ':::' makes a new block)"
        )
    # A role that lost a backtick is read as text, and its "<target>" as an HTML tag:
    # said as what it is.
    broken = []
    for role in (source.kept["role"] - translated.kept["role"]).elements():
        name = role.split("<", 1)[0]
        parsed = sum(n for r, n in translated.kept["role"].items() if r.startswith(name + "<"))
        if msgstr.count(name) > parsed + sum(b.startswith(name + "<") for b in broken):
            broken.append(role)
    for role in dict.fromkeys(broken):
        name, target = role.split("<", 1)
        problems.append(
            f"role {name} lost a backtick: write it {name}`text <{target[:-1]}>` as the "
            "English does"
            if target[:-1]
            else f"role {name} lost a backtick: write it {name}`text` as the English does"
        )
    html_of_broken = {role.split("<", 1)[1][:-1].lower() for role in broken}
    for kind in sorted(source.kept.keys() | translated.kept.keys()):
        expected, found = source.kept[kind], translated.kept[kind]
        if kind == "role":
            expected = expected - Counter(broken)
        if expected == found:
            continue
        missing = sorted((expected - found).elements())
        added = sorted((found - expected).elements())
        if kind == "HTML":
            added = [tag for tag in added if tag not in html_of_broken]
            if added:
                problems.append(f"HTML added ({', '.join(added)})")
            continue
        problems.append(f"{kind} changed ({_diff(missing, added)})")
    if source.emphasis != translated.emphasis:
        problems.append("emphasis markers (* or **) differ")
    problems += _kept_text_problems(msgid, msgstr)
    return problems


def visible_text(text: str, myst_extensions: Iterable[str] = DEFAULT_MYST_EXTENSIONS) -> str:
    """The words a reader sees of a message: its text, inline code, and the text of its
    links and roles; not a link's or a role's target, nor HTML."""
    parts = []
    for token in markdown_parser(tuple(sorted(myst_extensions))).parse(text):
        for child in token.children or ():
            if child.type in ("text", "code_inline"):
                parts.append(child.content)
            elif child.type == "myst_role" and re.search(r"<[^<>]+>$", child.content):
                parts.append(re.sub(r"\s*<[^<>]+>$", "", child.content))
            elif child.type in ("softbreak", "hardbreak"):
                parts.append(" ")
        parts.append(" ")
    return "".join(parts).strip()


def interface_problems(
    msgid: str, msgstr: str, *, javascript: bool = False, may_omit: bool = False
) -> list[str]:
    """What is wrong with ``msgstr`` as the translation of an interface string.

    ``may_omit``: the plural form of ``msgstr`` stands for one number only (as
    "one page" does), so it may leave out the English's placeholders.
    """
    problems = _kept_text_problems(msgid, msgstr, may_omit=may_omit)
    added = _html_tags(msgstr) - _html_tags(msgid)
    if added:
        problems.append(f"HTML added ({', '.join(sorted(added))}); interface strings are text")
    if javascript and any(char in msgstr and char not in msgid for char in "<&"):
        problems.append(
            "'<' or '&' in a search page string (Sphinx's search script inserts one of "
            "them into the page as HTML)"
        )
    if _FORMAT.search(msgid.replace("%%", "")) and not any(
        problem.startswith("placeholder %(") for problem in problems
    ):  # a placeholder without its type is said once, as that
        problems += format_problems(msgid, msgstr, may_omit=may_omit)
    return problems


def text_problems(msgstr: str) -> list[str]:
    """Characters no page may show: control characters, noncharacters, and the bidi
    controls (overrides, embeddings, isolates), which can make text read as other text."""
    bad = sorted(
        {
            char
            for char in msgstr
            if (unicodedata.category(char) == "Cc" and char not in "\t\n")
            or unicodedata.category(char) == "Cs"
            or 0xFDD0 <= ord(char) <= 0xFDEF
            or (ord(char) & 0xFFFE) == 0xFFFE
            or char in BIDI_CONTROLS
        }
    )
    if not bad:
        return []
    names = ", ".join(f"U+{ord(char):04X}" for char in bad)
    return [f"control character {names} (not text a page can show)"]


def format_problems(msgid: str, msgstr: str, *, may_omit: bool = False) -> list[str]:
    """Is ``msgstr`` a Python format string that takes what ``msgid`` takes?

    The rule GNU ``msgfmt --check`` applies to a ``python-format`` message: every
    ``%`` starts a valid directive (``%%`` for a percent sign), and the
    translation uses the English's named placeholders and no others.
    """
    source, problem = _directives(msgid)
    if problem:
        return []  # the English itself is no format string: nothing to hold it to
    translated, problem = _directives(msgstr)
    if problem:
        return [f"not a valid format string: {problem} (write %% for a percent sign)"]
    names = {name for name, _type in source if name}
    named = {bool(name) for name, _type in translated}
    if len(named) > 1:
        return ["not a valid format string: it mixes named (%(name)s) and unnamed (%s) directives"]
    if translated and named != {bool(names)}:
        return ["format string changed: the English and the translation mix named and unnamed"]
    if names:
        extra = {name for name, _type in translated if name} - names
        if extra:
            return [f"format string changed: unknown placeholder(s) {', '.join(sorted(extra))}"]
    elif not may_omit and [_KINDS.get(k, k) for _n, k in translated] != [
        _KINDS.get(k, k) for _n, k in source
    ]:
        return ["format string changed: the number or kinds of % directives differ"]
    return []


def _directives(text: str) -> tuple[list[tuple[str | None, str]], str | None]:
    found = []
    for match in _FORMAT.finditer(text):
        kind = match.group("type")
        if kind == "%" and match.group(0) == "%%":
            continue
        if kind not in _FORMAT_TYPES or kind == "%":
            return [], f"'{match.group(0)}' is not a directive"
        found.append((match.group("name"), kind))
    return found, None


#: A named placeholder without its type ("%(name)" for "%(name)s").
_UNTYPED = re.compile(r"%\((\w+)\)(?![#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa])")


def _kept_text_problems(msgid: str, msgstr: str, *, may_omit: bool = False) -> list[str]:
    problems = []
    untyped = []
    for name in _UNTYPED.findall(msgstr):
        english = re.search(
            rf"%\({re.escape(name)}\)[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]", msgid
        )
        if english:
            untyped.append(english.group(0))
            problems.append(
                f"placeholder %({name}) lost its type: write {english.group(0)} as the English does"
            )
    for name, pattern in _KEPT_TEXT.items():
        source, translated = Counter(pattern.findall(msgid)), Counter(pattern.findall(msgstr))
        if name == "placeholder":
            source -= Counter(untyped)
        missing = [] if may_omit else sorted((source - translated).elements())
        added = sorted((translated - source).elements())
        if missing or added:
            problems.append(f"{name} changed ({_diff(missing, added)})")
    return problems


def _diff(missing: list[str], added: list[str]) -> str:
    parts = []
    if missing:
        parts.append(f"missing {', '.join(missing)}")
    if added:
        parts.append(f"added {', '.join(added)}")
    return "; ".join(parts) or "count differs"


def _listed(blocks: tuple[str, ...]) -> str:
    if not blocks:
        return "empty"
    if len(blocks) == 1:
        return blocks[0]
    return ", ".join(blocks[:-1]) + " and " + blocks[-1]


def _html_tags(text: str) -> set[str]:
    """The HTML an HTML parser would find in ``text``: tag names, or "comment"."""
    return {(match.group("name") or "comment").lower() for match in _HTML_TAG.finditer(text)}


class _Shape:
    """What a parsed message does, without its words: its blocks, and a count of
    every piece of inline markup that must survive translation."""

    def __init__(self, tokens) -> None:
        self.blocks = tuple(
            _block_name(token) for token in tokens if token.level == 0 and token.nesting >= 0
        )
        self.kept: defaultdict[str, Counter] = defaultdict(Counter)
        #: Bold and italic, each counted, and the "*" left as text (a marker that lost
        #: its pair: "**Msaada*" is a stray "*" and an italic, not a bold).
        self.emphasis: Counter = Counter()
        for token in tokens:
            for child in token.children or ():
                self._inline(child)

    def _inline(self, token) -> None:
        attributes = _attributes(token)
        kind, item = None, None
        if token.type == "link_open" and token.info == "auto":
            kind, item = "autolink", f"<{token.attrs.get('href', '')}>"
        elif token.type == "link_open":
            kind, item = "link target", f"({token.attrs.get('href', '')}){attributes}"
        elif token.type == "image":
            kind, item = "image", f"![]({token.attrs.get('src', '')}){attributes}"
        elif token.type == "code_inline":
            kind, item = "inline code", f"`{token.content}`{attributes}"
        elif token.type == "myst_role":
            kind, item = "role", _role_skeleton(token.meta.get("name", ""), token.content)
        elif token.type == "html_inline":
            tags = _html_tags(token.content)
            if tags:  # a closing tag counts with its opening one
                kind, item = "HTML", ", ".join(sorted(tags))
        elif token.type == "footnote_ref":
            kind, item = "footnote reference", f"[^{token.meta.get('label', '')}]"
        elif token.type == "span_open":
            kind, item = "attribute block", f"[...]{attributes}"
        elif token.type in ("strong_open", "em_open"):
            self.emphasis[token.type.removesuffix("_open")] += 1
            if attributes:
                kind, item = "attribute block", attributes
        elif token.nesting == 1 or (token.nesting == 0 and token.type not in _PLAIN):
            kind, item = "markup", token.type.removesuffix("_open")
        elif token.type == "text" and "*" in token.content:
            self.emphasis["*"] += token.content.count("*")
        if kind is not None:
            self.kept[kind][item] += 1


#: Inline tokens that are words, not markup.
_PLAIN = {"text", "softbreak", "hardbreak"}


def _attributes(token) -> str:
    """An attribute block (``{.class #id key=value}``) on a token, as written."""
    attributes = {
        key: value
        for key, value in (token.attrs or {}).items()
        if key not in ("href", "src", "alt")
    }
    attributes |= (token.meta or {}).get("insecure_attrs", {})
    if not attributes:
        return ""
    return "{" + " ".join(f"{key}={value}" for key, value in sorted(attributes.items())) + "}"


def _block_name(token) -> str:
    if token.type in ("fence", "colon_fence"):
        info = token.info.strip()
        return f"a directive ({info.split()[0]})" if info.startswith("{") else "a code block"
    return _BLOCKS.get(token.type, token.type.removesuffix("_open"))


def _role_skeleton(name: str, content: str) -> str:
    """A role with its target but not its translatable text:
    ``{ref}`text <target>``` is ``{ref}<target>``."""
    explicit = re.search(r"<([^<>]+)>$", content)
    if explicit:
        target = explicit.group(1)
    elif name in ("ref", "doc", "numref", "download", "any", "term", "keyword", "option"):
        target = content  # the content is the target itself
    else:
        target = content if name in ("raw", "eval-rst") else ""
    return f"{{{name}}}<{target}>"


_PARSERS: dict[tuple[str, ...], object] = {}


def markdown_parser(extensions: tuple[str, ...]):
    """MyST's Markdown parser with the site's extensions (one per process)."""
    if extensions not in _PARSERS:
        from markdown_it.renderer import RendererHTML
        from myst_parser.config.main import MdParserConfig
        from myst_parser.parsers.mdit import create_md_parser

        _PARSERS[extensions] = create_md_parser(
            MdParserConfig(enable_extensions=set(extensions)), RendererHTML
        )
    return _PARSERS[extensions]
