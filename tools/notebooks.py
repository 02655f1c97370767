"""Reading the course's notebooks: chapters, cells, grade ids, exercises, TOSUBMIT questions.

The one place that knows how the course lays out its files and marks its
cells. The course commands (``tools/``) and the tests (``tests/course_notebooks.py``)
both read notebooks through it. Every function takes the course folder
``root`` (default: this repository), so that the tests can point it at a
small sample course.
"""

import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent
# The course folder's parts (nbgrader's names in nbgrader_config.py).
SOURCE, RELEASE, SUBMITTED, AUTOGRADED, FEEDBACK = "solutions", "notebooks", "submitted", "autograded", "feedback"
GRADEBOOK = "gradebook.db"
TOSUBMIT_MARK = "**TOSUBMIT**"
# What a student sees in place of a written answer (ClearSolutions.text_stub).
STUB = "YOUR ANSWER HERE"
HIDDEN_BEGIN, HIDDEN_END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
SOLUTION_BEGIN, SOLUTION_END = "### BEGIN SOLUTION", "### END SOLUTION"
MARK_SCHEME = "MARK SCHEME"


def read(path):
    """The notebook at ``path`` (nbformat 4)."""
    import nbformat

    return nbformat.read(str(path), as_version=4)


# ---------------------------------------------------------------- files


def chapters(root=ROOT):
    """Chapter names (``03_perturbations``...): folders ``solutions/<name>/`` holding ``<name>.ipynb``."""
    source = pathlib.Path(root) / SOURCE
    return sorted(p.parent.name for p in source.glob("*/*.ipynb") if p.stem == p.parent.name)


def solution_path(chapter, root=ROOT):
    return pathlib.Path(root) / SOURCE / chapter / f"{chapter}.ipynb"


def release_path(chapter, root=ROOT):
    return pathlib.Path(root) / RELEASE / chapter / f"{chapter}.ipynb"


def handin_path(student, chapter, root=ROOT):
    return pathlib.Path(root) / SUBMITTED / student / chapter / f"{chapter}.ipynb"


def students(root=ROOT):
    """Everyone with a folder under ``submitted/``."""
    folder = pathlib.Path(root) / SUBMITTED
    return sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []


def handins(root=ROOT, only_students=None, only_assignments=None):
    """``[(student, chapter)]`` for every folder ``submitted/<student>/<chapter>/``."""
    found = []
    for student in students(root):
        if only_students and student not in only_students:
            continue
        for folder in sorted(p for p in (pathlib.Path(root) / SUBMITTED / student).iterdir() if p.is_dir()):
            if not only_assignments or folder.name in only_assignments:
                found.append((student, folder.name))
    return found


# ---------------------------------------------------------------- cells


