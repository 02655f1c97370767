"""Grading a class with nbgrader: every kind of hand-in gets its exact score.

A small sample course (tests/fixtures/grading/course: one chapter, two
exercises, three test cells worth 2 + 3 + 1 points, two TOSUBMIT answers worth
2 + 1) is released and graded with the real course commands (tools/), real
nbgrader and its sqlite gradebook, two students at a time. The hand-ins are
built from the released student notebook the way students break them. The
slow tests at the end grade the instructor version of every real chapter.
"""

import csv
import json
import pathlib
import shutil
import sqlite3
import subprocess
import sys
import zipfile

import nbformat
import pytest

from tools import feedback as feedback_command
from tools import grade as grading
from tools import notebooks, release, tosubmit
from tools.feedback import visible_text as _text
from tools.nbgrader_runner import gradebook

pytestmark = pytest.mark.xdist_group("grading")

FIXTURE = pathlib.Path(__file__).parent / "fixtures" / "grading" / "course"
CHAPTER = "00_sample"
# Seconds per cell: the endless loop costs this much. Enough for the slowest
# honest cell (importing scikit-learn under assert_no_calls) on a busy machine.
CELL_TIMEOUT = 10

# Right answers written differently from the solutions, so that a solution
# line found in feedback can only have come from solutions/.
# The kernel also warns (to stderr), which would cost its points under nbgrader's own rules.
KERNEL = ("def kernel(d, kernel_width):\n    import warnings\n    warnings.warn('a warning is no failure')\n"
          "    return np.exp(-np.asarray(d) ** 2 / (2 * kernel_width ** 2))\n")
DISTANCE = ("def cosine_distance(masks):\n    masks = np.asarray(masks)\n"
            "    return 1 - np.sqrt(masks.sum(axis=1) / masks.shape[1])\n")
DISTANCE_SKLEARN = ("def cosine_distance(masks):\n"
                    "    from sklearn.metrics.pairwise import cosine_distances\n"
                    "    return cosine_distances(masks, np.ones((1, np.shape(masks)[1]))).ravel()\n")
ANSWER_1 = "The regression weighs its squared errors, so the square root gives each sample the kernel's weight."
ANSWER_2 = "Only the unperturbed image keeps any weight."

# points: ex_kernel_tests 2, ex_cosine_distance_tests 3, ex_cosine_distance_tests2 1 (autograded;
# the last one displays a number close to 0, which nbgrader alone would take as partial credit);
# tosubmit_00_1 2, tosubmit_00_2 1 (by hand, 0 until graded)
EXPECTED = {
    "perfect": 6,
    "blank": 0,
    "tampered": 0,     # blank answers, tests replaced by `pass` and tagged to be skipped: restored, so they fail
    "deleted": 2,      # kernel right, its test cell deleted (restored: 2); distance answer deleted (0)
    "duplicated": 6,   # a wrong then a right copy of the answer, a test copy, a split TOSUBMIT answer
    "crash": 4,        # the kernel answer raises: only the kernel's 2 points go
    "endless": 4,      # the kernel never returns: its test cell times out, the rest is graded
    "partial": 5,      # the distance calls scikit-learn: its hidden no-reference test fails (1)
    "invalidjson": 0,
    "missing": 0,      # no notebook in the hand-in
}


def _cells(nb, grade_id):
    return [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id]


def _set(nb, grade_id, source):
    _cells(nb, grade_id)[0].source = source


def _drop(nb, grade_id):
    nb.cells = [c for c in nb.cells if c not in _cells(nb, grade_id)]


def _copy_before(nb, grade_id, source):
    """A copy of a cell (same metadata, as Jupyter's copy-paste makes it) just before it."""
    original = _cells(nb, grade_id)[0]
    copy = nbformat.from_dict(json.loads(json.dumps(original)))
    copy.pop("id", None)
    copy.source = source
    nb.cells.insert(nb.cells.index(original), copy)


def _answered(nb, kernel=KERNEL, distance=DISTANCE):
    _set(nb, "ex_kernel", kernel)
    _set(nb, "ex_cosine_distance", distance)
    _set(nb, "tosubmit_00_1", ANSWER_1)
    _set(nb, "tosubmit_00_2", ANSWER_2)
    return nb


