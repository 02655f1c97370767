"""Reading the course notebooks from the tests (through tools/notebooks.py), and running one exercise."""

import os

from tools.notebooks import (ROOT, cell_by_id, cells_by_id, chapters, exercises, grade_id, grader_cells,  # noqa: F401
                             read, release_path, secret_lines, setup_cells, solution_path)
from tools.notebooks import RELEASE, SOURCE

SOLUTIONS = ROOT / SOURCE
NOTEBOOKS = ROOT / RELEASE


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
