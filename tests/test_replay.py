"""Ten ordinary English edits, each followed by `translations -- update` and a build:
translators see only what changed, and readers see what is current.

The replay itself is ``tools/measure/replay.py`` (``nox -s bench`` writes its figures
into BENCHMARKS.md); here every step is held to what it promises.
"""

from __future__ import annotations

import pytest
from helpers import copy_project

from tools.measure import replay

pytestmark = pytest.mark.site


@pytest.fixture(scope="module")
def steps(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("replay"), exclude=("tests/",))
    return replay.run(project, tmp_path_factory.mktemp("replay-build"), log=lambda line: None)


def test_ten_edits_of_every_kind(steps):
    assert len(steps) == len(replay.EDITS) >= 10


@pytest.mark.parametrize("index", range(len(replay.EDITS)), ids=[e[0] for e in replay.EDITS])
def test_an_edit_changes_only_the_entries_it_touches(steps, index):
    step = steps[index]
    assert step.noise_lines == 0, step
    assert step.lost == [], step


@pytest.mark.parametrize("index", range(len(replay.EDITS)), ids=[e[0] for e in replay.EDITS])
def test_pages_say_what_is_still_english(steps, index):
    assert steps[index].dishonest == []


def test_each_kind_of_edit_arrives_as_it_should(steps):
    by_edit = {step.edit: step for step in steps}
    languages = 5
    # The English changed a little: fuzzy, with the English it was translated from.
    for edit in ("typo fixed", "sentence rewritten", "heading renamed", "role changed",
                 "link target changed"):  # fmt: skip
        step = by_edit[edit]
        assert (step.fuzzy_with_previous, step.untranslated) == (languages, 0), step
    # New English: untranslated (no translation anywhere to offer).
    assert by_edit["leader added"].untranslated == languages
    # Moved: the translation comes along, finished.
    assert by_edit["paragraph moved to another page"].carried_over == languages
    moved = by_edit["paragraph moved within its page"]
    assert (moved.fuzzy_with_previous, moved.carried_over, moved.untranslated) == (0, 0, 0)
    # Removed: only lines that go away.
    assert by_edit["paragraph removed"].lines_changed > 0
