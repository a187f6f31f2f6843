"""Every page and every language, on a phone and a desktop: images load, have their
dimensions and load lazily below the fold; nothing is wider than the page's column
unless it scrolls on its own; nothing fails, nothing logs an error, nothing is
fetched from another host; the switcher leads to the same page."""

from __future__ import annotations

import itertools

import content
import pytest
from browsing import LANGUAGES, PAGES, VIEWPORTS, each_once, ids, rotated
from bs4 import BeautifulSoup
from helpers import ROOT

pytestmark = pytest.mark.browser

IMAGES = """() => [...document.images].map(img => {
  const box = img.getBoundingClientRect();
  return {
    src: (img.currentSrc || img.src).slice(0, 80),
    alt: img.getAttribute("alt"),
    width: img.getAttribute("width"),
    height: img.getAttribute("height"),
    loading: img.getAttribute("loading"),
    top: box.top + scrollY,
    complete: img.complete,
    naturalWidth: img.naturalWidth,
  };
})"""

#: What in the article reaches past the right edge of the screen without a box of its own
#: that scrolls sideways: a reader would have to drag the whole page (furo's content
#: scrolls), and would not know there is more.
TOO_WIDE = """() => {
  const article = document.querySelector("article");
  if (!article) return ["no <article>: where is the page's text?"];
  const edge = document.documentElement.clientWidth + 1;
  const scrolls = element => {
    for (let box = element.parentElement; box && box !== article; box = box.parentElement) {
      if (["auto", "scroll"].includes(getComputedStyle(box).overflowX)) return true;
    }
    return false;
  };
  const past = element => element.getBoundingClientRect().right > edge;
  if (past(article)) return ["article"];
  return [...article.querySelectorAll("*")]
    .filter(element => past(element) && !past(element.parentElement) && !scrolls(element))
    .map(element => `${element.tagName.toLowerCase()}.${element.className}`.slice(0, 80));
}"""

SCROLL_TO_BOTTOM = """async () => {
  for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight / 2) {
    scrollTo(0, y);
    await new Promise(resolve => requestAnimationFrame(resolve));
  }
  scrollTo(0, document.documentElement.scrollHeight);
}"""


#: Every page on both viewports, and every language on both (``browsing.rotated``):
#: what an image does depends on the page and the screen; the language moves the fold.
IMAGE_RUNS = rotated(PAGES, list(VIEWPORTS), LANGUAGES, by_row=False)


@pytest.mark.parametrize(("page", "viewport", "languages"), IMAGE_RUNS, ids=ids(IMAGE_RUNS))
def test_images_and_requests(tabs, page, viewport, languages):
    for lang in languages:
        images_load_as_they_should(tabs(viewport), lang.prefix + page)


def images_load_as_they_should(tab, path: str) -> None:
    opened = tab.open(path)
    too_wide = opened.evaluate(TOO_WIDE)
    assert not too_wide, f"/{path}: past the screen's edge, in no box that scrolls: {too_wide}"
    fold = opened.evaluate("innerHeight")
    for image in opened.evaluate(IMAGES):
        assert image["alt"] is not None, f"no alt attribute: {image}"
        assert image["width"] and image["width"].isdigit(), f"no width: {image}"
        assert image["height"] and image["height"].isdigit(), f"no height: {image}"
        if image["top"] >= fold:
            assert image["loading"] == "lazy", f"below the fold, not lazy: {image}"
    opened.evaluate(SCROLL_TO_BOTTOM)
    opened.wait_for_function("[...document.images].every(img => img.complete)")
    broken = [image for image in opened.evaluate(IMAGES) if image["naturalWidth"] == 0]
    assert not broken, f"images that did not load: {broken}"
    tab.assert_clean()


def _next(lang):
    return LANGUAGES[(LANGUAGES.index(lang) + 1) % len(LANGUAGES)]


#: Every page, and every language, once (where every link of the switcher leads, on
#: every page in every language, is tested without a browser: test_multilingual.py).
SWITCH_RUNS = each_once(PAGES, LANGUAGES)


