"""The Colab cell: every notebook starts with it, it does nothing locally, and on Colab it installs the course."""

import os
import subprocess
import sys
import types

import nbformat
import pytest

from course_notebooks import NOTEBOOKS, ROOT, SOLUTIONS
from lime_teach.colab import CELL, CLONE_DIR, REPOSITORY
from tools import sync_colab_cell

ALL_NOTEBOOKS = sorted(SOLUTIONS.glob("*/*.ipynb")) + sorted(NOTEBOOKS.glob("*/*.ipynb"))


@pytest.mark.skipif(not ALL_NOTEBOOKS, reason="no notebooks yet")
@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_notebook_starts_with_the_colab_cell(path):
    nb = nbformat.read(path, as_version=4)
    first = nb.cells[sync_colab_cell.first_code_cell(nb)]
    assert first.source == CELL, f"run `python -m tools.sync_colab_cell` to fix {path.name}"
    assert "colab" in first.metadata.get("tags", [])
    assert not first.outputs


def run_cell(monkeypatch, on_colab, clone_exists=False):
    """Execute CELL; returns the subprocess.run calls it made as (args, kwargs) pairs."""
    calls = []
    monkeypatch.setattr(subprocess, "run", lambda *args, **kwargs: calls.append((args, kwargs)))
    monkeypatch.setattr(os.path, "isdir", lambda path: clone_exists if path == CLONE_DIR else False)
    monkeypatch.setattr(sys, "path", list(sys.path))   # restored after the test
    if on_colab:
        monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    else:
        monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    exec(compile(CELL, "<colab cell>", "exec"), {"__name__": "__main__"})
    return calls


def test_cell_does_nothing_off_colab(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the Colab cell ran a command off Colab")

    path_before = list(sys.path)
    monkeypatch.setattr(sys, "path", list(sys.path))
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    monkeypatch.setattr(subprocess, "run", refuse)
    exec(compile(CELL, "<colab cell>", "exec"), {"__name__": "__main__"})
    assert sys.path == path_before


def test_cell_on_colab_clones_and_installs_the_course(monkeypatch):
    calls = run_cell(monkeypatch, on_colab=True)
    assert [args for args, _ in calls] == [
        (["git", "clone", "--depth", "1", REPOSITORY, CLONE_DIR],),
        ([sys.executable, "-m", "pip", "install", "--quiet", "-e", f"{CLONE_DIR}[colab]"],),
    ]
    assert all(kwargs.get("check") is True for _, kwargs in calls), "a failed clone or install must stop the notebook"
    assert sys.path[0] == CLONE_DIR


def test_cell_on_colab_with_a_clone_only_sets_the_path(monkeypatch):
    assert run_cell(monkeypatch, on_colab=True, clone_exists=True) == []
    assert sys.path[0] == CLONE_DIR


def notebook(*cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = list(cells)
    return nb


def test_sync_inserts_the_cell_and_leaves_the_others_alone(tmp_path):
    title = nbformat.v4.new_markdown_cell("# A chapter")
    setup = nbformat.v4.new_code_cell("import numpy as np", metadata={"tags": ["setup"]})
    path = tmp_path / "chapter.ipynb"
    nbformat.write(notebook(title, setup), path)

    assert sync_colab_cell.main([str(path)]) == 0
    nb = nbformat.read(path, as_version=4)
    assert [cell.source for cell in nb.cells] == [CELL, "# A chapter", "import numpy as np"]
    assert nb.cells[0].metadata.tags == ["colab"] and nb.cells[0].outputs == []
    assert nb.cells[1] == title and nb.cells[2] == setup
    nbformat.validate(nb)


def test_sync_rewrites_an_old_colab_cell_in_place(tmp_path):
    old = nbformat.v4.new_code_cell("# an older set-up", metadata={"tags": ["colab"]}, execution_count=3,
                                    outputs=[nbformat.v4.new_output("stream", text="cloned\n")])
    path = tmp_path / "chapter.ipynb"
    nbformat.write(notebook(nbformat.v4.new_markdown_cell("# A chapter"), old), path)

    sync_colab_cell.main([str(path)])
    nb = nbformat.read(path, as_version=4)
    assert len(nb.cells) == 2 and nb.cells[1].source == CELL and nb.cells[1].id == old.id
    assert nb.cells[1].outputs == [] and nb.cells[1].execution_count is None


def test_sync_is_idempotent_and_check_reports_differences(tmp_path):
    path = tmp_path / "chapter.ipynb"
    nbformat.write(notebook(nbformat.v4.new_code_cell("x = 1")), path)
    assert sync_colab_cell.main(["--check", str(path)]) == 1
    assert sync_colab_cell.main([str(path)]) == 0
    synced = path.read_text()
    assert sync_colab_cell.main(["--check", str(path)]) == 0
    sync_colab_cell.main([str(path)])
    assert path.read_text() == synced
