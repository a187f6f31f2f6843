"""The tests' site builds, each ``python -m tools.site`` in the project it is given, but
forked from one Python that has imported Sphinx, the theme and the other libraries
once (``helpers.build_site`` starts it, one per test process). A new Python for each
build imported them again: about 0.7 s a build, some sixty builds a run.

The child forked for a build is the process ``python -m tools.site`` would be: its
working folder, its environment, ``sys.path`` starting at the project, stdout and
stderr to files, and nothing of the project already imported. The project's own
modules (``tools``, the extension ``bpd``) are left out of the warm process, so each
build imports them from the copy it builds: a test that edits the extension of its
copy builds the edited extension. Where a test needs the command as a process of its
own (signals, locks, another Python's startup), it runs it with ``subprocess``.
"""

from __future__ import annotations

import json
import os
import runpy
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def warm() -> None:
    """Import what every build imports (``tools.site.warm_up``), then forget the
    project's own modules: only the libraries stay imported."""
    sys.path[:0] = [str(ROOT), str(ROOT / "_ext")]
    from tools.site import warm_up

    warm_up()
    own = (ROOT / "tools", ROOT / "_ext", ROOT / "conf.py")
    for name, module in list(sys.modules.items()):
        file = Path(getattr(module, "__file__", None) or "/").resolve()
        if name != "__main__" and any(file.is_relative_to(path) for path in own):
            del sys.modules[name]
    del sys.path[:2]


def build(request: dict) -> None:
    """In the forked child: run ``python -m tools.site ARGS`` as asked; never returns."""
    code = 1
    try:
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        stdin = os.open(os.devnull, os.O_RDONLY)
        os.dup2(stdin, 0)
        for descriptor, path in ((1, request["stdout"]), (2, request["stderr"])):
            os.dup2(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC), descriptor)
        sys.path[0] = request["cwd"]  # as `python -m` puts the working folder first
        sys.argv = ["tools.site", *request["args"]]
        try:
            runpy.run_module("tools.site", run_name="__main__", alter_sys=True)
            code = 0
        except SystemExit as stopped:
            code = stopped.code if isinstance(stopped.code, int) else (stopped.code is not None)
            if isinstance(stopped.code, str):
                print(stopped.code, file=sys.stderr)
    except BaseException:
        import traceback

        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def serve() -> None:
    """Read one request a line from stdin; answer each with the build's exit code."""
    warm()
    answers = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)  # nothing a library prints may reach the answers
    for line in sys.stdin:
        request = json.loads(line)
        sys.stdout.flush()
        sys.stderr.flush()
        child = os.fork()
        if child == 0:
            build(request)
        _, status = os.waitpid(child, 0)
        answers.write(f"{os.waitstatus_to_exitcode(status)}\n")
        answers.flush()


if __name__ == "__main__":
    serve()