def nbgrader_meta(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def grade_id(cell):
    return nbgrader_meta(cell).get("grade_id")


def cells_by_id(nb, wanted):
    """Every cell carrying grade_id ``wanted`` (a duplicated or split cell: several)."""
    return [cell for cell in nb.cells if grade_id(cell) == wanted]


def cell_by_id(nb, wanted):
    for cell in nb.cells:
        if grade_id(cell) == wanted:
            return cell
    raise KeyError(f"no cell with grade_id {wanted!r}")


def is_test(cell):
    """An autograder test cell: code that earns points and holds no answer."""
    meta = nbgrader_meta(cell)
    return cell.cell_type == "code" and bool(meta.get("grade")) and not meta.get("solution")


def is_manual_answer(cell):
    """A written answer, graded by hand (TOSUBMIT)."""
    meta = nbgrader_meta(cell)
    return cell.cell_type == "markdown" and bool(meta.get("solution")) and bool(meta.get("grade"))


def exercises(nb):
    """grade_ids of the autograded answer cells (``ex_<name>``)."""
    return [grade_id(c) for c in nb.cells
            if c.cell_type == "code" and nbgrader_meta(c).get("solution") and not nbgrader_meta(c).get("grade")]


def grader_cells(nb, exercise):
    """The autograder test cells of one exercise: ``<exercise>_tests``, ``<exercise>_tests2``..."""
    pattern = re.compile(re.escape(exercise) + r"_tests\d*$")
    return [c for c in nb.cells if c.cell_type == "code" and pattern.match(grade_id(c) or "")]


def setup_cells(nb):
    return [c for c in nb.cells if "setup" in c.get("metadata", {}).get("tags", [])]


def title(nb, chapter):
    """The chapter's title: its first markdown heading, else its folder name."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return chapter


def tosubmit_questions(nb):
    """``[(answer grade_id, question text, points)]`` of one instructor notebook, in order.

    A question is a markdown cell starting with ``**TOSUBMIT**``; its answer is
    the next manually graded cell.
    """
    questions, pending = [], None
    for cell in nb.cells:
        meta = nbgrader_meta(cell)
        if cell.cell_type == "markdown" and cell.source.lstrip().startswith(TOSUBMIT_MARK):
            pending = cell.source.lstrip()[len(TOSUBMIT_MARK):].strip()
        elif pending is not None and meta.get("solution") and meta.get("grade"):
            questions.append((meta["grade_id"], pending, meta.get("points", 0)))
            pending = None
    return questions


# ---------------------------------------------------------------- what students may not see


def marked_lines(source, begin, end):
    """Stripped, non-blank lines between ``begin`` and ``end`` marker lines of a cell."""
    lines = []
    for block in source.split(begin)[1:]:
        lines += [line.strip() for line in block.split(end)[0].splitlines()[1:] if line.strip()]
    return lines


def without_hidden_tests(source):
    """A test cell's source with its hidden part replaced by ``# (hidden tests)``."""
    lines, hidden = [], False
    for line in source.splitlines():
        if HIDDEN_BEGIN.split(" ", 1)[1] in line:  # "BEGIN HIDDEN TESTS", as nbgrader finds it
            hidden = True
            lines.append(line[:len(line) - len(line.lstrip())] + "# (hidden tests)")
        elif HIDDEN_END.split(" ", 1)[1] in line:
            hidden = False
        elif not hidden:
            lines.append(line)
    return "\n".join(lines).rstrip()


def _public_lines(source):
    """Lines of a cell outside its solution and hidden-test blocks."""
    lines, inside = [], False
    for line in source.splitlines():
        if SOLUTION_BEGIN in line or HIDDEN_BEGIN in line:
            inside = True
        elif SOLUTION_END in line or HIDDEN_END in line:
            inside = False
        elif not inside:
            lines.append(line.strip())
    return lines


def secret_lines(nb, min_length=12, solutions=True, hidden=True):
    """What a student may never see of an instructor notebook: solution lines, hidden tests, mark schemes.

    A line the instructor version also shows outside those blocks
    (``with torch.no_grad():``) is no secret, nor is a short one (``return x``);
    the markers themselves always are. ``solutions=False`` leaves out the
    solution lines (a student's own answer may well repeat one), ``hidden=False``
    the hidden tests.
    """
    found, public, answers = [], [], []
    for cell in nb.cells:
        answers += marked_lines(cell.source, SOLUTION_BEGIN, SOLUTION_END)
        if solutions:
            found += marked_lines(cell.source, SOLUTION_BEGIN, SOLUTION_END)
        if hidden:
            found += marked_lines(cell.source, HIDDEN_BEGIN, HIDDEN_END)
        if cell.source.lstrip().startswith(MARK_SCHEME):
            found.append(cell.source.strip())
        else:
            public += _public_lines(cell.source)
    if not solutions:
        # A hidden-test line that is also a line of the solution may stand in a student's own answer.
        public += answers
    public = "\n".join(public)
    return [line for line in found if len(line) > min_length and line not in public] + [
        MARK_SCHEME, "BEGIN HIDDEN TESTS", "BEGIN SOLUTION"]
