"""The scripts behind the nox sessions, and what the tests and measurements share.

``ROOT`` is the project (the Sphinx source directory), ``BUILD`` its default build
directory, ``output_dir`` where a language is built in it (``tools/site.py`` builds
there, ``tools/publish.py`` publishes from there). The site's Sphinx extension
(``_ext/bpd``) is put on the import path here, so the tools read languages and
catalogs exactly as the build does.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "_build"

_EXT = str(ROOT / "_ext")
if _EXT not in sys.path:
    sys.path.insert(0, _EXT)


def output_dir(language: str, build_dir: Path = BUILD) -> Path:
    """Where Sphinx writes one language."""
    return build_dir / "html" / language
