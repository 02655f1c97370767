"""Every instructor notebook runs top to bottom without error, with the real model."""

import os
import time

import nbformat
import pytest
from nbclient import NotebookClient

from course_notebooks import chapters, solution_path

# Generous: a chapter is meant to run in about 90 s; a cell hanging for 10 minutes is a bug.
CELL_TIMEOUT = 600


def execute(path, env=None):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=CELL_TIMEOUT, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute(env=env)
    return nb, time.perf_counter() - start


@pytest.mark.slow
@pytest.mark.parametrize("chapter", chapters())
def test_instructor_notebook_executes(chapter):
    env = {k: v for k, v in os.environ.items() if k != "NBGRADER_EXECUTION"}
    nb, seconds = execute(solution_path(chapter), env=env)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors
    print(f"{chapter}: {seconds:.0f} s")
