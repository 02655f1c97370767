"""The course through nbgrader's exchange, as a JupyterHub serves a class (docs/HUB.md).

The instructor releases the sample chapter (tests/fixtures/grading) to an
exchange folder; two students, each with their own home, working folder and
student id, fetch it, answer and submit; the instructor collects, autogrades
with the course's sandboxed ``grade`` command, writes feedback with the
course's ``feedback`` command and releases it; each student fetches their
own feedback. Real nbgrader commands, real exchange folder, real gradebook.
"""

import csv
import html
import os
import pathlib
import re
import shutil
import subprocess
import sys
import time

import nbformat
import pytest

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("grading")]

REPO = pathlib.Path(__file__).resolve().parent.parent
FIXTURE = REPO / "tests" / "fixtures" / "grading" / "course"
COURSE = "lime-teach"
CHAPTER = "00_sample"
CELL_TIMEOUT = 30   # seconds per cell while grading: the sample's cells take a second or two

# Right answers (written differently from the solutions) and a wrong one.
KERNEL = "def kernel(d, kernel_width):\n    return np.exp(-np.asarray(d) ** 2 / (2 * kernel_width ** 2))\n"
DISTANCE = ("def cosine_distance(masks):\n    masks = np.asarray(masks)\n"
            "    return 1 - np.sqrt(masks.sum(axis=1) / masks.shape[1])\n")
WRONG_DISTANCE = "def cosine_distance(masks):\n    return np.zeros(len(masks))\n"
# Autograded points of the sample: ex_kernel_tests 2, ex_cosine_distance_tests 3 + tests2 1 (of 6;
# the 3 TOSUBMIT points are given by hand later, 0 until then).
STUDENTS = {
    "alice": {"answers": {"ex_kernel": KERNEL, "ex_cosine_distance": DISTANCE}, "score": 6.0,
              "marker": "masks.sum(axis=1)"},
    # bob: the kernel (2) and, with a wrong distance, only the test that it calls no reference (1)
    "bob": {"answers": {"ex_kernel": KERNEL, "ex_cosine_distance": WRONG_DISTANCE}, "score": 3.0,
            "marker": "np.zeros(len(masks))"},
}


def run(command, cwd, env=None, timeout=900):
    start = time.monotonic()
    result = subprocess.run(command, cwd=cwd, env={**os.environ, **(env or {})}, capture_output=True, text=True,
                            timeout=timeout)
    assert result.returncode == 0, f"{' '.join(map(str, command))} failed:\n{result.stdout[-4000:]}\n" \
                                   f"{result.stderr[-4000:]}"
    print(f"{time.monotonic() - start:6.1f} s  {' '.join(map(str, command[1:5]))}")
    return result.stdout + result.stderr


class Instructor:
    """The course folder on the hub and the commands an instructor runs there."""

    def __init__(self, root, exchange):
        self.root, self.exchange = root, exchange

    def course(self, *args):
        """``python -m tools.course --root <course> ...``, what ``make release``/``make grade`` run."""
        return run([sys.executable, "-m", "tools.course", "--root", str(self.root), *args], cwd=REPO)

    def nbgrader(self, *args):
        """An nbgrader exchange command with the course's nbgrader_config.py (read from the repository)."""
        return run([sys.executable, "-m", "nbgrader", *args, f"--CourseDirectory.root={self.root}",
                    f"--CourseDirectory.db_url=sqlite:///{self.root / 'gradebook.db'}",
                    f"--Exchange.root={self.exchange}", f"--CourseDirectory.course_id={COURSE}"], cwd=REPO)


class Student:
    """A student's account on the hub: own home, own working folder, own id (the hub's user name)."""

    def __init__(self, name, home, exchange):
        self.name, self.home, self.exchange = name, home, exchange
        (home / ".jupyter").mkdir(parents=True)
        # What the hub's image gives every student (docs/HUB.md): the exchange and the course.
        (home / ".jupyter" / "nbgrader_config.py").write_text(
            "c = get_config()\n"
            f"c.Exchange.root = {str(exchange)!r}\n"
            f"c.CourseDirectory.course_id = {COURSE!r}\n"
            f"c.CourseDirectory.student_id = {name!r}\n")

    def nbgrader(self, *args):
        env = {"HOME": str(self.home), "USER": self.name, "LOGNAME": self.name,
               "JUPYTER_CONFIG_DIR": str(self.home / ".jupyter"), "JUPYTERHUB_USER": self.name}
        return run([sys.executable, "-m", "nbgrader", *args], cwd=self.home, env=env)

    def notebook(self):
        return self.home / CHAPTER / f"{CHAPTER}.ipynb"

    def answer(self, answers):
        nb = nbformat.read(self.notebook(), as_version=4)
        for cell in nb.cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            if grade_id in answers:
                cell.source = answers[grade_id]
        nbformat.write(nb, self.notebook())