@pytest.mark.parametrize(("page", "lang"), SWITCH_RUNS, ids=ids(SWITCH_RUNS))
def test_switcher_leads_to_the_same_page(tabs, base_url, page, lang):
    tab = tabs("phone")
    opened = tab.open(lang.prefix + page)
    # Every link (read in one call: a round trip per attribute cost half the test).
    links = opened.eval_on_selector_all(
        ".bpd-languages li a", "links => links.map(a => [a.getAttribute('hreflang'), a.href])"
    )
    assert [hreflang for hreflang, _url in links] == [other.tag for other in LANGUAGES]
    # Every link: the same page in that language, which exists.
    for (_hreflang, url), other in zip(links, LANGUAGES, strict=True):
        assert url == base_url + other.prefix + page, (other.tag, url)
        response = opened.request.get(url)
        assert response.status == 200, (url, response.status)
        assert f'lang="{other.tag}"' in response.text()[:200], url
    # And following one, with a tap, really gets there: to the same section, where the
    # reader was (its anchor is the same in every language).
    section = opened.evaluate("document.querySelector('article section[id] section[id]')?.id")
    place = f"#{section}" if section else ""
    opened.evaluate("place => history.replaceState(null, '', place || location.href)", place)
    target = _next(lang)
    opened.locator(".bpd-languages summary").tap()
    with opened.expect_navigation():
        opened.locator(f'.bpd-languages a[hreflang="{target.tag}"]').tap()
    assert opened.url == base_url + target.prefix + page + place
    assert opened.evaluate("id => !id || !!document.getElementById(id)", section), section
    assert opened.evaluate("document.documentElement.lang") == target.tag
    tab.assert_clean()


@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda lang: lang.code)
def test_search_from_the_search_page_on_a_phone(tabs, lang):
    """On a phone furo's search field is in the closed menu: the page has its own."""
    tab = tabs("phone")
    page = tab.open(lang.prefix + "search/")
    field = page.locator("#furo-main-content input[name=q]")
    assert field.is_visible()
    field.fill("Python")
    with page.expect_navigation():
        field.press("Enter")
    page.wait_for_selector("#search-results li a", timeout=10_000)
    assert page.locator("#search-results li a").count() >= 3
    assert page.locator("#furo-main-content input[name=q]").input_value() == "Python"
    tab.assert_clean()


@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda lang: lang.code)
def test_a_missing_page_speaks_the_language_of_its_path(tabs, base_url, lang):
    """Static hosts serve the root 404.html for every missing path: it shows the
    message in the language the path names (/sw/...), and only that one."""
    tab = tabs("phone")
    missing = f"{lang.prefix}no/such/page/"
    response = tab.page.goto(base_url + missing)
    assert response.status == 404
    shown = tab.page.locator(".bpd-not-found:visible")
    assert shown.count() == 1 and shown.get_attribute("lang") == lang.tag
    own = BeautifulSoup(tab.page.request.get(base_url + lang.prefix + "404/").text(), "html.parser")
    heading = shown.locator("h1").inner_text().strip().rstrip("#").strip()
    assert own.select_one("#furo-main-content h1").get_text().strip().rstrip("#").strip() == heading
    # Its links within the page stay on it (the skip link, "back to top", a heading's
    # link): the page's <base> took them to the English /404/.
    astray = tab.page.evaluate(
        "[...document.links].filter(a => a.href.includes('#') && a.pathname !== location.pathname)"
        ".map(a => a.href)"
    )
    assert not astray, astray
    tab.page.keyboard.press("Tab")  # the skip link, the page's first stop
    tab.page.keyboard.press("Enter")
    assert tab.page.url == base_url + missing + "#furo-main-content"
    # Its links lead into that language.
    home = shown.locator("a.reference").first
    with tab.page.expect_navigation():
        home.click()
    assert tab.page.url.startswith(base_url + lang.prefix)
    assert tab.page.evaluate("document.documentElement.lang") == lang.tag
    tab.problems[:] = [p for p in tab.problems if missing not in p]  # the page's own 404
    tab.assert_clean()


