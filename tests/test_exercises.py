"""Every exercise's autograder tests pass the solution and fail blank and wrong answers.

Wrong answers live in ``tests/wrong_answers/chNN.py`` as the few lines that
differ from the solution: ``{exercise: {name: [(old, new), ...]}}``, each
``old`` occurring exactly once in the solution cell (see docs/AUTHORING.md).
A plain string is a whole answer cell, for the rare wrong answer that is a
different approach rather than a changed line.

The exercises also follow the course's rules for instructions: no line of a
solution stands in a cell above its exercise; the instructions say what the
function returns and what it may not call; a visible test checks that.
"""

import importlib
import pathlib
import re

import pytest

from course_notebooks import cell_by_id, chapters, exercises, grade_id, grader_cells, read, release_path, \
    run_exercise, solution_path

WRONG = pathlib.Path(__file__).parent / "wrong_answers"
MIN_WRONG_ANSWERS = 5
HIDDEN = "### BEGIN HIDDEN TESTS"


def wrong_answers(chapter):
    """``{exercise: {name: replacements or source}}`` of one chapter, {} if it has none."""
    module_file = WRONG / f"ch{chapter[:2]}.py"
    if not module_file.exists():
        return {}
    return importlib.import_module(f"wrong_answers.ch{chapter[:2]}").WRONG_ANSWERS


def apply_replacements(source, replacements, where="the solution cell"):
    """``source`` with each ``(old, new)`` pair applied in turn; every ``old`` must occur exactly once."""
    if not replacements:
        raise ValueError(f"{where}: a wrong answer needs at least one (old, new) replacement")
    for pair in replacements:
        if not (isinstance(pair, tuple) and len(pair) == 2 and all(isinstance(s, str) for s in pair)):
            raise TypeError(f"{where}: each replacement must be a pair of strings (old, new), got {pair!r}")
        old, new = pair
        count = source.count(old)
        if count != 1:
            raise ValueError(f"{where}: {old!r} occurs {count} times in the solution cell, it must occur "
                             "exactly once (quote more of the line to make it unique)")
        if old == new:
            raise ValueError(f"{where}: replacement {old!r} -> {new!r} changes nothing")
        source = source.replace(old, new)
    return source


def wrong_source(chapter, exercise, name):
    """The answer cell of wrong answer ``name``: the solution with its replacements, or a whole cell."""
    value = wrong_answers(chapter)[exercise][name]
    if isinstance(value, str):  # a whole different approach (allowed while chapters move to replacements)
        return value
    solution = cell_by_id(read(solution_path(chapter)), exercise).source
    return apply_replacements(solution, value, f"{chapter} {exercise} wrong answer {name!r}")


def _cases():
    for chapter in chapters():
        for exercise in exercises(read(solution_path(chapter))):
            yield chapter, exercise


CASES = list(_cases())
WRONG_CASES = [(ch, ex, name) for ch, ex in CASES for name in wrong_answers(ch).get(ex, {})]


@pytest.mark.parametrize("chapter", chapters())
def test_wrong_answers_name_existing_exercises(chapter):
    unknown = set(wrong_answers(chapter)) - set(exercises(read(solution_path(chapter))))
    assert not unknown, f"wrong answers for exercises that {chapter} does not have: {sorted(unknown)}"


@pytest.mark.parametrize("chapter,exercise", CASES)
def test_exercise_has_tests_and_wrong_answers(chapter, exercise):
    nb = read(solution_path(chapter))
    assert grader_cells(nb, exercise), f"{exercise} has no test cell"
    hidden = [c for c in grader_cells(nb, exercise) if HIDDEN in c.source]
    assert hidden, f"{exercise} has no hidden tests"
    count = len(wrong_answers(chapter).get(exercise, {}))
    assert count >= MIN_WRONG_ANSWERS, (
        f"{exercise}: {count} wrong answers in tests/wrong_answers/ch{chapter[:2]}.py, list at least "
        f"{MIN_WRONG_ANSWERS} (defaults left out, dtype or list for an array, ties and order, >= against >, "
        "more than 255 superpixels, other seeds)")