def _tampered(nb):
    for grade_id in ("ex_kernel_tests", "ex_cosine_distance_tests", "ex_cosine_distance_tests2"):
        cell = _cells(nb, grade_id)[0]
        cell.source = "pass"
        cell.metadata.nbgrader["points"] = 100
        cell.metadata.nbgrader["locked"] = False
        cell.metadata["tags"] = ["explorer"]  # cells so tagged are not run while grading
    return nb


def _deleted(nb):
    _answered(nb)
    for grade_id in ("ex_kernel_tests", "ex_cosine_distance", "tosubmit_00_1"):
        _drop(nb, grade_id)
    return nb


def _duplicated(nb):
    _answered(nb)
    _copy_before(nb, "ex_kernel", "def kernel(d, kernel_width):\n    return d\n")
    _copy_before(nb, "ex_cosine_distance_tests", "assert False, 'a copy the student broke'")
    _copy_before(nb, "tosubmit_00_1", "First half of a split answer.")
    _cells(nb, "tosubmit_00_1")[-1].source = "Second half of a split answer."
    return nb


def _perfect(nb):
    """Right answers, and a cell of the student's own that lists the network interfaces it sees."""
    _answered(nb)
    nb.cells.append(nbformat.v4.new_code_cell("import socket\nprint('interfaces:', sorted(n for _, n in socket.if_nameindex()))"))
    return nb


HANDINS = {
    "perfect": _perfect,
    "blank": lambda nb: nb,
    "tampered": _tampered,
    "deleted": _deleted,
    "duplicated": _duplicated,
    "crash": lambda nb: _answered(nb, kernel="raise RuntimeError('my answer crashes')\n" + KERNEL),
    "endless": lambda nb: _answered(nb, kernel="def kernel(d, kernel_width):\n    while True:\n        pass\n"),
    "partial": lambda nb: _answered(nb, distance=DISTANCE_SKLEARN),
}


def make_course(root):
    """A course folder with the sample chapter, released (notebooks/ and gradebook)."""
    shutil.copytree(FIXTURE / "solutions", root / "solutions")
    release.release(root)
    return root


def hand_in(root, student, nb=None, text=None, name=f"{CHAPTER}.ipynb"):
    folder = root / "submitted" / student / CHAPTER
    folder.mkdir(parents=True, exist_ok=True)
    if nb is not None:
        nbformat.write(nb, folder / name)
    if text is not None:
        (folder / name).write_text(text)


def released(root):
    return nbformat.read(root / "notebooks" / CHAPTER / f"{CHAPTER}.ipynb", as_version=4)


def scores_csv(root):
    with open(root / "grades.csv") as f:
        return {row["student_id"]: float(row["score"]) for row in csv.DictReader(f)}


def scores_gradebook(root):
    with gradebook(root) as gb:
        return {s.student.id: s.score for s in gb.assignment_submissions(CHAPTER)}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """The sample course with every kind of hand-in, graded once by ``grade`` (2 workers)."""
    root = make_course(tmp_path_factory.mktemp("course"))
    for student, build in HANDINS.items():
        hand_in(root, student, build(released(root)))
    hand_in(root, "invalidjson", text='{"cells": [ this is not JSON')
    hand_in(root, "missing", text="I forgot to attach my notebook.", name="notes.txt")
    misfiled = root / "submitted" / "missing" / "00_sampel"  # a folder named after no chapter
    misfiled.mkdir()
    nbformat.write(released(root), misfiled / "00_sampel.ipynb")
    report = grading.grade(root, jobs=2, cell_timeout=CELL_TIMEOUT)
    grading.write_report(root, report)
    return root, report


@pytest.mark.parametrize("student", sorted(EXPECTED))
def test_handin_gets_its_exact_score(graded, student):
    root, _ = graded
    assert scores_csv(root)[student] == EXPECTED[student]
    assert scores_gradebook(root)[student] == EXPECTED[student]


def test_grades_csv_has_every_student_once_out_of_nine(graded):
    root, _ = graded
    with open(root / "grades.csv") as f:
        rows = list(csv.DictReader(f))
    assert sorted(row["student_id"] for row in rows) == sorted(EXPECTED)
    assert {float(row["max_score"]) for row in rows} == {9.0}


