"""Files the site reads are the project's own, and text: one that resolves outside the
project is refused unread; a page that is not UTF-8 is named at its line.

A pull request may add a symbolic link where a data file or a catalog belongs
(``locales/sw/LC_MESSAGES/index.po -> /proc/self/environ``). Whatever reads such a
file would print its first lines in a warning, in a public CI log. Grid data files,
catalogs and ``locales/languages.toml`` are therefore resolved first, and a path
that leads out of the project is refused, naming only the path as it was written.

A page saved in another encoding (a byte of Latin-1 in ``about/index.md``) stopped
every language's build with Sphinx's "Encoding error!" and a traceback, and no page
was written. Such a page is now named at the line of its first bad byte, read with
that byte shown as U+FFFD, and the other pages build (the warning fails ``-W``).

A page's text is read in composed form (Unicode NFC), as catalogs and grid data are:
a word some editors and keyboards write decomposed (a letter, then its tone marks,
as in Yoruba) is published as readers type it, so search finds it.
"""

from __future__ import annotations

import codecs
import os
import unicodedata
from pathlib import Path

#: What a refusal says after the path (never anything of the file it leads to).
LEADS_OUT = "a link to a file outside the project, not read"


def leads_out(path: Path, project: Path | None = None) -> bool:
    """Whether ``path`` resolves outside ``project``.

    Without ``project``: the folder that holds ``locales/`` when the path is inside
    one (a catalog, the language registry), else the path's own folder.
    """
    absolute = Path(os.path.abspath(path))  # absolute, links not followed
    if project is None:
        project = next(
            (folder.parent for folder in absolute.parents if folder.name == "locales"),
            absolute.parent,
        )
    return not absolute.resolve().is_relative_to(Path(project).resolve())


class NotUTF8(ValueError):
    """Bytes that are not UTF-8, at the line of the first bad one (1-based)."""

    def __init__(self, data: bytes, error: UnicodeDecodeError) -> None:
        self.line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start : error.start + 1].hex()
        super().__init__(f"not valid UTF-8 (byte 0x{byte}): save it as UTF-8")


def utf8_text(data: bytes) -> str:
    """``data`` as text; raises NotUTF8 (its line and one sentence) where it is not UTF-8.
    What every file the site reads (pages, data files, catalogs, the registry) says."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise NotUTF8(data, error) from None


#: The source encoding pages are read with: UTF-8 (with or without a byte order mark,
#: as Sphinx's default ``utf-8-sig``), a byte that is not UTF-8 read as U+FFFD. Sphinx
#: reads a page with ``read_text(encoding=...)`` and no way to say ``errors=``.
LENIENT_UTF8 = "bpd_utf_8_sig"


_REGISTERED: list = []


class _LenientDecoder(codecs.getincrementaldecoder("utf-8-sig")):
    def __init__(self, errors: str = "strict") -> None:
        super().__init__("replace")


def _find_lenient_codec(name: str) -> codecs.CodecInfo | None:
    if name != LENIENT_UTF8:
        return None
    utf8 = codecs.lookup("utf-8-sig")
    return codecs.CodecInfo(
        utf8.encode,
        lambda data, errors="strict": utf8.decode(data, "replace"),
        name=LENIENT_UTF8,
        incrementalencoder=utf8.incrementalencoder,
        incrementaldecoder=_LenientDecoder,
    )


def warn_undecodable_pages(app, env, docnames: list[str]) -> None:
    """``env-before-read-docs``: name each page to read that is not UTF-8, at its line."""
    from sphinx.util import logging

    logger = logging.getLogger(__name__)
    for docname in docnames:
        path = Path(env.doc2path(docname))
        try:
            utf8_text(path.read_bytes())
        except NotUTF8 as error:
            logger.warning(
                f"{error} (the page is built with that byte shown as \ufffd)",
                location=f"{path}:{error.line}",
                type="bpd",
                subtype="source",
            )
    if env.settings.get("input_encoding", "").lower().replace("-", "_") in ("utf_8_sig", "utf_8"):
        env.settings["input_encoding"] = LENIENT_UTF8


def compose_page_text(app, docname: str, source: list[str]) -> None:
    """``source-read``: the page's text in composed form (NFC)."""
    source[0] = unicodedata.normalize("NFC", source[0])


def setup_project_files(app) -> None:
    if _find_lenient_codec not in _REGISTERED:  # once a process, however many builds
        codecs.register(_find_lenient_codec)
        _REGISTERED.append(_find_lenient_codec)
    app.connect("env-before-read-docs", warn_undecodable_pages)
    app.connect("source-read", compose_page_text)
