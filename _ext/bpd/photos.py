"""The pictures of people: photos made light, initials avatars, GitHub avatars, alt text.

- **Photos.** A contributor drops a photo of any size into ``_static/leadership/``.
  Readers get a square WebP at twice the display size (sharp on dense screens, a
  few KB), written to ``_images/``; the original never reaches the published site.
  The directive records each photo it needs on the build environment (so the list
  survives incremental and parallel builds), and the files are written once per
  build, after the pages, by the main process. A file's name says how it was made,
  so a changed photo, size or quality is a new file.
- **Initials avatars**, the default whenever there is no local photo: a few hundred
  bytes of SVG inlined as a data URI, so they cost readers no request and builds
  need no network.
- **GitHub avatars**, only when the site switches them on (``bpd_github_avatars``),
  because they make every reader's browser contact a third party.
- **Alt text**, in the page's language: an entry's own ``alt`` (translated like any
  message), else "Photo of <name>" from the interface catalog.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from base64 import b64encode
from pathlib import Path
from urllib.parse import quote
from xml.sax.saxutils import escape

from docutils import nodes

# Importing WebPImagePlugin registers the WebP writer: without it, saving makes
# Pillow import every one of its format plugins first (a twentieth of a second).
from PIL import Image, ImageOps, WebPImagePlugin  # noqa: F401
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.osutil import relative_uri

from .rebuilds import PageNotes
from .translations import _

#: Until it is resolved at write time (``resolve_photo_uris``), a processed photo's URI
#: uses this scheme, which Sphinx's image collector leaves alone.
SCHEME = "bpd-photo://"
OUTPUT_DIR = "_images"
#: How a photo is made: WebP at this quality, with this effort (6: slowest, smallest).
QUALITY = 80
METHOD = 6


def photo_name(source: Path, size: int) -> str:
    """A name that changes when the photo changes, or how it is made (its size, the
    quality, the encoder), so neither a build nor a reader's cache keeps a stale one."""
    recipe = f"{size * 2}:{QUALITY}:{METHOD}:fit:exact:{Image.__version__}".encode()
    digest = hashlib.sha256(recipe + b"\0" + source.read_bytes()).hexdigest()[:10]
    return f"{source.stem}-{size * 2}-{digest}.webp"


class Photos(PageNotes):
    """Each page's photos: output name -> (source, pixels)."""

    attribute = "bpd_photos"


def register(env: BuildEnvironment, docname: str, source: Path, size: int) -> str:
    """Note that ``docname`` shows ``source`` at ``size`` pixels; return the image URI to use."""
    name = photo_name(source, size)
    photos = Photos.of(env)
    photos.setdefault(docname, {})[name] = (str(source), size * 2)
    env.note_dependency(str(source))
    return SCHEME + name


#: A processed photo's file name (see ``photo_name``).
_PHOTO_FILE = re.compile(r"-\d+-[0-9a-f]{10}\.webp$")


def readable(path: str | Path) -> bool:
    """Whether the whole image decodes: a truncated file (a broken download) has a
    header Sphinx's size check accepts, and failed only when the photo was written,
    stopping the build after its pages with a traceback that named no file."""
    try:
        with Image.open(path) as image:
            image.load()
    except (OSError, ValueError, Image.DecompressionBombError):
        return False
    return True


def write_photos(app: Sphinx) -> None:
    """Write every registered photo that is not in the output yet, and remove those
    no page shows any more (an incremental build would keep them; a clean one would not)."""
    if app.builder.format != "html":
        return
    out = Path(app.outdir, OUTPUT_DIR)
    noted = Photos.of(app.env).values()
    wanted = {name: spec for by_name in noted for name, spec in by_name.items()}
    for stale in out.glob("*.webp") if out.is_dir() else ():
        if _PHOTO_FILE.search(stale.name) and stale.name not in wanted:
            stale.unlink()
    for name, (source, pixels) in sorted(wanted.items()):
        target = out / name
        if target.exists():
            continue
        out.mkdir(parents=True, exist_ok=True)
        with Image.open(source) as image:
            square = ImageOps.fit(ImageOps.exif_transpose(image).convert("RGB"), (pixels, pixels))
            # exact and metadata-free, for reproducible bytes.
            square.save(target, "WEBP", quality=QUALITY, method=METHOD, exact=True)


def resolve_photo_uris(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Point processed photos at their file in ``_images/``, relative to the page."""
    if app.builder.format != "html":
        return
    page = app.builder.get_target_uri(docname)
    for image in doctree.findall(nodes.image):
        uri = image["uri"]
        if uri.startswith(SCHEME):
            image["uri"] = relative_uri(page, f"{OUTPUT_DIR}/{uri.removeprefix(SCHEME)}")
            image["candidates"] = {"?": image["uri"]}


def collect_pages(app: Sphinx):
    write_photos(app)
    return []


# -- initials and GitHub avatars -------------------------------------------------------


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


# -- alt text -------------------------------------------------------------------------


class PhotoAltText(SphinxPostTransform):
    """Give every photo its alt text, in the page's language.

    An entry's own ``alt`` arrives as the paragraph after the photo (see
    ``cards.alt_text``), already translated: its text moves into the image and
    the paragraph goes. A photo without one gets "Photo of <name>" from the UI
    catalog. It runs at write time, for HTML only, so the gettext builder still
    sees the paragraph and "Photo of" is never extracted into a page's catalog.
    """

    default_priority = 400
    formats = ("html",)

    def run(self, **kwargs) -> None:
        for paragraph in list(self.document.findall(nodes.paragraph)):
            if paragraph.get("bpd_alt_text"):
                photo = paragraph.previous_sibling()
                if isinstance(photo, nodes.image):
                    photo["alt"] = paragraph.astext()
                paragraph.parent.remove(paragraph)
        for image in self.document.findall(nodes.image):
            name = image.get("bpd_photo_of")
            if name and not image.get("alt"):
                image["alt"] = _("Photo of %(name)s") % {"name": name}


def setup_photos(app: Sphinx) -> None:
    # Off by default: GitHub avatars make readers' browsers contact github.com.
    app.add_config_value("bpd_github_avatars", False, "env", types=(bool,))
    app.add_config_value("bpd_avatar_size", 96, "env", types=(int,))
    app.add_env_collector(Photos)
    app.connect("doctree-resolved", resolve_photo_uris)
    app.connect("html-collect-pages", collect_pages)
    app.add_post_transform(PhotoAltText)
