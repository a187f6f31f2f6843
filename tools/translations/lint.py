"""sphinx-lint on the catalogs, as python-docs-es and python-docs-fr run it.

sphinx-lint reads ``.po`` files itself and checks each translation for broken
markup: roles without their backticks or colons, unbalanced inline literals,
hyperlinks that lost a space or an underscore, tabs, carriage returns. Our pages
are MyST Markdown, not reStructuredText, so a reST role or hyperlink in a
translation is a translator's slip that readers would see as stray punctuation:
its checks are worth running as they are, with two left out. ``trailing-whitespace``
reports a space at the end of a translation, which in a catalog is the
translation of the English's own (", in " in the search page's strings); the
file's own whitespace is ``format``'s. ``missing-space-before-default-role`` reads
a backtick after a letter as a reST default role: in MyST, a role is written
``{ref}`text <target>``` (its backtick follows ``}``), and a backtick after a
letter opens inline code, so every role a page kept was reported.
"""

from __future__ import annotations

import bisect
import re
import subprocess
import sys
from collections.abc import Iterable

from bpd.translations.pofile import PoFile

#: sphinx-lint's checks left out, and why: see the module's docstring.
DISABLED = ["trailing-whitespace", "missing-space-before-default-role"]
#: sphinx-lint's words where they say less than its check's name: said for a translator.
SAID = {"OMG TABS!!!1 (horizontal-tab)": "a tab in the translation: write a space (horizontal-tab)"}


def lint_problems(catalogs: Iterable[PoFile]) -> list[str]:
    """sphinx-lint's findings in ``catalogs`` (as read), as ``file.po:line: sphinx-lint:
    ...``, at the line of the message's ``msgid`` as every other check says it."""
    read = {str(po.path): po for po in catalogs}
    files = list(read)
    if not files:
        return []
    result = subprocess.run(
        [sys.executable, "-m", "sphinxlint", "--disable", ",".join(DISABLED), *files],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    problems = []
    for line in (result.stdout + result.stderr).splitlines():
        found = re.match(r"^(.+?):(\d+): (.+)$", line)
        if found:
            path, at = found.group(1), int(found.group(2))
            if path in read:
                at = _msgid_line(read[path], at)
            said = SAID.get(found.group(3), found.group(3))
            problems.append(f"{path}:{at}: sphinx-lint: {said}")
        elif line.strip() and result.returncode not in (0, 1):
            problems.append(f"{files[0]}:1: sphinx-lint: {line.strip()}")
    return problems


def _msgid_line(po: PoFile, line: int) -> int:
    """The line of the ``msgid`` of the entry sphinx-lint names by ``line``: it counts
    from the entry's first line (a comment's), one more for each line of the
    translation before the one at fault. On a comment, the entry's msgid is the next
    one; on a string, the last one before."""
    msgids = sorted(message.lineno for message in po.catalog if message.id and message.lineno)
    lines = po.text.split("\n")
    on_comment = 0 < line <= len(lines) and lines[line - 1].lstrip().startswith("#")
    index = (
        bisect.bisect_left(msgids, line) if on_comment else bisect.bisect_right(msgids, line) - 1
    )
    return msgids[index] if 0 <= index < len(msgids) else line
