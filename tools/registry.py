"""The site's languages, as ``locales/languages.toml`` lists them (shared with the extension)."""

from __future__ import annotations

from pathlib import Path

from bpd.languages import Language, read_registry
from bpd.languages import url_prefix as _url_prefix

ROOT = Path(__file__).resolve().parent.parent

__all__ = ["Language", "languages", "source_language", "url_prefix"]


def languages() -> list[str]:
    return read_registry(ROOT)


def source_language() -> str:
    return languages()[0]


def url_prefix(language: str) -> str:
    return _url_prefix(language, source_language())