@pytest.fixture(scope="module")
def semester(tmp_path_factory):
    """One pass of the whole workflow; returns (instructor, {name: Student}, logs)."""
    base = tmp_path_factory.mktemp("hub")
    exchange = base / "exchange"
    exchange.mkdir()
    exchange.chmod(0o777)   # on a hub every user writes here (nbgrader's default layout)
    root = base / "course"
    shutil.copytree(FIXTURE / "solutions", root / "solutions")
    instructor = Instructor(root, exchange)
    logs = {}

    logs["release"] = instructor.course("release")
    logs["release_assignment"] = instructor.nbgrader("release_assignment", CHAPTER)
    students = {name: Student(name, base / "home" / name, exchange) for name in STUDENTS}
    for name, student in students.items():
        logs[f"fetch {name}"] = student.nbgrader("fetch_assignment", CHAPTER)
        student.answer(STUDENTS[name]["answers"])
        logs[f"submit {name}"] = student.nbgrader("submit", CHAPTER)
    logs["collect"] = instructor.nbgrader("collect", CHAPTER)
    logs["grade"] = instructor.course("grade", "--jobs", "1", "--timeout", str(CELL_TIMEOUT))
    logs["feedback"] = instructor.course("feedback")
    logs["release_feedback"] = instructor.nbgrader("release_feedback", CHAPTER)
    for name, student in students.items():
        logs[f"fetch_feedback {name}"] = student.nbgrader("fetch_feedback", CHAPTER)
    return instructor, students, logs


def grades(root):
    with open(root / "grades.csv", newline="") as f:
        return {row["student_id"]: float(row["score"]) for row in csv.DictReader(f)
                if row["assignment"] == CHAPTER}


def test_release_reaches_the_exchange_without_solutions(semester):
    instructor, students, _ = semester
    released = instructor.exchange / COURSE / "outbound" / CHAPTER / f"{CHAPTER}.ipynb"
    assert released.is_file()
    text = released.read_text()
    assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text
    for student in students.values():
        assert student.notebook().is_file(), f"{student.name} fetched the chapter into their home"


def test_each_submission_is_collected_under_its_student(semester):
    instructor, _, _ = semester
    inbound = sorted(p.name.split("+")[0] for p in (instructor.exchange / COURSE / "inbound").iterdir())
    assert inbound == sorted(STUDENTS)
    for name in STUDENTS:
        assert (instructor.root / "submitted" / name / CHAPTER / f"{CHAPTER}.ipynb").is_file()
        assert (instructor.root / "submitted" / name / CHAPTER / "timestamp.txt").is_file()


@pytest.mark.parametrize("name", sorted(STUDENTS))
def test_each_student_gets_their_grade(semester, name):
    instructor, _, _ = semester
    assert grades(instructor.root)[name] == STUDENTS[name]["score"]


def visible(page):
    """The text a browser shows of a feedback page (code is highlighted token by token)."""
    page = re.sub(r"<(style|script)[^>]*>.*?</\1>", "", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", page))


@pytest.mark.parametrize("name", sorted(STUDENTS))
def test_each_student_fetches_their_own_feedback(semester, name):
    _, students, _ = semester
    pages = sorted((students[name].home / CHAPTER / "feedback").glob(f"*/{CHAPTER}.html"))
    assert len(pages) == 1, f"{name} fetched {pages}"
    text = visible(pages[0].read_text())
    assert re.search(rf"Score:\s*{STUDENTS[name]['score']:g}(\.0+)?\s*/\s*9", text), text[:1500]
    assert "BEGIN HIDDEN TESTS" not in text and "BEGIN SOLUTION" not in text
    assert STUDENTS[name]["marker"] in text, "the page shows this student's own answer"
    for other in STUDENTS:
        if other != name:
            assert STUDENTS[other]["marker"] not in text, f"{name}'s feedback shows {other}'s answer"
