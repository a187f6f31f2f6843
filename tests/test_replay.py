"""Ten ordinary English edits, each followed by `translations -- update` and a build:
translators see only what changed, and readers see what is current.

The replay itself is ``tools/measure/replay.py`` (``nox -s bench`` writes its figures
into BENCHMARKS.md); here every step is held to what it promises.
"""

from __future__ import annotations

import re

import pytest
from helpers import ROOT, build_site, copy_project, only_languages

from bpd.languages.registry import read_registry
from tools.measure import replay


def test_the_edits_are_found_in_whatever_the_pages_say(tmp_path):
    """Each edit finds what it changes in the pages as they are: the site's sentences,
    leaders and links rewritten, every edit still applies (it hard-coded the sentences
    of the day, so any content change broke the benchmark)."""
    project = copy_project(tmp_path / "project", exclude=("tests/",))
    for page in (replay.HOME, replay.PEOPLE, replay.INITIATIVES):
        path = project / page
        text = path.read_text(encoding="utf-8")
        # Other words, other roles, other addresses: the same kinds of content.
        text = re.sub(r"\b(community|communities)\b", r"network", text)
        text = re.sub(r"\b(We|Our)\b", lambda m: {"We": "They", "Our": "Their"}[m.group(1)], text)
        text = re.sub(r"(role: )(.+)", r"\1Chief \2", text)
        text = text.replace("https://www.", "https://")
        path.write_text(text, encoding="utf-8")
    for name, apply in replay.EDITS:
        before = {page: (project / page).read_text(encoding="utf-8") for page in
                  (replay.HOME, replay.PEOPLE, replay.INITIATIVES)}  # fmt: skip
        apply(project)
        after = {page: (project / page).read_text(encoding="utf-8") for page in before}
        assert after != before, name


#: The source language, Swahili (the replay's build) and one more translation: what
#: happens to each translation is the same in every other.
REGISTERED = read_registry(ROOT)
REPLAYED = [REGISTERED[0], "sw", next(code for code in REGISTERED[1:] if code != "sw")]


@pytest.fixture(scope="module")
def steps(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("replay"), exclude=("tests/",))
    only_languages(project, REPLAYED)
    build_dir = tmp_path_factory.mktemp("replay-build")
    return replay.run(project, build_dir, log=lambda line: None, build=build_site)


@pytest.mark.site
def test_ten_edits_of_every_kind(steps):
    assert len(steps) == len(replay.EDITS) >= 10


@pytest.mark.site
@pytest.mark.parametrize("index", range(len(replay.EDITS)), ids=[e[0] for e in replay.EDITS])
def test_an_edit_changes_only_the_entries_it_touches(steps, index):
    step = steps[index]
    assert step.noise_lines == 0, step
    assert step.lost == [], step


@pytest.mark.site
@pytest.mark.parametrize("index", range(len(replay.EDITS)), ids=[e[0] for e in replay.EDITS])
def test_pages_say_what_is_still_english(steps, index):
    assert steps[index].dishonest == []


@pytest.mark.site
def test_each_kind_of_edit_arrives_as_it_should(steps):
    """Per language, what an edit makes of a message: a language that had translated it
    gets what the kind of edit promises; one that had not (a language being
    translated) has it untranslated still."""
    by_edit = {step.edit: step for step in steps}
    languages = len(REPLAYED) - 1
    # The English changed a little: fuzzy, with the English it was translated from.
    for edit in ("word respelt", "sentence rewritten", "heading renamed", "role changed",
                 "link target changed"):  # fmt: skip
        step = by_edit[edit]
        assert step.fuzzy_with_previous >= 1, step
        assert step.fuzzy_with_previous + step.untranslated == languages, step
    # New English: untranslated (no translation anywhere to offer).
    assert by_edit["leader added"].untranslated == languages
    # Moved: the translation comes along, finished.
    out = by_edit["paragraph moved to another page"]
    assert out.carried_over >= 1 and out.carried_over + out.untranslated == languages, out
    moved = by_edit["paragraph moved within its page"]
    assert (moved.fuzzy_with_previous, moved.carried_over, moved.untranslated) == (0, 0, 0)
    # Removed: only lines that go away.
    assert by_edit["paragraph removed"].lines_changed > 0
