"""Read a YAML list of grid entries, remembering the line each entry and key came from.

Line numbers are what make a warning useful: every entry carries the 0-based
line of its first key within the YAML text, and the line of each of its keys,
so the directive can point at ``about/index.md:42`` rather than at the directive.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml


class YamlProblem(Exception):
    """The text is not a YAML list of entries; ``line`` is 0-based within the text."""

    def __init__(self, message: str, line: int = 0) -> None:
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


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys instead of silently keeping the last one."""

    def construct_mapping(self, node, deep=False):
        seen: set[object] = set()
        for key_node, _ in node.value:
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


def read_entries(text: str) -> list[Entry]:
    """Parse ``text`` as a YAML list and return its entries with their lines.

    Raises YamlProblem for anything that is not a list: syntax errors, an empty
    text, a mapping or a scalar at the top level.
    """
    if not text.strip():
        raise YamlProblem("the YAML list is empty")
    loader = None
    try:
        # The reader rejects control characters as soon as it is made.
        loader = _Loader(text)
        root = loader.get_single_node()
        if root is None:
            raise YamlProblem("the YAML list is empty")
        if not isinstance(root, yaml.SequenceNode):
            raise YamlProblem(
                "expected a YAML list: start each entry with '- ' (for example '- name: ...')",
                root.start_mark.line,
            )
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
            entries.append(Entry(value=value, line=item.start_mark.line, key_lines=key_lines))
        return entries
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = " ".join(part for part in (error.context, error.problem) if part)
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
