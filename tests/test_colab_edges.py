"""lime_teach.colab in-process: the GitHub path of an address, the exact Colab URL and badge, and what the set-up cell runs."""

import os
import re
import subprocess
import sys
import types

import pytest

from lime_teach import colab

BADGE_IMAGE = "https://colab.research.google.com/assets/colab-badge.svg"


# --- github_path ----------------------------------------------------------------------------------

@pytest.mark.parametrize("repository, expected", [
    ("https://github.com/lime-teach/lime-teach", "lime-teach/lime-teach"),
    ("https://github.com/someone/fork", "someone/fork"),
    ("https://github.com/someone/fork.git", "someone/fork"),
    ("https://github.com/someone/fork/", "someone/fork"),
    ("https://github.com/someone/fork.git/", "someone/fork"),
    ("https://github.com/some.one/my.fork", "some.one/my.fork"),
])
def test_github_path_of_an_address(repository, expected):
    assert colab.github_path(repository) == expected


def test_github_path_defaults_to_the_course_repository():
    assert colab.REPOSITORY == "https://github.com/lime-teach/lime-teach"
    assert colab.github_path() == "lime-teach/lime-teach"


@pytest.mark.parametrize("repository", [
    "https://gitlab.com/someone/fork", "http://github.com/someone/fork", "https://github.com/someone",
    "https://github.com/someone/fork/tree", "https://githubXcom/someone/fork", "git@github.com:someone/fork.git",
    "HTTPS://GITHUB.COM/someone/fork", "/srv/fork.git", "",
])
def test_github_path_refuses_other_addresses_with_the_exact_message(repository):
    expected = f"repository must be a https://github.com/<owner>/<name> address, got {repository!r}"
    with pytest.raises(ValueError, match=f"^{re.escape(expected)}$"):
        colab.github_path(repository)


# --- colab_url and badge --------------------------------------------------------------------------

def test_colab_url_defaults_to_the_course_repository_and_main():
    assert colab.colab_url("00_toy") == (
        "https://colab.research.google.com/github/lime-teach/lime-teach/blob/main/notebooks/00_toy/00_toy.ipynb")


def test_colab_url_of_a_fork_and_branch():
    assert colab.colab_url("07_other", "https://github.com/someone/fork.git", "spring") == (
        "https://colab.research.google.com/github/someone/fork/blob/spring/notebooks/07_other/07_other.ipynb")


def test_colab_url_refuses_a_non_github_repository():
    with pytest.raises(ValueError, match=r"^repository must be a https://github\.com/<owner>/<name> address, "
                                         r"got 'https://gitlab\.com/x/y'$"):
        colab.colab_url("00_toy", repository="https://gitlab.com/x/y")


def test_badge_is_the_exact_markdown():
    assert colab.BADGE_IMAGE == BADGE_IMAGE
    assert colab.badge("01_black_box") == (
        f"[![Open In Colab]({BADGE_IMAGE})](https://colab.research.google.com/github/lime-teach/lime-teach/"
        "blob/main/notebooks/01_black_box/01_black_box.ipynb)")


def test_badge_of_a_fork_and_branch_by_position_and_keyword():
    expected = (f"[![Open In Colab]({BADGE_IMAGE})](https://colab.research.google.com/github/someone/fork/"
                "blob/spring/notebooks/03_kernels/03_kernels.ipynb)")
    assert colab.badge("03_kernels", "https://github.com/someone/fork", "spring") == expected
    assert colab.badge("03_kernels", branch="spring", repository="https://github.com/someone/fork") == expected
    assert colab.badge("03_kernels", branch="dev").endswith("/lime-teach/lime-teach/blob/dev/notebooks/"
                                                            "03_kernels/03_kernels.ipynb)")


def test_badge_refuses_a_non_github_repository():
    with pytest.raises(ValueError, match=r"^repository must be a https://github\.com/<owner>/<name> address, "
                                         r"got '/srv/fork\.git'$"):
        colab.badge("00_toy", repository="/srv/fork.git")


# --- the set-up cell --------------------------------------------------------------------------------

def run_cell(monkeypatch, environment=None, existing=()):
    """Execute CELL as on Colab (a google.colab module), with ``environment`` variables set and the folders
    ``existing`` present; returns the subprocess.run calls as (args, kwargs) and the new sys.path."""
    calls = []
    for variable in ("LIME_TEACH_REPOSITORY", "LIME_TEACH_CLONE"):
        monkeypatch.delenv(variable, raising=False)
    for variable, value in (environment or {}).items():
        monkeypatch.setenv(variable, value)
    monkeypatch.setattr(subprocess, "run", lambda *args, **kwargs: calls.append((args, kwargs)))
    monkeypatch.setattr(os.path, "isdir", lambda path: path in existing)
    monkeypatch.setattr(sys, "path", list(sys.path))   # restored after the test
    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    exec(compile(colab.CELL, "<colab cell>", "exec"), {"__name__": "__main__"})  # noqa: S102
    return calls, list(sys.path)


def test_cell_clones_into_the_folder_named_in_the_environment(monkeypatch):
    before = list(sys.path)
    calls, path = run_cell(monkeypatch, {"LIME_TEACH_CLONE": "/tmp/course", "LIME_TEACH_REPOSITORY": "/srv/f.git"})
    assert calls == [
        ((["git", "clone", "--depth", "1", "/srv/f.git", "/tmp/course"],), {"check": True}),
        (([sys.executable, "-m", "pip", "install", "--quiet", "-e", "/tmp/course[colab]"],), {"check": True}),
    ]
    assert path == ["/tmp/course"] + before


def test_cell_defaults_clone_the_course_into_content(monkeypatch):
    assert colab.CLONE_DIR == "/content/lime-teach"
    calls, path = run_cell(monkeypatch)
    assert calls[0] == ((["git", "clone", "--depth", "1", "https://github.com/lime-teach/lime-teach",
                          "/content/lime-teach"],), {"check": True})
    assert calls[1][0][0][-1] == "/content/lime-teach[colab]" and path[0] == "/content/lime-teach"


def test_cell_reuses_an_existing_clone_named_in_the_environment(monkeypatch):
    calls, path = run_cell(monkeypatch, {"LIME_TEACH_CLONE": "/tmp/course"}, existing=("/tmp/course",))
    assert calls == [] and path[0] == "/tmp/course"


def test_cell_is_a_form_with_its_metadata():
    assert colab.CELL.splitlines()[0] == (
        '#@title Course set-up on Colab (run it first; anywhere else it does nothing) { display-mode: "form" }')
    assert colab.CELL_METADATA == {"tags": ["colab"], "jupyter": {"source_hidden": True}, "cellView": "form"}
    compile(colab.CELL, "<colab cell>", "exec")
