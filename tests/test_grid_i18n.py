"""The translation path of the grids: gettext extracts the translatable fields only,
and a translated build replaces them while names and links stay as they are."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from helpers import built, shared_build, warnings_of

#: The messages gettext extracts, and the page built in French: one build each.
EXTRACTED = shared_build("i18n", "gettext")
FRENCH = shared_build("i18n", "dirhtml", confoverrides={"language": "fr"})


@pytest.fixture
def catalog(app):
    return (built(app).outdir / "index.pot").read_text(encoding="utf-8")


@pytest.fixture
def french(app):
    html = (built(app).outdir / "index.html").read_text(encoding="utf-8")
    return app, BeautifulSoup(html, "html.parser")


@pytest.mark.parametrize(
    "message",
    ["Executor", "Treasurer", "Build Local Black Community",
     "Fund local events run by community leaders.", "Doreen speaking at PyCon Africa"],
)  # fmt: skip
@EXTRACTED
def test_translatable_fields_are_extracted(catalog, message):
    assert f'msgid "{message}"' in catalog


@pytest.mark.parametrize(
    "message",
    ["Jay Miller", "Doreen Nangira", "@kjaymiller", "kjaymiller", "US", "United States"],
)
@EXTRACTED
def test_names_and_handles_are_not_extracted(catalog, message):
    assert f'msgid "{message}"' not in catalog


@EXTRACTED
def test_extracted_messages_point_at_the_page(catalog):
    assert "#: ../../index.md" in catalog or "#: index.md" in catalog


@FRENCH
def test_translated_build_replaces_fields(french):
    app, soup = french
    assert warnings_of(app) == []
    roles = [p.get_text() for p in soup.select(".bpd-role")]
    assert roles == ["Exécuteur", "Trésorière"]
    link = soup.select_one(".bpd-initiatives .sd-card-title a")
    assert link.get_text() == "Bâtir la communauté noire locale"
    assert link["href"] == "initiatives/#build-local-black-community"
    summary = soup.select_one(".bpd-summary").get_text()
    assert summary.startswith("Financer les événements locaux")


@FRENCH
def test_translated_alt_text_is_the_photo_alt_and_nothing_else(french):
    _, soup = french
    photo = soup.select_one("img.bpd-photo")
    assert photo["alt"] == "Doreen en conférence à PyCon Africa"
    assert "PyCon Africa" not in soup.select_one(".bpd-leadership").get_text()
    assert soup.select_one(".bpd-alt") is None


@FRENCH
def test_names_stay_untranslated(french):
    _, soup = french
    names = [p.get_text() for p in soup.select(".bpd-name")]
    assert names == ["Jay Miller", "Doreen Nangira"]
    assert "Jacques Meunier" not in str(soup)


@FRENCH
def test_a_leaders_country_is_named_in_the_pages_language(french):
    """From CLDR: nothing for translators (the code is not extracted, above)."""
    _, soup = french
    assert [p.get_text() for p in soup.select(".bpd-country")] == ["États-Unis", "Kenya"]


@FRENCH
def test_a_site_path_stays_in_the_pages_language(french):
    """``url: /initiatives/...`` led every translated page to the English page, and out
    of a site published under a sub-path: relative, it stays in the language and site."""
    _, soup = french
    link = soup.select_one(".bpd-leadership a.reference.internal")
    assert link["href"] == "initiatives/#build-local-black-community"
