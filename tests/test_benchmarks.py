"""BENCHMARKS.md has one writer: each measurement replaces its own section, or adds it.
The measurements of pages (weight, Lighthouse) take the same arguments."""

from __future__ import annotations

import pytest

from bpd.languages.registry import published
from tools import ROOT
from tools.measure.benchmarks import PAGES, arguments, prefixes, write_section


def test_a_section_is_replaced_and_the_others_kept(tmp_path):
    path = tmp_path / "BENCHMARKS.md"
    path.write_text(
        "# Benchmarks\n\n## Builds\n\nintro\n\n<!-- bench:start -->\nold\n<!-- bench:end -->\n\n"
        "## Readers\n\n<!-- weight:start -->\nkept\n<!-- weight:end -->\n",
        encoding="utf-8",
    )
    write_section("bench", "Builds", "new figures", path)
    text = path.read_text(encoding="utf-8")
    assert "<!-- bench:start -->\nnew figures\n<!-- bench:end -->" in text
    assert "old" not in text and "intro" in text
    assert "<!-- weight:start -->\nkept\n<!-- weight:end -->" in text


def test_a_missing_section_is_added_under_its_heading(tmp_path):
    path = tmp_path / "BENCHMARKS.md"
    write_section("lighthouse", "Readers: Lighthouse", "scores", path)
    assert path.read_text(encoding="utf-8") == (
        "# Benchmarks\n\n## Readers: Lighthouse\n\n"
        "<!-- lighthouse:start -->\nscores\n<!-- lighthouse:end -->\n"
    )


def test_the_suite_is_judged_by_its_ratio_to_a_cold_build():
    from tools.measure import suite

    def figures(tests: float, fast: float = 30.0) -> dict:
        return {
            "build": (4.0, "3.90, 4.00, 4.20"),  # the median, and the three builds
            "tests": (tests, "== 1307 passed in 200.00s (0:03:20) =="),
            "fast": (fast, "== 304 passed in 30.00s =="),
        }

    met, missed = suite.report(figures(240.0)), suite.report(figures(244.0, fast=44.0))
    assert "| 60.0x (target at most 60x, met) |" in met
    assert "| 7.5x (target at most 10x, met) |" in met
    assert "| 61.0x (target at most 60x, **missed**) |" in missed
    assert "| 11.0x (target at most 10x, **missed**) |" in missed
    assert "1307 passed in 200.00s (0:03:20)" in met and "==" not in met
    assert "after it: 3.90, 4.00, 4.20 s) | 4.00 s | 1 |" in met


def test_the_measurements_of_pages_take_the_sites_language_codes_and_pages():
    languages = published(ROOT)
    parser = arguments("a measurement", "nox -s weight")
    everything = parser.parse_args([])
    assert prefixes(everything) == [language.prefix for language in languages]
    assert everything.pages == PAGES and everything.command == "nox -s weight"
    first, last = languages[0], languages[-1]
    chosen = parser.parse_args(["--languages", last.code, first.code, "--pages", "about", "/"])
    assert prefixes(chosen) == [first.prefix, last.prefix]  # the site's order
    assert chosen.pages == ["about/", ""]


def test_a_language_that_is_not_the_sites_is_refused_naming_the_codes(capsys):
    # It once measured nothing, after the build, and ended in a traceback (max() of no pages).
    parser = arguments("a measurement", "nox -s weight")
    with pytest.raises(SystemExit):
        parser.parse_args(["--languages", "nowhere"])
    error = capsys.readouterr().err
    assert "--languages" in error and "nowhere" in error
    assert all(language.code in error for language in published(ROOT))


def test_the_preview_is_judged_beside_sphinx_autobuild_and_the_load_said():
    """The machine is shared: the section says its load, and sets the preview's English
    edit against sphinx-autobuild's, measured in the same run."""
    from tools.measure.bench import preview_report

    figures = {"en": 0.25, "en signal": 0.3, "sw": 0.6, "sw signal": 0.7, "all": 0.9}
    section = preview_report({"preview": figures, "autobuild": 1.0, "load": (1.5, 2.5)}, 5)
    assert "before and after: 1.50 and 2.50" in section
    assert "| 0.25 s | 0.30 s | at most 0.3 s, met |" in section
    assert "| 0.60 s | 0.70 s | at most 0.5 s, **missed** |" in section
    assert "| 1.00 s | | the preview's English edit: 0.25x its time |" in section
