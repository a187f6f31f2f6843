"""Lighthouse audits in Chromium as the page weights run it: ``tools.browser.chromium``,
given a debugging port, is the browser Lighthouse's ``--port`` attaches to (its
documented way to audit in a browser already running) instead of launching one of its
own with other flags. (Lighthouse itself runs in ``nox -s lighthouse``, not here.)"""

from __future__ import annotations

import json
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from tools.browser import chromium as launch_chromium
from tools.browser import free_port

pytestmark = pytest.mark.browser


def launch_and_ask() -> tuple[str, dict]:
    """Playwright's version of the browser it launched, and what its debugging port says."""
    port = free_port()
    # What Lighthouse asks first: the browser on the port, and where to connect to it.
    with (
        launch_chromium(f"--remote-debugging-port={port}") as browser,
        urllib.request.urlopen(f"http://127.0.0.1:{port}/json/version", timeout=30) as answer,
    ):
        return browser.version, {**json.load(answer), "port": port}


def test_the_launched_chromium_answers_on_its_debugging_port(chromium):
    # A thread of its own: the session's browser fixture may run Playwright on this one.
    with ThreadPoolExecutor(1) as thread:
        version, found = thread.submit(launch_and_ask).result()
    assert version in found["Browser"], found
    assert found["webSocketDebuggerUrl"].startswith(f"ws://127.0.0.1:{found['port']}/"), found
