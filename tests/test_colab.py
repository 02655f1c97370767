"""The Colab badge and cell: every notebook starts with them, the cell does nothing locally, and on Colab
it installs the course (simulated end to end by the slow test at the end)."""

import os
import pathlib
import subprocess
import sys
import types

import nbformat
import pytest

from course_notebooks import NOTEBOOKS, ROOT, SOLUTIONS
from lime_teach import colab
from lime_teach.colab import CELL, CELL_METADATA, CLONE_DIR, REPOSITORY
from tools import sync_colab_cell

ALL_NOTEBOOKS = sorted(SOLUTIONS.glob("*/*.ipynb")) + sorted(NOTEBOOKS.glob("*/*.ipynb"))


@pytest.mark.skipif(not ALL_NOTEBOOKS, reason="no notebooks yet")
@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_notebook_starts_with_the_colab_cell(path):
    nb = nbformat.read(path, as_version=4)
    first = nb.cells[sync_colab_cell.first_code_cell(nb)]
    assert first.source == CELL, f"run `python -m tools.sync_colab_cell` to fix {path.name}"
    assert "colab" in first.metadata.get("tags", [])
    assert first.metadata.get("jupyter", {}).get("source_hidden") is True, "collapsed in JupyterLab"
    assert first.metadata.get("cellView") == "form", "a form on Colab"
    assert not first.outputs
    assert nb.cells[0].source == colab.badge(path.stem), f"run `python -m tools.sync_colab_cell` to fix {path.name}"


def run_cell(monkeypatch, on_colab, clone_exists=False):
    """Execute CELL; returns the subprocess.run calls it made as (args, kwargs) pairs."""
    calls = []
    monkeypatch.delenv("LIME_TEACH_REPOSITORY", raising=False)
    monkeypatch.delenv("LIME_TEACH_CLONE", raising=False)
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


def test_cell_clones_the_repository_named_in_the_environment(monkeypatch):
    monkeypatch.setattr(os, "environ", {**os.environ, "LIME_TEACH_REPOSITORY": "/srv/fork.git"})
    calls = []
    monkeypatch.setattr(subprocess, "run", lambda *args, **kwargs: calls.append(args[0]))
    monkeypatch.setattr(os.path, "isdir", lambda path: False)
    monkeypatch.setattr(sys, "path", list(sys.path))
    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    exec(compile(CELL, "<colab cell>", "exec"), {"__name__": "__main__"})
    assert calls[0] == ["git", "clone", "--depth", "1", "/srv/fork.git", CLONE_DIR]


def test_cell_is_a_collapsed_form():
    assert CELL.splitlines()[0].startswith("#@title ") and CELL.splitlines()[0].endswith('{ display-mode: "form" }')
    assert CELL_METADATA["jupyter"] == {"source_hidden": True} and CELL_METADATA["cellView"] == "form"


def test_badge_opens_the_student_notebook_of_the_repository():
    assert colab.colab_url("04_kernels") == (
        "https://colab.research.google.com/github/lime-teach/lime-teach/blob/main/notebooks/04_kernels/04_kernels.ipynb")
    fork = colab.badge("04_kernels", repository="https://github.com/someone/lime-teach-fork.git", branch="spring")
    assert "/github/someone/lime-teach-fork/blob/spring/notebooks/04_kernels/04_kernels.ipynb)" in fork
    assert fork.startswith(f"[![Open In Colab]({colab.BADGE_IMAGE})](")


def test_badge_needs_a_github_address():
    with pytest.raises(ValueError, match="repository"):
        colab.colab_url("04_kernels", repository="https://gitlab.com/x/y")


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
    assert nb.cells[0].metadata.jupyter == {"source_hidden": True} and nb.cells[0].metadata.cellView == "form"
    assert nb.cells[1] == title and nb.cells[2] == setup
    nbformat.validate(nb)


