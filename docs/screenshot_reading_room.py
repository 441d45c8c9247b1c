"""Take the screenshot of the reading room shown in the docs: ``python docs/screenshot_reading_room.py``.

Builds the page from the newest dataset version, opens it in headless Chromium (Debian's
``chromium`` and ``chromium-driver``) on a deep link to a quote, and saves
``docs/images/reading-room.png``. Run it again when the page's look changes.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE.parent / "src")]

from digital_labor_corpus.publishing.readingroom import page  # noqa: E402
from tests.browser import start_chromium  # noqa: E402

RECORD = "2022-12-09-humanite-interview-q07"


def main() -> None:
    """Write the page, open the deep link, save the screenshot."""
    with tempfile.TemporaryDirectory() as out:
        path = Path(out) / "reading-room.html"
        path.write_text(page(), encoding="utf-8")
        browser = start_chromium()
        try:
            browser.get(f"{path.as_uri()}#{RECORD}")
            time.sleep(1)
            browser.save_screenshot(str(HERE / "images" / "reading-room.png"))
        finally:
            browser.quit()


if __name__ == "__main__":
    main()
