# SPDX-License-Identifier: Apache-2.0
"""--html in a real browser: headless Chromium (Debian's chromium and
chromium-driver, driven by python3-selenium; README command (b)) opens the
report and the test checks what a person sees — the counts, the chart, the
problem rows, search, sorting, paging and a cell's timeline — that values
from the log render as text, that the page logs no error and requests
nothing from the network. A screenshot is kept in the build tree
(test-artifacts/html-report.png)."""
import json
import os
import shutil
import subprocess
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from paths import BINARY, BUILD, EXAMPLES  # noqa: E402

HEALTHY = os.path.join(EXAMPLES, "healthy-fleet.jsonl")
BROKEN = os.path.join(EXAMPLES, "broken-lifecycle.jsonl")
HOSTILE_ID = "<img src=x onerror=alert(1)>"
HOSTILE_REASON = "</script><script>alert(2)</script>"

webdriver = pytest.importorskip(
    "selenium.webdriver", reason="skipped: python3-selenium not installed (README command (b))")
from selenium.common.exceptions import NoAlertPresentException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402


def event(i, kind, data, time="2026-11-27T08:00:00Z"):
    return json.dumps({"specversion": "1.0", "id": "x%d" % i, "source": "t", "time": time,
                       "type": "dev.cellos.events.cell." + kind, "data": data}) + "\n"


@pytest.fixture(scope="module")
def browser():
    for program in ("chromium", "chromedriver"):
        if shutil.which(program) is None:
            pytest.skip("skipped: %s not installed (README command (b) installs chromium and "
                        "chromium-driver)" % program)
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,1400"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    yield driver
    driver.quit()


def open_report(browser, path):
    browser.get("file://" + path)
    browser.get_log("browser")  # what came before this page is not its own
    return browser


def console_errors(browser):
    return [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]


def requests_made(browser):
    urls = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def rows(browser, table):
    return browser.find_elements(By.CSS_SELECTOR, "#%s tbody tr" % table)


def text_of(browser, element_id):
    return browser.find_element(By.ID, element_id).text


