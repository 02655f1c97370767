"""Every exercise's autograder tests pass the solution and fail blank and wrong answers."""

import importlib
import pathlib

import pytest

from course_notebooks import cell_by_id, chapters, exercises, read, release_path, run_exercise, solution_path, grader_cells

WRONG = pathlib.Path(__file__).parent / "wrong_answers"


def _wrong_answers(chapter):
    module_file = WRONG / f"ch{chapter[:2]}.py"
    if not module_file.exists():
        return {}
    return importlib.import_module(f"wrong_answers.ch{chapter[:2]}").WRONG_ANSWERS


def _cases():
    for chapter in chapters():
        for exercise in exercises(read(solution_path(chapter))):
            yield chapter, exercise


CASES = list(_cases())


@pytest.mark.parametrize("chapter,exercise", CASES)
def test_exercise_has_tests_and_wrong_answers(chapter, exercise):
    nb = read(solution_path(chapter))
    assert grader_cells(nb, exercise), f"{exercise} has no test cell"
    hidden = [c for c in grader_cells(nb, exercise) if "### BEGIN HIDDEN TESTS" in c.source]
    assert hidden, f"{exercise} has no hidden tests"
    assert _wrong_answers(chapter).get(exercise), f"{exercise}: list its typical wrong answers"


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


WRONG_CASES = [(ch, ex, name) for ch, ex in CASES for name in _wrong_answers(ch).get(ex, {})]


@pytest.mark.parametrize("chapter,exercise,wrong", WRONG_CASES)
def test_wrong_answer_fails(chapter, exercise, wrong):
    source = _wrong_answers(chapter)[exercise][wrong]
    results = run_exercise(chapter, exercise, source)
    assert any(error is not None for error in results.values()), f"the tests accept: {wrong}"