def test_sync_puts_the_chapter_badge_above_the_cell(tmp_path):
    path = tmp_path / "04_kernels" / "04_kernels.ipynb"
    path.parent.mkdir()
    nbformat.write(notebook(nbformat.v4.new_markdown_cell("# 04 · Kernels"), nbformat.v4.new_code_cell("x = 1")), path)
    sync_colab_cell.main([str(path)])
    nb = nbformat.read(path, as_version=4)
    assert [cell.source for cell in nb.cells] == [colab.badge("04_kernels"), CELL, "# 04 · Kernels", "x = 1"]
    assert nb.cells[0].metadata.tags == ["colab-badge"]
    # a badge of another address (a fork) is rewritten in place, not added twice
    nb.cells[0].source = colab.badge("04_kernels", repository="https://github.com/old/place")
    nbformat.write(nb, path)
    sync_colab_cell.main([str(path)])
    again = nbformat.read(path, as_version=4)
    assert [cell.source for cell in again.cells] == [cell.source for cell in nb.cells[:0]] + [
        colab.badge("04_kernels"), CELL, "# 04 · Kernels", "x = 1"]
    assert again.cells[0].id == nb.cells[0].id


def test_sync_writes_the_readme_chapter_table(tmp_path):
    for chapter, title in [("00_toy", "# 00 · LIME on a toy"), ("01_model", "# Chapter 01: The model")]:
        (tmp_path / "solutions" / chapter).mkdir(parents=True)
        nbformat.write(notebook(nbformat.v4.new_markdown_cell(title)),
                       tmp_path / "solutions" / chapter / f"{chapter}.ipynb")
    readme = tmp_path / "README.md"
    readme.write_text("# Course\n\n<!-- chapters -->\n| # | notebook | what you do |\n|---|---|---|\n"
                      "| 00 | [old](x.ipynb) | move the point |\n<!-- /chapters -->\n\nThe end.\n")
    assert sync_colab_cell.sync_readme(readme, tmp_path) is True
    text = readme.read_text()
    assert text.startswith("# Course\n\n<!-- chapters -->\n| # |") and text.endswith("<!-- /chapters -->\n\nThe end.\n")
    rows = [line for line in text.splitlines() if line.startswith("| 0")]
    assert rows[0] == f"| 00 |  | [LIME on a toy](notebooks/00_toy/00_toy.ipynb) | {colab.badge('00_toy')} | move the point |"
    assert rows[1].startswith("| 01 |  | [The model](notebooks/01_model/01_model.ipynb) |")
    assert sync_colab_cell.sync_readme(readme, tmp_path) is False


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


# ---- Colab's start, simulated ------------------------------------------------------------------------
# What Colab has before the set-up cell runs (approximately): the scientific stack, torch, widgets and
# Jupyter's own packages. Not lime, not the EfficientNet weights, not lime_teach.
COLAB_PREINSTALLED = ["numpy", "scipy", "pandas", "scikit-image", "scikit-learn", "matplotlib", "torch", "torchvision",
                      "ipywidgets", "tqdm", "ipykernel", "nbclient", "nbformat"]
# What a clone of the students' repository holds that the set-up cell needs.
CLONED = ["README.md", "pyproject.toml", "constraints.txt", "lime_teach", "data"]
COLAB_CHAPTER = "01_black_box"   # the real model: the [colab] extra must bring its weights
IMPORT_MODULE = "google.colab"


def _run(command, **kwargs):
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    assert result.returncode == 0, f"{command} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


def link_distributions(names, site):
    """Make ``names`` and everything they require importable in ``site`` (another environment's
    site-packages) by symbolic links to this environment's files, metadata included, so that pip there
    counts them as installed."""
    import importlib.metadata as metadata
    import re

    wanted, seen = [*names], set()
    while wanted:
        name = re.split(r"[ ;<>=!~\[(]", wanted.pop())[0].lower().replace("_", "-")
        if not name or name in seen:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue                      # an optional requirement this environment lacks
        seen.add(name)
        wanted += [req for req in (dist.requires or []) if "extra ==" not in req]
        for file in dist.files or []:
            top = file.parts[0]
            if top.endswith((".pth",)) or top in ("..", "bin", "__pycache__"):
                continue
            source, target = pathlib.Path(dist.locate_file(top)), site / top
            if source.exists() and not target.exists():
                target.symlink_to(source)
    return seen


