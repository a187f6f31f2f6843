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
