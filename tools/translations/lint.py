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


def lint_problems(catalogs: Iterable[PoFile]) -> list[str]:
    """sphinx-lint's findings in ``catalogs`` (as read), as ``file.po:line: sphinx-lint:
    ...``, at the line of the message's ``msgid`` as every other check says it
    (sphinx-lint gives its entry's first line, a ``#:`` comment's)."""
    msgids = {
        str(po.path): sorted(m.lineno for m in po.catalog if m.id and m.lineno) for po in catalogs
    }
    files = list(msgids)
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
            lines = msgids.get(path, [])
            index = bisect.bisect_left(lines, at)
            at = lines[index] if index < len(lines) else at
            problems.append(f"{path}:{at}: sphinx-lint: {found.group(3)}")
        elif line.strip() and result.returncode not in (0, 1):
            problems.append(f"{files[0]}:1: sphinx-lint: {line.strip()}")
    return problems