def test_a_missing_page_without_javascript_gives_every_language(browser, base_url):
    context = browser.new_context(java_script_enabled=False, **VIEWPORTS["phone"])
    try:
        page = context.new_page()
        page.goto(base_url + "sw/no/such/page/")
        shown = page.locator(".bpd-not-found:visible")
        assert [shown.nth(i).get_attribute("lang") for i in range(shown.count())] == [
            lang.tag for lang in LANGUAGES
        ]
    finally:
        context.close()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_switcher_works_without_javascript(browser, base_url, viewport):
    context = browser.new_context(java_script_enabled=False, **VIEWPORTS[viewport])
    try:
        page = context.new_page()
        page.goto(base_url + "initiatives/")
        page.locator(".bpd-languages summary").click()
        with page.expect_navigation():
            page.locator('.bpd-languages a[hreflang="sw"]').click()
        assert page.url == base_url + "sw/initiatives/"
        assert page.evaluate("document.documentElement.lang") == "sw"
    finally:
        context.close()


@pytest.mark.parametrize("lang", [LANGUAGES[0], LANGUAGES[-1]], ids=lambda lang: lang.code)
def test_the_language_menu_stays_on_screen_with_text_twice_as_large(tabs, lang):
    """A reader's text at 200% (WCAG 1.4.4) on a small phone: the switcher's button and
    its open menu stay whole on screen. The menu, as wide as its text and set at the
    button's right edge, and the button, pushed out by its row, began past the left
    edge, where no one could scroll to them."""
    tab = tabs("phone")
    page = tab.open(lang.prefix + "about/")
    page.set_viewport_size({"width": 320, "height": 640})
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    try:
        page.locator(".bpd-languages summary").click()
        edges = page.evaluate(
            """[...document.querySelectorAll('.bpd-languages summary, .bpd-languages li a')]
               .map(e => [e.textContent.trim(), e.getBoundingClientRect().left,
                          e.getBoundingClientRect().right])"""
        )
        assert len(edges) == 1 + len(LANGUAGES), edges
        off = [edge for edge in edges if edge[1] < 0 or edge[2] > 320]
        assert not off, off
    finally:  # the tab is shared: leave it as made
        page.evaluate("document.documentElement.style.fontSize = ''")
        page.set_viewport_size(VIEWPORTS["phone"]["viewport"])
    tab.assert_clean()


def test_a_printed_page_is_its_text_without_its_controls(tabs):
    """On paper, the skip link and the language switcher are no use: furo printed the
    first, translated, at the foot of page one, and the switcher atop every page."""
    tab = tabs("desktop")
    page = tab.open(LANGUAGES[-1].prefix + "about/")
    page.emulate_media(media="print")
    try:
        shown = page.evaluate(
            """sel => [...document.querySelectorAll(sel)].map(e => e.checkVisibility())""",
            ".skip-to-content, .bpd-languages, #furo-main-content h1",
        )
        assert shown == [False, False, True], shown
    finally:  # the tab is shared: leave it as made
        page.emulate_media(media="screen")
    tab.assert_clean()


def test_less_motion_when_the_reader_asks_for_it(tabs):
    """prefers-reduced-motion: no smooth scroll (furo's), no transition or animation."""
    tab = tabs("phone")
    page = tab.open(LANGUAGES[-1].prefix + "events/")
    page.emulate_media(reduced_motion="reduce")
    try:
        assert page.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == "auto"
        moving = page.evaluate(
            """[...document.querySelectorAll('*')]
               .flatMap(e => [null, '::before', '::after'].map(pseudo => [e, pseudo]))
               .filter(([e, pseudo]) => {
                 const style = getComputedStyle(e, pseudo);
                 const lasts = (v) => v.split(',').some(d => parseFloat(d) >= 0.001);
                 return lasts(style.transitionDuration) || lasts(style.animationDuration);
               })
               .map(([e, pseudo]) => `${e.tagName}.${e.getAttribute('class')}${pseudo || ''}`)"""
        )
        assert not moving, moving
    finally:
        page.emulate_media(reduced_motion="no-preference")
    tab.assert_clean()


