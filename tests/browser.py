"""Headless Chromium for the tests, driven by Selenium: find the browser, start it offline, stop it.

CI installs Debian's ``chromium`` and ``chromium-driver`` (see ``.ci/run``). Locally, a test
that needs the browser is skipped when neither is installed; under CI (the ``CI``
environment variable set) it fails instead, so that a missing install cannot pass unseen.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from typing import Any

import pytest

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
# Offline and quiet: no sandbox (CI runs as root), no GPU, no background requests, a fresh profile.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
    "--window-size=1400,900",
)


def find_chromium() -> tuple[str, str] | None:
    """The paths of a Chromium browser and of chromedriver, or None if either is missing."""
    browser = next((path for name in BROWSERS if (path := shutil.which(name))), None)
    driver = shutil.which("chromedriver")
    return (browser, driver) if browser and driver else None


def start_chromium() -> Any:
    """A headless Chromium driven by Selenium, with its own new profile directory.

    Skips the test when the browser or driver is missing, except under CI, where it fails.
    """
    found = find_chromium()
    if found is None:
        message = (
            "headless Chromium and chromedriver are not installed (apt-get install chromium chromium-driver)"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    browser, driver = found
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in (*FLAGS, f"--user-data-dir={tempfile.mkdtemp(prefix='chromium-profile-')}"):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(driver), options=options)
