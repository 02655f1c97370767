"""grade: autograde every hand-in under ``submitted/``, each in a sandbox; grades.csv and grading-report.md.

    python -m tools.course grade [--jobs 2] [--timeout 120] [--student S] [--assignment A]

One worker per student (``--jobs`` at a time), each hand-in in its own
``nbgrader autograde`` process, its kernel in its own sandbox
(tools/sandbox.py) under the grading guard (tools/integrity.py): a hand-in
that hangs, floods, forks or crashes costs only itself; one that tampers with
grading scores 0 for the cells concerned, which go to manual review. The
workers share the sqlite gradebook (writers wait for each other, ``DB_BUSY_TIMEOUT``).
Without a sandbox (not Linux, no user namespaces) grading refuses unless
``--unsafe-no-sandbox``; grading-report.md then says so at the top.
"""

import concurrent.futures
import contextlib
import json
import pathlib
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time

from . import sandbox as sandboxing
from .cli import command_parser
from .nbgrader_runner import gradebook, known_assignments, generate, nbgrader, noteworthy
from .notebooks import AUTOGRADED, ROOT, SOURCE, chapters, handin_path, handins, read, release_path
from .report import write_report
from .scan import copied_answers, suspicious_lines, tests_of
from .export import export

DB_LOCKED = re.compile(r"database is locked|error accessing the nbgrader database")


def register(root, names):
    """Record chapters in the gradebook without touching notebooks/ (a fresh clone has no gradebook)."""
    with tempfile.TemporaryDirectory() as scratch:
        for chapter in names:
            print(f"warning: {chapter} is not in the gradebook: recording it from {SOURCE}/ "
                  "(make release does that when you release a chapter)", file=sys.stderr)
            generate(root, chapter, scratch)


def check_handin(root, student, chapter):
    """Why this hand-in cannot be autograded, or None if it can."""
    import nbformat

    path = handin_path(student, chapter, root)
    if not path.exists():
        others = sorted(p.name for p in path.parent.iterdir() if p.name != "timestamp.txt")
        return f"no {chapter}.ipynb in the hand-in (found: {', '.join(others) or 'nothing'})"
    try:
        nbformat.validate(read(path))
    except Exception as error:
        not_json = isinstance(error, (json.JSONDecodeError, nbformat.reader.NotJSONError))
        kind = "not valid JSON" if not_json else "not a valid notebook"
        return f"{chapter}.ipynb is {kind} ({type(error).__name__}: {str(error).splitlines()[0][:120]})"
    return None


def record_zero(root, student, chapter):
    """Give a hand-in that cannot be graded zero points, as nbgrader does for a missing notebook."""
    with gradebook(root) as gb:
        gb.update_or_create_student(student)
        submission = gb.update_or_create_submission(chapter, student)
        for notebook in submission.notebooks:
            for grade in notebook.grades:
                grade.auto_score = 0
                grade.needs_manual_grade = False
        gb.db.commit()
    stale = pathlib.Path(root) / AUTOGRADED / student / chapter
    if stale.exists():  # an earlier, gradable hand-in: its feedback would no longer be true
        shutil.rmtree(stale)


def review(root, student, chapter):
    """Read the hand-in before it runs: ``(notes, test cells to send to manual review)``."""
    import lime_teach

    nb, released = read(handin_path(student, chapter, root)), read(release_path(chapter, root))
    notes, cells = [], set()
    for exercise, name, original in copied_answers(nb, released, pathlib.Path(lime_teach.__file__).parent):
        notes.append(f"REVIEW (copied): the answer {exercise} defines {name}, which is {original} renamed")
        cells.update(tests_of(released, exercise))
    for where, line_number, line, what in suspicious_lines(nb, released):
        notes.append(f"REVIEW (static scan, a second signal): {where} line {line_number} {what}: `{line}`")
        cells.update(tests_of(released, where))
    return notes, cells


def send_to_review(root, student, chapter, cells):
    with gradebook(root) as gb:
        for name in cells:
            try:
                gb.find_grade(name, chapter, chapter, student).needs_manual_grade = True
            except Exception:  # a cell the gradebook does not know: nothing to review
                continue
        gb.db.commit()


def autograde(root, student, chapter, options):
    """Autograde one hand-in in its own nbgrader process (its kernel sandboxed); returns ``(ok, notes)``."""
    key = secrets.token_hex(32)
    args = ["autograde", chapter, f"--student={student}", "--force", f"--Execute.timeout={options.cell_timeout}"]
    with contextlib.ExitStack() as stack:
        if options.sandbox:
            box = stack.enter_context(sandboxing.Sandbox(root, student, chapter, options.memory_gb,
                                                         options.max_processes, options.network, options.hidden, key))
            env, prefix, key_file = box.env, (), box.runtime / "guard.key"
            args += box.nbgrader_args
        else:
            scratch = pathlib.Path(stack.enter_context(tempfile.TemporaryDirectory()))
            key_file = scratch / "guard.key"
            env, prefix = {}, options.prefix
        env.update(LIME_TEACH_GUARD_KEY=key, LIME_TEACH_GUARD_KEYFILE=str(key_file))
        for attempt in range(3):
            key_file.write_text(key)  # the kernel reads it once and deletes it
            try:
                result = nbgrader(args, root, timeout=options.handin_timeout, prefix=prefix, env=env)
            except subprocess.TimeoutExpired:
                return False, [f"stopped after {options.handin_timeout} s in all: grade it by hand"]
            if result.returncode == 0 or not DB_LOCKED.search(result.stdout):
                break
            time.sleep(1 + attempt)  # another process held the gradebook too long: try again
    notes = noteworthy(result.stdout)
    if result.returncode != 0:
        notes.append("autograding failed (see the notes above): grade it by hand")
    return result.returncode == 0, notes


