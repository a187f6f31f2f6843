"""A private copy of the project, to edit and build without touching the working tree
(the benchmarks and the integrity tests both need one)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def copy_project(destination: Path, *, exclude: tuple[str, ...] = ()) -> Path:
    """Copy the project's files (tracked and new, not ignored by git) to ``destination``,
    leaving out paths that start with one of ``exclude`` ("tests/")."""
    files = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.splitlines()  # fmt: skip
    for name in files:
        source = ROOT / name
        if source.is_file() and not name.startswith(exclude):
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / name)
    return destination
