"""How the grid directives render: doctree snapshot, HTML structure, pictures, data files."""

from __future__ import annotations

import base64
import re
import time

import pytest
from bs4 import BeautifulSoup
from helpers import ANSI, built, grids_snapshot, shared_build, warnings_of

#: Built once for the module (Sphinx's shared result): each test reads the same build.
GRIDS = shared_build("grids")


@pytest.fixture
def grids(app):
    return built(app)


def page(app, docname: str) -> BeautifulSoup:
    path = app.outdir / ("" if docname == "index" else docname) / "index.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@GRIDS
def test_builds_without_warnings(grids):
    assert warnings_of(grids) == []


@GRIDS
def test_doctree_snapshot(grids, file_regression):
    """The grid nodes of the index page; the snapshot was checked by eye."""
    file_regression.check(grids_snapshot(grids), extension=".xml")


@GRIDS
def test_people_are_a_list_of_cards(grids):
    grid = page(grids, "index").select_one(".bpd-leadership")
    items = grid.select("ul.bpd-grid-list > li")
    assert [li.select_one(".bpd-name").get_text() for li in items] == [
        "Ada Lovelace", "Émile Zola", "Grace Hopper",
    ]  # fmt: skip
    assert [li.select_one(".bpd-role").get_text() for li in items] == [
        "Treasurer", "Writer", "Admiral",
    ]  # fmt: skip
    assert all(li.select_one(".sd-card") for li in items)


@GRIDS
def test_handles_and_urls_become_links(grids):
    grid = page(grids, "index").select_one(".bpd-leadership")
    assert grid.select_one(".bpd-github a")["href"] == "https://github.com/ada-lovelace"
    assert grid.select_one("a.bpd-name, .bpd-name a")["href"] == "https://example.org/zola"


@GRIDS
def test_initiative_cards_link_to_their_sections(grids):
    links = page(grids, "index").select(".bpd-initiatives .sd-card-title a")
    assert [a["href"] for a in links] == [
        "initiatives/#first-initiative",
        "initiatives/#second-initiative",
    ]
    target = page(grids, "initiatives")
    assert target.find(id="first-initiative").name == "section"
    assert target.find(id="second-initiative").name == "section"


@GRIDS
def test_columns_option(grids):
    row = page(grids, "index").select_one(".bpd-initiatives ul")
    assert "sd-row-cols-1" in row["class"]
    assert "sd-row-cols-md-2" in row["class"]


@GRIDS
def test_initials_avatar_without_photo(grids):
    ada = page(grids, "index").select(".bpd-leadership img")[0]
    assert ada["alt"] == ""  # decorative: the name is printed next to it
    assert (ada["width"], ada["height"], ada["loading"]) == ("96", "96", "lazy")
    assert ada["src"].startswith("data:image/svg+xml;base64,")
    svg = base64.b64decode(ada["src"].split(",", 1)[1]).decode()
    assert ">AL</text>" in svg
    zola = page(grids, "index").select(".bpd-leadership img")[1]
    assert ">ÉZ</text>" in base64.b64decode(zola["src"].split(",", 1)[1]).decode()


@GRIDS
def test_local_photo_is_copied_with_dimensions(grids):
    grace = page(grids, "index").select(".bpd-leadership img")[2]
    assert grace["alt"] == "Photo of Grace Hopper"
    assert (grace["width"], grace["height"], grace["loading"]) == ("96", "96", "lazy")
    assert (grids.outdir / grace["src"]).resolve().is_file()


@GRIDS
def test_local_photo_is_resized_to_webp_and_the_original_stays_out(grids):
    from PIL import Image

    grace = page(grids, "index").select(".bpd-leadership img")[2]
    assert grace["src"].startswith("_images/grace-192-") and grace["src"].endswith(".webp")
    with Image.open(grids.outdir / grace["src"]) as image:
        assert (image.format, image.size) == ("WEBP", (192, 192))  # twice the display size
    assert not list(grids.outdir.rglob("grace.png"))


@GRIDS
def test_no_third_party_request_by_default(grids):
    html = (grids.outdir / "index.html").read_text(encoding="utf-8")
    assert not re.search(r'<img[^>]+src="https?://', html)


@pytest.mark.sphinx(
    "dirhtml", testroot="grids", srcdir="grids-avatars", confoverrides={"bpd_github_avatars": True}
)
def test_github_avatars_when_switched_on(app):
    app.build()
    ada = page(app, "index").select(".bpd-leadership img")[0]
    assert ada["src"] == "https://github.com/ada-lovelace.png?size=192"
    assert ada["alt"] == "Photo of Ada Lovelace"
    assert (ada["width"], ada["height"]) == ("96", "96")
    # No handle: still the initials avatar.
    zola = page(app, "index").select(".bpd-leadership img")[1]
    assert zola["src"].startswith("data:")


@pytest.mark.sphinx("dirhtml", testroot="grids", srcdir="grids-edit", freshenv=True)
def test_editing_the_data_file_rebuilds_the_page_that_uses_it(app, make_app):
    app.build()
    people = app.outdir / "people" / "index.html"
    other = app.outdir / "initiatives" / "index.html"
    assert "Katherine Johnson" in people.read_text(encoding="utf-8")
    other_mtime = other.stat().st_mtime_ns

    time.sleep(0.01)
    data = app.srcdir / "data" / "people.yaml"
    data.write_text(data.read_text().replace("Katherine Johnson", "Dorothy Vaughan"))
    again = make_app("dirhtml", srcdir=app.srcdir)
    again.build()
    assert "Dorothy Vaughan" in people.read_text(encoding="utf-8")
    status = ANSI.sub("", again.status.getvalue())
    # Only the page using the file was read again, and a page unrelated to it was not
    # rewritten (the index is: its navigation shows the changed page).
    assert "1 changed" in status, status
    assert "reading sources... [100%] people" in status, status
    assert other.stat().st_mtime_ns == other_mtime
