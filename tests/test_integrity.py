"""Hand-ins that try to get points without the work earn nothing for it, are flagged, and harm nothing.

The sample course (tests/fixtures/grading) is graded once with the real
command (sandbox and grading guard on, two at a time) for a class of honest
hand-ins and hand-ins that cheat in every way the grader guards against:
hooking the kernel, patching what the tests rely on, editing test cells,
forging output, exiting early, reading or writing what they may not, using
the network, leaving processes behind, forking, eating memory, flooding
output, ignoring the interrupt, and copying the package's implementation.
Each cheat comes with wrong answers (or none), so any point it gets came
from the cheat.
"""

import ast
import csv
import hashlib
import inspect
import os
import pathlib
import sqlite3
import textwrap

import nbformat
import pytest

from test_grading import ANSWER_1, CHAPTER, DISTANCE, KERNEL, _cells, _set, hand_in, make_course, released
from tools import feedback as feedback_command
from tools import grade as grading
from tools import notebooks
from tools.nbgrader_runner import gradebook

pytestmark = pytest.mark.xdist_group("integrity")

CELL_TIMEOUT = 10
MARKER = "lime-teach-leftover-7c1e"  # in the command line of every process a hand-in leaves behind
WRONG_KERNEL = "def kernel(d, kernel_width):\n    return np.asarray(d) * 0\n"
WRONG_DISTANCE = "def cosine_distance(masks):\n    return None\n"


def _copied_distance():
    """The package's own cosine distance, every name changed: what a student who copies it hands in."""
    import lime_teach.kernels as kernels

    function = getattr(kernels, "_cosine_distance", kernels.cosine_distance)
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    names = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            node.name = "cosine_distance"
            for arg in node.args.args:
                arg.arg = names.setdefault(arg.arg, f"my_{arg.arg}")
        elif isinstance(node, ast.Name) and (isinstance(node.ctx, ast.Store) or node.id in names):
            node.id = names.setdefault(node.id, f"my_{node.id}")
    return ast.unparse(tree) + "\n"


def _answers(kernel=WRONG_KERNEL, distance=WRONG_DISTANCE, before_kernel="", before_distance=""):
    def build(nb):
        _set(nb, "ex_kernel", before_kernel + kernel)
        _set(nb, "ex_cosine_distance", before_distance + distance)
        _set(nb, "tosubmit_00_1", ANSWER_1)
        return nb
    return build


def _extra_cell(source, build=_answers()):
    def add(nb):
        nb = build(nb)
        nb.cells.append(nbformat.v4.new_code_cell(source))
        return nb
    return add


def _edited_tests(nb):
    _answers()(nb)
    for grade_id in ("ex_kernel_tests", "ex_cosine_distance_tests", "ex_cosine_distance_tests2"):
        _cells(nb, grade_id)[0].source = "print('all tests passed')"
    nb.cells.insert(3, nb.cells.pop([c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells]
                                    .index("ex_cosine_distance_tests")))  # and moved
    return nb


def _forged_outputs(nb):
    _answers()(nb)
    for grade_id in ("ex_kernel_tests", "ex_cosine_distance_tests", "ex_cosine_distance_tests2"):
        cell = _cells(nb, grade_id)[0]
        cell.execution_count = 3
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="all tests passed\n")]
    return nb


HOOK_INPUT = ("get_ipython().input_transformers_post.append(lambda lines: ['try:\\n'] + "
              "['    ' + l for l in lines] + ['\\nexcept BaseException:\\n    pass\\n'])\n")
HOOK_AST = textwrap.dedent("""\
    import ast
    class _NoAsserts(ast.NodeTransformer):
        def visit_Assert(self, node):
            return ast.Pass()
    get_ipython().ast_transformers.append(_NoAsserts())
    """)
HOOK_TRACE = textwrap.dedent("""\
    import sys
    def _skip(frame, event, arg):
        return _skip
    try:
        sys.settrace(_skip)
    except Exception as error:
        print('no trace:', error)
    """)
HOOK_TRACEBACK = ("get_ipython().showtraceback = lambda *a, **k: None\n"
                  "get_ipython().set_custom_exc((Exception,), lambda *a, **k: None)\n")
