"""Read the YAML of a grid, remembering the line each entry and key came from.

The YAML is a list of entries, or groups: a mapping from a group id to a list
(``council: [...]``), of which a directive shows one (``:group: council``). An
entry is a mapping of keys, or a plain string: a name and nothing else.

Line numbers are what make a warning useful: every entry carries the 0-based
line of its first key within the YAML text, and the line of each of its keys,
so the directive can point at ``about/index.md:42`` rather than at the directive.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

import yaml


class YamlProblem(Exception):
    """The text is not a YAML list of entries; ``line`` is 0-based within the text, or
    None when the mistake is the directive's (its ``:group:``), not the YAML's."""

    def __init__(self, message: str, line: int | None = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass
class Entry:
    """One list item: its value as loaded, and where it and its keys start."""

    value: object
    line: int
    key_lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, key: str | None) -> int:
        return self.key_lines.get(key, self.line) if key else self.line


#: YAML's merge key, ``<<: *anchor``: the anchored entry's keys, under the entry's own.
MERGE_TAG = "tag:yaml.org,2002:merge"


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys instead of silently keeping the last one,
    and reads a date that is no date (``2024-13-01``) as the text it is, for the schema
    to name, where PyYAML raised a bare ValueError."""

    def construct_mapping(self, node, deep=False):
        seen: set[object] = set()
        for key_node, _ in node.value:
            if key_node.tag == MERGE_TAG:
                continue  # merged by SafeLoader below; the entry's own keys win
            key = self.construct_object(key_node, deep=True)
            try:
                duplicate = key in seen
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    None, None, "a key must be plain text", key_node.start_mark
                ) from None
            if duplicate:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


#: What PyYAML's words (the start of its problem) most often mean in a grid's data,
#: said after them: a contributor's slip, and how to mend it.
_HINTS = {
    # A key indented more than the one above it, or a ': ' inside a value.
    "mapping values are not allowed here": "check this entry's indentation: each of its "
    "keys starts in the same column as the first; a value with ': ' in it goes in quotes",
    # A key indented more or less than the others, or an entry without its '- '.
    "expected <block end>, but found": "check the indentation: each entry starts with "
    "'- ', and each of its keys in the same column as the first",
    "found character '\\t'": "indent with spaces: YAML refuses a tab",
    "found character '@'": "write a GitHub handle without its '@'; other text in quotes",
    # A line that is no "key: value", or the page's text read on: the fence not closed.
    "could not find expected ':'": "a line above is no 'key: value'; if this line is "
    "the page's text, close the directive with its ``` line",
    # A key written twice in one entry, or a new entry's keys without its '- '.
    "duplicate key": "each key once in an entry; a new entry starts with '- '",
}


_QUOTES = (
    'put the whole value in the other quote mark ("O\'Brien"), or write an apostrophe '
    "in '...' twice ('O''Brien')"
)


def read_entries(text: str, group: str | None = None) -> list[Entry]:
    """Parse ``text`` as a YAML list, or the ``group`` of a mapping of groups, and
    return its entries with their lines.

    Raises YamlProblem for anything else: syntax errors, an empty text, groups
    without ``group`` (or ``group`` without groups), a group that does not exist,
    is not a list or is empty, a scalar at the top level.
    """
    text = unicodedata.normalize("NFC", text)  # composed, as readers type it and search finds it
    if not text.strip():
        raise YamlProblem("the YAML list is empty")
    loader = None
    try:
        # The reader rejects control characters as soon as it is made.
        loader = _Loader(text)
        root = loader.get_single_node()
        if root is None:
            raise YamlProblem("the YAML list is empty")
        root = _chosen(root, group)
        entries = []
        for item in root.value:
            key_lines = {}
            if isinstance(item, yaml.MappingNode):
                key_lines = {
                    str(key.value): key.start_mark.line
                    for key, _ in item.value
                    if isinstance(key, yaml.ScalarNode)
                }
            value = loader.construct_document(item)
            merged_at = key_lines.pop("<<", None)
            if merged_at is not None and isinstance(value, dict):
                # A key the entry has from its anchor is written at its ``<<:`` line.
                key_lines = {str(key): merged_at for key in value} | key_lines
            entries.append(Entry(value=value, line=item.start_mark.line, key_lines=key_lines))
        return entries
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        if error.context_mark and (mark is None or mark.index >= len(text.rstrip())):
            # Found at the end of the text ("[Tesoureira" never closed): the line is
            # where what was left open began, not the end of the file.
            mark = error.context_mark
        message = " ".join(part for part in (error.context, error.problem) if part)
        problem = error.problem or ""
        hint = next((hint for start, hint in _HINTS.items() if problem.startswith(start)), None)
        if problem.startswith("expected <block end>"):
            before = text[: mark.index].rsplit("\n", 1)[-1].rstrip() if mark else ""
            if problem.endswith("'<scalar>'") and before.endswith(("'", '"')):
                # Text after a value's closing quote: 'O'Brien', "Ada" Lovelace.
                message, hint = "text after a closing quote", _QUOTES
            else:  # PyYAML's names of its tokens ("but found '?'", a key) are in no file.
                message = "this line is out of step with the lines above it"
        message += f" ({hint})" if hint else ""
        raise YamlProblem(f"invalid YAML: {message}", mark.line if mark else 0) from None
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position)
        raise YamlProblem(
            f"invalid YAML: character {error.character!r} is not allowed", line
        ) from None
    except yaml.YAMLError as error:
        raise YamlProblem("invalid YAML: " + " ".join(str(error).split())) from None
    except RecursionError:
        raise YamlProblem("invalid YAML: nested too deeply") from None
    finally:
        if loader is not None:
            loader.dispose()


def _chosen(root: yaml.Node, group: str | None) -> yaml.SequenceNode:
    """The list of entries ``root`` holds: itself, or its ``group``."""
    if isinstance(root, yaml.SequenceNode):
        if group is not None:
            raise YamlProblem(
                f":group: {group!r} was given, but the YAML is one list, not groups "
                "(leave :group: out)",
                None,
            )
        return root
    holds_lists = isinstance(root, yaml.MappingNode) and any(
        isinstance(value, yaml.SequenceNode) for _key, value in root.value
    )
    if not isinstance(root, yaml.MappingNode) or (group is None and not holds_lists):
        # A scalar, or one entry written without its dash (``name: ...`` at the top).
        raise YamlProblem(
            "expected a YAML list: start each entry with '- ' (for example '- name: ...')",
            root.start_mark.line,
        )
    groups: dict[str, yaml.Node] = {}
    for key, value in root.value:
        name = key.value if isinstance(key, yaml.ScalarNode) else None
        if not isinstance(name, str) or not name or isinstance(key.value, list):
            raise YamlProblem("a group's id must be plain text", key.start_mark.line)
        if name in groups:
            raise YamlProblem(f"invalid YAML: duplicate group {name!r}", key.start_mark.line)
        groups[name] = value
    known = ", ".join(groups) or "none"
    if group is None:
        raise YamlProblem(
            f"the YAML holds groups ({known}): choose one with ':group: <id>' "
            "(or make it one list, each entry starting with '- ')",
            None,
        )
    if group not in groups:
        raise YamlProblem(f"no group {group!r}; the groups are: {known}", None)
    chosen = groups[group]
    if not isinstance(chosen, yaml.SequenceNode):
        raise YamlProblem(
            f"group {group!r} is not a list: start each of its entries with '- '",
            chosen.start_mark.line,
        )
    if not chosen.value:
        raise YamlProblem(f"group {group!r} is empty", chosen.start_mark.line)
    return chosen
