"""Every instructor notebook runs top to bottom without error, with the real model, under nbval.

nbval (``pytest --nbval-lax``) runs a notebook cell by cell in a fresh kernel
and fails on the first cell that raises; in lax mode outputs are compared only
for cells marked ``# NBVAL_CHECK_OUTPUT`` (an output that is a fact the chapter
teaches). Each chapter runs in a pytest of its own, so that its cells stay in
one kernel and in order whatever this run's pytest-xdist distribution is, and
a new chapter (``solutions/NN_name/NN_name.ipynb``) is picked up by itself.

To run one chapter by hand::

    .venv/bin/pytest --nbval-lax solutions/04_kernels/04_kernels.ipynb
"""

import os
import subprocess
import sys
import time

import pytest

from course_notebooks import ROOT, chapters, solution_path

# Generous: a chapter is meant to run in about 90 s; a cell hanging for 10 minutes is a bug.
CELL_TIMEOUT = 600


def nbval(path, *options):
    """Run ``pytest --nbval-lax`` on one notebook in a separate process; returns (CompletedProcess, seconds)."""
    # A chapter graded by nbgrader shrinks its runs under NBGRADER_EXECUTION: here it runs in full.
    env = {key: value for key, value in os.environ.items() if key != "NBGRADER_EXECUTION"}
    env.setdefault("OMP_NUM_THREADS", "1")
    command = [sys.executable, "-m", "pytest", "--nbval-lax", f"--nbval-cell-timeout={CELL_TIMEOUT}",
               "-p", "no:xdist", "-p", "no:randomly", "-p", "no:cacheprovider", "-q", "--no-header",
               "-o", "addopts=", *options, str(path)]
    start = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    return result, time.perf_counter() - start


@pytest.mark.slow
@pytest.mark.parametrize("chapter", chapters())
def test_instructor_notebook_executes(chapter):
    result, seconds = nbval(solution_path(chapter))
    assert result.returncode == 0, f"nbval failed on {chapter}:\n{result.stdout[-6000:]}\n{result.stderr[-2000:]}"
    print(f"{chapter}: {seconds:.0f} s")


def test_nbval_fails_on_a_cell_that_raises(tmp_path):
    """The runner above can fail: a notebook whose second cell raises is reported, naming the error."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell("x = 1"), nbformat.v4.new_code_cell("raise ValueError('broken chapter')")]
    path = tmp_path / "broken.ipynb"
    nbformat.write(nb, path)
    result, _ = nbval(path, f"--rootdir={tmp_path}")
    assert result.returncode != 0
    assert "broken chapter" in result.stdout