@pytest.mark.parametrize("chapter,exercise,wrong", WRONG_CASES)
def test_wrong_answer_is_a_change_of_the_solution(chapter, exercise, wrong):
    """Cheap and separate from running it: a stale replacement says which line it no longer finds."""
    source = wrong_source(chapter, exercise, wrong)
    assert source.strip() != cell_by_id(read(solution_path(chapter)), exercise).source.strip()


@pytest.mark.parametrize("chapter,exercise", CASES)
def test_solution_passes_its_tests(chapter, exercise):
    source = cell_by_id(read(solution_path(chapter)), exercise).source
    failures = {k: v for k, v in run_exercise(chapter, exercise, source).items() if v is not None}
    assert not failures, failures


@pytest.mark.parametrize("chapter,exercise", CASES)
def test_blank_answer_fails(chapter, exercise):
    source = cell_by_id(read(release_path(chapter)), exercise).source
    results = run_exercise(chapter, exercise, source)
    assert all(error is not None for error in results.values()), "a test cell passes a blank answer"


@pytest.mark.parametrize("chapter,exercise,wrong", WRONG_CASES)
def test_wrong_answer_fails(chapter, exercise, wrong):
    results = run_exercise(chapter, exercise, wrong_source(chapter, exercise, wrong))
    assert any(error is not None for error in results.values()), f"the tests accept: {wrong}"


# --- The instructions: no answer in view, returns and restrictions stated, restrictions tested ---

# ``return name``, ``else:``, ``continue``...: lines any answer has, which give nothing away.
TRIVIAL_LINE = re.compile(r"return \w+|else:|continue|break|pass|try:|finally:")


def solution_lines(source):
    """The non-trivial lines between ``### BEGIN SOLUTION`` and ``### END SOLUTION``, whitespace collapsed.

    Trivial lines (comments, brackets, ``return masks``, ``else:``) may well
    appear above an exercise; a line that does real work, however short
    (``masks[0, :] = 1``), may not.
    """
    inside, lines = False, []
    for line in source.splitlines():
        stripped = line.strip()
        if stripped.startswith("### BEGIN SOLUTION"):
            inside = True
        elif stripped.startswith("### END SOLUTION"):
            inside = False
        elif inside:
            code = " ".join(stripped.split("#")[0].split()) if not stripped.startswith("#") else ""
            if len(code) >= 10 and not TRIVIAL_LINE.fullmatch(code):
                lines.append(code)
    return lines


def _normalised(text):
    return " ".join(text.split())


def _index(nb, wanted):
    return next(i for i, cell in enumerate(nb.cells) if grade_id(cell) == wanted)


@pytest.mark.parametrize("chapter,exercise", CASES)
def test_no_solution_line_stands_above_its_exercise(chapter, exercise):
    nb = read(solution_path(chapter))
    position = _index(nb, exercise)
    # Every cell above as the instructor version has it: what release keeps, and the earlier answers,
    # which a student who solved those exercises has on screen too.
    above = [(i, _normalised(cell.source)) for i, cell in enumerate(nb.cells[:position])]
    shown = [(line, i) for line in solution_lines(nb.cells[position].source) for i, text in above if line in text]
    assert not shown, "; ".join(f"cell {i} shows the solution line {line!r}" for line, i in shown)


def instructions(nb, exercise):
    """The markdown cells between the previous code cell and the exercise's answer cell, joined."""
    position = _index(nb, exercise)
    text = []
    for cell in reversed(nb.cells[:position]):
        scratch = "nbgrader" not in cell.metadata and cell.source.lstrip().startswith("# Your measurements")
        if cell.cell_type == "code" and not scratch:  # a scratch cell for a decision may stand in between
            break
        text.append(cell.source)
    return "\n".join(reversed(text))


