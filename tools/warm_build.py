"""The build kept warm between builds: what makes ``nox -s build`` after one edit fast.

Most of a one-page rebuild is not building: Python importing Sphinx, docutils,
MyST-Parser, the theme and the extension takes 0.7 s of it, on every run
(BENCHMARKS.md, "Where the time goes"). So ``nox -s build`` runs
``python -m tools.warm_build [args]``, which takes ``tools.site``'s arguments:

- If a warm process serves the build directory (its socket ``_build/warm.sock``
  answers), the build runs in a child forked from it, with everything imported
  already. The child writes to this terminal. Ctrl-C (or SIGTERM) is passed on
  and stops the build as it stops ``python -m tools.site``. The exit code is
  the build's.
- Otherwise the build runs here, exactly as ``python -m tools.site``. Afterwards
  a warm process is started in the background for the next build.

The warm process builds nothing itself. Each build is a fresh fork of it, so
nothing of one build is left for the next (Sphinx's application, its
translations, the extension's state). It ends by itself:

- after ``BPD_WARM_IDLE`` seconds without a build (default 900);
- when a Python module it loaded from the project has changed (``tools/``,
  ``_ext/``), or the environment's installed packages have (nox's pins, or a
  package installed by hand): the build that finds this runs here and starts a
  new warm process;
- when its socket is gone (``_build`` removed);
- on ``python -m tools.warm_build --stop`` (``nox -s build -- --stop``).

It is never used under CI (``CI`` set), with ``BPD_WARM=0``, or where Python
cannot fork (Windows). ``BPD_WARM=1`` uses it even under CI (the tests do).
``python -m tools.site`` never uses it: the tests and the benchmarks call that
one for a build in a process of its own.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

from tools import BUILD, ROOT

#: Seconds without a build after which the warm process ends.
IDLE = float(os.environ.get("BPD_WARM_IDLE", "900"))

#: How often the waiting warm process looks whether its socket is still there.
_TICK = 2.0

#: A Unix socket's path is at most 107 bytes on Linux (104 on macOS).
_LONGEST_SOCKET_PATH = 100


def enabled() -> bool:
    """Whether builds go through a warm process here (see the module's docstring)."""
    wanted = os.environ.get("BPD_WARM", "")
    if wanted == "0" or not hasattr(socket, "AF_UNIX") or not hasattr(os, "fork"):
        return False
    return wanted == "1" or not os.environ.get("CI")


def socket_path(build_dir: Path) -> Path:
    return build_dir / "warm.sock"


def _starting_path(build_dir: Path) -> Path:
    """The process id of a warm process started for ``build_dir`` and not serving yet."""
    return build_dir / "warm.starting"


def _arguments(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    """This command's own ``--stop``, and the ``--build-dir`` among ``tools.site``'s
    arguments, read as ``tools.site``'s argparse reads it (abbreviated too); the other
    arguments, for ``tools.site``, as they were given."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--stop", action="store_true")
    parser.add_argument("--build-dir", type=Path, default=BUILD)
    known, _ = parser.parse_known_args(argv)
    return known, [argument for argument in argv if argument != "--stop"]


# -- the client: what `nox -s build` runs ---------------------------------------------


def main(argv: list[str] | None = None) -> int:
    known, argv = _arguments(list(sys.argv[1:] if argv is None else argv))
    build_dir = known.build_dir.resolve()
    if known.stop:
        # Nothing left serving is what --stop is for, whether it ended one or found none
        # (a script may stop before it removes _build, with or without a warm process).
        stop(build_dir)
        return 0
    path = socket_path(build_dir)
    if not enabled() or len(str(path)) > _LONGEST_SOCKET_PATH:
        return _build_here(argv)
    try:
        code = _build_warm(path, argv)
    except KeyboardInterrupt:  # before the build had started
        print("interrupted", file=sys.stderr)
        return 130
    if code is not None:
        return code
    code = _build_here(argv)
    _start_server(build_dir)
    return code


def _build_here(argv: list[str]) -> int:
    from tools import site

    return site.main(argv)


def _line(message: dict) -> bytes:
    """One message of the socket's protocol: a line of JSON."""
    return json.dumps(message).encode() + b"\n"


def _connect(path: Path) -> socket.socket | None:
    client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        client.connect(str(path))
    except OSError:
        client.close()
        return None
    return client


def _build_warm(path: Path, argv: list[str]) -> int | None:
    """Run the build in the warm process serving ``path``: its exit code, or None when
    none serves it (or it is out of date: it then ends) and the build is to run here."""
    client = _connect(path)
    if client is None:
        return None
    # A Ctrl-C (or SIGTERM) is the build's: passed on to it, or, before it has started,
    # once it has (the build then stops at once, as python -m tools.site would).
    worker, received = None, []

    def pass_on(signum, frame):
        if worker is None:
            received.append(signum)
        else:
            with contextlib.suppress(ProcessLookupError):
                os.kill(worker, signum)

    signal.signal(signal.SIGINT, pass_on)
    signal.signal(signal.SIGTERM, pass_on)
    with client, client.makefile("rb") as replies:
        request = {"root": str(ROOT), "prefix": sys.prefix, "argv": argv, "cwd": os.getcwd(),
                   "env": dict(os.environ)}  # fmt: skip
        sys.stdout.flush()
        sys.stderr.flush()
        # The build writes straight to this process's output: a terminal stays a terminal.
        socket.send_fds(client, [_line(request)], [1, 2])
        reply = json.loads(replies.readline() or b"{}")
        if "pid" not in reply:
            signal.signal(signal.SIGINT, signal.default_int_handler)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            if received:
                raise KeyboardInterrupt
            if reply.get("why"):
                print(f"{reply['why']}: building in this process", flush=True)
            return None
        worker = reply["pid"]
        print(f"building in the warm process ({worker}; "
              "`nox -s build -- --stop` ends it)", flush=True)  # fmt: skip
        for signum in received:
            pass_on(signum, None)
        ended = json.loads(replies.readline() or b"{}")
    if "code" not in ended:
        print(f"the warm process's build {worker} ended without an exit code", file=sys.stderr)
        return 1
    return ended["code"]


def _start_server(build_dir: Path) -> None:
    """Start a warm process for ``build_dir`` in the background, in a session of its own
    (a Ctrl-C in this terminal later is not its), its output in ``warm.log``."""
    if not build_dir.is_dir():
        return
    with open(build_dir / "warm.log", "ab") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "tools.warm_build", "--serve", str(build_dir)],
            cwd=ROOT, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
            start_new_session=True,
        )  # fmt: skip
    # It takes most of a second to import what it keeps: `--stop` meanwhile waits for it.
    _starting_path(build_dir).write_text(str(server.pid))
    print(f"a warm process is kept for the next build for {IDLE / 60:g} minutes "
          "(`nox -s build -- --stop` ends it)", flush=True)  # fmt: skip


