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

import contextlib
import difflib
import io
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bs4 import BeautifulSoup
from markdown_it import MarkdownIt

from bpd.languages.registry import read_registry
from bpd.translations import pofile
from bpd.translations.catalogs import Catalogs
from bpd.translations.markup import markdown_parser
from tools.translations import __main__ as translations

#: The pages the edits are made to, by role: every edit is found in the page as it is.
HOME, PEOPLE, INITIATIVES = "index.md", "about/index.md", "initiatives/index.md"


def paragraphs(text: str) -> list[str]:
    """A page's paragraphs (not headings, lists, directives or fences), as written."""
    lines = text.splitlines(keepends=True)
    return [
        "".join(lines[token.map[0] : token.map[1]]).rstrip("\n")
        for token in markdown_parser(("colon_fence", "attrs_inline")).parse(text)
        if token.type == "paragraph_open" and token.level == 0 and token.map
    ]


def _edit(project: Path, page: str, change: Callable[[str], str]) -> None:
    path = project / page
    text = path.read_text(encoding="utf-8")
    edited = change(text)
    assert edited != text, page
    path.write_text(edited, encoding="utf-8")


def _respell(text: str) -> str:
    """The first paragraph with its longest word's first letter doubled."""
    paragraph = paragraphs(text)[0]
    word = max(re.findall(r"\b[a-z]{4,}\b", paragraph), key=len)
    return text.replace(paragraph, re.sub(rf"\b{word}\b", word[0] + word, paragraph, count=1), 1)


def _rewrite(text: str) -> str:
    paragraph = paragraphs(text)[1]
    return text.replace(paragraph, "In short, " + paragraph[0].lower() + paragraph[1:], 1)


def _add_paragraph(text: str) -> str:
    paragraph = paragraphs(text)[0]
    added = "Every initiative is run by volunteers from the community."
    return text.replace(paragraph, f"{added}\n\n{paragraph}", 1)


def _remove_paragraph(text: str) -> str:
    return text.replace(paragraphs(text)[2] + "\n\n", "", 1)


def _move_within(text: str) -> str:
    """The page's last paragraph moved above its first."""
    first, last = paragraphs(text)[0], paragraphs(text)[-1]
    return text.replace("\n\n" + last, "", 1).replace(first, f"{last}\n\n{first}", 1)


def _move_out(project: Path) -> None:
    """The home page's last paragraph moved to the end of the About page."""
    home = project / HOME
    text = home.read_text(encoding="utf-8")
    moved = paragraphs(text)[-1]
    home.write_text(text.replace(moved + "\n", "", 1), encoding="utf-8")
    about = project / PEOPLE
    about.write_text(about.read_text(encoding="utf-8") + f"\n{moved}\n", encoding="utf-8")


def _rename_heading(text: str) -> str:
    heading = re.findall(r"^## .+$", text, re.MULTILINE)[-1]
    return text.replace(heading + "\n", f"{heading} and more\n", 1)


def _change_role(text: str) -> str:
    role = re.findall(r"^ +role: .+$", text, re.MULTILINE)[-1]
    return text.replace(role + "\n", f"{role} Lead\n", 1)


def _add_leader(project: Path) -> None:
    """An entry at the end of the first leadership grid, with a role like no message of
    the site (babel would offer a close one's translation, fuzzy)."""
    catalogs = Catalogs(project)
    known = [
        str(message.id).lower()
        for domain in catalogs.domains()
        for message in catalogs.read(catalogs.template(domain)).catalog
        if message.id
    ]
    role = next(
        role
        for role in ("Community Manager", "Sponsorship Liaison", "Social Media Volunteer")
        if not difflib.get_close_matches(role.lower(), known, 1)
    )
    entry = f"- name: Amara Okafor\n  role: {role}\n  github: amara-example\n"

    def add(text: str) -> str:
        grid = re.search(r"^```\{leadership-grid\}\n(.*?)^```$", text, re.M | re.S)
        return text[: grid.end(1)] + entry + text[grid.end(1) :]

    _edit(project, PEOPLE, add)


def _change_link(text: str) -> str:
    url = re.search(r"\]\((https://[^)\s]+)\)", text).group(1)
    return text.replace(f"]({url})", f"]({url.rstrip('/') if url.endswith('/') else url + '/'})", 1)


def _on(page: str, change: Callable[[str], str]) -> Callable[[Path], None]:
    return lambda project: _edit(project, page, change)


#: An edit: (what a contributor did, doing it to a copy of the project). Each finds what
#: it changes in the pages as they are, so a change of content never breaks it.
Edit = tuple[str, Callable[[Path], None]]
EDITS: list[Edit] = [
    ("word respelt", _on(HOME, _respell)),
    ("sentence rewritten", _on(PEOPLE, _rewrite)),
    ("paragraph added", _on(INITIATIVES, _add_paragraph)),
    ("paragraph removed", _on(PEOPLE, _remove_paragraph)),
    ("paragraph moved within its page", _on(PEOPLE, _move_within)),
    ("paragraph moved to another page", _move_out),
    ("heading renamed", _on(PEOPLE, _rename_heading)),
    ("role changed", _on(PEOPLE, _change_role)),
    ("leader added", _add_leader),
    ("link target changed", _on(HOME, _change_link)),
]


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


