"""The translators' workflow: ``python -m tools.translations <command>`` (``nox -s
translations -- <command>``), the commands ``__main__`` lists.

Shaped like sphinx-intl (its ``commands``, ``basic`` and ``catalog`` modules): the
command line apart from the workflow, and both apart from the files.

=============  ==================================================================
module         what it does
=============  ==================================================================
``__main__``   the command line: arguments, which command runs
``update``     ``update`` and ``add``: extract the English, merge it into every
               catalog, carry translations that moved, suggest what matches
``report``     ``stats`` and ``todo``: what is translated, what is left
``check``      ``check``: the build's own checks and GNU ``msgfmt --check``, then
               the translation teams' (``lint``, ``spelling``, ``glossary``)
``lint``       sphinx-lint on the catalogs
``spelling``   hunspell, with each language's word list
``glossary``   names never translated, each language's chosen words
``form``       the one form of a ``.po``/``.pot`` file: reading, writing, ``format``
=============  ==================================================================

What a catalog holds, how much of it is translated and what the build refuses are
the extension's (``bpd.translations``: ``catalogs``, ``counts``, ``markup``): the
build and these commands read catalogs the same way.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from tools import BUILD, ROOT

LOCALES = ROOT / "locales"
#: Where Sphinx's gettext builder writes its raw templates, before they are put in form.
POT_DIR = BUILD / "gettext"
#: The English of every page and of the interface, as translation platforms read it.
TEMPLATES = LOCALES / "templates"
REGISTRY = LOCALES / "languages.toml"
#: The interface catalog: templates, the HTML writer, the search page, the extension.
INTERFACE = "sphinx"


def shown(path: Path) -> str:
    """``path`` as a translator finds it: from the project root (a link's own path,
    never where it leads)."""
    with contextlib.suppress(ValueError):
        return Path(os.path.abspath(path)).relative_to(ROOT).as_posix()
    return str(path)