PATCH_NUMPY = ("import numpy\nnumpy.allclose = lambda *a, **k: True\nnumpy.isclose = lambda *a, **k: numpy.array([True])\n"
               "numpy.testing.assert_allclose = lambda *a, **k: None\n")
PATCH_HELPER = ("import lime_teach.autograde\n"
                "lime_teach.autograde.assert_no_calls = lambda function, *args, **kwargs: function(*args, **kwargs)\n")
PATCH_BUILTINS = "import builtins\nbuiltins.AssertionError = type('Nothing', (Exception,), {})\nAssertionError = Warning\n"
SNOOP = textwrap.dedent("""\
    import glob, os, pathlib
    here = pathlib.Path.cwd()
    course = here.parent.parent.parent
    for pattern in ['solutions/*/*.ipynb', 'gradebook.db', 'submitted/*/*/*.ipynb', 'autograded/*/*/*.ipynb',
                    'release/*', 'notebooks/*/*.ipynb']:
        for path in glob.glob(str(course / pattern)):
            print('READ', path, open(path, errors='replace').read())
    print('SEEN', sorted(os.listdir(here)), sorted(os.listdir(course)))
    """)
SNOOP_HISTORY = "print('HISTORY', In)\nprint('LINES', __import__('linecache').cache.keys())\n"
VANDAL = textwrap.dedent("""\
    import os, pathlib, shutil, sqlite3
    course = pathlib.Path.cwd().parent.parent.parent
    for action in [
        lambda: sqlite3.connect(str(course / 'gradebook.db')).execute('UPDATE grade SET auto_score = 100'),
        lambda: (course / 'gradebook.db').write_text('gone'),
        lambda: shutil.rmtree(course / 'submitted' / 'victim'),
        lambda: (course / 'solutions' / '00_sample' / '00_sample.ipynb').write_text('{}'),
        lambda: (course / 'notebooks' / 'hacked.txt').write_text('x'),
        lambda: open(os.path.join(os.path.dirname(__import__('lime_teach').__file__), '_cheat_probe.py'), 'w'),
    ]:
        try:
            action()
            print('DONE')
        except Exception as error:
            print('REFUSED', type(error).__name__)
    """)
NETWORK = textwrap.dedent("""\
    import socket, urllib.request
    for attempt in [lambda: socket.create_connection(('1.1.1.1', 53), timeout=3),
                    lambda: urllib.request.urlopen('http://example.com', timeout=3)]:
        try:
            attempt()
            print('NETWORK REACHED')
        except Exception as error:
            print('NO NETWORK', type(error).__name__)
    """)
LEFTOVER = textwrap.dedent(f"""\
    import os, subprocess, sys
    subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(3600)', '{MARKER}'], start_new_session=True)
    if os.fork() == 0:
        os.setsid()
        os.execv(sys.executable, [sys.executable, '-c', 'import time; time.sleep(3600)', '{MARKER}'])
    """)
FORK = textwrap.dedent(f"""\
    import os, sys, time
    for _ in range(3000):
        try:
            if os.fork() == 0:
                os.execv(sys.executable, [sys.executable, '-c', 'import time; time.sleep(3600)', '{MARKER}'])
        except OSError:
            time.sleep(0.01)
    while True:
        time.sleep(1)
    """)
MEMORY = "hoard = []\nwhile True:\n    hoard.append(bytearray(200 * 2**20))\n"
FLOOD = "while True:\n    print('x' * 100000)\n"
SIGINT = "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass\n"
EXIT = "import os\nos._exit(0)\n"

