"""What this project asks of its CI, hosting and pre-commit files, beyond what the
field's tools check in ``nox -s lint`` (GitHub's schemas for the workflow, Dependabot
and the issue forms, with check-jsonschema; zizmor's security audits).

CI and Read the Docs run the same nox sessions a contributor runs, so every
``nox -s NAME`` they call has to exist in noxfile.py; no step downloads a browser
(Debian's Chromium is used); only a push to the default branch publishes the site;
and the pins agree (pyproject.toml, constraints.txt, the pre-commit hooks).
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from helpers import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.y*ml"))
READTHEDOCS = ROOT / ".readthedocs.yaml"
PRE_COMMIT = ROOT / ".pre-commit-config.yaml"
PUBLISHING_ACTIONS = ("actions/upload-pages-artifact", "actions/deploy-pages")
PINNED_REF = re.compile(r"v\d+\.\d+\.\d+|[0-9a-f]{40}")
SHELL_OPERATORS = {";", "&", "&&", "|", "||", "(", ")"}
SESSION_OPTIONS = {"-s", "-e", "--session", "--sessions"}


def relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# -- nox sessions ----------------------------------------------------------------


def noxfile_sessions(project: Path) -> set[str]:
    """The sessions nox itself lists for a noxfile (``-k True``: every one of them, not
    only those the noxfile selects by default)."""
    listed = subprocess.run(
        [sys.executable, "-m", "nox", "--list", "--json", "-k", "True"],
        cwd=project, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return {session["name"] for session in json.loads(listed)}


def _tokens(line: str) -> list[str]:
    lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    try:
        return list(lexer)
    except ValueError:  # an unbalanced quote: fall back to plain words
        return line.split()


def sessions_called(command: str) -> list[str]:
    """The sessions named by every ``nox -s NAME`` (or ``--session NAME``) in a shell script."""
    sessions = []
    for line in command.replace("\\\n", " ").splitlines():
        tokens = _tokens(line)
        for start, token in enumerate(tokens):
            if token != "nox" and not token.endswith("/nox"):
                continue
            rest = tokens[start + 1 :]
            for index, option in enumerate(rest):
                if option in SHELL_OPERATORS or option == "--":
                    break
                if option.startswith(("--session=", "--sessions=")):
                    sessions.append(option.split("=", 1)[1])
                elif option in SESSION_OPTIONS:
                    for value in rest[index + 1 :]:
                        if value.startswith("-") or value in SHELL_OPERATORS:
                            break
                        sessions.append(value)
    return [session for session in sessions if session]


def commands(document: dict) -> Iterator[tuple[str, str]]:
    """``(where, shell script)`` for every ``run:`` step of a workflow and every
    Read the Docs build command."""
    for job_id, job in (document.get("jobs") or {}).items():
        for number, step in enumerate(job.get("steps") or [], start=1):
            if isinstance(step.get("run"), str):
                yield f"jobs.{job_id}.steps[{number}] ({step.get('name', 'unnamed')})", step["run"]
    build = document.get("build") or {}
    for number, command in enumerate(build.get("commands") or [], start=1):
        yield f"build.commands[{number}]", command
    for phase, phase_commands in (build.get("jobs") or {}).items():
        for number, command in enumerate(phase_commands or [], start=1):
            yield f"build.jobs.{phase}[{number}]", command


def missing_sessions(document: dict, known: set[str]) -> list[str]:
    return [
        f"{where}: nox session {session!r} is not in noxfile.py"
        for where, command in commands(document)
        for session in sessions_called(command)
        if session not in known
    ]


def uses_of(document: dict) -> Iterator[tuple[str, str]]:
    for job_id, job in (document.get("jobs") or {}).items():
        if "uses" in job:  # a reusable workflow
            yield f"jobs.{job_id}", job["uses"]
        for number, step in enumerate(job.get("steps") or [], start=1):
            if "uses" in step:
                yield f"jobs.{job_id}.steps[{number}]", step["uses"]


#: A schedule runs on the default branch only, and its payload names no branch.
ON_SCHEDULE = "github.event_name=='schedule'||("


def normalised(condition: str) -> str:
    """An ``if:`` without its spaces and ``${{ }}``, its quotes single."""
    return re.sub(r"\s+", "", condition.replace("${{", "").replace("}}", "")).replace('"', "'")


def allows_the_schedule(condition) -> bool:
    """Whether an ``if:`` (None: there is none) lets a scheduled run through."""
    return condition is None or normalised(str(condition)).startswith(ON_SCHEDULE)


def only_on_default_branch(condition) -> bool:
    """Whether an ``if:`` allows only a push to the default branch (main), or that and
    the schedule (``github.event_name == 'schedule' || (<a push to main>)``)."""
    if not isinstance(condition, str):
        return False
    text = normalised(condition)
    if text.startswith(ON_SCHEDULE) and text.endswith(")"):
        text = text.removeprefix(ON_SCHEDULE).removesuffix(")")
    on_push = "github.event_name=='push'" in text
    on_default_branch = (
        "github.ref=='refs/heads/main'" in text
        or "github.ref==format('refs/heads/{0}',github.event.repository.default_branch)" in text
    )
    return on_push and on_default_branch and "||" not in text and "!" not in text


@pytest.fixture(scope="module")
def known_sessions() -> set[str]:
    return noxfile_sessions(ROOT)


CONFIGS = [*WORKFLOWS, READTHEDOCS]


# -- the helpers themselves ----------------------------------------------------


def test_noxfile_sessions_are_found(known_sessions, tmp_path):
    assert {"build", "tests", "lint"} <= known_sessions
    (tmp_path / "noxfile.py").write_text(
        "import nox\n"
        "nox.options.sessions = ['plain']\n"
        "@nox.session\ndef plain(session): ...\n"
        "@nox.session(name='renamed', python=False)\ndef function_name(session): ...\n"
        "def helper(session): ...\n",
        encoding="utf-8",
    )
    assert noxfile_sessions(tmp_path) == {"plain", "renamed"}


@pytest.mark.parametrize(
    ("command", "sessions"),
    [
        ("python -m nox -s build", ["build"]),
        ("python3 -m nox --session tests -- -k grids", ["tests"]),
        ("nox -s build tests && nox --session=lint", ["build", "tests", "lint"]),
        ('BPD_BASE_URL="$URL" python -m nox -s build', ["build"]),
        ("python -m pip install 'nox==2026.10.20'", []),
    ],
)
def test_sessions_called(command, sessions):
    assert sessions_called(command) == sessions


def test_a_missing_session_is_reported(known_sessions):
    snippet = yaml.safe_load(
        """
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - run: python -m nox -s build
              - name: broken
                run: |
                  python -m pip install nox
                  python -m nox -s does-not-exist
        """
    )
    assert missing_sessions(snippet, known_sessions) == [
        "jobs.build.steps[2] (broken): nox session 'does-not-exist' is not in noxfile.py"
    ]


def test_the_default_branch_condition_is_recognised():
    assert only_on_default_branch(
        "github.event_name == 'push' && "
        "github.ref == format('refs/heads/{0}', github.event.repository.default_branch)"
    )
    assert only_on_default_branch(
        "${{ github.event_name == 'push' && github.ref == 'refs/heads/main' }}"
    )
    assert not only_on_default_branch("github.event_name == 'push'")
    assert not only_on_default_branch(
        "github.event_name == 'push' && github.ref == 'refs/heads/main' || always()"
    )
    assert not only_on_default_branch(None)
    # The daily rebuild (a schedule runs on the default branch only).
    assert only_on_default_branch(
        "github.event_name == 'schedule' || (github.event_name == 'push' && "
        "github.ref == format('refs/heads/{0}', github.event.repository.default_branch))"
    )
    assert not only_on_default_branch("github.event_name == 'schedule' || (always())")
    assert not only_on_default_branch(
        "github.event_name == 'schedule' || (github.event_name == 'push') || always()"
    )


# -- CI and Read the Docs --------------------------------------------------------


@pytest.mark.parametrize("path", CONFIGS, ids=relative)
def test_every_nox_session_called_exists(path, known_sessions):
    assert missing_sessions(load(path), known_sessions) == []


@pytest.mark.parametrize("path", CONFIGS, ids=relative)
def test_no_browser_download(path):
    offending = [
        where
        for where, command in commands(load(path))
        if re.search(r"playwright\s+install", command)
    ]
    assert offending == [], "use Debian's (apt-get install chromium chromium-headless-shell)"


def test_ci_runs_the_contributor_sessions():
    called = {
        session
        for path in WORKFLOWS
        for _, command in commands(load(path))
        for session in sessions_called(command)
    }
    assert {"build", "tests"} <= called
    rtd = {
        session
        for _, command in commands(load(READTHEDOCS))
        for session in sessions_called(command)
    }
    assert "build" in rtd


def test_ci_runs_on_pull_requests_and_pushes_to_main():
    for path in WORKFLOWS:
        document = load(path)
        triggers = document.get("on", document.get(True))  # YAML 1.1 reads `on` as true
        if isinstance(triggers, dict) and "pull_request" in triggers and "push" in triggers:
            assert "main" in ((triggers["push"] or {}).get("branches") or ["main"])
            return
    pytest.fail("no workflow runs on both pull_request and push")


def test_the_site_is_built_and_published_every_day():
    """The events page is laid out by the build's date: published once a day, an event
    moves to "past" the day after it ends."""
    for path in WORKFLOWS:
        document = load(path)
        triggers = document.get("on", document.get(True)) or {}
        crons = [entry.get("cron", "") for entry in (triggers.get("schedule") or [])]
        daily = [cron for cron in crons if cron.split()[2:] == ["*", "*", "*"]]
        # Every publishing step lets the scheduled run through, its job too.
        publishing = [
            (job, step)
            for job in document["jobs"].values()
            for step in job.get("steps") or []
            if step.get("uses", "").startswith(PUBLISHING_ACTIONS)
        ]
        if (
            daily
            and publishing
            and all(
                allows_the_schedule(job.get("if")) and allows_the_schedule(step.get("if"))
                for job, step in publishing
            )
        ):
            return
    pytest.fail("no workflow builds and publishes the site on a daily schedule")


def test_dependabot_keeps_the_actions_and_the_npm_lock_current():
    config = load(ROOT / ".github" / "dependabot.yml")
    ecosystems = {update["package-ecosystem"]: update for update in config["updates"]}
    assert {"github-actions", "npm"} <= set(ecosystems)
    assert (ROOT / "package-lock.json").is_file()


@pytest.mark.parametrize("path", WORKFLOWS, ids=relative)
def test_only_the_default_branch_publishes(path):
    for job_id, job in load(path)["jobs"].items():
        for number, step in enumerate(job.get("steps") or [], start=1):
            if not step.get("uses", "").startswith(PUBLISHING_ACTIONS):
                continue
            if step["uses"].startswith("actions/deploy-pages"):
                assert only_on_default_branch(job.get("if")), f"jobs.{job_id}.if"
                assert job.get("needs"), f"jobs.{job_id} must wait for the build and tests"
                permissions = job.get("permissions") or {}
                assert permissions.get("pages") == permissions.get("id-token") == "write"
                assert (job.get("environment") or {}).get("name") == "github-pages"
            else:
                assert only_on_default_branch(job.get("if")) or only_on_default_branch(
                    step.get("if")
                ), f"jobs.{job_id}.steps[{number}].if"


def _pinned_requirements() -> dict[str, str]:
    """``{name: version}`` of every ``name==version`` in pyproject's dependency groups."""
    groups = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pins = {}
    for group in groups.get("dependency-groups", {}).values():
        for requirement in group:
            if isinstance(requirement, str) and "==" in requirement:
                name, version = requirement.split("==", 1)
                pins[name.strip().lower()] = version.strip()
    return pins


