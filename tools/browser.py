"""Chromium as the tests and the measurements run it: Debian's, headless, with no
background traffic, and the phone they measure pages on.

No browser can be downloaded here (``playwright install`` fails): Playwright drives
Debian's Chromium (``apt-get install chromium-headless-shell``), or the one
``BPD_CHROMIUM`` names.
The measurements launch it with ``chromium()``: the page weights drive it through
Playwright, Lighthouse attaches to it on its ``--remote-debugging-port``.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
from collections.abc import Iterator

#: The phone the weights are measured on (and the browser tests' phone).
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}

#: The Chromium the tests and tools run, unless ``BPD_CHROMIUM`` names another:
#: Debian's ``chromium-headless-shell``, else its ``chromium``. The shell is the same
#: engine and version built for headless use only (what Playwright itself runs for
#: ``headless=True``): the browser tests take about 40% less CPU in it than in the full
#: browser, with the same results (Lighthouse's scores included).
HEADLESS_FIRST = ("/usr/bin/chromium-headless-shell", "/usr/bin/chromium")
CHROMIUM = os.environ.get("BPD_CHROMIUM") or next(
    (path for path in HEADLESS_FIRST if os.access(path, os.X_OK)), HEADLESS_FIRST[0]
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def chromium_version() -> str:
    """What ``chromium --version`` says ("Chromium 156.0.8078.73 built on Debian ...")."""
    result = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, check=False)
    return result.stdout.strip()


@contextlib.contextmanager
def chromium(*args: str) -> Iterator:
    """Debian's Chromium, launched by Playwright with the project's flags and ``args``;
    yields Playwright's ``Browser``, and closes it."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, *args])
        try:
            yield browser
        finally:
            browser.close()


def free_port() -> int:
    """A port of 127.0.0.1 that nothing listens on (a debugging port, a server's)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
