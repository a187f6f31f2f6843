"""Every kind of bad grid content (and a page that is not UTF-8) gives one located,
typed warning and no traceback.

The ``errors`` root has one page per mistake; each page also has a good entry
(where the mistake leaves room for one) that must still be rendered.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from helpers import ROOT, built, shared_build, warnings_of

# (page, line, expected text) - the line is that of the offending entry or key,
# checked by hand against tests/roots/test-errors.
EXPECTED = [
    ("missing-key.md", 6, "leadership-grid: missing required key 'role'; entry skipped"),
    ("unknown-key.md", 8, "leadership-grid: unknown key 'email'"),
    ("wrong-type.md", 7, "leadership-grid: 'role' must be text, not a number"),
    ("bad-handle.md", 8, "'-not/a-handle' is not a GitHub handle"),
    (
        "javascript-url.md",
        8,
        "'javascript:alert(1)' is not an http(s), mailto or site-relative URL",
    ),
    ("bad-slug.md", 7, "'Not A Slug' is not a slug"),
    # A pasted entry whose id was not renamed: its card would link to the first one's section.
    ("duplicate-id.md", 7, "initiative-grid: duplicate id 'good' (first at line 4); entry skipped"),
    ("yaml-syntax.md", 7, "leadership-grid: invalid YAML"),
    ("empty-body.md", 3, "leadership-grid: needs a YAML list in its body or a :file: option"),
    ("mapping-body.md", 4, "leadership-grid: expected a YAML list: start each entry with '- '"),
    ("options-body.md", 3, "a body that starts with ':key:' or '---' is read as options"),
    ("front-matter-body.md", 3, "a body that starts with ':key:' or '---' is read as options"),
    ("missing-file.md", 3, "leadership-grid: cannot read data/nowhere.yaml"),
    ("data/bad.yaml", 3, "leadership-grid: missing required key 'role'"),
    # A data file outside the project is refused at the directive, before it is read.
    ("outside-file.md", 3, ":file: '../../../../../../../../etc/hostname' is outside the project"),
    ("absolute-file.md", 3, ":file: '//etc/passwd' is outside the project"),
    # Groups: a mistake of the directive is at its line, a mistake of the file in the file.
    ("no-group.md", 3, "the YAML holds groups (council, chair, empty): choose one with "
                       "':group: <id>' (or make it one list, each entry starting with '- ') "
                       "(in data/groups.yaml)"),
    ("unknown-group.md", 3, "no group 'councl'; the groups are: council, chair, empty "
                            "(in data/groups.yaml)"),
    ("data/groups.yaml", 5, "group 'chair' is not a list: start each of its entries with '- '"),
    ("data/groups.yaml", 6, "group 'empty' is empty"),
    ("group-of-a-list.md", 3, ":group: 'council' was given, but the YAML is one list, not groups"),
    ("duplicate-group.md", 7, "invalid YAML: duplicate group 'council'"),
    # A plain string is a name alone: a leadership entry may be one, nothing else may.
    ("name-not-text.md", 6, "each entry must be a mapping of keys (name, role, region, github, "
                            "url, photo, alt, form, country), or a name alone, not a number; "
                            "entry skipped"),
    ("initiative-name-only.md", 4, "initiative-grid: each entry must be a mapping of keys "
                                   "(id, title, summary), not text; entry skipped"),
    ("initiative-name-only.md", 3, "initiative-grid: no valid entries"),
    # Every entry of a data file refused: each at its line there, and the grid, left
    # empty, at the directive, naming the file it read.
    ("data/all-bad.yaml", 1, "leadership-grid: missing required key 'role'"),
    ("all-bad-file.md", 3, "leadership-grid: no valid entries (in data/all-bad.yaml)"),
    # A person drawn twice in one grid: named at the second entry, which is left out.
    ("duplicate-person.md", 6, "leadership-grid: good person is listed twice (first at line 4); "
                               "entry skipped"),
    # The site writes the '@' itself ("@@athandle" before); unquoted, YAML refuses it.
    ("at-handle.md", 8, "'github': write the handle without its '@': 'athandle', not "
                        "'@athandle'; entry skipped"),
    ("at-handle-unquoted.md", 6, "found character '@' that cannot start any token (write a "
                                 "GitHub handle without its '@'; other text in quotes)"),
    # Each at the line of its field, not of its entry or directive.
    ("missing-photo.md", 6, "leadership-grid: photo '/_static/nowhere.png': no such file "
                            "(_static/nowhere.png); using an initials avatar"),
    ("bad-columns.md", 4, "leadership-grid: invalid :columns: '1 2 x'"),
    ("indentation.md", 6, "leadership-grid: invalid YAML: mapping values are not allowed here "
                          "(check this entry's indentation: each of its keys starts in the "
                          "same column as the first; a value with ': ' in it goes in quotes)"),
    # A site path that is no page: the link would lead readers to the page not found.
    ("site-path.md", 9, "leadership-grid: 'url': '/nowhere/' is no page of this site; "
                        "entry skipped"),
]  # fmt: skip

#: Pages whose good entry must survive next to the bad one.
GOOD_NEXT_TO_BAD = [
    "missing-key", "unknown-key", "wrong-type", "bad-handle", "javascript-url", "bad-file",
    "name-not-text", "duplicate-person", "at-handle", "missing-photo", "bad-columns", "site-path",
]  # fmt: skip


#: Built once for the module (Sphinx's shared result): each test reads the same build.
ERRORS = shared_build("errors")


@pytest.fixture
def errors_build(app):
    return built(app)


@pytest.mark.parametrize(("page", "line", "text"), EXPECTED)
@ERRORS
def test_warning_is_located_and_typed(errors_build, page, line, text):
    matches = [w for w in warnings_of(errors_build) if f"{page}:{line}: WARNING: " in w]
    assert any(text in w for w in matches), warnings_of(errors_build)
    bpd = [w for w in matches if text in w]
    initiatives = page in ("bad-slug.md", "initiative-name-only.md", "duplicate-id.md")
    expected_type = "[bpd.initiatives]" if initiatives else "[bpd.leadership]"
    assert all(w.endswith(expected_type) for w in bpd)


@ERRORS
def test_no_traceback_and_nothing_unexpected(errors_build):
    warnings = warnings_of(errors_build)
    assert not any("Traceback" in w or "Exception" in w for w in warnings)
    # MyST's own warnings for option-looking bodies come first; everything else is ours.
    ours = [w for w in warnings if "[bpd." in w]
    theirs = [w for w in warnings if "[bpd." not in w]
    assert len(ours) == len(EXPECTED)
    assert all("[myst.directive_option]" in w for w in theirs)


@pytest.mark.parametrize("page", GOOD_NEXT_TO_BAD)
@ERRORS
def test_good_entry_survives_bad_one(errors_build, page):
    html = (errors_build.outdir / page / "index.html").read_text(encoding="utf-8")
    assert "Good Person" in html
    assert html.count('class="bpd-name') == 1


@ERRORS
def test_merge_keys_give_an_entry_its_anchors_keys(errors_build):
    """``<<: *chair``: the anchored entry's keys, under the entry's own (they were
    refused with "could not determine a constructor for the tag ...merge")."""
    html = (errors_build.outdir / "merge-key" / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    cards = [
        (card.select_one(".bpd-name").get_text(), card.select_one(".bpd-role").get_text())
        for card in soup.select(".bpd-person")
    ]
    assert cards == [("Good Person", "Chair"), ("Merged Person", "Chair")]


@ERRORS
def test_a_site_path_links_to_its_page_relative_to_the_page(errors_build):
    html = (errors_build.outdir / "site-path" / "index.html").read_text(encoding="utf-8")
    link = BeautifulSoup(html, "html.parser").select_one(".bpd-name a")
    assert link["href"] == "../missing-key/"
    assert "internal" in link["class"]


@ERRORS
def test_a_duplicate_id_keeps_the_first_card_only(errors_build):
    html = (errors_build.outdir / "duplicate-id" / "index.html").read_text(encoding="utf-8")
    assert "Good" in html and "Pasted" not in html


@pytest.mark.parametrize(
    "page",
    ["no-group", "unknown-group", "group-not-a-list", "empty-group", "group-of-a-list",
     "duplicate-group"],
)  # fmt: skip
@ERRORS
def test_a_group_mistake_leaves_out_its_directive_and_builds_the_page(errors_build, page):
    html = (errors_build.outdir / page / "index.html").read_text(encoding="utf-8")
    assert "<h1>" in html  # the page itself is there
    assert "bpd-grid" not in html and "bpd-names" not in html
    assert "Good Person" not in html


@ERRORS
def test_bad_url_never_reaches_output(errors_build):
    html = (errors_build.outdir / "javascript-url" / "index.html").read_text(encoding="utf-8")
    assert "javascript:" not in html
    assert "Sneaky" not in html


@ERRORS
def test_data_files_outside_the_project_are_never_read(errors_build):
    warnings = "\n".join(warnings_of(errors_build))
    # Neither the file's content nor its real path reaches the output or the warnings.
    assert "/etc/hostname:" not in warnings and "/etc/passwd:" not in warnings
    for page in ("outside-file", "absolute-file"):
        html = (errors_build.outdir / page / "index.html").read_text(encoding="utf-8")
        assert "root:" not in html and "bpd-grid" not in html


def test_a_symbolic_link_out_of_the_project_is_refused(tmp_path, make_app):
    """A link inside the project that points out of it counts as outside."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        (ROOT / "tests" / "roots" / "test-errors" / "conf.py").read_text(encoding="utf-8")
    )
    outside = tmp_path / "secret.yaml"
    outside.write_text("- name: Secret Person\n  role: Spy\n", encoding="utf-8")
    (src / "people.yaml").symlink_to(outside)
    (src / "index.md").write_text("# People\n\n```{leadership-grid}\n:file: people.yaml\n```\n")
    app = make_app("html", srcdir=src)
    app.build()
    warnings = warnings_of(app)
    assert any(
        "index.md:3: WARNING: leadership-grid: :file: 'people.yaml' is outside the project" in w
        for w in warnings
    ), warnings
    assert "Secret Person" not in (app.outdir / "index.html").read_text(encoding="utf-8")


