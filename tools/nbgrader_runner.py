"""Running nbgrader on a course folder: its processes, its settings, its gradebook, its log.

Every course command goes through here. nbgrader runs in the repository
folder so that it reads ``nbgrader_config.py``; the course folder (``root``)
and its gradebook are then passed explicitly.
"""

import logging
import os
import pathlib
import re
import subprocess
import sys

from .notebooks import GRADEBOOK, ROOT

LOG = logging.getLogger("tools.course")
COURSE_ID = "lime-teach"
# sqlite waits this long (s) for another grading process to finish its write.
DB_BUSY_TIMEOUT = 120


def db_url(root, busy_timeout=DB_BUSY_TIMEOUT):
    """The gradebook of the course at ``root``; writers wait for each other."""
    return f"sqlite:///{pathlib.Path(root).resolve() / GRADEBOOK}?timeout={busy_timeout}"


def gradebook(root):
    """nbgrader's gradebook of the course at ``root`` (use it in a ``with`` block)."""
    from nbgrader.api import Gradebook

    return Gradebook(db_url(root), course_id=COURSE_ID)


def known_assignments(root):
    """Chapters the gradebook knows (released ones)."""
    if not (pathlib.Path(root) / GRADEBOOK).exists():
        return set()
    with gradebook(root) as gb:
        return {a.name for a in gb.assignments}


def with_own_path(env=None):
    """``env`` whose PATH starts with this Python's scripts (nbgrader calls its ``alembic`` there)."""
    env = dict(os.environ if env is None else env)
    env["PATH"] = os.pathsep.join([str(pathlib.Path(sys.executable).parent), env.get("PATH", "")])
    return env


def nbgrader(args, root=ROOT, timeout=None, prefix=(), env=None):
    """Run ``nbgrader <args>`` on the course at ``root``; returns the CompletedProcess.

    ``prefix`` wraps the command; ``env`` adds environment variables.
    Raises ``subprocess.TimeoutExpired`` after ``timeout`` seconds, having
    killed nbgrader and everything in its session.
    """
    root = pathlib.Path(root).resolve()
    command = [*prefix, sys.executable, "-m", "nbgrader", *args,
               f"--CourseDirectory.root={root}", f"--CourseDirectory.db_url={db_url(root)}"]
    process = subprocess.Popen(command, cwd=ROOT, env=with_own_path({**os.environ, **(env or {})}),
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               start_new_session=True)
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, 9)  # nbgrader's session; a sandboxed kernel dies with its parent
        process.communicate()
        raise
    return subprocess.CompletedProcess(command, process.returncode, output, "")


def check(result, what):
    """``result`` if nbgrader succeeded, else RuntimeError with its log."""
    if result.returncode != 0:
        raise RuntimeError(f"{what} failed:\n{result.stdout}")
    return result


def config(root=ROOT, **course_directory):
    """The settings of nbgrader_config.py, pointed at the course folder ``root``."""
    from traitlets.config.loader import PyFileConfigLoader

    settings = PyFileConfigLoader("nbgrader_config.py", path=str(ROOT)).load_config()
    settings.CourseDirectory.root = str(pathlib.Path(root).resolve())
    settings.CourseDirectory.db_url = db_url(root)
    for name, value in course_directory.items():
        settings.CourseDirectory[name] = value
    return settings


def generate(root, chapter, into, database=True):
    """``nbgrader generate_assignment <chapter> --force`` into the folder ``into``.

    In this process, not one nbgrader process per chapter: nbgrader takes
    seconds to import. ``database=False`` is ``--no-db``.
    """
    from nbgrader.converters import GenerateAssignment
    from nbgrader.coursedir import CourseDirectory

    os.environ["PATH"] = with_own_path()["PATH"]  # nbgrader runs alembic when it creates a gradebook
    settings = config(root, release_directory=str(into), assignment_id=chapter)
    settings.GenerateAssignment.force = True
    if not database:
        settings.GenerateAssignment.no_database = True
        settings.SaveCells.enabled = False
    GenerateAssignment(coursedir=CourseDirectory(config=settings), config=settings, log=LOG).start()


# nbgrader's log lines worth showing an instructor, and the routine ones that are not.
NOTEWORTHY = re.compile(r"\| (WARNING|ERROR)\]")
ROUTINE = re.compile(r"Removing existing (assignment|notebook)|Removing failed assignment|"
                     r"Attribute 'checksum' for cell|exists multiple times|"
                     r"Please see the (the )?above traceback|^\s*$")


def noteworthy(log):
    """The warnings and errors of an nbgrader log, one line each (a traceback: its last line)."""
    records = []
    for line in log.splitlines():
        if line.startswith("["):
            records.append([line])
        elif records and line.startswith((" ", "\t")):
            records[-1].append(line)
    notes = []
    for first, *rest in records:
        if not NOTEWORTHY.search(first):
            continue
        message = first.split("] ", 1)[-1].strip()
        if message.startswith("Traceback") and rest:
            message = [line.strip() for line in rest if line.strip()][-1]
        if not ROUTINE.search(message):
            notes.append(message)
    return list(dict.fromkeys(notes))  # once each, in order
