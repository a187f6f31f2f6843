"""Leadership photos, made light: resized at build time and written as WebP.

A contributor drops a photo of any size into ``_static/leadership/``. Readers
get a square WebP at twice the display size (sharp on dense screens, a few KB),
written to ``_images/``; the original never reaches the published site.

The directive records each photo it needs on the build environment (so the
list survives incremental and parallel builds), and the files are written
once per build, after the pages, by the main process.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from docutils import nodes

# Importing WebPImagePlugin registers the WebP writer: without it, saving makes
# Pillow import every one of its format plugins first (a twentieth of a second).
from PIL import Image, ImageOps, WebPImagePlugin  # noqa: F401
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.osutil import relative_uri

#: Until the post-transform gives it its final relative URL, a processed photo's
#: URI uses this scheme, which Sphinx's image collector leaves alone.
SCHEME = "bpd-photo://"
OUTPUT_DIR = "_images"
QUALITY = 80


def photo_name(source: Path, size: int) -> str:
    """A name that changes when the photo or the size does, so caches never serve a stale one."""
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:10]
    return f"{source.stem}-{size * 2}-{digest}.webp"


def register(env: BuildEnvironment, docname: str, source: Path, size: int) -> str:
    """Note that ``docname`` shows ``source`` at ``size`` pixels; return the image URI to use."""
    name = photo_name(source, size)
    photos = _photos(env)
    photos.setdefault(docname, {})[name] = (str(source), size * 2)
    env.note_dependency(str(source))
    return SCHEME + name


def write_photos(app: Sphinx) -> None:
    """Write every registered photo that is not in the output yet."""
    if app.builder.format != "html":
        return
    out = Path(app.outdir, OUTPUT_DIR)
    wanted = {name: spec for by_name in _photos(app.env).values() for name, spec in by_name.items()}
    for name, (source, pixels) in sorted(wanted.items()):
        target = out / name
        if target.exists():
            continue
        out.mkdir(parents=True, exist_ok=True)
        with Image.open(source) as image:
            square = ImageOps.fit(ImageOps.exif_transpose(image).convert("RGB"), (pixels, pixels))
            # method=6: slowest, smallest; exact and metadata-free for reproducible bytes.
            square.save(target, "WEBP", quality=QUALITY, method=6, exact=True)


class ResolvePhotoURIs(SphinxPostTransform):
    """Point processed photos at their file in ``_images/``, relative to the page."""

    default_priority = 5
    formats = ("html",)

    def run(self, **kwargs) -> None:
        page = self.env._app.builder.get_target_uri(self.env.docname)
        for image in self.document.findall(nodes.image):
            uri = image["uri"]
            if uri.startswith(SCHEME):
                image["uri"] = relative_uri(page, f"{OUTPUT_DIR}/{uri.removeprefix(SCHEME)}")
                image["candidates"] = {"?": image["uri"]}


def _photos(env: BuildEnvironment) -> dict[str, dict[str, tuple[str, int]]]:
    if not hasattr(env, "bpd_photos"):
        env.bpd_photos = {}
    return env.bpd_photos


def purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _photos(env).pop(docname, None)


def merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    for docname in docnames:
        if docname in _photos(other):
            _photos(env)[docname] = _photos(other)[docname]


def collect_pages(app: Sphinx):
    write_photos(app)
    return []


def setup(app: Sphinx) -> None:
    app.add_post_transform(ResolvePhotoURIs)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    app.connect("html-collect-pages", collect_pages)