def python_build(project: Path, build_dir: Path, language: str) -> subprocess.CompletedProcess:
    """``python -m tools.site --build-dir BUILD_DIR LANGUAGE`` in ``project``."""
    return subprocess.run(
        [sys.executable, "-m", "tools.site", "--build-dir", str(build_dir), language],
        cwd=project, capture_output=True, text=True,
    )  # fmt: skip


def run(
    project: Path,
    build_dir: Path,
    language: str = "sw",
    log: Callable = print,
    build: Callable = python_build,
) -> list[Step]:
    """Apply every edit in turn to ``project`` (a copy); the measured steps. Each is
    built by ``build(project, build_dir, language)``, by default ``python -m tools.site``
    there (``python_build``); the tests pass theirs (``helpers.build_site``)."""
    steps = []
    for name, apply in EDITS:
        before = _catalogs(project)
        apply(project)
        update(project)
        after = _catalogs(project)
        step = Step(name)
        _measure(step, before, after)
        built = build(project, build_dir, language)
        if built.returncode:
            raise RuntimeError(built.stdout + built.stderr)
        step.dishonest = honesty_problems(project, build_dir / "html" / language, language)
        log(f"{step.edit}: {step}")
        steps.append(step)
    return steps


def update(project: Path) -> None:
    """``translations -- update`` of ``project``, in this process: the ten updates
    share one import of Sphinx (a new Python for each cost a third of the replay)."""
    output = io.StringIO()
    with contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
        code = translations.main(["--root", str(project), "update"])
    if code:
        raise RuntimeError(output.getvalue())


def _catalogs(project: Path) -> dict[Path, str]:
    catalogs, languages = Catalogs(project), read_registry(project)[1:]
    return {
        path.relative_to(project): path.read_text(encoding="utf-8")
        for language in languages
        for path in catalogs.catalogs(language)
    }


def _measure(step: Step, before: dict[Path, str], after: dict[Path, str]) -> None:
    for path in sorted(set(before) | set(after)):
        old, new = before.get(path, ""), after.get(path, "")
        step.lines_changed += sum(
            1
            for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))
        )
        language = path.parts[1]
        old_po, new_po = pofile.parse(old), pofile.parse(new)
        old_entries = {pofile.key(m): m for m in old_po.catalog if m.id}
        for message in new_po.catalog:
            if not message.id:
                continue
            previous = old_entries.get(pofile.key(message))
            if previous is None:
                kind = _arrival(message)
                if kind == "fuzzy":
                    step.fuzzy_with_previous += 1
                elif kind == "translated":
                    step.carried_over += 1
                else:
                    step.untranslated += 1
                continue
            lines = pofile.entry_lines(message, new_po, language)
            was = pofile.entry_lines(previous, old_po, language)
            if was != lines:
                step.noise_lines += sum(1 for a, b in zip(was, lines, strict=False) if a != b)
                step.noise_lines += abs(len(was) - len(lines))
                if _translated(previous) and not _translated(message):
                    step.lost.append(f"{path}: {message.id[:50]}")
            elif message.fuzzy and not previous.fuzzy:
                step.lost.append(f"{path}: {message.id[:50]} (made fuzzy)")


def _translated(message) -> bool:
    return bool(message.string) and not message.fuzzy


def _arrival(message) -> str:
    if message.fuzzy:
        return "fuzzy" if message.previous_id else "suggested"
    return "translated" if message.string else "untranslated"


# -- what the pages say -----------------------------------------------------------------------


def honesty_problems(project: Path, built: Path, language: str) -> list[str]:
    """Every message a page shows in English sits inside ``lang="en"``; the notice
    counts them; the status page counts as the catalogs do."""
    problems = []
    catalogs = Catalogs(project)
    markdown = MarkdownIt("commonmark")
    status_rows = dict(_status_rows(built, project, language))
    for path in catalogs.catalogs(language):
        domain = catalogs.domain(path)
        if domain == "sphinx":
            continue
        page_dir = "" if domain == "index" else domain.removesuffix("index").rstrip("/") + "/"
        html = built / page_dir / "index.html"
        page = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        main = page.select_one("#furo-main-content")
        english_runs = [" ".join(e.get_text(" ").split()) for e in main.select('[lang="en"]')]
        english = [
            message.id
            for message in catalogs.read(path).catalog
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
        cells = status_rows.get(f"/{_prefix(language)}{page_dir}")
        if cells is not None:
            counts = catalogs.count(language, domain)
            shown_counts = (int(cells[1].split()[0]), int(cells[2]), int(cells[3]))
            if shown_counts != (counts.translated, counts.fuzzy, counts.untranslated):
                problems.append(f"{domain}: the status page shows {shown_counts}, not {counts}")
    return problems


def _prefix(language: str) -> str:
    return language.replace("_", "-").lower() + "/"


def _status_rows(built: Path, project: Path, language: str) -> list[tuple[str, list[str]]]:
    """(page path the row links to, its cells) of ``language``'s table on its status page."""
    import posixpath

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