def test_missing_page_is_the_404_page(tabs, base_url):
    """A static host answers any missing URL with the root 404.html: it must work there."""
    tab = tabs("phone")
    for missing in ("no-such-page/", "pt-br/no/such/page/"):
        tab.problems.clear()  # what earlier tests in this shared tab left
        response = tab.page.goto(base_url + missing)
        assert response.status == 404
        assert tab.page.locator("#furo-main-content h1:visible").count() == 1
        stylesheets = tab.page.evaluate("[...document.styleSheets].length")
        assert stylesheets >= 3, "the 404 page lost its styles"
        # The only failure allowed is the page's own 404.
        problems = [p for p in tab.problems if base_url + missing not in p]
        assert not problems and not tab.offsite, problems + tab.offsite
        tab.problems.clear()


def test_other_hosts_are_unreachable_and_reported(tabs):
    """The guard the other tests rely on: a request to another host fails and is recorded."""
    tab = tabs("desktop")
    page = tab.open("about/")
    for url in ("https://example.com/avatar.png", "http://example.net/x.js"):
        outcome = page.evaluate("url => fetch(url).then(() => 'reached', () => 'failed')", url)
        assert outcome == "failed", url
    assert tab.offsite == ["https://example.com/avatar.png", "http://example.net/x.js"]
    tab.offsite.clear()
    # The page logged the failed fetches; that is this test's doing.
    tab.problems.clear()


CARD_BOXES = """() => [...document.querySelectorAll('.bpd-grid')].map(grid => ({
  heading: grid.closest('section').querySelector('h2').getBoundingClientRect().bottom,
  cards: [...grid.querySelectorAll('.sd-card')].map(card => {
    const box = card.getBoundingClientRect();
    return {left: box.left, top: box.top, bottom: box.bottom};
  }),
}))"""


#: The page of the first leadership grid, and how many cards its grids show: every
#: entry, except in a grid of names alone (a council: a list of names, no cards).
GRID_PAGE = content.grids(ROOT, "leadership-grid")[0][0]
CARDS = sum(
    len(entries)
    for directive in ("leadership-grid", "initiative-grid", "event-grid")
    for page, entries in content.grids(ROOT, directive)
    if page == GRID_PAGE and not all(set(entry) == {"name"} for entry in entries)
)


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_grid_cards_never_touch_each_other_or_their_heading(tabs, viewport):
    opened = tabs(viewport).open(GRID_PAGE)
    grids = opened.evaluate(CARD_BOXES)
    # Every card of the page is measured.
    assert CARDS and sum(len(grid["cards"]) for grid in grids) == CARDS, grids
    for grid in grids:
        cards = grid["cards"]
        assert cards and all(card["top"] >= grid["heading"] for card in cards), grid
        # Cards stacked in one column (a phone) are a gutter apart.
        for upper, lower in itertools.pairwise(cards):
            if lower["left"] == upper["left"] and lower["top"] > upper["top"]:
                assert lower["top"] - upper["bottom"] >= 8, (upper, lower)


@pytest.mark.parametrize("lang", [LANGUAGES[0], LANGUAGES[-1]], ids=lambda lang: lang.code)
def test_a_search_result_highlights_the_words_on_its_page(tabs, lang):
    """The search scripts load on a content page only after a search: then they do
    highlight the words searched for (and a page reached otherwise loads none)."""
    tab = tabs("desktop")
    page = tab.open(lang.prefix + "about/")
    assert page.evaluate("typeof SphinxHighlight") == "undefined"
    page = tab.open(lang.prefix + "search/?q=Python")
    page.wait_for_selector("#search-results li a", timeout=10_000)
    with page.expect_navigation():
        page.locator("#search-results li a").first.click()
    found = page.wait_for_selector("#furo-main-content span.highlighted", timeout=10_000)
    assert found.inner_text().lower() == "python"
    tab.assert_clean()
