"""Scripts behind the nox sessions: building the site, translations, checks.

They share code with the site's Sphinx extension (``_ext/bpd``), which is put
on the import path here.
"""

import sys
from pathlib import Path

_EXT = str(Path(__file__).resolve().parent.parent / "_ext")
if _EXT not in sys.path:
    sys.path.insert(0, _EXT)
