"""The project's own files, found with git or, in a source archive, without it.

The tests and the benchmarks copy the project before editing it; a release tarball
or GitHub's "Download ZIP" has no repository, and must copy the same files.
"""

from __future__ import annotations

import shutil
import subprocess

from helpers import ROOT

from tools.project import _files_not_ignored, copy_project, project_files


def test_without_a_repository_gitignore_decides(tmp_path):
    (tmp_path / ".gitignore").write_text(
        "_build/\n*.mo\n/locales/*.pot\n__pycache__/\n# a comment\n", encoding="utf-8"
    )
    for name in (
        "conf.py", "locales/sw/LC_MESSAGES/index.po", "locales/sw/LC_MESSAGES/index.mo",
        "locales/index.pot", "locales/sw/index.pot", "_build/html/index.html",
        "_ext/bpd/__pycache__/x.pyc", "docs/_build.md",
    ):  # fmt: skip
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert sorted(project_files(tmp_path)) == [
        ".gitignore", "conf.py", "docs/_build.md", "locales/sw/LC_MESSAGES/index.po",
        "locales/sw/index.pot",
    ]  # fmt: skip


def test_a_source_archive_copies_what_a_checkout_copies(tmp_path):
    """The project as ``git archive`` (or a ZIP download) gives it: no ``.git``."""
    archive = tmp_path / "archive"
    if (ROOT / ".git").exists() and shutil.which("git"):
        archive.mkdir()
        tar = subprocess.run(["git", "archive", "HEAD"], cwd=ROOT, capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", str(archive)], input=tar.stdout, check=True)
        tracked = subprocess.run(
            ["git", "ls-tree", "-r", "--name-only", "HEAD"],
            cwd=ROOT, capture_output=True, text=True, check=True,
        ).stdout.split()  # fmt: skip
        assert sorted(project_files(archive)) == sorted(tracked)
    else:
        # The tests themselves run from a source archive: this tree is one.
        shutil.copytree(ROOT, archive, ignore=shutil.ignore_patterns(".nox", "_build"))
        assert sorted(project_files(archive)) == sorted(_files_not_ignored(ROOT))
    copied = copy_project(tmp_path / "copy", source=archive)
    assert (copied / "conf.py").is_file() and (copied / "locales" / "languages.toml").is_file()
    assert not (copied / ".git").exists()