@pytest.mark.parametrize("chapter,exercise", CASES)
def test_instructions_state_what_it_returns_and_may_not_call(chapter, exercise):
    text = instructions(read(solution_path(chapter)), exercise)
    assert re.search(r"\*\*Returns?\*\*", text), \
        f"{exercise}: the instructions need a **Returns** line (shape, dtype, order, defaults)"
    assert re.search(r"\*\*May not call\*\*", text), \
        f"{exercise}: the instructions need a **May not call** line (the libraries the tests forbid)"


@pytest.mark.parametrize("chapter,exercise", CASES)
def test_a_visible_test_checks_the_restrictions(chapter, exercise):
    """An answer that defines a function is run under assert_no_calls in view (a chosen value needs not)."""
    nb = read(solution_path(chapter))
    if not re.search(r"^\s*def ", cell_by_id(nb, exercise).source, re.MULTILINE):
        return
    visible = [c.source.split(HIDDEN)[0] for c in grader_cells(nb, exercise)]
    assert any("assert_no_calls(" in text for text in visible), \
        f"{exercise}: a visible test must call assert_no_calls, so the hidden tests forbid nothing unannounced"


# --- The chapter around the exercises: goals, objective, evidence for every question, summary ---

def _tosubmit_answers(nb):
    return [i for i, cell in enumerate(nb.cells) if re.fullmatch(r"tosubmit_\d+_\d+", grade_id(cell) or "")]


TOSUBMIT_CASES = [(ch, grade_id(read(solution_path(ch)).cells[i]))
                  for ch in chapters() for i in _tosubmit_answers(read(solution_path(ch)))]


@pytest.mark.parametrize("chapter,question", TOSUBMIT_CASES)
def test_every_question_has_an_evidence_cell(chapter, question):
    """The student answers with measurements: a plain code cell next to the question is theirs."""
    nb = read(solution_path(chapter))
    position = _index(nb, question)
    # Between the question and the answer cell (measure, then answer), or right after the answer.
    neighbours = [nb.cells[i] for i in (position - 1, position + 1) if 0 <= i < len(nb.cells)]
    assert any(cell.cell_type == "code" and "nbgrader" not in cell.metadata
               and cell.source.lstrip().startswith("# Evidence") for cell in neighbours), \
        f"{question}: put a plain code cell starting '# Evidence' between the question and its answer cell"


@pytest.mark.parametrize("chapter,question", TOSUBMIT_CASES)
def test_mark_schemes_split_their_points(chapter, question):
    cell = cell_by_id(read(solution_path(chapter)), question)
    points = cell.metadata["nbgrader"].get("points", 0)
    if points >= 2:
        assert re.search(r"\b1 points?\b", cell.source), \
            f"{question} is worth {points} points: say what earns each one ('1 point: ...')"


@pytest.mark.parametrize("chapter", chapters())
def test_chapter_opens_with_goals_and_its_place_in_the_objective(chapter):
    nb = read(solution_path(chapter))
    opening = "\n".join(c.source for c in nb.cells[:4] if c.cell_type == "markdown")
    assert "What you will learn" in opening, f"{chapter}: open with the goals ('What you will learn')"
    assert re.search(r"objective", opening, re.IGNORECASE), \
        f"{chapter}: say where the chapter sits in LIME's objective (written in chapter 00)"


@pytest.mark.parametrize("chapter", chapters())
def test_chapter_closes_with_summary_and_references(chapter):
    last = read(solution_path(chapter)).cells[-1]
    assert last.cell_type == "markdown" and "## Summary" in last.source and "## References" in last.source, \
        f"{chapter}: close with a markdown cell holding '## Summary' and '## References'"
    assert "Ribeiro" in last.source, f"{chapter}: cite Ribeiro, Singh & Guestrin (2016) among the references"
