"""Reading the course notebooks from the tests: chapters, cells, exercises."""

import os
import pathlib
import re

import nbformat

ROOT = pathlib.Path(__file__).resolve().parent.parent
SOLUTIONS = ROOT / "solutions"
NOTEBOOKS = ROOT / "notebooks"


def chapters():
    """Chapter names (``03_perturbations``...) that have an instructor notebook."""
    return sorted(p.parent.name for p in SOLUTIONS.glob("*/*.ipynb") if p.stem == p.parent.name)


def solution_path(chapter):
    return SOLUTIONS / chapter / f"{chapter}.ipynb"


def release_path(chapter):
    return NOTEBOOKS / chapter / f"{chapter}.ipynb"


def read(path):
    return nbformat.read(path, as_version=4)


def grade_id(cell):
    return cell.metadata.get("nbgrader", {}).get("grade_id")


def cell_by_id(nb, wanted):
    for cell in nb.cells:
        if grade_id(cell) == wanted:
            return cell
    raise KeyError(f"no cell with grade_id {wanted!r}")


def exercises(nb):
    """grade_ids of the autograded answer cells (``ex_<name>``)."""
    return [grade_id(c) for c in nb.cells
            if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("solution")
            and not c.metadata["nbgrader"].get("grade")]


def grader_cells(nb, exercise):
    """The autograder test cells of one exercise: ``<exercise>_tests``, ``<exercise>_tests2``..."""
    pattern = re.compile(re.escape(exercise) + r"_tests\d*$")
    return [c for c in nb.cells if c.cell_type == "code" and pattern.match(grade_id(c) or "")]


def setup_cells(nb):
    return [c for c in nb.cells if "setup" in c.metadata.get("tags", [])]


def _python(source):
    """Cell source without IPython magics and shell escapes, which plain exec cannot run."""
    return "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))


def run_exercise(chapter, exercise, answer_source):
    """Run the setup cells, ``answer_source`` and the exercise's test cells.

    Returns ``{test grade_id: None if it passed, else the exception}``, running
    each test cell even when an earlier one failed, as nbgrader does.
    """
    import matplotlib

    matplotlib.use("Agg")
    nb = read(solution_path(chapter))
    namespace = {"__name__": "__main__"}
    cwd = os.getcwd()
    os.chdir(solution_path(chapter).parent)
    try:
        for cell in setup_cells(nb):
            exec(compile(_python(cell.source), "<setup>", "exec"), namespace)
        results = {}
        try:
            exec(compile(_python(answer_source), "<answer>", "exec"), namespace)
        except Exception:  # a crashing answer cell: its tests then fail on their own
            pass
        for cell in grader_cells(nb, exercise):
            try:
                exec(compile(_python(cell.source), grade_id(cell), "exec"), namespace)
                results[grade_id(cell)] = None
            except Exception as error:
                results[grade_id(cell)] = error
        return results
    finally:
        import matplotlib.pyplot as plt

        plt.close("all")
        os.chdir(cwd)
