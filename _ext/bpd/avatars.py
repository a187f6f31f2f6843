"""Pictures for people: initials avatars drawn as SVG, and GitHub-hosted avatar URLs.

The initials avatar is the default whenever there is no local photo: it is a
few hundred bytes inlined as a data URI, so it costs readers no request and
builds need no network. GitHub avatars are used only when the site switches
them on (``bpd_github_avatars``), because they make every reader's browser
contact a third party.
"""

from __future__ import annotations

import hashlib
import unicodedata
from base64 import b64encode
from urllib.parse import quote
from xml.sax.saxutils import escape

#: Background colours for initials avatars. Each keeps white text above the
#: WCAG AA contrast ratio for large text (and in fact above 4.5:1).
PALETTE = ("#1f5f8b", "#7a3e9d", "#2e6b30", "#9c3d1c", "#5b4a14", "#8a2846", "#1b5e5a", "#3d4f91")


def initials(name: str) -> str:
    """Up to two initials: the first letters of the first and last words of a name."""
    words = [word for word in name.split() if any(char.isalnum() for char in word)]
    if not words:
        return "?"
    letters = [_first_letter(words[0])]
    if len(words) > 1:
        letters.append(_first_letter(words[-1]))
    return "".join(letters).upper()


def _first_letter(word: str) -> str:
    # Keep a letter with its combining marks so "Émile" gives "É", not "E" plus a stray accent.
    for index, char in enumerate(word):
        if char.isalnum():
            end = index + 1
            while end < len(word) and unicodedata.combining(word[end]):
                end += 1
            return unicodedata.normalize("NFC", word[index:end])
    return word[0]


def colour_for(name: str) -> str:
    """A stable colour per name, so a person keeps their colour across builds and languages."""
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    return PALETTE[digest[0] % len(PALETTE)]


def initials_svg(name: str, size: int) -> str:
    """The SVG document of an initials avatar for ``name``."""
    text = escape(initials(name))
    half = size / 2
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
        f'viewBox="0 0 {size} {size}">'
        f'<rect width="{size}" height="{size}" rx="{half:g}" fill="{colour_for(name)}"/>'
        f'<text x="50%" y="50%" dy=".35em" text-anchor="middle" fill="#fff" '
        f'font-family="system-ui,sans-serif" font-size="{size * 0.4:g}" font-weight="600">'
        f"{text}</text></svg>"
    )


def initials_data_uri(name: str, size: int) -> str:
    """The initials avatar as a ``data:`` URI, ready for an image node."""
    svg = initials_svg(name, size).encode("utf-8")
    return "data:image/svg+xml;base64," + b64encode(svg).decode("ascii")


def github_avatar_url(handle: str, size: int) -> str:
    """GitHub's avatar for ``handle`` at twice the display size (sharp on dense screens)."""
    return f"https://github.com/{quote(handle)}.png?size={size * 2}"
