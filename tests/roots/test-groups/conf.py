import sys
from pathlib import Path

# The extension under test is the site's own, in the repository's _ext/.
sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "_ext"))

extensions = ["myst_parser", "bpd"]
exclude_patterns = ["_build"]
locale_dirs = ["locales/"]
gettext_compact = False
