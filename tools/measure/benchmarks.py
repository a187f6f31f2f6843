"""BENCHMARKS.md, written in sections: each measurement owns one, between its markers.

``nox -s bench`` writes "bench", ``nox -s bench -- --suite`` "suite", ``nox -s weight``
"weight", ``nox -s lighthouse`` "lighthouse": each replaces its own section and leaves
the others as they are, and a section that is not there yet is added at the end,
under its heading.
The measurements of pages (``weight``, ``lighthouse``) share their ``arguments``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import re
from pathlib import Path

from bpd.languages.registry import published
from tools import ROOT

BENCHMARKS = ROOT / "BENCHMARKS.md"

#: The pages measured in every language (site-relative, as dirhtml writes them).
PAGES = ["", "about/", "initiatives/", "events/", "translations/", "404/", "search/"]


def arguments(description: str, command: str) -> argparse.ArgumentParser:
    """The arguments of a measurement of pages: ``--pages`` (site-relative, "about" is
    "about/"), ``--languages`` (codes), ``--update`` and the ``--command`` its report names."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--pages", nargs="+", default=PAGES, help="site-relative ('' = home)",
        type=lambda page: page.strip("/") + "/" if page.strip("/") else "",
    )  # fmt: skip
    codes = [language.code for language in published(ROOT)]
    parser.add_argument("--languages", nargs="+", default=codes, choices=codes, metavar="CODE",
                        help=f"default: all ({' '.join(codes)})")  # fmt: skip
    parser.add_argument("--update", action="store_true", help="write it into BENCHMARKS.md")
    parser.add_argument("--command", default=command, help="named in the report")
    return parser


def prefixes(args: argparse.Namespace) -> list[str]:
    """Where the languages chosen are published ("" for the source, "pt-br/"), in order."""
    return [language.prefix for language in published(ROOT) if language.code in args.languages]


def write_section(name: str, heading: str, text: str, path: Path = BENCHMARKS) -> None:
    """Put ``text`` between ``<!-- name:start -->`` and ``<!-- name:end -->`` in ``path``."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    content = path.read_text(encoding="utf-8") if path.is_file() else "# Benchmarks\n"
    if start in content and end in content:
        before, rest = content.split(start, 1)
        after = rest.split(end, 1)[1]
        content = f"{before}{start}\n{text}\n{end}{after}"
    else:
        content = f"{content.rstrip()}\n\n## {heading}\n\n{start}\n{text}\n{end}\n"
    path.write_text(content, encoding="utf-8")


def machine(*tools: str) -> str:
    """The machine a figure was measured on, and the versions of the ``tools`` used."""
    memory = ""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        memory = f", {kb / 1024 / 1024:.0f} GiB"
    return ", ".join(
        [
            f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores{memory}",
            f"Python {platform.python_version()}",
            *tools,
        ]
    )
