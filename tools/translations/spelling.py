"""Spelling: every translation through hunspell, as python-docs-fr's pospell does it.

Each translated (not fuzzy) message has its markup taken out (code, link targets,
placeholders, roles: what is not prose) and goes to ``hunspell`` with the
language's dictionary, from Debian (``apt-get install hunspell hunspell-pt-br
hunspell-es hunspell-fr hunspell-sw``). Words it does not know are reported at the
message's ``file.po:line``. Names and terms that are right but not in the dictionary
go in the language's word list, ``locales/<lang>/wordlist.txt`` (one a line); the
glossary's names that are never translated are always accepted.

A language without a dictionary (Debian has none for Hausa) is not spell-checked,
and ``check`` says so; in CI, a dictionary that Debian has and that is missing is an
error (CI installs them).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path

from bpd.project_files import LEADS_OUT, leads_out
from bpd.translations.catalogs import Catalogs, language_of
from bpd.translations.pofile import PoFile
from tools.translations.glossary import read_glossary

#: Debian's package of each language's dictionary (a language not here has none).
DEBIAN_DICTIONARIES = {
    "pt_BR": "hunspell-pt-br",
    "es": "hunspell-es",
    "fr": "hunspell-fr",
    "sw": "hunspell-sw",
}
#: Where hunspell finds dictionaries (its own search path, and DICPATH's).
DICTIONARY_DIRS = [
    *os.environ.get("DICPATH", "").split(os.pathsep),
    "/usr/share/hunspell",
    "/usr/share/myspell",
    "/usr/local/share/hunspell",
    "/opt/homebrew/share/hunspell",
]

#: What is not prose in a translation: inline code, link targets, autolinks, MyST
#: roles and substitutions, placeholders, HTML entities, e-mail and web addresses.
_NOT_PROSE = re.compile(
    r"`[^`]*`"
    r"|\]\([^)]*\)"
    r"|<[^>]*>"
    r"|\{[\w:-]+\}|:[\w:-]+:"
    r"|\{\{[^}]*\}\}"
    r"|%\(\w+\)\w?|\$\{\w+\}|%%"  # a placeholder, or one that lost its type (check says so)
    r"|&\w+;"
    r"|\S+@\S+|https?://\S+"
)


def dictionary_for(language: str) -> str | None:
    """The hunspell dictionary of ``language`` ("pt_BR", "es_ES"), or None."""
    base = language.split("_")[0]
    preferred = [language, f"{base}_{base.upper()}", base]
    found = sorted(
        path.stem
        for directory in DICTIONARY_DIRS
        if directory and Path(directory).is_dir()
        for path in Path(directory).glob("*.dic")
        if path.stem == base or path.stem.startswith(f"{base}_")
    )
    return next((name for name in preferred if name in found), found[0] if found else None)


def prose(text: str) -> str:
    """``text`` without what is not prose; emphasis marks, brackets and punctuation made
    spaces (some dictionaries take a final full stop as part of a word)."""
    return re.sub(r"[*_\[\]#|.,;:!?()\"«»“”…/]", " ", _NOT_PROSE.sub(" ", text))


def spelling_problems(
    catalogs: Catalogs, files: Iterable[Path | PoFile]
) -> tuple[list[str], list[str]]:
    """(problems at ``file:line``, notes on what could not be checked)."""
    by_language: dict[str, list[Path | PoFile]] = {}
    for source in files:
        path = source.path if isinstance(source, PoFile) else source
        by_language.setdefault(language_of(path) or "", []).append(source)
    problems, notes = [], []
    hunspell = shutil.which("hunspell")
    if hunspell is None:
        notes.append(
            "hunspell was not found, so spelling was not checked "
            "(apt-get install hunspell " + " ".join(DEBIAN_DICTIONARIES.values()) + ")"
        )
        return problems, notes
    accepted = {word for name in read_glossary(catalogs).untranslated for word in name.split()}
    for language, paths in sorted(by_language.items()):
        wordlist = catalogs.locales / language / "wordlist.txt"
        if leads_out(wordlist, catalogs.root):
            # A pull request's link to a secret: named, never read (bpd.project_files).
            problems.append(f"{catalogs.shown(wordlist)}:1: {LEADS_OUT}; spelling not checked")
            continue
        dictionary = dictionary_for(language)
        if dictionary is None:
            notes.append(
                f"{language}: no hunspell dictionary, spelling not checked ({how_to_get(language)})"
            )
            continue
        # Every file of the language in one hunspell: it loads its dictionary once (a
        # tenth of a second for pt_BR), where a run a file took most of `check`'s time.
        found = [
            (source.path if isinstance(source, PoFile) else source, message, text)
            for source in paths
            for message, text in catalogs.finished(source)
        ]
        words = accepted | _read_wordlist(wordlist)
        problems += _check(hunspell, dictionary, words, found, catalogs.shown(wordlist))
    return problems, notes


def how_to_get(language: str) -> str:
    """How to install ``language``'s dictionary: Debian's package of it, if it has one."""
    package = DEBIAN_DICTIONARIES.get(language)
    return f"apt-get install {package}" if package else "Debian has none"


def missing_debian_dictionaries(notes: list[str]) -> bool:
    """Whether a note says a dictionary that Debian has is missing (an error in CI)."""
    return any("apt-get install" in note for note in notes)


def _read_wordlist(path: Path) -> set[str]:
    if not path.is_file():
        return set()
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return {line for line in lines if line and not line.startswith("#")}


def _utf_8_locale() -> dict[str, str]:
    """hunspell's environment, with a UTF-8 locale where the caller has none: it reads the
    word list in the locale's encoding, so in a C or POSIX locale (``LC_ALL=C``, as in
    many containers) a listed word with an accent in it ("mentoría") was reported."""
    env = dict(os.environ)
    current = next((env[name] for name in ("LC_ALL", "LC_CTYPE", "LANG") if env.get(name)), "")
    if not re.search(r"utf-?8", current, re.IGNORECASE):
        env["LC_ALL"] = "C.UTF-8"
    return env


def _check(hunspell: str, dictionary: str, words: set[str], found: list, wordlist: str):
    """Problems in ``found``'s (path, message, text), one hunspell run for them all."""
    if not found:
        return []
    # "^" keeps hunspell's pipe mode from reading a line as one of its commands.
    lines = ["^" + prose(text).replace("\n", " ") for _path, _message, text in found]
    with tempfile.NamedTemporaryFile("w", suffix=".dic", encoding="utf-8") as personal:
        personal.write("\n".join(sorted(words)) + "\n")
        personal.flush()
        result = subprocess.run(
            [hunspell, "-a", "-i", "utf-8", "-d", dictionary, "-p", personal.name],
            input="\n".join(lines) + "\n", capture_output=True, text=True, encoding="utf-8",
            check=False, env=_utf_8_locale(),
        )  # fmt: skip
    # Pipe mode: a banner line, then for each input line a line per word, and a blank
    # line. A line with no word ("%(role)s, %(region)s") has only the blank line, so the
    # answers are read line by line (split at blank-line pairs, every later finding
    # went to the message before its own).
    output = result.stdout.splitlines()
    if output and output[0].startswith("@("):
        output = output[1:]
    answers: list[list[str]] = [[]]
    for line in output:
        if line:
            answers[-1].append(line)
        else:
            answers.append([])
    problems = []
    for (path, message, _text), answer in zip(found, answers, strict=False):
        unknown = [line.split()[1] for line in answer if line.startswith(("&", "#"))]
        for word in dict.fromkeys(unknown):
            problems.append(
                f"{path}:{message.lineno}: spelling: {word!r} is not in the {dictionary} "
                f"dictionary (if it is right, add it to {wordlist})"
            )
    return problems
