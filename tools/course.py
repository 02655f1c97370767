"""Course administration: release, collect, grade, feedback, TOSUBMIT.

Run from the repository root, ``python -m tools.course <command>`` (or the
``make`` target of the same name):

    release      solutions/ -> notebooks/ (student versions), gradebook updated
    collect ZIP  an LMS download -> submitted/<student>/<chapter>/
    grade        autograde every hand-in under submitted/, then grades.csv
    feedback     feedback/<student>/<chapter>/<chapter>.html (no hidden tests)
    tosubmit     tosubmit/<student>.md: one student's TOSUBMIT answers by chapter
    tosubmit-doc docs/TOSUBMIT.md: every TOSUBMIT question by chapter

Every command runs nbgrader itself (``python -m nbgrader``) with the settings
of ``nbgrader_config.py``; ``--root`` points them at another course folder
(the tests grade a small sample course that way). docs/INSTRUCTOR.md walks
through a semester.

This module is also imported by nbgrader while it grades: the preprocessors
at the end repair hand-ins (``nbgrader_config.py`` names them).
"""

import argparse
import concurrent.futures
import csv
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
SOURCE, RELEASE, SUBMITTED, AUTOGRADED, FEEDBACK = "solutions", "notebooks", "submitted", "autograded", "feedback"
GRADEBOOK = "gradebook.db"
TOSUBMIT_MARK = "**TOSUBMIT**"
# sqlite waits this long (s) for another grading process to finish its write.
DB_BUSY_TIMEOUT = 120


# --------------------------------------------------------------------------
# Running nbgrader


def db_url(root, busy_timeout=DB_BUSY_TIMEOUT):
    """The gradebook of the course at ``root``; writers wait for each other."""
    return f"sqlite:///{pathlib.Path(root).resolve() / GRADEBOOK}?timeout={busy_timeout}"


def nbgrader(args, root=ROOT, timeout=None, prefix=()):
    """Run ``nbgrader <args>`` on the course at ``root``; returns the CompletedProcess.

    It runs in the repository folder so that nbgrader reads ``nbgrader_config.py``;
    the course folder and its gradebook are then passed explicitly. ``prefix``
    wraps the command (``unshare -n``...). Raises ``subprocess.TimeoutExpired``
    after ``timeout`` seconds, having killed nbgrader and its kernel.
    """
    root = pathlib.Path(root).resolve()
    command = [*prefix, sys.executable, "-m", "nbgrader", *args,
               f"--CourseDirectory.root={root}", f"--CourseDirectory.db_url={db_url(root)}"]
    # nbgrader calls the ``alembic`` script of its own environment, found on PATH.
    env = dict(os.environ, PATH=os.pathsep.join([str(pathlib.Path(sys.executable).parent), os.environ.get("PATH", "")]))
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, start_new_session=True)
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        # The kernel is a child of nbgrader: end the whole session it started.
        os.killpg(process.pid, 9)
        process.communicate()
        raise
    return subprocess.CompletedProcess(command, process.returncode, output, "")


def _check(result, what):
    if result.returncode != 0:
        raise RuntimeError(f"{what} failed:\n{result.stdout}")
    return result


# --------------------------------------------------------------------------
# release


def assignments(root=ROOT):
    """Chapter names: folders ``solutions/<name>/`` holding ``<name>.ipynb``."""
    source = pathlib.Path(root) / SOURCE
    return sorted(p.parent.name for p in source.glob("*/*.ipynb") if p.stem == p.parent.name)


def release(root=ROOT, into=None, database=True):
    """Write the student version of every chapter; returns the chapter names.

    ``into`` (default ``<root>/notebooks``) receives ``<chapter>/<chapter>.ipynb``
    and nothing else: other files in a chapter's source folder are not released
    (data belongs in ``data/``). ``database=False`` leaves the gradebook alone
    (for comparing a fresh release with ``notebooks/``).
    """
    root = pathlib.Path(root).resolve()
    into = pathlib.Path(into).resolve() if into else root / RELEASE
    chapters = assignments(root)
    if not chapters:
        raise SystemExit(f"no chapters in {root / SOURCE} (expected <name>/<name>.ipynb)")
    for chapter in chapters:
        args = ["generate_assignment", chapter, "--force", f"--CourseDirectory.release_directory={into}"]
        if not database:
            args.append("--no-db")
        _check(nbgrader(args, root), f"nbgrader generate_assignment {chapter}")
        for extra in sorted((into / chapter).iterdir()):
            if extra.name != f"{chapter}.ipynb":
                print(f"warning: {SOURCE}/{chapter}/{extra.name} is not released "
                      "(course files belong in data/ or lime_teach/)", file=sys.stderr)
                shutil.rmtree(extra) if extra.is_dir() else extra.unlink()
    for stale in sorted(p for p in into.iterdir() if p.is_dir() and p.name not in chapters):
        if (stale / f"{stale.name}.ipynb").exists():
            print(f"warning: removing {stale}: no such chapter in {SOURCE}/", file=sys.stderr)
            shutil.rmtree(stale)
    return chapters


# --------------------------------------------------------------------------
# Command line


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tools.course", description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", default=str(ROOT), help="course folder (default: this repository)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("release", help="solutions/ -> notebooks/")
    args = parser.parse_args(argv)
    if args.command == "release":
        for chapter in release(args.root):
            print(f"released {RELEASE}/{chapter}/{chapter}.ipynb")


if __name__ == "__main__":
    main()
