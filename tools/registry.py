"""The site's languages, as ``locales/languages.toml`` lists them (shared with the extension)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "_ext"))

from bpd.languages import Language, read_registry  # noqa: E402
from bpd.languages import url_prefix as _url_prefix  # noqa: E402

__all__ = ["Language", "languages", "source_language", "url_prefix"]


def languages() -> list[str]:
    return read_registry(ROOT)


def source_language() -> str:
    return languages()[0]


def url_prefix(language: str) -> str:
    return _url_prefix(language, source_language())