def _normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_constraints_pin_every_direct_dependency_at_its_version():
    """constraints.txt (``nox -s lock``) holds pyproject's pins as they are, all exact."""
    lines = (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines()
    requirements = [line for line in lines if line.strip() and not line.startswith("#")]
    assert all(re.fullmatch(r"[A-Za-z0-9_.-]+==[^=\s]+", line) for line in requirements)
    constrained = {
        _normalised(name): version
        for name, version in (line.split("==", 1) for line in requirements)
    }
    for name, version in _pinned_requirements().items():
        assert constrained.get(_normalised(name)) == version, f"{name}: run `nox -s lock`"


def test_pre_commit_hooks_are_pinned():
    """Remote hook repositories by a version tag; local hooks by exact PyPI pins."""
    for repo in load(PRE_COMMIT)["repos"]:
        if repo["repo"] == "meta":
            continue
        if repo["repo"] != "local":
            assert PINNED_REF.fullmatch(str(repo.get("rev", ""))), repo["repo"]
            continue
        for hook in repo["hooks"]:
            if hook["language"] == "python":
                requirements = hook.get("additional_dependencies", [])
                assert requirements, f"{hook['id']} installs nothing pinned"
                assert all("==" in requirement for requirement in requirements), hook["id"]


def test_pre_commit_agrees_with_pyproject():
    pins = _pinned_requirements()
    seen_ruff = False
    for repo in load(PRE_COMMIT)["repos"]:
        if repo["repo"].endswith("/ruff-pre-commit"):
            assert repo["rev"] == f"v{pins['ruff']}"
            seen_ruff = True
        for hook in repo["hooks"]:
            requirements = hook.get("additional_dependencies", [])
            seen_ruff |= any(r.startswith("ruff==") for r in requirements)
            for requirement in requirements:
                name, _, version = requirement.partition("==")
                if name.lower() in pins:
                    assert version == pins[name.lower()], f"{hook['id']}: {requirement}"
    assert seen_ruff, "pre-commit runs ruff"
