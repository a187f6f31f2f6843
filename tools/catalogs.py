"""Compiled artefacts of the translation catalogs that Sphinx does not make itself.

Sphinx compiles ``.po`` to ``.mo`` on its own. The search page's JavaScript
reads its strings from ``<lang>/LC_MESSAGES/sphinx.js``, which Sphinx only
ships for the languages it translates itself; we write it from the project's
UI catalog, for the messages whose source is a JavaScript file.
"""

from __future__ import annotations

import json
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "locales"


def ui_catalog_path(language: str) -> Path:
    return LOCALES / language / "LC_MESSAGES" / "sphinx.po"


def write_js_catalogs(languages: list[str]) -> None:
    for language in languages:
        po_path = ui_catalog_path(language)
        if po_path.is_file():
            write_js_catalog(po_path, po_path.with_suffix(".js"))


def _forms(string) -> tuple:
    return tuple(string) if isinstance(string, (list, tuple)) else (string,)


def write_js_catalog(po_path: Path, js_path: Path) -> None:
    """Write Sphinx's ``Documentation.addTranslations`` file, as Sphinx's own tooling does."""
    with po_path.open("rb") as file:
        catalog = read_po(file)
    messages = {}
    for message in catalog:
        from_js = any(location.endswith(".js") for location, _line in message.locations)
        if not message.id or message.fuzzy or not from_js or not all(_forms(message.string)):
            continue
        if isinstance(message.id, (list, tuple)):  # plural: Sphinx keys it by the singular
            messages[message.id[0]] = list(message.string)
        else:
            messages[message.id] = message.string
    payload = json.dumps(
        {"messages": messages, "plural_expr": catalog.plural_expr, "locale": str(catalog.locale)},
        sort_keys=True,
        ensure_ascii=False,
    )
    text = f"Documentation.addTranslations({payload});\n"
    if not js_path.is_file() or js_path.read_text(encoding="utf-8") != text:
        js_path.write_text(text, encoding="utf-8")
