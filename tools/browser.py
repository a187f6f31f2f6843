"""Chromium as the tests and the measurements run it: Debian's, headless, with no
background traffic, and the phone they measure pages on.

No browser can be downloaded here (``playwright install`` fails): Playwright drives
Debian's Chromium (``apt-get install chromium``), or the one ``BPD_CHROMIUM`` names.
"""

from __future__ import annotations

import os
import subprocess

#: The phone the weights are measured on (and the browser tests' phone).
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}

#: Chromium as the tests and tools run it: headless, no background traffic.
CHROMIUM = os.environ.get("BPD_CHROMIUM", "/usr/bin/chromium")
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