def serving(build_dir: Path, timeout: float = 30.0) -> bool:
    """Wait until a warm process answers for ``build_dir`` (one starts in the background
    after a build); whether one did within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        client = _connect(socket_path(build_dir))
        if client is not None:
            client.close()
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)


def _still_starting(build_dir: Path) -> bool:
    """Whether a warm process started for ``build_dir`` is alive and not serving yet."""
    try:
        os.kill(int(_starting_path(build_dir).read_text()), 0)
    except (OSError, ValueError):
        return False
    return True


def stop(build_dir: Path) -> None:
    """End the warm process serving ``build_dir``, if one does (or is starting to)."""
    client = _connect(socket_path(build_dir))
    if client is None and _still_starting(build_dir) and serving(build_dir):
        client = _connect(socket_path(build_dir))
    if client is None:
        print(f"no warm process serves {build_dir}: nothing to stop")
        return
    with client, client.makefile("rb") as replies:
        client.sendall(_line({"stop": True}))
        replies.readline()
    print(f"the warm process serving {build_dir} has ended")


# -- the warm process ---------------------------------------------------------------


class _Server:
    def __init__(self, build_dir: Path):
        from filelock import FileLock, Timeout

        self.build_dir = build_dir
        self.path = socket_path(build_dir)
        # One warm process per build directory, though two builds may have started one.
        self.lock = FileLock(build_dir / "warm.lock")
        try:
            self.lock.acquire(blocking=False)
        except Timeout:
            raise SystemExit(0) from None
        from tools import site

        site._warm_up(build_dir)
        self.loaded = self._loaded()
        self.path.unlink(missing_ok=True)
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.listener.bind(str(self.path))
        self.listener.listen()
        self.listener.settimeout(_TICK)
        self.inode = self.path.stat().st_ino
        _starting_path(build_dir).unlink(missing_ok=True)
        log(f"serving {build_dir} (process {os.getpid()})")

    @staticmethod
    def _loaded() -> dict[str, object]:
        """What the builds forked from this process take from it, as it was read: the
        project's modules (their modification times) and the environment's packages."""
        loaded: dict[str, object] = {}
        for module in list(sys.modules.values()):
            path = getattr(module, "__file__", None)
            if path and Path(path).is_relative_to(ROOT):
                with contextlib.suppress(OSError):
                    loaded[path] = os.stat(path).st_mtime_ns
        pins = Path(sys.prefix, "bpd-installed")
        loaded["pins"] = pins.read_text() if pins.is_file() else None
        # A package installed or removed by hand, not by nox: its directory comes or goes.
        for directory in sysconfig.get_path("purelib"), sysconfig.get_path("platlib"):
            with contextlib.suppress(OSError):
                loaded[directory] = os.stat(directory).st_mtime_ns
        return loaded

    def out_of_date(self, request: dict) -> str | None:
        if request["root"] != str(ROOT):
            return f"the warm process serving this build directory builds {ROOT}"
        if request["prefix"] != sys.prefix:
            return f"the warm process serving this build directory runs {sys.prefix}"
        if self._loaded() != self.loaded:
            return (
                "the project's code or the installed packages changed "
                "since the warm process started"
            )
        return None

    def serve(self) -> None:
        signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the builds' children are reaped
        last = time.monotonic()
        try:
            while time.monotonic() - last < IDLE and self._socket_is_mine():
                try:
                    connection, _ = self.listener.accept()
                except TimeoutError:
                    continue
                with connection:
                    try:
                        if not self._answer(connection):
                            return
                    except (OSError, ValueError, KeyError) as error:  # a client that went away
                        log(f"a request not answered: {error!r}")
                last = time.monotonic()
        finally:
            self.listener.close()
            if self._socket_is_mine():
                self.path.unlink(missing_ok=True)
            self.lock.release()
            log("ended")

    def _socket_is_mine(self) -> bool:
        try:
            return self.path.stat().st_ino == self.inode
        except OSError:
            return False

    def _answer(self, connection: socket.socket) -> bool:
        """Answer one client; whether to go on serving."""
        connection.settimeout(None)
        data, descriptors, _, _ = socket.recv_fds(connection, 1 << 20, 2)
        try:
            if not data:  # connected, and gone (a check that it answers)
                return True
            with connection.makefile("rb") as rest:
                line = data if data.endswith(b"\n") else data + rest.readline()
            request = json.loads(line)
            if request.get("stop"):
                connection.sendall(_line({}))
                return False
            why = self.out_of_date(request)
            if why:
                connection.sendall(_line({"why": why}))
                log(why)
                return False
            if os.fork() == 0:
                self.listener.close()
                _run_build(connection, descriptors, request)  # never returns
            return True
        finally:
            # The client's output is the forked build's now, or nobody's: not this process's.
            for descriptor in descriptors:
                os.close(descriptor)


def _run_build(connection: socket.socket, descriptors: list[int], request: dict) -> None:
    """The forked child: become the client's build, then report its exit code."""
    code = 1
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        for target, descriptor in zip((1, 2), descriptors, strict=True):
            os.dup2(descriptor, target)
            os.close(descriptor)
        for stream in (sys.stdout, sys.stderr):
            stream.reconfigure(line_buffering=stream.isatty())
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        # What Python read from the environment once, read again from the client's.
        time.tzset()
        tempfile.tempdir = None
        connection.sendall(_line({"pid": os.getpid()}))
        from tools import site

        try:
            code = site.main(request["argv"])
        except SystemExit as exit:  # argparse's errors
            code = exit.code if isinstance(exit.code, int) else 1
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        with contextlib.suppress(OSError):
            connection.sendall(_line({"code": code}))
        os._exit(0)


def log(message: str) -> None:
    print(f"{time.strftime('%Y-%m-%d %H:%M:%S')} {message}", flush=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--serve"]:
        _Server(Path(sys.argv[2])).serve()
        sys.exit(0)
    sys.exit(main())
