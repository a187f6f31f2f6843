"""BENCHMARKS.md has one writer: each measurement replaces its own section, or adds it;
and the phases of a build add up (nested ones counted once)."""

from __future__ import annotations

import json

import pytest

from tools.measure import phases
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


def test_nested_phases_are_counted_once(tmp_path):
    """The guard runs inside Sphinx's setup, the messages inside reading, the site files
    inside assembling; a child's own time is what its named phases leave."""
    log = tmp_path / "phases.jsonl"
    rows = [
        ("start", 0.0, 0.1, ""), ("import", 0.1, 0.4, ""), ("warm-up", 0.4, 1.0, ""),
        ("child", 1.0, 2.0, "sw"), ("sphinx setup", 1.0, 1.3, "sw"), ("guard", 1.1, 1.2, "sw"),
        ("reading", 1.3, 1.7, "sw"), ("messages", 1.4, 1.5, "sw"), ("writing", 1.7, 1.9, "sw"),
        ("child", 1.0, 1.5, "en"), ("assemble", 2.0, 2.3, ""), ("site files", 2.2, 2.3, ""),
        ("total", 0.0, 2.3, ""),
    ]  # fmt: skip
    log.write_text(
        "".join(
            json.dumps({"phase": p, "start": s, "end": e, "language": lang, "pid": 1}) + "\n"
            for p, s, e, lang in rows
        )
    )
    found = phases.summary(log)
    assert found["sphinx setup"] == pytest.approx(0.2)
    assert found["reading"] == pytest.approx(0.3)
    assert found["assemble"] == pytest.approx(0.2)
    assert found["child other"] == pytest.approx(1.5 - 0.2 - 0.1 - 0.3 - 0.1 - 0.2)
    assert found["total"] == pytest.approx(2.3)
    assert found["languages"] == 2
    assert {name for name, _what in phases.PHASES} >= set(found) - {"total", "languages"}


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