def test_the_report_shows_the_replay_and_renders_log_values_as_text(browser, tmp_path):
    hostile = tmp_path / "hostile.jsonl"
    hostile.write_text(
        event(1, "lifecycle.v1.started", {"cellId": HOSTILE_ID, "specId": "s"}, "2026-11-27T08:00:00Z")
        + event(2, "lifecycle.v1.destroyed", {"cellId": HOSTILE_ID, "specId": "s",
                                              "outcome": "failed", "reason": HOSTILE_REASON},
                "2026-11-27T08:05:00Z")
        + "not json " + HOSTILE_REASON + "\n")
    report = str(tmp_path / "report.html")
    logs = [HEALTHY, BROKEN, str(hostile)]
    rc = subprocess.run([BINARY, "-k", "--html", report] + logs, capture_output=True).returncode
    assert rc == 4  # the malformed line
    doc = json.loads(subprocess.run([BINARY, "-k", "-o", "json"] + logs, capture_output=True).stdout)
    b = open_report(browser, report)
    try:
        stats = doc["stats"]
        assert text_of(b, "count-cells") == str(stats["cells"])
        assert text_of(b, "count-events") == str(stats["events"])
        assert text_of(b, "count-problems") == str(len(doc["errors"]))
        failed = sum(n for state, n in stats["cellsByState"].items() if state.endswith("Failed"))
        assert text_of(b, "verdict") == (
            "Problems: 1 malformed line, %d rejected events; %d of %d cells ended in a failed state."
            % (stats["rejected"], failed, stats["cells"]))
        bars = {r.get_attribute("data-state"): int(r.get_attribute("data-count"))
                for r in b.find_elements(By.CSS_SELECTOR, "#chart rect")}
        assert bars == stats["cellsByState"]
        problem_rows = [r.find_elements(By.TAG_NAME, "td") for r in rows(b, "problems")]
        assert [(c[0].text, c[1].text) for c in problem_rows] == [
            ("%s:%d" % (e["file"], e["line"]), e["kind"]) for e in doc["errors"]]
        # Values from the log are text: the hostile id is shown, no image is made, nothing runs.
        names = [r.find_elements(By.TAG_NAME, "td")[0].text for r in rows(b, "cells")]
        assert HOSTILE_ID in names
        assert any(HOSTILE_REASON in r.text for r in rows(b, "cells"))
        assert ("%s:3" % hostile, "malformed") in [(c[0].text, c[1].text) for c in problem_rows]
        assert b.execute_script("return document.images.length") == 0
        assert b.execute_script("return document.scripts.length") == 2  # the data and the page's
        with pytest.raises(NoAlertPresentException):
            b.switch_to.alert.text
        # Search, then sorting by events (most first, as a click on EVENTS does).
        b.find_element(By.ID, "search").send_keys("lint")
        assert [r.find_elements(By.TAG_NAME, "td")[0].text for r in rows(b, "cells")] == ["lint-03be"]
        b.find_element(By.ID, "search").clear()
        b.execute_script("document.getElementById('search').dispatchEvent(new Event('input'))")
        assert len(rows(b, "cells")) == stats["cells"]
        b.find_element(By.CSS_SELECTOR, "th[data-key='4']").click()
        events = [int(r.find_elements(By.TAG_NAME, "td")[4].text) for r in rows(b, "cells")]
        assert events == sorted((c["processedEvents"] for c in doc["cells"]), reverse=True)
        b.find_element(By.CSS_SELECTOR, "th[data-key='0']").click()
        names = [r.find_elements(By.TAG_NAME, "td")[0].text for r in rows(b, "cells")]
        assert names == sorted(names)
        # A cell's timeline: one mark per event with a time.
        row = next(r for r in rows(b, "cells") if r.text.startswith("build-7f3a"))
        row.click()
        marks = b.find_elements(By.CSS_SELECTOR, "#timeline circle")
        events_of_cell = [json.loads(line) for log in (HEALTHY, BROKEN) for line in open(log)]
        expected = sum(1 for e in events_of_cell
                       if e.get("time") and (e.get("data") or {}).get("cellId") == "build-7f3a")
        assert len(marks) == expected > 0
        assert "Cell build-7f3a, now destroyed" in text_of(b, "timeline")
        assert console_errors(b) == []
        assert all(url.startswith("file://") for url in requests_made(b)), requests_made(b)
        artifacts = os.path.join(BUILD, "test-artifacts")
        os.makedirs(artifacts, exist_ok=True)
        b.execute_script("window.scrollTo(0, 0)")
        b.save_screenshot(os.path.join(artifacts, "html-report.png"))
    finally:
        b.get("about:blank")


def test_a_report_of_100k_cells_pages_through_them(browser, tmp_path):
    log = tmp_path / "big.jsonl"
    with open(log, "w") as fh:
        for i in range(100_000):
            fh.write(event(i, "lifecycle.v1.started", {"cellId": "cell-%06d" % i}))
    report = str(tmp_path / "big.html")
    assert subprocess.run([BINARY, "--html", report, str(log)], capture_output=True).returncode == 0
    # About 150 bytes per cell and 25 per timed event (docs/ci.md says so).
    assert os.path.getsize(report) < 200 * 100_000
    b = open_report(browser, report)
    try:
        assert text_of(b, "count-cells") == "100,000"
        assert len(rows(b, "cells")) == 100  # one page at a time
        assert text_of(b, "page-info") == "page 1 of 1,000 (100,000 cells)"
        b.find_element(By.ID, "next").click()
        assert rows(b, "cells")[0].text.startswith("cell-000100")
        b.find_element(By.ID, "search").send_keys("cell-09999")
        assert len(rows(b, "cells")) == 10
        assert console_errors(b) == []
    finally:
        b.get("about:blank")
