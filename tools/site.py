"""Build the whole site: one Sphinx build per language, assembled into one tree.

Each language is built by its own Sphinx process into ``_build/html/<lang>``
with its own doctree directory (``_build/doctrees/<lang>``), so an edit
rebuilds only what it touches; the languages are built concurrently. The
published tree ``_build/site`` is then assembled from them, English (the
source language) at the root and every other language under its own prefix
(``/pt-br/``), leaving out Sphinx's bookkeeping (``.buildinfo``,
``objects.inv``). Last, the site-level files are written: ``sitemap.xml`` with
hreflang alternates, ``robots.txt`` and the root ``404.html``.

``python -m tools.site [lang ...]`` runs it; ``nox -s build`` is the usual way.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

from tools import catalogs, sitemap
from tools.registry import languages, source_language, url_prefix

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "_build"


#: Sphinx's files that are not part of the published site.
NOT_PUBLISHED = (".buildinfo", ".buildinfo.bak", "objects.inv", "_sources")


def output_dir(language: str, build_dir: Path = BUILD) -> Path:
    """Where Sphinx writes one language."""
    return build_dir / "html" / language


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


def build_language(
    language: str, build_dir: Path, extra: list[str] | None = None
) -> tuple[str, int, str]:
    result = subprocess.run(
        sphinx_command(language, build_dir=build_dir, extra=extra),
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    return language, result.returncode, result.stdout + result.stderr


def build(
    selected: list[str],
    build_dir: Path = BUILD,
    jobs: int | None = None,
    sphinx_jobs: int | None = None,
) -> int:
    """Build ``selected`` languages concurrently, then the site-level files."""
    extra = ["-j", str(sphinx_jobs)] if sphinx_jobs else None
    catalogs.write_js_catalogs([lang for lang in selected if lang != source_language()])
    failed = []
    workers = jobs or os.cpu_count() or 1
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for language, code, output in pool.map(
            lambda lang: build_language(lang, build_dir, extra), selected
        ):
            print(f"{'ok' if code == 0 else 'FAILED'}: {language}", flush=True)
            if output.strip():
                print(output, end="" if output.endswith("\n") else "\n", flush=True)
            if code:
                failed.append(language)
    if failed:
        print(f"build failed for: {', '.join(failed)}", file=sys.stderr)
        return 1
    site = assemble(build_dir)
    if (site / "index.html").is_file():
        write_site_files(site)
    return 0


def assemble(build_dir: Path) -> Path:
    """Make ``site/`` from every language built so far (hard links: no copying)."""
    site = build_dir / "site"
    if site.exists():
        shutil.rmtree(site)
    for language in languages():
        built = output_dir(language, build_dir)
        if built.is_dir():
            shutil.copytree(
                built,
                site / url_prefix(language),
                ignore=shutil.ignore_patterns(*NOT_PUBLISHED),
                copy_function=_link_or_copy,
                dirs_exist_ok=True,
            )
    return site


def _link_or_copy(source: str, destination: str) -> None:
    try:
        os.link(source, destination)
    except OSError:
        shutil.copy2(source, destination)


def base_url(site: Path) -> str:
    """The site's base URL, as the English home page's canonical link gives it."""
    html = (site / "index.html").read_text(encoding="utf-8")
    found = re.search(r'<link rel="canonical" href="([^"]+)"', html)
    return found.group(1) if found else "/"


def write_site_files(site: Path) -> None:
    """``sitemap.xml``, ``robots.txt`` and ``404.html`` at the root of the site."""
    base = base_url(site)
    built = [lang for lang in languages() if (site / url_prefix(lang) / "index.html").is_file()]
    (site / "sitemap.xml").write_text(sitemap.render(site, base, built), encoding="utf-8")
    (site / "robots.txt").write_text(
        f"User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\n", encoding="utf-8"
    )
    not_found = site / "404" / "index.html"
    if not_found.is_file():
        # Served for any missing URL, at any depth: a <base> makes its relative
        # links resolve as they do at /404/.
        base_path = urlsplit(base).path or "/"
        html = not_found.read_text(encoding="utf-8")
        html = html.replace("<head>", f'<head>\n<base href="{base_path}404/">', 1)
        (site / "404.html").write_text(html, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("languages", nargs="*", help="languages to build (default: all)")
    parser.add_argument("--build-dir", type=Path, default=BUILD, help="default: _build")
    parser.add_argument("-j", "--jobs", type=int, help="languages built at once (default: cores)")
    parser.add_argument(
        "--sphinx-jobs", type=int, help="processes inside each Sphinx build (sphinx-build -j)"
    )
    args = parser.parse_args(argv)
    known = languages()
    unknown = [lang for lang in args.languages if lang not in known]
    if unknown:
        parser.error(f"unknown language(s) {', '.join(unknown)}; known: {', '.join(known)}")
    return build(args.languages or known, args.build_dir.resolve(), args.jobs, args.sphinx_jobs)


if __name__ == "__main__":
    sys.exit(main())