# student: (hand-in, score, words every note of it must contain, or None when it must not be flagged)
HONEST = {
    "perfect": (_answers(KERNEL, DISTANCE), 6, None),
    "wrong": (_answers(), 0, None),
    "victim": (_answers(KERNEL, DISTANCE), 6, None),
}
CHEATS = {
    "hook_input": (_answers(before_kernel=HOOK_INPUT), 0, "input_transformers_post was changed"),
    "hook_ast": (_answers(before_kernel=HOOK_AST), 0, "ast_transformers was changed"),
    "hook_trace": (_answers(before_kernel=HOOK_TRACE), 0, "refused sys.settrace"),
    "hook_traceback": (_answers(before_kernel=HOOK_TRACEBACK), 0, "shell.showtraceback was added"),
    "patch_numpy": (_answers(before_kernel=PATCH_NUMPY), 0, "numpy.allclose was replaced"),
    "patch_helper": (_answers(KERNEL, "from sklearn.metrics.pairwise import cosine_distances\n" + DISTANCE,
                              before_distance=PATCH_HELPER), 2, "lime_teach.autograde.assert_no_calls was replaced"),
    "patch_builtins": (_answers(before_kernel=PATCH_BUILTINS), 0, "builtins.AssertionError was replaced"),
    "edited_tests": (_edited_tests, 0, "was edited in the hand-in"),
    "forged_output": (_forged_outputs, 0, None),
    "early_exit": (_answers(KERNEL, DISTANCE, before_distance=EXIT), 2, "kernel had ended"),
    "snoop_files": (_answers(before_kernel=SNOOP), 0, "names the course's grading folders"),
    "snoop_history": (_extra_cell(SNOOP_HISTORY), 0, "reads the kernel's input history"),
    "vandal": (_answers(before_kernel=VANDAL), 0, None),
    "network": (_answers(before_kernel=NETWORK), 0, None),
    "leftover": (_answers(KERNEL, DISTANCE, before_kernel=LEFTOVER), 6, "ends or forks processes"),
    "fork": (_answers(KERNEL, DISTANCE, before_distance=FORK), 2, "ends or forks processes"),
    "memory": (_answers(KERNEL, DISTANCE, before_distance=MEMORY), 2, None),
    "flood": (_answers(KERNEL, DISTANCE, before_distance=FLOOD), 2, None),
    "sigint": (_answers(KERNEL, DISTANCE, before_distance=SIGINT), 2, "kernel had ended"),
    "copied": (_answers(KERNEL, _copied_distance()), 6, "REVIEW (copied)"),
}
CLASS = {**HONEST, **CHEATS}


def _digest(folder, skip=()):
    """``{relative path: sha256}`` of every file under ``folder``."""
    folder = pathlib.Path(folder)
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and not any(s in p.parts for s in skip)}


def _victim_rows(root):
    with sqlite3.connect(root / "gradebook.db") as db:
        return db.execute(
            "SELECT grade.id, grade.auto_score, grade.manual_score, grade.needs_manual_grade FROM grade "
            "JOIN submitted_notebook ON grade.notebook_id = submitted_notebook.id "
            "JOIN submitted_assignment ON submitted_notebook.assignment_id = submitted_assignment.id "
            "WHERE submitted_assignment.student_id = 'victim' ORDER BY grade.id").fetchall()


def _leftovers():
    found = []
    for proc in pathlib.Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and MARKER.encode() in (proc / "cmdline").read_bytes():
                found.append(int(proc.name))
        except OSError:
            continue
    return found


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """The class graded twice: the victim alone, then everyone; the state of what must not change around it."""
    root = make_course(tmp_path_factory.mktemp("integrity"))
    for student, (build, _, _) in CLASS.items():
        hand_in(root, student, build(released(root)))
    grading.grade(root, jobs=2, cell_timeout=CELL_TIMEOUT, only_students=["victim"])
    before = {"victim": _victim_rows(root), "solutions": _digest(root / "solutions"),
              "notebooks": _digest(root / "notebooks"), "submitted": _digest(root / "submitted"),
              "package": sorted(os.listdir(os.path.dirname(__import__("lime_teach").__file__)))}
    report = grading.grade(root, jobs=2, cell_timeout=CELL_TIMEOUT, memory_gb=3, max_processes=200,
                           only_students=sorted(set(CLASS) - {"victim"}))
    grading.write_report(root, report, grading.report_header(True))
    after = {"victim": _victim_rows(root), "solutions": _digest(root / "solutions"),
             "notebooks": _digest(root / "notebooks"), "submitted": _digest(root / "submitted"),
             "package": sorted(os.listdir(os.path.dirname(__import__("lime_teach").__file__)))}
    pages = {path.parts[-3]: feedback_command.visible_text(path.read_text())
             for path in feedback_command.feedback(root)}
    return root, report, before, after, pages


def _scores(root):
    with open(root / "grades.csv") as f:
        return {row["student_id"]: float(row["score"]) for row in csv.DictReader(f)}


@pytest.mark.parametrize("student", sorted(CLASS))
def test_no_point_comes_from_a_cheat(graded, student):
    root, *_ = graded
    assert _scores(root)[student] == CLASS[student][1]


