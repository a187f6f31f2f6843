"""Property tests: no grid input, however hostile, crashes the build or smuggles markup.

One small Sphinx project is built again for every example (incrementally, so
it is quick): the YAML goes into a data file, so any text at all can be tried.
"""

from __future__ import annotations

import os
import re
import unicodedata

import pytest
import yaml
from bs4 import BeautifulSoup
from helpers import warnings_of
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

settings.register_profile(
    "bpd",
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    # CI runs the same examples every time, so a failure can be reproduced.
    derandomize=bool(os.environ.get("CI")),
)
settings.load_profile("bpd")

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '" onmouseover="alert(1)',
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html;base64,PHNjcmlwdD4=",
    "vbscript:msgbox(1)",
    "//evil.example/x",
    "{raw}`html <script>alert(1)</script>`",
    "```{raw} html\n<script>alert(1)</script>\n```",
    "```{include} /etc/passwd\n```",
    ".. raw:: html\n\n   <script>alert(1)</script>",
    "<!-- comment --><style>*{display:none}</style>",
    "\u202eevil\u202c",
    "Ada\x00Lovelace",
    "👩🏾‍💻 Dev",
    "Z\u0351\u0352\u0353algo",
    "x" * 5000,
    "../../../etc/passwd.png",
    "/_static/../../secret.png",
]
KEYS = ["name", "role", "github", "url", "photo", "alt", "id", "title", "summary", "onclick"]

text = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=80))
scalar = st.one_of(text, st.integers(), st.booleans(), st.none(), st.floats(allow_nan=False))
value = st.one_of(scalar, st.lists(scalar, max_size=3), st.dictionaries(text, scalar, max_size=2))
entry = st.dictionaries(st.sampled_from(KEYS), value, max_size=7)
document = st.one_of(st.lists(entry, max_size=5), value)

ALLOWED_TAGS = {"div", "ul", "li", "p", "a", "img", "span", "strong", "section", "h1"}
ALLOWED_ATTRIBUTES = {"class", "href", "src", "alt", "width", "height", "loading", "id", "title"}
SAFE_HREF = re.compile(r"^(https?://|mailto:|#|\.\./|[\w-]+/|[\w-]+\.html)", re.IGNORECASE)


#: One small project (tests/roots/test-properties), built again for every example
#: (incrementally, so it is quick): the YAML goes into its data files.
PROJECT = pytest.mark.sphinx("html", testroot="properties")


def rebuild(app, people: str, initiatives: str) -> tuple[BeautifulSoup, list[str]]:
    (app.srcdir / "people.yaml").write_text(people, encoding="utf-8")
    (app.srcdir / "initiatives.yaml").write_text(initiatives, encoding="utf-8")
    app.warning.seek(0)
    app.warning.truncate()
    app.build()
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    body = BeautifulSoup(html, "html.parser").select_one('div[role="main"]')
    return body, warnings_of(app)


def assert_safe(body: BeautifulSoup) -> None:
    for element in body.find_all(True):
        assert element.name in ALLOWED_TAGS, element
        for attribute, content in element.attrs.items():
            assert attribute in ALLOWED_ATTRIBUTES, element
            if attribute == "href":
                assert SAFE_HREF.match(content), element
            if attribute == "src":
                assert content.startswith(("data:image/svg+xml;base64,", "_images/")), element


def assert_located(warnings: list[str]) -> None:
    for warning in warnings:
        assert re.search(r"(index\.md|people\.yaml|initiatives\.yaml):\d+: WARNING: ", warning), (
            warning
        )
        assert "Traceback" not in warning and "Exception" not in warning


def dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True)


@PROJECT
@given(people=document, initiatives=document)
def test_any_yaml_data_builds_safely(app, people, initiatives):
    body, warnings = rebuild(app, dump(people), dump(initiatives))
    assert_safe(body)
    assert_located(warnings)


@PROJECT
@given(people=st.text(max_size=300), initiatives=st.text(max_size=300))
def test_any_text_builds_safely(app, people, initiatives):
    body, warnings = rebuild(app, people, initiatives)
    assert_safe(body)
    assert_located(warnings)


#: The fields a hostile string goes into: two shown as text, one an attribute.
FIELDS = ("name", "role", "alt")


@PROJECT
@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_comes_out_as_text(app, hostile):
    """Three people in one build, the string in one field of each (a build each cost
    three times as much): what is not refused shows the string as text."""
    people = [{"name": "Ada Lovelace", "role": "Chair", field: hostile} for field in FIELDS]
    text = dump(people)
    body, warnings = rebuild(app, text, dump([{"id": "a", "title": "A", "summary": "B"}]))
    assert_safe(body)
    assert_located(warnings)
    # Only the leadership grid may warn, of an entry it refused (a warning about
    # anything else, a card linking to no label, skipped the check below, unseen).
    assert all("[bpd.leadership]" in warning for warning in warnings), warnings
    # Each warning names a line of the data file, in the entry it is about.
    starts = [number for number, line in enumerate(text.splitlines(), 1) if line[:2] == "- "]
    warned = {
        sum(start <= int(line) for start in starts) - 1
        for line in re.findall(r"people\.yaml:(\d+):", "\n".join(warnings))
    }
    shown = " ".join(body.get_text(" ").split())
    # As a reader gets it: composed (grid data is read as NFC), controls refused.
    kept = "".join(c for c in hostile if c not in "\x00\u202e\u202c")
    expected = " ".join(unicodedata.normalize("NFC", kept).split())
    for index, field in enumerate(FIELDS):
        if index not in warned and field in ("name", "role"):
            assert expected in shown, field
