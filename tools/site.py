"""Build the whole site: one Sphinx build per language into one tree.

English is written at the root of ``_build/site``; every other language under
its own URL prefix. Each language has its own doctree directory so an edit
rebuilds only what it touches. ``python -m tools.site [lang ...]`` runs it.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "_build"
SITE = BUILD / "site"
SOURCE_LANGUAGE = "en"


def output_dir(language: str, build_dir: Path = BUILD) -> Path:
    site = build_dir / "site"
    return site if language == SOURCE_LANGUAGE else site / url_prefix(language)


def url_prefix(language: str) -> str:
    """The URL folder of a language: BCP 47, lowercase (``pt_BR`` -> ``pt-br``)."""
    return language.replace("_", "-").lower()


def sphinx_command(
    language: str, *, build_dir: Path = BUILD, extra: list[str] | None = None
) -> list[str]:
    return [
        sys.executable, "-m", "sphinx",
        "-b", "dirhtml",
        "-W", "--keep-going",
        "-q",
        "-D", f"language={language}",
        "-d", str(build_dir / "doctrees" / language),
        *(extra or []),
        str(ROOT),
        str(output_dir(language, build_dir)),
    ]  # fmt: skip


def build(languages: list[str], build_dir: Path = BUILD) -> int:
    failed = []
    for language in languages:
        print(f"building {language} -> {output_dir(language, build_dir)}", flush=True)
        if subprocess.run(sphinx_command(language, build_dir=build_dir), cwd=ROOT).returncode:
            failed.append(language)
    if failed:
        print(f"build failed for: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("languages", nargs="*", help="languages to build (default: all)")
    parser.add_argument("--build-dir", type=Path, default=BUILD, help="default: _build")
    args = parser.parse_args(argv)
    return build(args.languages or [SOURCE_LANGUAGE], args.build_dir.resolve())


if __name__ == "__main__":
    sys.exit(main())