@pytest.mark.parametrize("student", sorted(CHEATS))
def test_cheat_is_flagged_with_its_evidence(graded, student):
    root, report, *_ = graded
    words = CHEATS[student][2]
    notes = "\n".join(report[(student, CHAPTER)])
    if words:
        assert words in notes, notes
        assert f"## {student} / {CHAPTER}" in (root / "grading-report.md").read_text()


@pytest.mark.parametrize("student", sorted(HONEST))
def test_honest_handins_are_not_flagged(graded, student):
    _, report, *_ = graded
    if student != "victim":
        assert report[(student, CHAPTER)] == []


def _review(root, student):
    with gradebook(root) as gb:
        submission = gb.find_submission(CHAPTER, student)
        return {grade.name for nb in submission.notebooks for grade in nb.grades
                if grade.needs_manual_grade and grade.cell.cell_type == "code"}


@pytest.mark.parametrize("student,cells", [
    ("hook_input", {"ex_kernel_tests", "ex_cosine_distance_tests", "ex_cosine_distance_tests2"}),
    ("patch_numpy", {"ex_kernel_tests", "ex_cosine_distance_tests", "ex_cosine_distance_tests2"}),
    ("early_exit", {"ex_cosine_distance_tests", "ex_cosine_distance_tests2"}),
    ("copied", {"ex_cosine_distance_tests", "ex_cosine_distance_tests2"}),
    ("perfect", set()),
])
def test_flagged_cells_go_to_manual_review(graded, student, cells):
    root, *_ = graded
    assert _review(root, student) == cells


def test_nothing_outside_the_scratch_folders_changed(graded):
    _, _, before, after, _ = graded
    for what in ("victim", "solutions", "notebooks", "submitted", "package"):
        assert after[what] == before[what], what


def test_what_the_vandal_tried_was_refused(graded):
    root, *_ = graded
    printed = _printed(root, "vandal", "ex_kernel")
    assert printed.count("REFUSED") == 6 and "DONE" not in printed, printed


def _printed(root, student, cell):
    nb = notebooks.read(root / "autograded" / student / CHAPTER / f"{CHAPTER}.ipynb")
    return "".join(o.get("text", "") for o in _cells(nb, cell)[0].outputs)


def test_a_snooping_handin_reads_only_its_own_notebook(graded):
    root, *_ = graded
    printed = _printed(root, "snoop_files", "ex_kernel")
    own = str(root / "autograded" / "snoop_files" / CHAPTER)
    read = [line.split()[1] for line in printed.splitlines() if line.startswith("READ ")]
    assert read == [f"{own}/{CHAPTER}.ipynb"], read  # its hand-in as submitted, not the graded copy
    assert "SEEN ['00_sample.ipynb'] ['autograded']" in printed
    solution = notebooks.read(notebooks.solution_path(CHAPTER, root))
    assert [line for line in notebooks.secret_lines(solution) if line in printed] == []


def test_the_network_is_unreachable(graded):
    root, *_ = graded
    printed = _printed(root, "network", "ex_kernel")
    assert printed.count("NO NETWORK") == 2 and "NETWORK REACHED" not in printed, printed


def test_no_hidden_line_in_any_feedback(graded):
    _, _, _, _, pages = graded
    solution = notebooks.read(notebooks.solution_path(CHAPTER, graded[0]))
    secrets = notebooks.secret_lines(solution, solutions=False)
    assert "snoop_history" in pages and len(secrets) > 4
    for student, text in pages.items():
        assert [line for line in secrets if line in text] == [], student


def test_no_process_is_left_behind(graded):
    assert _leftovers() == []


def test_the_whole_batch_was_graded(graded):
    root, report, *_ = graded
    assert sorted(_scores(root)) == sorted(CLASS)
    assert {student for student, _ in report} == set(CLASS) - {"victim"}


def test_grading_refuses_to_run_without_a_sandbox(tmp_path, monkeypatch):
    from tools import sandbox

    monkeypatch.setattr(sandbox, "unavailable", lambda: "no user namespaces here")
    with pytest.raises(SystemExit, match="--unsafe-no-sandbox"):
        grading.grade(tmp_path)
    assert "WITHOUT a sandbox" in " ".join(grading.report_header(False))