@pytest.fixture(scope="module")
def colab_machine(tmp_path_factory):
    """A fresh environment with only Colab's packages, a local 'GitHub' clone source, and a Colab marker.

    Returns (python of the environment, environment variables for its kernel, the clone folder the cell makes).
    """
    import shutil

    base = tmp_path_factory.mktemp("colab")
    # the repository the cell clones: a git repository of the students' files as they are now
    origin = base / "origin"
    for name in CLONED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, origin / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            origin.mkdir(exist_ok=True)
            shutil.copy2(source, origin / name)
    git = ["git", "-c", "user.name=course", "-c", "user.email=course@example.org", "-c", "init.defaultBranch=main"]
    _run([*git, "init", "-q", str(origin)])
    _run([*git, "-C", str(origin), "add", "-A"])
    _run([*git, "-C", str(origin), "commit", "-q", "-m", "course"])

    venv = base / "venv"
    _run([getattr(sys, "_base_executable", sys.executable), "-m", "venv", str(venv)])
    python = venv / "bin" / "python"
    site = _run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip()
    # Colab's packages, linked from this environment (copying torch would take minutes and gigabytes).
    link_distributions(COLAB_PREINSTALLED, pathlib.Path(site))
    assert subprocess.run([str(python), "-c", "import lime"], capture_output=True, cwd=base).returncode != 0
    assert subprocess.run([str(python), "-c", "import lime_teach"], capture_output=True, cwd=base).returncode != 0
    # Colab's kernel has google.colab imported when a notebook starts: the cell looks for it there.
    marker = pathlib.Path(site) / "google" / "colab"
    marker.mkdir(parents=True)
    (marker / "__init__.py").write_text('"""Stand-in for Colab\'s module (tests/test_colab.py)."""\n')
    startup = base / "ipython" / "profile_default" / "startup"
    startup.mkdir(parents=True)
    (startup / "00-colab.py").write_text(f"import {IMPORT_MODULE}\n")
    env = {key: value for key, value in os.environ.items()
           if key not in ("PYTHONPATH", "VIRTUAL_ENV", "NBGRADER_EXECUTION")}
    clone = base / "content" / "lime-teach"
    env.update(IPYTHONDIR=str(base / "ipython"), LIME_TEACH_REPOSITORY=str(origin), LIME_TEACH_CLONE=str(clone),
               PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}", OMP_NUM_THREADS="1")
    return python, env, clone


RUN_ON_COLAB = """
import sys, nbformat
from nbclient import NotebookClient
path = sys.argv[1]
nb = nbformat.read(path, as_version=4)
nb.cells.append(nbformat.v4.new_code_cell("import lime, lime_teach; print('PACKAGE', lime_teach.__file__)"))
NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": sys.argv[2]}}).execute()
nbformat.write(nb, path)
"""


@pytest.mark.slow
def test_a_chapter_runs_to_the_end_on_a_simulated_colab(colab_machine, tmp_path):
    python, env, clone = colab_machine
    nb = nbformat.read(ROOT / "solutions" / COLAB_CHAPTER / f"{COLAB_CHAPTER}.ipynb", as_version=4)
    sync_colab_cell.sync_notebook(nb, COLAB_CHAPTER)   # the cell of this version of lime_teach/colab.py
    path = tmp_path / f"{COLAB_CHAPTER}.ipynb"
    nbformat.write(nb, path)
    result = subprocess.run([str(python), "-c", RUN_ON_COLAB, str(path), str(tmp_path)], env=env, cwd=tmp_path,
                            capture_output=True, text=True, timeout=1800)
    assert result.returncode == 0, f"the chapter failed on the simulated Colab:\n{result.stderr[-5000:]}"
    ran = nbformat.read(path, as_version=4)
    printed = "".join(output.get("text", "") for output in ran.cells[-1].outputs)
    assert f"PACKAGE {clone / 'lime_teach' / '__init__.py'}" in printed, "lime_teach came from the cell's clone"
    assert (clone / ".git").is_dir()
