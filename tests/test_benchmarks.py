"""BENCHMARKS.md has one writer: each measurement replaces its own section, or adds it."""

from __future__ import annotations

from tools.measure.benchmarks import write_section


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

    def figures(tests: float) -> dict:
        return {
            "build": (20.0, ""),
            "tests": (tests, "== 1307 passed in 200.00s (0:03:20) =="),
            "fast": (40.0, "== 304 passed in 30.00s =="),
        }

    met, missed = suite.report(figures(220.0)), suite.report(figures(240.0))
    assert "| 11.0x (target at most 11x, met) |" in met
    assert "| 12.0x (target at most 11x, **missed**) |" in missed
    assert "1307 passed in 200.00s (0:03:20)" in met and "==" not in met


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
