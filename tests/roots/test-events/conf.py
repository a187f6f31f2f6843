import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "_ext"))

project = "Black Python Devs"
extensions = ["myst_parser", "bpd"]
exclude_patterns = ["_build"]
locale_dirs = ["locales/"]
gettext_compact = False
bpd_base_url = "https://example.org/site/"
