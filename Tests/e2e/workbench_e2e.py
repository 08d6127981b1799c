"""End-to-end test of `feesim serve` in real headless Chromium, driven by Selenium (a test tool, never the product).

Usage: python3 workbench_e2e.py URL ROOT [--replications R --months M] [--screenshot FILE]

Opens the page, checks it answers, changes the pilot to 5 buildings and the visit cost to 20 yuan (each marked as
changed with the file's value, and listed), moves a slider, switches to another strategy and back (the edits are kept
and marked), types a value out of range (its message appears beside the field, the path once), switches to Chinese,
asks the default "what would it take" question (the answer names the parameter and its unit), saves the variant
(beside the community's files, titled with its changes) and exports its report, and fails (exit status 1) on any
JavaScript error. After every change it checks that the page
says how many replications are behind the figure it shows — first the first 20 of them when the full count is
larger, then all of them — and that the final answer arrives. Prints one JSON line with the response time of each
action (ms, from the change to the final answer on the page) and of its first answer.
"""
import argparse
import json
import os
import sys
import time
import traceback

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


def row(path):
    return driver.find_element(By.CSS_SELECTOR, f'[data-row="{path}"]')


def marked(path, file_value):
    """The row of `path` is marked as changed and shows the file's value."""
    r = row(path)
    check("changed" in r.get_attribute("class").split(), f"{path} is marked as changed")
    note = r.find_element(By.CSS_SELECTOR, "[data-note]").text
    check(f"{file_value}" in note, f"{path} shows the file's value {file_value}: {note!r}")


def choose(select_id, value):
    Select(driver.find_element(By.ID, select_id)).select_by_value(value)


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
    marked("pilot.buildings", 3)
    marked("levers.dunning.ladder[2].cost_per_attempt", 30)
    changes = driver.find_element(By.ID, "changes").text
    check("Pilot buildings: 5 buildings (file: 3 buildings)" in changes and "20 yuan" in changes,
          f"the list of changes names both: {changes!r}")
    check("changed: Pilot buildings 5 buildings" in driver.find_element(By.ID, "variant-title").text,
          "the answer is titled with what changed")

    # Another strategy has its own edits (none yet); switching back restores these, marked.
    other = "mixed-cogovernance"
    answered("switch strategy", lambda: choose("strategy", other))
    check(Select(driver.find_element(By.ID, "strategy")).first_selected_option.get_attribute("value") == other,
          "the other strategy is shown")
    check(not driver.find_elements(By.CSS_SELECTOR, ".param.changed"), "the other strategy starts from its files")
    check("mixed-full-plan" in driver.find_element(By.ID, "kept").text or "Full plan" in driver.find_element(By.ID, "kept").text,
          "the page says where the edits were kept")
    answered("switch strategy back", lambda: choose("strategy", "mixed-full-plan"))
    check(driver.find_element(By.CSS_SELECTOR, '[data-path="pilot.buildings"]').get_attribute("value") == "5",
          "the pilot edit is kept across the strategy switch")
    check(driver.find_element(By.CSS_SELECTOR, '[data-path="levers.dunning.ladder[2].cost_per_attempt"]')
          .get_attribute("value") == "20", "the visit cost edit is kept across the strategy switch")
    marked("pilot.buildings", 3)

    # A value out of range: its message beside its field, naming the path once, nothing under the answer.
    bad = "levers.cogovernance.mediation_prob"
    set_number(bad, 1.5)
    wait.until(lambda d: d.find_element(By.CSS_SELECTOR, f'[data-err-for="{bad}"]').text != "")
    message = driver.find_element(By.CSS_SELECTOR, f'[data-err-for="{bad}"]').text
    check(message.count(bad) == 1 and "[0, 1]" in message, f"the message names the path once and what is allowed: {message!r}")
    check(driver.find_element(By.CSS_SELECTOR, '[data-err="run"]').text == "", "the error is beside its field only")
    check(driver.execute_script("const r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight",
                                driver.find_element(By.CSS_SELECTOR, f'[data-err-for="{bad}"]')), "the message is on screen")
    answered("undo the bad value", lambda: row(bad).find_element(By.CSS_SELECTOR, "[data-undo]").click())
    check(driver.find_element(By.CSS_SELECTOR, f'[data-err-for="{bad}"]').text == "", "the message goes with the value")

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

    # What would it take: the question the page opens with (mediation for 87% in year 1).
    check(Select(driver.find_element(By.ID, "goal-parameter")).first_selected_option.get_attribute("value")
          == "levers.cogovernance.mediation_prob", "the default question moves mediation")
    # From the file's mediation (the slider above moved it to the top of its range, where there is nothing to search).
    answered("undo the mediation slider", lambda: row("levers.cogovernance.mediation_prob")
             .find_element(By.CSS_SELECTOR, "[data-undo]").click())
    check("changed" not in row("levers.cogovernance.mediation_prob").get_attribute("class").split(),
          "the undone value is no longer marked")

    def goal_errors(d):
        return " ".join(e.text for e in d.find_elements(By.CSS_SELECTOR, "#goal-box .err") if e.text)
    start = time.time()
    driver.find_element(By.ID, "goal-run").click()
    wait.until(lambda d: d.find_element(By.ID, "goal-answer").text not in ("", "计算中…", "running…") or goal_errors(d))
    timings["what would it take"] = round((time.time() - start) * 1000)
    check(goal_errors(driver) == "", f"the goal search answers: {goal_errors(driver)}")
    goal_text = driver.find_element(By.ID, "goal-answer").text
    check("调解成功率" in goal_text and "/月" in goal_text and "第 12 月" in goal_text,
          f"the answer names the parameter, its unit and the month: {goal_text!r}")
    print("goal answer: " + goal_text, file=sys.stderr)

    name = driver.find_element(By.ID, "name")
    name.clear()
    name.send_keys("e2e-variant")
    start = time.time()
    driver.find_element(By.ID, "save").click()
    wait.until(lambda d: "Scenarios/mixed/e2e-variant.yaml" in d.find_element(By.ID, "file-answer").text
               or d.find_element(By.CSS_SELECTOR, '[data-err="name"]').text != "")
    timings["save"] = round((time.time() - start) * 1000)
    saved = os.path.join(args.root, "Scenarios", "mixed", "e2e-variant.yaml")
    check(os.path.exists(saved), "the variant is saved beside the community's files")
    text = open(saved, encoding="utf-8").read()
    check("extends: full-plan.yaml" in text and "buildings: 5" in text and "cost_per_attempt: 20" in text
          and "changed: Pilot buildings 5 buildings" in text,
          "the saved file extends the strategy with the changes and is titled with them:\n" + text)
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

    # Every console message is a problem, but for the refused second save (a 409) and the value typed out of range
    # (one 422), which the page shows beside their fields as it should.
    expected = [("/api/save", "409"), ("/api/run", "422")]
    problems = [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")
                and not any(route in e["message"] and status in e["message"] for route, status in expected)]
    check(not problems, f"the console shows: {problems}")
    print(json.dumps({"timings_ms": timings, "first_answer_ms": first_timings}, ensure_ascii=False))
except Exception as error:  # one readable line for the Swift test's report, then where it happened
    print(f"E2E FAILED: {type(error).__name__}: {error}", file=sys.stderr)
    print(traceback.format_exc(limit=-1), file=sys.stderr)
    try:
        print("page status: " + driver.find_element(By.ID, "status").text + " | errors: "
              + " | ".join(e.text for e in driver.find_elements(By.CSS_SELECTOR, ".err") if e.text), file=sys.stderr)
    except Exception:
        pass
    sys.exit(1)
finally:
    driver.quit()
