"""The teacher's web app in headless Chromium, against the real satchel-server and the
real satchel client: a teacher signs in, makes a class, pastes a roster and prints the
invite sheet; two students join with invites read off that sheet and sync; the class
page shows their devices; the teacher imports the sample lesson and assigns it; the
students take the quiz offline and sync while the gradebook is open, and their scores
appear without a reload; the teacher grades an essay and the total changes; the CSV
downloaded from the page is what `satchel gradebook --format csv` prints. axe-core checks every page (no serious or critical
violations), the pages fit a phone's width, and the browser trusts exactly the server's
own certificate (by its public key), nothing else.

Run by scripts/browser-test, which installs what this needs."""

import base64
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import unittest

from axe_selenium_python import Axe
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

SERVER = os.environ["SATCHEL_SERVER_BINARY"]
SATCHEL = os.environ["SATCHEL_BINARY"]
SCREENSHOTS = os.environ.get("SATCHEL_SCREENSHOTS") or ""
PASSWORD = "long-enough-pw"
LESSON = "The Khrushchev Years: How Far Could De-Stalinization Go?"
# The sample quiz answered in order, the essay last, then "y" to submit (satchel quiz
# reads answers a line each when its input is not a terminal).
SAMPLE_ANSWERS = ["1953", "B", "1956", "A", "A,B", "Gomulka", "F", "Imre Nagy", "C,E,D,A", "38", "1953", "B", "F", "NATO",
                  "1952", "A", "The US feared a wider war.", "y"]
SAMPLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Samples")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class School:
    """satchel-server on a data folder of its own, with the teacher ana."""

    def __init__(self, root):
        self.data = os.path.join(root, "server")
        self.port = free_port()
        subprocess.run([SERVER, "teacher", "add", "ana", "--data", self.data, "--password-stdin"],
                       input=PASSWORD + "\n", text=True, check=True, capture_output=True)
        self.log = open(os.path.join(root, "server.log"), "w")
        self.process = subprocess.Popen(
            [SERVER, "serve", "--data", self.data, "--host", "127.0.0.1", "--port", str(self.port),
             "--public-address", f"localhost:{self.port}"],
            stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while "Stop with Ctrl-C" not in self.output(root):
            if self.process.poll() is not None or time.time() > deadline:
                raise RuntimeError("satchel-server did not start:\n" + self.output(root))
            time.sleep(0.1)
        self.url = f"https://localhost:{self.port}"

    @staticmethod
    def output(root):
        with open(os.path.join(root, "server.log")) as log:
            return log.read()

    def leaf_key_pin(self):
        """The leaf's public key as Chromium's --ignore-certificate-errors-spki-list wants it."""
        key = subprocess.run(["openssl", "x509", "-in", os.path.join(self.data, "tls", "leaf.pem"), "-noout", "-pubkey"],
                             check=True, capture_output=True).stdout
        der = subprocess.run(["openssl", "pkey", "-pubin", "-outform", "der"], input=key, check=True, capture_output=True).stdout
        digest = subprocess.run(["openssl", "dgst", "-sha256", "-binary"], input=der, check=True, capture_output=True).stdout
        return base64.b64encode(digest).decode()

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()


class TeacherWebTest(unittest.TestCase):
    def setUp(self):
        self.root = tempfile.mkdtemp(prefix="satchel-browser-")
        self.school = School(self.root)
        options = webdriver.ChromeOptions()
        options.binary_location = shutil.which("chromium")
        self.downloads = os.path.join(self.root, "downloads")
        options.add_experimental_option("prefs", {"download.default_directory": self.downloads,
                                                  "download.prompt_for_download": False})
        for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1100,900",
                     "--ignore-certificate-errors-spki-list=" + self.school.leaf_key_pin()]:
            options.add_argument(flag)
        self.browser = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
        self.browser.implicitly_wait(5)
        self.checked = []

    def tearDown(self):
        self.browser.quit()
        self.school.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    # What every page must pass.
    def check_page(self, name):
        if SCREENSHOTS:
            os.makedirs(SCREENSHOTS, exist_ok=True)
            # The page's top, however far a form or the live update left it scrolled.
            self.browser.execute_script("window.scrollTo(0, 0)")
            self.browser.save_screenshot(os.path.join(SCREENSHOTS, name + ".png"))
        axe = Axe(self.browser)
        axe.inject()
        results = axe.run()
        serious = [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
                   for v in results["violations"] if v["impact"] in ("serious", "critical")]
        self.assertEqual(serious, [], f"axe on the {name} page")
        widths = self.browser.execute_script(
            "return [document.documentElement.scrollWidth, document.documentElement.clientWidth,"
            " [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth).map(e => e.tagName + '.' + e.className).slice(0, 5)]")
        self.assertLessEqual(widths[0], widths[1], f"the {name} page scrolls sideways: {widths}")
        for field in self.browser.find_elements(By.CSS_SELECTOR, "input:not([type=hidden]), textarea, select"):
            field_id = field.get_attribute("id")
            self.assertTrue(field_id and self.browser.find_elements(By.CSS_SELECTOR, f"label[for='{field_id}']"),
                            f"a field without a label on the {name} page")
        self.checked.append(name)

    def submit(self, button):
        """Clicks a form's button and waits for the page it leads to."""
        old = self.browser.find_element(By.TAG_NAME, "html")
        self.browser.find_element(By.CSS_SELECTOR, button).click()

        def left(_):
            # Chromium answers "stale element" or, mid-navigation, another error about
            # the node: either way the old document is gone.
            try:
                old.is_enabled()
                return False
            except WebDriverException:
                return True
        WebDriverWait(self.browser, 10).until(left)
        WebDriverWait(self.browser, 10).until(lambda b: b.execute_script("return document.readyState") == "complete")

    def satchel(self, home, *arguments):
        result = subprocess.run([SATCHEL, *arguments], env={**os.environ, "SATCHEL_HOME": home},
                                capture_output=True, text=True, timeout=120)
        self.assertEqual(result.returncode, 0, f"satchel {' '.join(arguments)}: {result.stderr}")
        return result.stdout

    def test_a_teacher_sets_up_a_class_whose_students_join_from_the_invite_sheet(self):
        browser = self.browser
        browser.get(self.school.url + "/")
        self.assertEqual(browser.title, "Sign in · Satchel")
        self.check_page("sign-in")

        browser.find_element(By.ID, "username").send_keys("ana")
        browser.find_element(By.ID, "password").send_keys("wrong password")
        self.submit("form[action='/sign-in'] button")
        self.assertIn("wrong username or password", browser.find_element(By.CSS_SELECTOR, "[role=alert]").text)

        browser.find_element(By.ID, "username").send_keys("ana")
        browser.find_element(By.ID, "password").send_keys(PASSWORD)
        self.submit("form[action='/sign-in'] button")
        self.assertTrue(browser.current_url.endswith("/classes"), browser.current_url)
        cookie = browser.get_cookie("satchel_session")
        self.assertTrue(cookie["httpOnly"] and cookie["secure"] and cookie["sameSite"] == "Strict", cookie)
        self.assertFalse(browser.execute_script("return document.cookie.includes('satchel_session')"), "script can read the session")
        self.check_page("classes-empty")

        browser.find_element(By.ID, "class-name").send_keys("History 9")
        self.submit("form[action='/classes'] button")
        self.assertEqual(browser.find_element(By.TAG_NAME, "h1").text, "History 9")
        browser.find_element(By.ID, "names").send_keys("Zofia Nowak\nBen Okafor\n")
        self.submit("form[action$='/students'] button")
        rows = [row.text for row in browser.find_elements(By.CSS_SELECTOR, "tbody tr")]
        self.assertEqual(rows, ["Ben Okafor not joined yet", "Zofia Nowak not joined yet"])
        class_page = browser.current_url
        self.check_page("class")

        self.submit("form[action$='/invite-sheet'] button")
        slips = browser.find_elements(By.CSS_SELECTOR, ".slip")
        self.assertEqual(len(slips), 2)
        self.check_page("invite-sheet")
        invites = {}
        for slip in slips:
            name = slip.find_element(By.CSS_SELECTOR, ".slip-name").text
            command = slip.find_element(By.CSS_SELECTOR, ".slip-command").text
            invites[name] = re.search(r"'(satchel://[^']+)'", command).group(1)
        self.assertEqual(sorted(invites), ["Ben Okafor", "Zofia Nowak"])

        # Two students join with the real client, from what the sheet says, and sync.
        for name, invite in invites.items():
            home = os.path.join(self.root, name.split()[0].lower())
            self.satchel(home, "join", invite)
            self.satchel(home, "sync")

        browser.get(class_page)
        for row in browser.find_elements(By.CSS_SELECTOR, "tbody tr"):
            self.assertRegex(row.text, r": \d{4}-\d\d-\d\d \d\d:\d\d UTC; nothing waiting", "each student's device, its last sync and what waits on it")

        # At a phone's width the pages still fit.
        browser.set_window_size(390, 844)
        browser.get(class_page)
        self.check_page("class-phone")
        browser.set_window_size(1100, 900)

        # The sample lesson and its quiz, chosen as files (the page's script reads them
        # into the form), then a quiz with a mistake, shown against its line.
        browser.find_element(By.LINK_TEXT, "Lessons").click()
        WebDriverWait(browser, 10).until(lambda b: b.title == "Lessons · Satchel")
        browser.find_element(By.ID, "lesson-file").send_keys(os.path.realpath(os.path.join(SAMPLES, "khrushchev-years.md")))
        browser.find_element(By.ID, "quiz-file").send_keys(os.path.realpath(os.path.join(SAMPLES, "khrushchev-years.gift")))
        WebDriverWait(browser, 10).until(lambda b: b.find_element(By.ID, "quiz").get_property("value")
                                         and b.find_element(By.ID, "lesson").get_property("value"))
        self.assertEqual(browser.find_element(By.ID, "quiz-name").get_property("value"), "khrushchev-years.gift")
        self.submit("form[action='/lessons'] button")
        self.assertEqual(browser.find_element(By.TAG_NAME, "h1").text, "The Khrushchev Years: How Far Could De-Stalinization Go?")
        self.assertEqual(len(browser.find_elements(By.CSS_SELECTOR, ".questions > li")), 17)
        self.check_page("lesson")

        browser.find_element(By.LINK_TEXT, "Lessons").click()
        WebDriverWait(browser, 10).until(lambda b: b.title == "Lessons · Satchel")
        browser.find_element(By.ID, "lesson-file").send_keys(os.path.realpath(os.path.join(SAMPLES, "khrushchev-years.md")))
        WebDriverWait(browser, 10).until(lambda b: b.find_element(By.ID, "lesson").get_property("value"))
        browser.find_element(By.ID, "quiz").send_keys("::Q1::Who spoke in secret? {=Khrushchev ~Malenkov}\n\n::Q2::In which year? {#1956\n")
        self.submit("form[action='/lessons'] button")
        alert = browser.find_element(By.CSS_SELECTOR, "[role=alert]").text
        self.assertIn("line 3", alert)
        self.assertIn("::Q2::In which year? {#1956", alert)
        self.assertEqual(len(browser.find_elements(By.CSS_SELECTOR, ".cards li")), 1, "the broken quiz added nothing")
        self.check_page("lesson-problems")

        # The lesson assigned to the class from its page; the students' devices get it.
        browser.get(class_page)
        # (Typing into a datetime-local field depends on the browser's locale.)
        browser.execute_script("document.getElementById('assign-due').value = '2026-12-20T09:00'")
        browser.find_element(By.ID, "assign-attempts").send_keys("3")
        self.submit("form[action$='/assignments'] button")
        cells = [cell.text for cell in browser.find_elements(By.CSS_SELECTOR, "tbody tr td")]
        self.assertIn("The Khrushchev Years: How Far Could De-Stalinization Go?", cells)
        self.check_page("class-assigned")
        # Until they sync, the assignment, its lesson and its quiz wait on their devices.
        for device in browser.find_elements(By.CSS_SELECTOR, "ul.devices li"):
            self.assertRegex(device.text, r"; \d+ changes waiting$", "the new assignment waits on each device")
        for name in invites:
            home = os.path.join(self.root, name.split()[0].lower())
            self.satchel(home, "sync")
            self.assertIn("Khrushchev", self.satchel(home, "lessons"))
        browser.get(class_page)
        waiting = [device.text for device in browser.find_elements(By.CSS_SELECTOR, "ul.devices li")]
        self.assertEqual(len(waiting), 2)
        for text in waiting:
            self.assertTrue(text.endswith("; nothing waiting"), text)

        # The gradebook open while the students take the quiz offline and sync: their
        # scores appear without a reload.
        browser.get(class_page)
        browser.find_element(By.LINK_TEXT, "Open the gradebook").click()
        WebDriverWait(browser, 10).until(lambda b: b.title == "Gradebook: History 9 · Satchel")
        gradebook_page = browser.current_url
        self.check_page("gradebook-before")
        page = browser.find_element(By.TAG_NAME, "html")
        for name, wrong_first in [("Zofia Nowak", False), ("Ben Okafor", True)]:
            home = os.path.join(self.root, name.split()[0].lower())
            answers = list(SAMPLE_ANSWERS)
            if wrong_first:
                answers[0] = "1950"
            quiz = subprocess.run([SATCHEL, "quiz", LESSON], input="\n".join(answers) + "\n",
                                  env={**os.environ, "SATCHEL_HOME": home}, capture_output=True, text=True, timeout=120)
            self.assertEqual(quiz.returncode, 0, quiz.stderr)
            self.satchel(home, "sync")
        WebDriverWait(browser, 20).until(
            lambda b: len(b.find_elements(By.CSS_SELECTOR, "#gradebook tbody td a[href^='/attempts/']")) == 2)
        page.tag_name  # the same document: raises had the page been reloaded
        self.assertIn("Updated", browser.find_element(By.ID, "live-status").text)
        rows = {row.find_element(By.TAG_NAME, "th").text: [cell.text for cell in row.find_elements(By.TAG_NAME, "td")]
                for row in browser.find_elements(By.CSS_SELECTOR, "#gradebook tbody tr")}
        self.assertEqual(sorted(rows), ["Ben Okafor", "Zofia Nowak"])
        for cells in rows.values():
            self.assertIn("essay to grade", cells[0])
        self.check_page("gradebook")
        zofia_total = rows["Zofia Nowak"][-1]

        # The essay graded on Zofia's attempt page changes her total.
        browser.find_element(By.XPATH, "//tr[th='Zofia Nowak']//a[starts-with(@href, '/attempts/')]").click()
        WebDriverWait(browser, 10).until(lambda b: b.title.startswith("Zofia Nowak: "))
        self.assertIn("The US feared a wider war.", browser.find_element(By.CSS_SELECTOR, ".answers").text)
        self.check_page("attempt")
        # The sample's essay is worth one point: more is refused, with the range.
        browser.find_element(By.CSS_SELECTOR, "form[action$='/essay-points'] input[name=points]").send_keys("2")
        self.submit("form[action$='/essay-points'] button")
        self.assertIn("give 0 to 1", browser.find_element(By.CSS_SELECTOR, "[role=alert]").text)
        browser.back()
        points = browser.find_element(By.CSS_SELECTOR, "form[action$='/essay-points'] input[name=points]")
        points.clear()
        points.send_keys("1")
        self.submit("form[action$='/essay-points'] button")
        self.assertNotIn("waiting for your points", browser.find_element(By.CSS_SELECTOR, ".answers").text)
        browser.get(gradebook_page)
        zofia = browser.find_element(By.XPATH, "//tr[th='Zofia Nowak']").find_elements(By.TAG_NAME, "td")
        self.assertNotIn("essay to grade", zofia[0].text)
        self.assertEqual(float(zofia[-1].text.split()[0]), float(zofia_total.split()[0]) + 1, "the essay's point added to the total")

        browser.find_element(By.LINK_TEXT, "item analysis").click()
        WebDriverWait(browser, 10).until(lambda b: b.title.endswith("item analysis · Satchel"))
        self.assertEqual(len(browser.find_elements(By.CSS_SELECTOR, "#analysis tbody tr th[scope=row]")) >= 17, True)
        self.assertTrue(browser.find_elements(By.CSS_SELECTOR, "figure.histogram svg rect"))
        self.check_page("item-analysis")

        # The assignment's settings change on its page, which shows them as saved.
        Select(browser.find_element(By.ID, "edit-policy")).select_by_value("latest")
        self.submit("#edit-policy ~ button")
        self.assertEqual(Select(browser.find_element(By.ID, "edit-policy")).first_selected_option.get_attribute("value"), "latest")

        # Ben is excused from the quiz, below the grid: his cell says so and counts nothing.
        browser.get(gradebook_page)
        Select(browser.find_element(By.ID, "mark-student")).select_by_visible_text("Ben Okafor")
        browser.find_element(By.ID, "mark-excused").click()
        self.submit("form[action$='/marks'] button")
        ben = browser.find_element(By.XPATH, "//tr[th='Ben Okafor']").find_elements(By.TAG_NAME, "td")
        self.assertIn("excused", ben[0].text)
        self.assertTrue(ben[-1].text.startswith("0 "), ben[-1].text)

        # The CSV downloaded from the page is the one `satchel gradebook --format csv` prints.
        browser.get(gradebook_page)
        browser.find_element(By.LINK_TEXT, "CSV for a spreadsheet").click()
        downloaded = os.path.join(self.downloads, "history-9.csv")
        WebDriverWait(browser, 20).until(lambda b: os.path.exists(downloaded))
        with open(downloaded, "rb") as file:
            from_page = file.read()
        teacher = os.path.join(self.root, "teacher")
        fingerprint = subprocess.run([SERVER, "fingerprint", "--data", self.school.data], check=True,
                                     capture_output=True, text=True).stdout.strip()
        login = subprocess.run([SATCHEL, "login", self.school.url, "--user", "ana", "--fingerprint", fingerprint, "--password-stdin"],
                               input=PASSWORD + "\n", env={**os.environ, "SATCHEL_HOME": teacher}, capture_output=True, text=True, timeout=120)
        self.assertEqual(login.returncode, 0, login.stderr)
        self.satchel(teacher, "sync")
        from_cli = subprocess.run([SATCHEL, "gradebook", "History 9", "--format", "csv"], env={**os.environ, "SATCHEL_HOME": teacher},
                                  capture_output=True, timeout=120)
        self.assertEqual(from_cli.returncode, 0, from_cli.stderr)
        self.assertEqual(from_page, from_cli.stdout)
        self.assertIn(b"Zofia Nowak", from_page)
        self.assertRegex(from_page.decode(), r"Ben Okafor,[^,]+,EX,0,\r\n", "the excused mark in both")

        self.submit("form[action='/sign-out'] button")
        self.assertEqual(browser.title, "Sign in · Satchel")
        browser.get(class_page)
        self.assertEqual(browser.title, "Sign in · Satchel", "signed out, the class page is not shown")
        print("browser test: checked " + ", ".join(self.checked))


if __name__ == "__main__":
    unittest.main(verbosity=2)
