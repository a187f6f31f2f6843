"""Replay a run of ordinary English edits on a copy of the project, as translators live them.

Each edit is followed by ``translations -- update`` (every language) and a build of
one language, and measured: how many catalog lines changed, how many of them were
in entries whose English did not change (the diff noise a translator would wade
through: there must be none), whether any translation of an unchanged message was
lost, how each changed message arrived (fuzzy with its previous English, carried
over from another page, or untranslated), and whether the built pages say honestly
what is still in English (``lang="en"``, the notice's count, the status page).

``tests/test_replay.py`` asserts on the result; ``nox -s bench`` writes its figures
into BENCHMARKS.md.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bs4 import BeautifulSoup
from markdown_it import MarkdownIt

from tools.translations import form

#: An edit: (what a contributor did, the page, the text before, the text after).
Edit = tuple[str, str, str, str]

PEOPLE = "about/index.md"
EDITS: list[Edit] = [
    ("typo fixed", "index.md",
     "decisions are open source", "decisions are open-source"),
    ("sentence rewritten", PEOPLE,
     "We want to become the largest community of Black Python developers in the world,",
     "We aim to be the largest community of Black Python developers in the world,"),
    ("paragraph added", "initiatives/index.md",
     "Black Python Devs runs three initiatives.",
     "Every initiative is run by volunteers from the community.\n\nBlack Python Devs runs three "
     "initiatives."),
    ("paragraph removed", PEOPLE,
     "One of them was persuaded to give a lightning talk. That speaker then got involved\n"
     "in their local user group, which helped their career, and went on to speak at\n"
     "PyCon US 2023.\n\n", ""),
    ("paragraph moved within its page", PEOPLE, "MOVE", "With a push from the communities"),
    ("paragraph moved to another page", "index.md", "MOVE-OUT",
     "The community meets on Discord. Everyone is welcome."),
    ("heading renamed", PEOPLE, "## Our aims\n", "## Our aims and values\n"),
    ("role changed", PEOPLE, "  role: Technical Manager", "  role: Technical Lead"),
    ("leader added", PEOPLE, "  photo: /_static/leadership/doreen.png\n",
     "  photo: /_static/leadership/doreen.png\n- name: Amara Okafor\n  role: Community Manager\n"
     "  github: amara-example\n"),
    ("link target changed", "index.md", "(https://www.youtube.com/@BlackPythonDevs)",
     "(https://youtube.com/@BlackPythonDevs)"),
]  # fmt: skip


@dataclass
class Step:
    edit: str
    lines_changed: int = 0
    #: Lines changed inside entries whose English did not change: noise. Must be 0.
    noise_lines: int = 0
    #: Translations of unchanged messages lost or made fuzzy. Must be 0.
    lost: list[str] = field(default_factory=list)
    fuzzy_with_previous: int = 0
    carried_over: int = 0
    untranslated: int = 0
    #: What the built pages say wrongly about their English (must be empty).
    dishonest: list[str] = field(default_factory=list)


def apply(project: Path, edit: Edit) -> None:
    _name, page, before, after = edit
    path = project / page
    text = path.read_text(encoding="utf-8")
    if before == "MOVE":  # move the paragraph that starts with `after` to the top of the story
        paragraph = _paragraph(text, after)
        text = text.replace(paragraph + "\n\n", "").replace(
            "## Our story\n\n", f"## Our story\n\n{paragraph}\n\n"
        )
    elif before == "MOVE-OUT":  # move the paragraph to the end of the About page
        text = text.replace(after + "\n\n", "")
        about = project / PEOPLE
        about.write_text(about.read_text(encoding="utf-8") + f"\n{after}\n", encoding="utf-8")
    else:
        assert before in text, (page, before)
        text = text.replace(before, after, 1)
    path.write_text(text, encoding="utf-8")


def _paragraph(text: str, start: str) -> str:
    begin = text.index(start)
    end = text.find("\n\n", begin)
    return text[begin : end if end >= 0 else len(text)]


def run(project: Path, build_dir: Path, language: str = "sw", log: Callable = print) -> list[Step]:
    """Apply every edit in turn to ``project`` (a copy); the measured steps."""
    steps = []
    for edit in EDITS:
        before = _catalogs(project)
        apply(project, edit)
        _python(project, "-m", "tools.translations", "update")
        after = _catalogs(project)
        step = Step(edit[0])
        _measure(step, before, after)
        _python(project, "-m", "tools.site", "--build-dir", str(build_dir), language)
        step.dishonest = honesty_problems(project, build_dir / "html" / language, language)
        log(f"{step.edit}: {step}")
        steps.append(step)
    return steps


def _python(project: Path, *args: str) -> None:
    result = subprocess.run([sys.executable, *args], cwd=project, capture_output=True, text=True)
    if result.returncode:
        raise RuntimeError(result.stdout + result.stderr)


def _catalogs(project: Path) -> dict[Path, str]:
    return {
        path.relative_to(project): path.read_text(encoding="utf-8")
        for path in sorted((project / "locales").glob("*/LC_MESSAGES/**/*.po"))
    }


def _entries(text: str) -> dict[tuple[str | None, str], tuple[str, ...]]:
    """Entry blocks of a canonical catalog, by (msgctxt, msgid); the header left out."""
    entries = {}
    for block in text.split("\n\n")[1:]:
        lines = tuple(block.strip("\n").splitlines())
        context = next((_value(line) for line in lines if line.startswith("msgctxt ")), None)
        msgid = _field(lines, "msgid")
        entries[context, msgid] = lines
    return entries


def _field(lines: tuple[str, ...], keyword: str) -> str:
    parts, reading = [], False
    for line in lines:
        if line.startswith(keyword + " "):
            parts, reading = [_value(line[len(keyword) + 1 :])], True
        elif reading and line.startswith('"'):
            parts.append(_value(line))
        else:
            reading = False if parts else reading
    return "".join(parts)


def _value(quoted: str) -> str:
    from babel.messages.pofile import unescape

    return unescape(quoted.strip())


def _measure(step: Step, before: dict[Path, str], after: dict[Path, str]) -> None:
    import difflib

    for path in sorted(set(before) | set(after)):
        old, new = before.get(path, ""), after.get(path, "")
        step.lines_changed += sum(
            1
            for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))
        )
        old_entries, new_entries = _entries(old), _entries(new)
        for key, lines in new_entries.items():
            previous = old_entries.get(key)
            if previous is None:
                kind = _arrival(lines)
                if kind == "fuzzy":
                    step.fuzzy_with_previous += 1
                elif kind == "translated":
                    step.carried_over += 1
                else:
                    step.untranslated += 1
                continue
            if previous != lines:
                step.noise_lines += sum(
                    1 for a, b in zip(previous, lines, strict=False) if a != b
                ) + abs(len(previous) - len(lines))
                if _translation(previous) and not _translation(lines):
                    step.lost.append(f"{path}: {key[1][:50]}")
            elif "#, fuzzy" in "\n".join(lines) and "#, fuzzy" not in "\n".join(previous):
                step.lost.append(f"{path}: {key[1][:50]} (made fuzzy)")


def _arrival(lines: tuple[str, ...]) -> str:
    text = "\n".join(lines)
    if "#, fuzzy" in text:
        return "fuzzy" if "#| msgid" in text else "suggested"
    return "translated" if _translation(lines) else "untranslated"


def _translation(lines: tuple[str, ...]) -> str:
    if "#, fuzzy" in "\n".join(lines):
        return ""
    return _field(lines, "msgstr") or _field(lines, "msgstr[0]")


# -- what the pages say -----------------------------------------------------------------------


def honesty_problems(project: Path, built: Path, language: str) -> list[str]:
    """Every message a page shows in English sits inside ``lang="en"``; the notice
    counts them; the status page counts as the catalogs do."""
    from bpd.translations.counts import count

    problems = []
    locales = project / "locales"
    directory = locales / language / "LC_MESSAGES"
    markdown = MarkdownIt("commonmark")
    for path in sorted(directory.rglob("*.po")):
        domain = path.relative_to(directory).with_suffix("").as_posix()
        if domain == "sphinx":
            continue
        page_dir = "" if domain == "index" else domain.removesuffix("index").rstrip("/") + "/"
        html = built / page_dir / "index.html"
        page = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        main = page.select_one("#furo-main-content")
        english_runs = [" ".join(e.get_text(" ").split()) for e in main.select('[lang="en"]')]
        english = [
            message.id
            for message in form.read(path).catalog
            if message.id and (message.fuzzy or not message.string)
        ]
        description = page.select_one('meta[name="description"]')
        shown = [msgid for msgid in english if description is None
                 or " ".join(msgid.split()) != description.get("content")]  # fmt: skip
        for msgid in shown:
            text = " ".join(
                BeautifulSoup(markdown.renderInline(msgid), "html.parser").get_text(" ").split()
            )
            if not any(text in run for run in english_runs):
                problems.append(f"{domain}: English not marked lang=en: {text[:60]}")
        notice = page.select_one(".bpd-translation-notice")
        numbers = [int(n) for n in re.findall(r"\d+", notice.get_text())[:2]] if notice else [0]
        if numbers[0] != len(shown):
            problems.append(f"{domain}: the notice counts {numbers[0]}, {len(shown)} are English")
        for row in _status_rows(built, project, language):
            target, cells = row
            if target != f"/{_prefix(language)}{page_dir}":
                continue
            counts = count(path, language, locales)
            shown_counts = (int(cells[1].split()[0]), int(cells[2]), int(cells[3]))
            if shown_counts != (counts.translated, counts.fuzzy, counts.untranslated):
                problems.append(f"{domain}: the status page shows {shown_counts}, not {counts}")
    return problems


def _prefix(language: str) -> str:
    return language.replace("_", "-").lower() + "/"


def _status_rows(built: Path, project: Path, language: str) -> list[tuple[str, list[str]]]:
    """(page path the row links to, its cells) of ``language``'s table on its status page."""
    import posixpath

    from bpd.languages.registry import read_registry

    page = BeautifulSoup(
        (built / "translations" / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    table = page.select("table.bpd-status-table")[read_registry(project)[1:].index(language)]
    here = f"/{_prefix(language)}translations/"
    rows = []
    for row in table.select("tbody tr"):
        link = row.select_one("a")
        target = posixpath.normpath(posixpath.join(here, link["href"])) + "/" if link else ""
        rows.append((target.replace("//", "/"), [cell.get_text() for cell in row.select("td")]))
    return rows


def report(steps: list[Step]) -> str:
    """The replay as a Markdown table, for BENCHMARKS.md."""
    lines = [
        "| English edit | catalog lines changed (5 languages) | of which in entries whose "
        "English did not change | translations lost | changed messages: fuzzy with "
        "previous English / carried over / untranslated |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for step in steps:
        lines.append(
            f"| {step.edit} | {step.lines_changed} | {step.noise_lines} | {len(step.lost)} | "
            f"{step.fuzzy_with_previous} / {step.carried_over} / {step.untranslated} |"
        )
    total = sum(step.lines_changed for step in steps)
    noise = sum(step.noise_lines for step in steps)
    lines.append(f"| **all {len(steps)} edits** | **{total}** | **{noise}** | "
                 f"**{sum(len(s.lost) for s in steps)}** | |")  # fmt: skip
    return "\n".join(lines)