def test_a_page_that_is_not_utf8_is_named_at_its_line_and_the_others_build(tmp_path, make_app):
    """A byte of Latin-1 in a page stopped every build with Sphinx's "Encoding error!"
    and a traceback, and no page was written."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        (ROOT / "tests" / "roots" / "test-errors" / "conf.py").read_text(encoding="utf-8")
    )
    (src / "index.md").write_text("# Home\n\n```{toctree}\nlatin1\n```\n", encoding="utf-8")
    (src / "latin1.md").write_bytes("# Café\n\nOur tr".encode() + b"\xe9sorier.\n")
    app = make_app("html", srcdir=src)
    app.build()
    warnings = warnings_of(app)
    assert [w for w in warnings if "UTF-8" in w] == [
        f"{src / 'latin1.md'}:3: WARNING: not valid UTF-8 (byte 0xe9): save it as UTF-8 "
        "(the page is built with that byte shown as \ufffd) [bpd.source]"
    ], warnings
    assert "Our tr\ufffdsorier." in (app.outdir / "latin1.html").read_text(encoding="utf-8")
    assert "Café" in (app.outdir / "latin1.html").read_text(encoding="utf-8")
    assert (app.outdir / "index.html").is_file()


def test_a_data_file_that_is_not_utf8_is_named_at_its_line(tmp_path, make_app):
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        (ROOT / "tests" / "roots" / "test-errors" / "conf.py").read_text(encoding="utf-8")
    )
    (src / "people.yaml").write_bytes(
        b"- name: Ada\n  role: Chair\n- name: Bo\n  role: Tr\xe9sorier\n"
    )
    (src / "index.md").write_text("# People\n\n```{leadership-grid}\n:file: people.yaml\n```\n")
    app = make_app("html", srcdir=src)
    app.build()
    assert [w for w in warnings_of(app) if "people.yaml" in w] == [
        f"{src / 'people.yaml'}:4: WARNING: leadership-grid: not valid UTF-8 (byte 0xe9): "
        "save it as UTF-8 [bpd.leadership]"
    ]


def test_a_truncated_photo_gets_an_initials_avatar_and_a_warning(tmp_path, make_app):
    """Its header reads well; the build stopped with a traceback when writing it."""
    src = tmp_path / "src"
    (src / "_static").mkdir(parents=True)
    (src / "conf.py").write_text(
        (ROOT / "tests" / "roots" / "test-errors" / "conf.py").read_text(encoding="utf-8")
    )
    photo = (ROOT / "_static" / "leadership" / "doreen.png").read_bytes()[:300]
    (src / "_static" / "cut.png").write_bytes(photo)
    (src / "index.md").write_text(
        "# People\n\n```{leadership-grid}\n- name: Doreen Nangira\n  role: Treasurer\n"
        "  photo: /_static/cut.png\n```\n"
    )
    app = make_app("html", srcdir=src)
    app.build()
    assert [w for w in warnings_of(app) if "cut.png" in w] == [
        f"{src / 'index.md'}:6: WARNING: leadership-grid: photo '/_static/cut.png' is not a "
        "readable image; using an initials avatar [bpd.leadership]"
    ], warnings_of(app)
    assert "data:image/svg+xml" in (app.outdir / "index.html").read_text(encoding="utf-8")


@pytest.mark.sphinx("dirhtml", testroot="errors", srcdir="errors-strict", warningiserror=True)
def test_warnings_fail_a_strict_build(app):
    app.build()
    assert app.statuscode == 1
    # --keep-going semantics: the good pages were still written.
    assert (app.outdir / "missing-key" / "index.html").exists()
