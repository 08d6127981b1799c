"""End-to-end test of `feesim serve` in real headless Chromium, driven by Selenium (a test tool, never the product).

Usage: python3 workbench_e2e.py URL ROOT [--replications R --months M] [--screenshot FILE]

Opens the page, checks it answers, changes the pilot to 5 buildings and the visit cost to 20 yuan, moves a
slider, switches to Chinese, asks what co-governance's peer effect would have to be, saves the variant and
exports its report, and fails (exit status 1) on any JavaScript error. After every change it checks that the page
says how many replications are behind the figure it shows — first the first 20 of them when the full count is
larger, then all of them — and that the final answer arrives. Prints one JSON line with the response time of each
action (ms, from the change to the final answer on the page) and of its first answer.
"""
import argparse
import json
import os
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

parser = argparse.ArgumentParser()
parser.add_argument("url")
parser.add_argument("root")
parser.add_argument("--replications", type=int, default=0, help="0: the scenario's own")
parser.add_argument("--months", type=int, default=0)
parser.add_argument("--screenshot")
args = parser.parse_args()

options = Options()
for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,2000", "--lang=en-US"]:
    options.add_argument(flag)
options.binary_location = "/usr/bin/chromium"
options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
driver = webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))
wait = WebDriverWait(driver, 180, poll_frequency=0.05)
timings = {}
first_timings = {}
FIRST = 20   # the page's first batch of replications (WorkbenchPage's FIRST)


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def runs():
    return int(driver.find_element(By.TAG_NAME, "body").get_attribute("data-runs") or 0)


# Records, in the page, every text the replication line shows and when (ms on the page's clock), so that a first
# answer replaced within one poll is still seen.
WATCH = """
window.__behind = [];
window.__t0 = performance.now();
if (!window.__observer) {
  window.__observer = new MutationObserver(() => window.__behind.push(
    {t: performance.now() - window.__t0, text: document.getElementById('behind').textContent,
     replications: +document.body.dataset.replications, target: +document.body.dataset.target}));
  window.__observer.observe(document.getElementById('behind'), {childList: true, characterData: true, subtree: true});
}
"""


def answered(name, action):
    """Does `action`, then waits until the page shows a newer final answer; records how long the first and the final
    answer took, and checks that each says how many replications are behind it."""
    before = runs()
    driver.execute_script(WATCH)
    start = time.time()
    action()
    wait.until(lambda d: runs() > before and "running" not in d.find_element(By.ID, "status").text
               and "计算中" not in d.find_element(By.ID, "status").text)
    timings[name] = round((time.time() - start) * 1000)
    errors = driver.find_element(By.CSS_SELECTOR, '[data-err="run"]').text
    check(errors == "", f"{name}: the page shows an error: {errors}")
    shown = driver.execute_script("return window.__behind")
    body = driver.find_element(By.TAG_NAME, "body")
    target = int(body.get_attribute("data-target"))
    check(int(body.get_attribute("data-replications")) == target,
          f"{name}: the final answer is from all {target} replications")
    words = ("of", "replications") if driver.execute_script("return lang") == "en" else ("/", "次重复")
    final = driver.find_element(By.ID, "behind").text
    check(f"{target} {words[0]} {target} {words[1]}" in final, f"{name}: the page says the figure is from all "
          f"{target} replications: {final!r}")
    counts = [a["replications"] for a in shown]
    if target > FIRST:
        check(FIRST in counts and counts.index(FIRST) < counts.index(target),
              f"{name}: a first answer from {FIRST} of {target} replications came before the full one: {shown}")
        first = shown[counts.index(FIRST)]
        check(f"{FIRST} {words[0]} {target} {words[1]}" in first["text"], f"{name}: the first answer says so: {first}")
        first_timings[name] = round(first["t"])
    check(counts and counts[-1] == target, f"{name}: the last answer shown is the full one: {shown}")


def set_number(path, value):
    box = driver.find_element(By.CSS_SELECTOR, f'[data-path="{path}"]')
    box.clear()
    box.send_keys(str(value))
    box.send_keys(Keys.TAB)   # the change event


