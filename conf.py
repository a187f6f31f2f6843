"""Sphinx configuration of the Black Python Devs site: one file for every language.

The repository root is the source directory, so everything that is not site
content is excluded below. The language comes from the command line
(``-D language=pt_BR``); the nox ``build`` session runs one build per language.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

from bpd.languages.links import base_url, repository_url
from bpd.languages.registry import read_registry

project = "Black Python Devs"
author = "Black Python Devs"
copyright = "2023-2026, Black Python Devs"

extensions = [
    "myst_parser",
    "sphinx_design",
    "bpd",
]

# -- Sources ------------------------------------------------------------------
root_doc = "index"
source_suffix = {".md": "markdown"}
exclude_patterns = [
    "_build",
    ".*",
    "**/.*",
    "venv",
    "node_modules",
    "tests",
    "tools",
    "_ext",
    "locales",
    "README.md",
    "CONTRIBUTING.md",
    "TRANSLATING.md",
    "BENCHMARKS.md",
    "GRIDS.md",
    "LICENSE*",
    "**/__pycache__",
    # Sphinx also applies exclude_patterns to html_static_path, relative to
    # _static/: this keeps the original leadership photos out of the site (the
    # extension publishes resized WebP copies in _images/ instead).
    "leadership/**",
]
templates_path = ["_templates"]
myst_enable_extensions = ["colon_fence", "attrs_inline"]
# Explicit (label)= targets are the stable anchors; headings need no generated slugs.
myst_heading_anchors = 0

# -- Languages ----------------------------------------------------------------
# The source language: the first of locales/languages.toml (-D language=sw builds another;
# tools/site.py gives every language's build the whole registry as bpd_site).
language = read_registry(Path(__file__).parent)[0]
locale_dirs = ["locales/"]
gettext_compact = False
gettext_uuid = False
gettext_location = True

# -- HTML ---------------------------------------------------------------------
html_theme = "furo"
html_title = "Black Python Devs"
html_static_path = ["_static"]
html_css_files = ["css/bpd.css"]
html_logo = "_static/logo.svg"
html_favicon = "_static/favicon.svg"
html_permalinks_icon = "#"
html_copy_source = False
html_show_sourcelink = False
html_show_sphinx = False
html_scaled_image_link = False
html_use_index = False
html_domain_indices = False
html_last_updated_fmt = None
html_theme_options = {
    # furo's secondary and muted text (navigation, table of contents, footer) made
    # darker in light mode and lighter in dark mode, to WCAG's enhanced (AAA)
    # contrast of 7:1 on every background they sit on.
    "light_css_variables": {
        "color-brand-primary": "#1d5c3a",
        "color-brand-content": "#1d5c3a",
        "color-foreground-secondary": "#4d4f55",
        "color-foreground-muted": "#4b4e54",
    },
    "dark_css_variables": {
        "color-brand-primary": "#7fd8a4",
        "color-brand-content": "#7fd8a4",
        "color-foreground-secondary": "#b0b3b8",
        "color-foreground-muted": "#aeb2b7",
    },
    "sidebar_hide_name": False,
    "navigation_with_keys": False,
    "top_of_page_buttons": [],
}

# The community's channels, shown in the footer of every page.
html_context = {
    "bpd_social_links": [
        ("Discord", "https://discord.gg/XUc3tFqCT3"),
        ("GitHub", "https://github.com/BlackPythonDevs"),
        ("LinkedIn", "https://www.linkedin.com/groups/14336241/"),
        ("Mastodon", "https://mastodon.social/@blackpythondevs"),
        ("YouTube", "https://www.youtube.com/@BlackPythonDevs"),
        ("X", "https://x.com/blackpythondevs"),
    ],
}

# -- The site's extension -----------------------------------------------------
bpd_github_avatars = False
bpd_avatar_size = 96

# -- Languages and publishing (see locales/languages.toml) ----------------------
# The published address; canonical links, hreflang and the sitemap are built on it:
# BPD_BASE_URL, else the custom domain of a CNAME file (GitHub Pages' own), else the
# community's (bpd.languages.links.DEFAULT_BASE_URL).
bpd_base_url = base_url(project=Path(__file__).parent)
# The repository the incomplete-translation notice sends translators to:
# BPD_REPOSITORY_URL, else the one being built in GitHub Actions (a fork links to
# itself), else the community's; an absolute https address. HEAD is the repository's
# default branch, whatever its name.
bpd_translation_guide_url = f"{repository_url()}/blob/HEAD/TRANSLATING.md"