class Options:
    """How hand-ins run: limits, sandbox or not (see ``grade``)."""

    def __init__(self, cell_timeout=120, handin_timeout=1800, sandbox=True, network=False, memory_gb=8,
                 max_processes=1024, hidden=()):
        self.cell_timeout, self.handin_timeout = cell_timeout, handin_timeout
        self.sandbox, self.network = sandbox, network
        self.memory_gb, self.max_processes, self.hidden = memory_gb, max_processes, tuple(hidden)
        self.prefix = ()


def grade(root=ROOT, jobs=2, cell_timeout=120, network=False, handin_timeout=1800, only_students=None,
          only_assignments=None, sandbox=True, memory_gb=8, max_processes=1024, hidden=()):
    """Autograde every hand-in, then export grades.csv; returns ``{(student, chapter): notes}``.

    ``sandbox=False`` runs hand-ins with the instructor's rights (only with
    ``--unsafe-no-sandbox``); with ``sandbox=True`` and no sandbox to be had,
    SystemExit says why. ``hidden``: more folders the hand-ins may not see.
    """
    root = pathlib.Path(root).resolve()
    options = Options(cell_timeout, handin_timeout, sandbox, network, memory_gb, max_processes, hidden)
    if sandbox and (reason := sandboxing.unavailable()):
        raise SystemExit(sandboxing.NO_SANDBOX.format(reason=reason))
    if not sandbox and not network:
        options.prefix = sandboxing.network_isolation()
    names = chapters(root)
    todo = handins(root, only_students, only_assignments)
    report = {}
    for student, chapter in todo:
        if chapter not in names:
            report[(student, chapter)] = [f"no chapter called {chapter} in {SOURCE}/: not graded"]
    register(root, sorted({c for _, c in todo if c in names} - known_assignments(root)))
    gradable = {}
    for student, chapter in todo:
        if (student, chapter) in report:
            continue
        problem = check_handin(root, student, chapter)
        if problem:
            record_zero(root, student, chapter)
            report[(student, chapter)] = [problem, "graded 0: ask the student for a new hand-in"]
        else:
            gradable.setdefault(student, []).append(chapter)

    # Read every hand-in first, in this thread: CPython's ast.parse is not safe in threads at once.
    reviews = {(student, chapter): review(root, student, chapter)
               for student, names_ in gradable.items() for chapter in names_}

    def one_student(student):
        notes = {}
        for chapter in gradable[student]:
            start = time.monotonic()
            read_notes, cells = reviews[(student, chapter)]
            ok, notes[(student, chapter)] = autograde(root, student, chapter, options)
            if ok and cells:
                send_to_review(root, student, chapter, cells)
            notes[(student, chapter)] += read_notes
            print(f"{'graded' if ok else 'FAILED'} {student}/{chapter} in {time.monotonic() - start:.0f} s", flush=True)
        return notes

    with concurrent.futures.ThreadPoolExecutor(max(1, jobs)) as pool:
        for done in pool.map(one_student, sorted(gradable)):
            report.update(done)
    if known_assignments(root):
        export(root)
    return report


def report_header(sandbox):
    if sandbox:
        return ["Every hand-in ran in a sandbox (bubblewrap): no network, nothing visible but its own "
                "scratch copy and the course's environment, nothing writable outside it."]
    return ["**WARNING: graded WITHOUT a sandbox (--unsafe-no-sandbox).** The hand-ins ran with the "
            "instructor's rights: they could read the solutions and hidden tests, change the gradebook "
            "and other hand-ins, and use the network. Check the gradebook against its backup."]


def main(argv=None):
    parser = command_parser("grade", "autograde submitted/ in a sandbox, write grades.csv")
    parser.add_argument("--jobs", type=int, default=2, help="students graded at once (default 2)")
    parser.add_argument("--timeout", type=int, default=120, help="seconds per cell (default 120)")
    parser.add_argument("--handin-timeout", type=int, default=1800, help="seconds per hand-in in all")
    parser.add_argument("--memory", type=float, default=8, help="GB of memory per hand-in (default 8)")
    parser.add_argument("--processes", type=int, default=1024, help="processes and threads per hand-in")
    parser.add_argument("--hide", action="append", default=[], help="a folder hand-ins may not see (repeatable)")
    parser.add_argument("--network", action="store_true", help="let hand-ins use the network")
    parser.add_argument("--unsafe-no-sandbox", action="store_true",
                        help="run hand-ins WITHOUT a sandbox, with your rights (see docs/INSTRUCTOR.md)")
    parser.add_argument("--student", action="append", help="only this student (repeatable)")
    parser.add_argument("--assignment", action="append", help="only this chapter (repeatable)")
    args = parser.parse_args(argv)
    root = args.root
    start = time.monotonic()
    report = grade(root, args.jobs, args.timeout, args.network, args.handin_timeout, args.student,
                   args.assignment, sandbox=not args.unsafe_no_sandbox, memory_gb=args.memory,
                   max_processes=args.processes, hidden=args.hide)
    path, flagged = write_report(root, report, report_header(not args.unsafe_no_sandbox))
    print(f"graded {len(report)} hand-ins in {time.monotonic() - start:.0f} s; "
          f"scores in {root / 'grades.csv'}; {flagged} need a look: {path}")