try:
    start = time.time()
    driver.get(args.url)
    wait.until(lambda d: runs() >= 1)
    timings["open"] = round((time.time() - start) * 1000)
    check(Select(driver.find_element(By.ID, "comparison")).first_selected_option.get_attribute("value")
          == "Scenarios/mixed/compare.yaml", "the default community is the mixed one")
    check(Select(driver.find_element(By.ID, "strategy")).first_selected_option.get_attribute("value")
          == "mixed-full-plan", "the default strategy is the full plan")
    check(len(driver.find_elements(By.CSS_SELECTOR, "#fans svg")) == 2, "a fan chart for the status quo and the strategy")
    check("Full plan, phased" in driver.find_element(By.ID, "summary").text, "the summary table names the strategy")

    def settings():
        for key, value in [("replications", args.replications), ("months", args.months)]:
            if value:
                box = driver.find_element(By.ID, key)
                box.clear()
                box.send_keys(str(value))
                box.send_keys(Keys.TAB)
    if args.replications or args.months:
        answered("settings", settings)

    fan = driver.find_element(By.ID, "fans").get_attribute("innerHTML")
    answered("pilot 5 buildings", lambda: set_number("pilot.buildings", 5))
    check(driver.find_element(By.ID, "fans").get_attribute("innerHTML") != fan, "the chart changes with the pilot")
    answered("visit cost 20 yuan", lambda: set_number("levers.dunning.ladder[2].cost_per_attempt", 20))

    # Move a slider as a hand would: set its value and fire the input event the browser fires while dragging.
    net = driver.find_element(By.ID, "k-net").text
    slider = driver.find_element(By.CSS_SELECTOR, '[data-slider="levers.cogovernance.mediation_prob"]')
    answered("slider: mediation", lambda: driver.execute_script(
        "arguments[0].value = arguments[0].max; arguments[0].dispatchEvent(new Event('input'))", slider))
    check(driver.find_element(By.ID, "k-net").text != net, "moving the mediation slider changes the net benefit")

    answered("switch to Chinese", lambda: driver.find_element(By.ID, "lang-zh").click())
    check(driver.title == "FeeSim 方案推演台", "the title is Chinese")
    check("完整方案" in driver.find_element(By.ID, "summary").text and "收缴率" in driver.find_element(By.ID, "summary").text,
          "the summary is Chinese")
    check(driver.find_element(By.CSS_SELECTOR, '[data-path="pilot.buildings"]').get_attribute("value") == "5",
          "changes survive the language switch")

    # What would it take: the peer effect for 90% of the target window.
    Select(driver.find_element(By.ID, "goal-parameter")).select_by_value("levers.cogovernance.peer_multiplier")
    start = time.time()
    driver.find_element(By.ID, "goal-run").click()
    wait.until(lambda d: d.find_element(By.ID, "goal-answer").text not in ("", "计算中…", "running…")
               or d.find_element(By.CSS_SELECTOR, '[data-err="goal"]').text != "")
    timings["what would it take"] = round((time.time() - start) * 1000)
    check(driver.find_element(By.CSS_SELECTOR, '[data-err="goal"]').text == "", "the goal search answers")

    name = driver.find_element(By.ID, "name")
    name.clear()
    name.send_keys("e2e-variant")
    start = time.time()
    driver.find_element(By.ID, "save").click()
    wait.until(lambda d: "Scenarios/e2e-variant.yaml" in d.find_element(By.ID, "file-answer").text
               or d.find_element(By.CSS_SELECTOR, '[data-err="name"]').text != "")
    timings["save"] = round((time.time() - start) * 1000)
    saved = os.path.join(args.root, "Scenarios", "e2e-variant.yaml")
    check(os.path.exists(saved), "the variant is saved under Scenarios/")
    text = open(saved, encoding="utf-8").read()
    check("extends: mixed/full-plan.yaml" in text and "buildings: 5" in text and "cost_per_attempt: 20" in text,
          "the saved file extends the strategy with the changes:\n" + text)
    driver.find_element(By.ID, "save").click()   # again: refused, never overwritten
    wait.until(lambda d: "already exists" in d.find_element(By.CSS_SELECTOR, '[data-err="name"]').text)
    check(open(saved, encoding="utf-8").read() == text, "the saved file is unchanged")

    start = time.time()
    driver.find_element(By.ID, "export").click()
    wait.until(lambda d: "Results/e2e-variant" in d.find_element(By.ID, "file-answer").text
               or d.find_element(By.CSS_SELECTOR, '[data-err="name"]').text != "")
    timings["export"] = round((time.time() - start) * 1000)
    check(os.path.exists(os.path.join(args.root, "Results", "e2e-variant", "report.html")), "the report is exported")

    if args.screenshot:
        driver.find_element(By.ID, "lang-en").click()
        wait.until(lambda d: d.title.startswith("FeeSim workbench"))
        time.sleep(1)
        wait.until(lambda d: "running" not in d.find_element(By.ID, "status").text)
        driver.save_screenshot(args.screenshot)

    # Every console message is a problem, but for the refused second save (a 409 the page shows as it should).
    problems = [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")
                and not ("/api/save" in e["message"] and "409" in e["message"])]
    check(not problems, f"the console shows: {problems}")
    print(json.dumps({"timings_ms": timings, "first_answer_ms": first_timings}, ensure_ascii=False))
except Exception as error:  # one readable line for the Swift test's report
    print(f"E2E FAILED: {error}", file=sys.stderr)
    sys.exit(1)
finally:
    driver.quit()