def test_parallel_grading_leaves_a_sound_gradebook(graded):
    root, _ = graded
    with sqlite3.connect(root / "gradebook.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        # one submission per student, each with one grade per grade cell (3 tests + 2 TOSUBMIT)
        per_student = db.execute(
            "SELECT student.id, COUNT(grade.id) FROM grade "
            "JOIN submitted_notebook ON grade.notebook_id = submitted_notebook.id "
            "JOIN submitted_assignment ON submitted_notebook.assignment_id = submitted_assignment.id "
            "JOIN student ON submitted_assignment.student_id = student.id GROUP BY student.id").fetchall()
    assert dict(per_student) == {student: 5 for student in EXPECTED}


WRITER = """
import sys
from tools.nbgrader_runner import gradebook
root, worker = sys.argv[1], sys.argv[2]
for k in range(10):
    with gradebook(root) as gb:
        gb.update_or_create_student(f"{worker}_{k}")
        submission = gb.update_or_create_submission("00_sample", f"{worker}_{k}")
        for notebook in submission.notebooks:
            for grade in notebook.grades:
                grade.auto_score = k
        gb.db.commit()
"""


def test_concurrent_writers_wait_for_each_other(graded, tmp_path):
    """Four processes write submissions into one gradebook at once, as grading workers do.

    Without the busy timeout in ``tools.nbgrader_runner.db_url`` most of them stop with
    "database is locked".
    """
    root, _ = graded
    shutil.copy(root / "gradebook.db", tmp_path / "gradebook.db")
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path), f"w{i}"], cwd=notebooks.ROOT,
                                stderr=subprocess.PIPE, text=True) for i in range(4)]
    errors = [w.communicate(timeout=300)[1] for w in writers]
    assert [w.returncode for w in writers] == [0] * 4, "\n".join(errors)
    with sqlite3.connect(tmp_path / "gradebook.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("SELECT COUNT(*) FROM student WHERE id LIKE 'w%'").fetchone() == (40,)
        assert db.execute("SELECT COUNT(*) FROM grade JOIN submitted_notebook ON grade.notebook_id = "
                          "submitted_notebook.id JOIN submitted_assignment ON submitted_notebook.assignment_id"
                          " = submitted_assignment.id WHERE submitted_assignment.student_id LIKE 'w%'"
                          ).fetchone() == (40 * 5,)


@pytest.mark.parametrize("student,words", [
    ("tampered", ["'ex_kernel_tests' was edited in the hand-in", "'points' for cell ex_kernel_tests",
                  "'ex_kernel_tests' was tagged 'explorer' in the hand-in: it runs anyway"]),
    ("deleted", ["'ex_kernel_tests' was missing from the hand-in: restored",
                 "'ex_cosine_distance' was missing from the hand-in: restored"]),
    ("duplicated", ["'ex_kernel' appears 2 times", "'tosubmit_00_1' appears 2 times"]),
    ("endless", ["Timeout"]),
    ("invalidjson", ["not valid JSON", "graded 0"]),
    ("missing", ["no 00_sample.ipynb in the hand-in", "notes.txt"]),
])
def test_problem_is_reported(graded, student, words):
    root, report = graded
    notes = "\n".join(report[(student, CHAPTER)])
    for word in words:
        assert word in notes
    assert f"## {student} / {CHAPTER}" in (root / "grading-report.md").read_text()


def test_handin_for_an_unknown_chapter_is_reported_not_graded(graded):
    root, report = graded
    assert report[("missing", "00_sampel")] == ["no chapter called 00_sampel in solutions/: not graded"]
    assert not (root / "autograded" / "missing" / "00_sampel").exists()


def test_clean_handins_are_not_flagged(graded):
    _, report = graded
    assert report[("perfect", CHAPTER)] == []
    assert report[("blank", CHAPTER)] == []


def test_grading_runs_with_nbgrader_execution_set(graded):
    root, _ = graded
    nb = nbformat.read(root / "autograded" / "perfect" / CHAPTER / f"{CHAPTER}.ipynb", as_version=4)
    setup = _cells(nb, "setup")[0]
    assert "NUM_SAMPLES = 200" in "".join(o.get("text", "") for o in setup.outputs)


def test_a_warning_or_a_displayed_number_costs_no_points(graded):
    root, _ = graded
    nb = nbformat.read(root / "autograded" / "perfect" / CHAPTER / f"{CHAPTER}.ipynb", as_version=4)
    kinds = {grade_id: [(o.output_type, o.get("name")) for o in _cells(nb, grade_id)[0].outputs]
             for grade_id in ("ex_kernel_tests", "ex_cosine_distance_tests2")}
    assert ("stream", "stderr") in kinds["ex_kernel_tests"]
    assert ("execute_result", None) in kinds["ex_cosine_distance_tests2"]
    with gradebook(root) as gb:
        assert gb.find_grade("ex_kernel_tests", CHAPTER, CHAPTER, "perfect").score == 2
        assert gb.find_grade("ex_cosine_distance_tests2", CHAPTER, CHAPTER, "perfect").score == 1


def test_explorer_cells_do_not_run_while_grading(graded):
    root, _ = graded
    nb = nbformat.read(root / "autograded" / "perfect" / CHAPTER / f"{CHAPTER}.ipynb", as_version=4)
    explorers = [c for c in nb.cells if "explorer" in c.metadata.get("tags", [])]
    assert len(explorers) == 1 and explorers[0].outputs == []


def test_handins_run_without_network(graded):
    root, _ = graded
    nb = nbformat.read(root / "autograded" / "perfect" / CHAPTER / f"{CHAPTER}.ipynb", as_version=4)
    printed = "".join(o.get("text", "") for o in nb.cells[-1].outputs)
    assert "interfaces: ['lo']" in printed


def test_restored_answer_cell_is_the_stub_not_the_solution(graded):
    root, _ = graded
    nb = nbformat.read(root / "autograded" / "deleted" / CHAPTER / f"{CHAPTER}.ipynb", as_version=4)
    assert "raise NotImplementedError" in _cells(nb, "ex_cosine_distance")[0].source
    assert _cells(nb, "tosubmit_00_1")[0].source.strip() == "YOUR ANSWER HERE"
    order = [c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells]
    assert order.index("ex_kernel") < order.index("ex_kernel_tests") < order.index("ex_cosine_distance")


def _hidden_lines():
    """The hidden tests of the sample's instructor version."""
    nb = notebooks.read(FIXTURE / "solutions" / CHAPTER / f"{CHAPTER}.ipynb")
    return [line for cell in nb.cells for line in notebooks.marked_lines(cell.source, notebooks.HIDDEN_BEGIN,
                                                                         notebooks.HIDDEN_END)]


def _solution_lines():
    nb = notebooks.read(FIXTURE / "solutions" / CHAPTER / f"{CHAPTER}.ipynb")
    return [line for cell in nb.cells for line in notebooks.marked_lines(cell.source, notebooks.SOLUTION_BEGIN,
                                                                         notebooks.SOLUTION_END)]


@pytest.fixture(scope="module")
def feedback(graded):
    root, _ = graded
    return {path.parts[-3]: _text(path.read_text()) for path in feedback_command.feedback(root)}


def test_feedback_for_every_graded_handin(feedback):
    assert sorted(feedback) == sorted(set(EXPECTED) - {"invalidjson", "missing"})


def test_feedback_hides_hidden_tests_solutions_and_mark_schemes(feedback):
    secrets = _hidden_lines() + _solution_lines() + ["MARK SCHEME", "BEGIN HIDDEN TESTS"]
    assert len(secrets) > 8
    for student, text in feedback.items():
        for secret in secrets:
            assert secret not in text, f"feedback of {student} shows {secret!r}"


def test_feedback_shows_the_students_work_and_visible_tests(feedback):
    text = feedback["perfect"]
    assert "np.sqrt(masks.sum(axis=1) / masks.shape[1])" in text
    assert "distance 0 must weigh 1" in text
    assert "(hidden tests)" in text
    assert ANSWER_1 in text


def test_failed_hidden_test_shows_its_message_not_its_code(feedback):
    text = feedback["partial"]
    assert "calls sklearn" in text  # assert_no_calls's message names the call
    assert "assert_no_calls(cosine_distance" not in text


def test_tosubmit_collects_each_students_answers(graded):
    root, _ = graded
    pages = {path.stem: path.read_text() for path in tosubmit.collect_tosubmit(root)}
    assert sorted(pages) == sorted(EXPECTED)
    assert ANSWER_1 in pages["perfect"] and ANSWER_2 in pages["perfect"]
    assert "Why does the kernel use a square root?" in pages["perfect"]
    assert "(not answered)" in pages["blank"]
    assert "(no answer: the answer cell was deleted)" in pages["deleted"] and ANSWER_2 in pages["deleted"]
    split = pages["duplicated"]
    assert split.index("First half of a split answer.") < split.index("Second half of a split answer.")
    assert "not a readable notebook" in pages["invalidjson"]
    assert "no 00_sample.ipynb" in pages["missing"]
    assert not any("MARK SCHEME" in page for page in pages.values())


def test_regrading_keeps_hand_given_points_and_touches_no_other_student(graded, tmp_path):
    # Regrading changes the gradebook: on a copy, so that the other tests see the first grading in any order.
    root = tmp_path / "course"
    shutil.copytree(graded[0], root, symlinks=True)
    with gradebook(root) as gb:  # a grader has marked one TOSUBMIT answer by hand
        grade = gb.find_grade("tosubmit_00_1", CHAPTER, CHAPTER, "perfect")
        grade.manual_score = 2
        gb.db.commit()
    before = scores_gradebook(root)
    assert before["perfect"] == EXPECTED["perfect"] + 2
    hand_in(root, "blank", _answered(released(root)))  # a corrected hand-in
    grading.grade(root, jobs=2, cell_timeout=CELL_TIMEOUT, only_students=["blank", "perfect"])
    after = scores_csv(root)
    assert after["blank"] == EXPECTED["perfect"]
    assert after["perfect"] == EXPECTED["perfect"] + 2
    assert {s: v for s, v in after.items() if s != "blank"} == {s: v for s, v in before.items() if s != "blank"}


def test_collect_brings_an_lms_download_into_submitted(tmp_path):
    root = make_course(tmp_path / "course")
    download = tmp_path / "download.zip"
    nb = nbformat.writes(_answered(released(root)))
    with zipfile.ZipFile(download, "w") as z:
        z.writestr("submissions/doejane_1234_5678_00_sample.ipynb", nb)  # Canvas
        z.writestr("submissions/smithj_00_sample (1).ipynb", nb)         # a browser's copy suffix
        z.writestr("submissions/smithj_notes.txt", "not a notebook")
    result = subprocess.run([sys.executable, "-m", "tools.course", "--root", str(root), "collect", str(download)],
                            cwd=notebooks.ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(p.relative_to(root / "submitted").as_posix() for p in (root / "submitted").rglob("*.ipynb")) == [
        "doejane/00_sample/00_sample.ipynb", "smithj/00_sample/00_sample.ipynb"]


# ---------------------------------------------------------------- the real chapters

REAL = notebooks.chapters()


@pytest.fixture(scope="module")
def real_course(tmp_path_factory):
    """Every chapter, its instructor version handed in (one student per chapter), graded and fed back."""
    root = tmp_path_factory.mktemp("real")
    shutil.copytree(notebooks.ROOT / "solutions", root / "solutions")
    release.release(root)
    for chapter in REAL:
        folder = root / "submitted" / f"instructor{chapter[:2]}" / chapter
        folder.mkdir(parents=True)
        handin = notebooks.read(root / "solutions" / chapter / f"{chapter}.ipynb")
        for cell in handin.cells:  # what a student hands in: answers without nbgrader's markers or mark schemes
            if cell.cell_type == "markdown" and cell.metadata.get("nbgrader", {}).get("solution"):
                cell.source = "My answer, in my own words, with my own numbers."
            elif cell.metadata.get("nbgrader", {}).get("solution"):
                cell.source = "\n".join(line for line in cell.source.splitlines()
                                         if "### BEGIN SOLUTION" not in line and "### END SOLUTION" not in line)
        nbformat.write(handin, folder / f"{chapter}.ipynb")
    report = grading.grade(root, jobs=2)
    feedback_command.feedback(root)
    return root, report


@pytest.mark.slow
@pytest.mark.parametrize("chapter", REAL)
def test_instructor_version_earns_every_autograded_point(real_course, chapter):
    root, report = real_course
    failures = [note for note in report[(f"instructor{chapter[:2]}", chapter)] if "was edited" not in note]
    assert not [note for note in failures if "failed" in note or "Error" in note], failures
    with gradebook(root) as gb:
        notebook = gb.find_notebook(chapter, chapter)
        autograded = sum(cell.max_score for cell in notebook.grade_cells if cell.cell_type == "code")
        assert gb.find_submission(chapter, f"instructor{chapter[:2]}").score == autograded


@pytest.mark.slow
@pytest.mark.parametrize("chapter", REAL)
def test_real_feedback_shows_no_hidden_test(real_course, chapter):
    root, _ = real_course
    solution = notebooks.read(root / "solutions" / chapter / f"{chapter}.ipynb")
    text = _text((root / "feedback" / f"instructor{chapter[:2]}" / chapter / f"{chapter}.html").read_text())
    assert [line for line in notebooks.secret_lines(solution, solutions=False) if line in text] == []
    assert "BEGIN HIDDEN TESTS" not in text and "(hidden tests)" in text
