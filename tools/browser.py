"""Chromium as the tests and the measurements run it: Debian's, headless, with no
background traffic, and the phone they measure pages on.

No browser can be downloaded here (``playwright install`` fails): Playwright drives
Debian's (``apt-get install chromium chromium-headless-shell``). The measurements
launch ``chromium()``: the page weights drive it through Playwright, Lighthouse
attaches to it on its ``--remote-debugging-port``. The browser tests ``launch`` the
headless shell (``HEADLESS_SHELL``) and, for the weights, Chromium.
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

#: Chromium as readers run it, what the measurements stand for (what a page downloads,
#: Lighthouse): Debian's ``chromium``, or the one ``BPD_CHROMIUM`` names.
CHROMIUM = os.environ.get("BPD_CHROMIUM", "/usr/bin/chromium")
#: The browser tests' Chromium: Debian's ``chromium-headless-shell`` (or the one
#: ``BPD_HEADLESS_SHELL`` names; without it, ``CHROMIUM``). The same engine and version,
#: built for headless use only (what Playwright runs for ``headless=True``): the browser
#: tests take about 40% less CPU in it. What a page downloads is measured in CHROMIUM:
#: the shell fetches no favicon, and starts loading lazy images at other distances.
HEADLESS_SHELL = os.environ.get("BPD_HEADLESS_SHELL") or (
    "/usr/bin/chromium-headless-shell"
    if os.access("/usr/bin/chromium-headless-shell", os.X_OK)
    else CHROMIUM
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


def launch(playwright, *args: str, executable: str = CHROMIUM):
    """Debian's Chromium (``executable``) launched by ``playwright`` (Playwright's sync
    API, started) with the project's flags and ``args``: Playwright's ``Browser``."""
    return playwright.chromium.launch(executable_path=executable, args=[*CHROMIUM_ARGS, *args])


@contextlib.contextmanager
def chromium(*args: str) -> Iterator:
    """``launch``, with a Playwright of its own; yields the ``Browser``, and closes it."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright, *args)
        try:
            yield browser
        finally:
            browser.close()


def free_port() -> int:
    """A port of 127.0.0.1 that nothing listens on (a debugging port, a server's)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
