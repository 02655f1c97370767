"""Course administration: release, collect, grade, feedback, TOSUBMIT.

Run from the repository root, ``python -m tools.course <command>`` (or the
``make`` target of the same name):

    release      solutions/ -> notebooks/ (student versions), gradebook updated
    collect ZIP  an LMS download -> submitted/<student>/<chapter>/
    grade        autograde every hand-in under submitted/, then grades.csv
    feedback     feedback/<student>/<chapter>/<chapter>.html (no hidden tests)
    tosubmit     tosubmit/<student>.md: one student's TOSUBMIT answers by chapter
    tosubmit-doc docs/TOSUBMIT.md: every TOSUBMIT question by chapter

Every command runs nbgrader with the settings of ``nbgrader_config.py`` (each
hand-in in its own ``python -m nbgrader autograde`` process); ``--root``
points them at another course folder (the tests grade a small sample course
that way). docs/INSTRUCTOR.md walks through a semester.

While it grades, nbgrader also runs the preprocessors of ``tools/preprocessors.py``,
which repair hand-ins (``nbgrader_config.py`` names them).
"""

import argparse
import concurrent.futures
import json
import logging
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
LOG = logging.getLogger("tools.course")
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


def nbgrader_config(root=ROOT, **course_directory):
    """The settings of nbgrader_config.py, pointed at the course folder ``root``."""
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(ROOT)).load_config()
    config.CourseDirectory.root = str(pathlib.Path(root).resolve())
    config.CourseDirectory.db_url = db_url(root)
    for name, value in course_directory.items():
        config.CourseDirectory[name] = value
    return config


def generate(root, chapter, into, database=True):
    """``nbgrader generate_assignment <chapter> --force`` into the folder ``into``.

    In this process, not one nbgrader process per chapter: nbgrader takes
    seconds to import. ``database=False`` is ``--no-db``.
    """
    from nbgrader.converters import GenerateAssignment
    from nbgrader.coursedir import CourseDirectory

    # nbgrader runs the ``alembic`` script of its environment when it creates a gradebook.
    os.environ["PATH"] = os.pathsep.join([str(pathlib.Path(sys.executable).parent), os.environ.get("PATH", "")])
    config = nbgrader_config(root, release_directory=str(into), assignment_id=chapter)
    config.GenerateAssignment.force = True
    if not database:
        config.GenerateAssignment.no_database = True
        config.SaveCells.enabled = False
    GenerateAssignment(coursedir=CourseDirectory(config=config), config=config, log=LOG).start()


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
        generate(root, chapter, into, database)
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
# TOSUBMIT questions and answers


def _grade_id(cell):
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def _title(nb, chapter):
    """The chapter's title: its first markdown heading, else its folder name."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return chapter


def tosubmit_questions(nb):
    """``[(answer grade_id, question text, points)]`` of one instructor notebook, in order.

    A question is a markdown cell starting with ``**TOSUBMIT**``; its answer is
    the next manually graded cell.
    """
    questions, pending = [], None
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type == "markdown" and cell.source.lstrip().startswith(TOSUBMIT_MARK):
            pending = cell.source.lstrip()[len(TOSUBMIT_MARK):].strip()
        elif pending is not None and meta.get("solution") and meta.get("grade"):
            questions.append((meta["grade_id"], pending, meta.get("points", 0)))
            pending = None
    return questions


def _read_notebook(path):
    import nbformat

    return nbformat.read(str(path), as_version=4)


def _points(points):
    return f"{points:g} point" + ("" if points == 1 else "s")


def tosubmit_doc(root=ROOT):
    """Markdown listing every TOSUBMIT question by chapter (docs/TOSUBMIT.md)."""
    lines = ["# TOSUBMIT questions", "",
             "Every question the course asks for a written answer, by chapter. The answers are",
             "graded by hand; `make tosubmit` gathers each student's answers into one document.",
             "This page is generated from `solutions/` by `make release`: do not edit it by hand.", ""]
    chapters = assignments(root)
    if not chapters:
        lines += ["(No chapters yet.)", ""]
    for chapter in chapters:
        nb = _read_notebook(pathlib.Path(root) / SOURCE / chapter / f"{chapter}.ipynb")
        lines += [f"## {chapter}: {_title(nb, chapter)}", ""]
        questions = tosubmit_questions(nb)
        if not questions:
            lines += ["(No TOSUBMIT question.)", ""]
        for number, (_, question, points) in enumerate(questions, 1):
            text = question.replace("\n", "\n   ")
            lines += [f"{number}. {text} *({_points(points)})*", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def write_tosubmit_doc(root=ROOT):
    path = pathlib.Path(root) / "docs" / "TOSUBMIT.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(tosubmit_doc(root))
    return path


STUB = "YOUR ANSWER HERE"


def _answer(cells):
    """A student's answer from the cells carrying its grade_id (split cells: all parts)."""
    if not cells:
        return "*(no answer: the answer cell was deleted)*"
    text = "\n\n".join(cell.source.strip() for cell in cells).strip()
    if not text or text == STUB:
        return "*(not answered)*"
    return text


def student_answers(root, student):
    """Markdown with one student's TOSUBMIT answers by chapter, or None if nothing was handed in."""
    root = pathlib.Path(root)
    lines = [f"# TOSUBMIT answers of {student}", ""]
    found = False
    for chapter in assignments(root):
        handin = root / SUBMITTED / student / chapter / f"{chapter}.ipynb"
        questions = tosubmit_questions(_read_notebook(root / SOURCE / chapter / f"{chapter}.ipynb"))
        if not questions or not handin.parent.is_dir():
            continue
        found = True
        lines += [f"## {chapter}", ""]
        try:
            cells = _read_notebook(handin).cells
        except FileNotFoundError:
            lines += [f"*(no {chapter}.ipynb in the hand-in)*", ""]
            continue
        except Exception as error:  # not JSON, not a notebook: the grader should know
            lines += [f"*(the hand-in is not a readable notebook: {type(error).__name__})*", ""]
            continue
        for number, (grade_id, question, points) in enumerate(questions, 1):
            answer = _answer([c for c in cells if _grade_id(c) == grade_id])
            lines += [f"### {chapter} question {number} ({_points(points)}, `{grade_id}`)", "",
                      "> " + question.replace("\n", "\n> "), "", answer, ""]
    return "\n".join(lines).rstrip("\n") + "\n" if found else None


def students(root=ROOT):
    folder = pathlib.Path(root) / SUBMITTED
    return sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []


def collect_tosubmit(root=ROOT):
    """Write ``tosubmit/<student>.md`` for every student with a hand-in; returns the paths."""
    out = pathlib.Path(root) / "tosubmit"
    written = []
    for student in students(root):
        text = student_answers(root, student)
        if text is not None:
            out.mkdir(exist_ok=True)
            path = out / f"{student}.md"
            path.write_text(text)
            written.append(path)
    return written


# --------------------------------------------------------------------------
# collect


SCRATCH = re.compile(r"Directory not found. Creating|Clearing existing files")


def collect(zip_path, root=ROOT, assignment=None):
    """Bring an LMS download (a zip of hand-ins) into ``submitted/<student>/<chapter>/``.

    With ``assignment`` None, every chapter's notebooks are collected from the
    same download. Returns nbgrader's warnings (files skipped...).
    """
    zip_path = pathlib.Path(zip_path)
    if not zip_path.is_file():
        raise SystemExit(f"ZIP: no such file {zip_path}")
    chapters = [assignment] if assignment else assignments(root)
    # nbgrader unpacks the zip under downloaded/<chapter>/: a scratch folder, removed afterwards.
    downloaded = pathlib.Path(root) / "downloaded"
    log = []
    for chapter in chapters:
        archive = downloaded / chapter / "archive"
        archive.mkdir(parents=True, exist_ok=True)
        shutil.copy(zip_path, archive / zip_path.name)
        try:
            # The file names are matched by FileNameCollectorPlugin.named_regexp (nbgrader_config.py).
            result = _check(nbgrader(["zip_collect", chapter, "--force", "--strict"], root),
                            f"nbgrader zip_collect {chapter}")
        finally:
            shutil.rmtree(downloaded / chapter)
        log += [f"{chapter}: {note}" for note in _noteworthy(result.stdout) if not SCRATCH.search(note)]
    if downloaded.is_dir() and not any(downloaded.iterdir()):
        downloaded.rmdir()
    return "\n".join(log)


# --------------------------------------------------------------------------
# grade


COURSE_ID = "lime-teach"


def _gradebook(root):
    from nbgrader.api import Gradebook

    return Gradebook(db_url(root), course_id=COURSE_ID)


def _known_assignments(root):
    if not (pathlib.Path(root) / GRADEBOOK).exists():
        return set()
    with _gradebook(root) as gb:
        return {a.name for a in gb.assignments}


def register(root, chapters):
    """Record chapters in the gradebook without touching notebooks/ (a fresh clone has no gradebook)."""
    with tempfile.TemporaryDirectory() as scratch:
        for chapter in chapters:
            print(f"warning: {chapter} is not in the gradebook: recording it from {SOURCE}/ "
                  "(make release does that when you release a chapter)", file=sys.stderr)
            generate(root, chapter, scratch)


def handins(root=ROOT, only_students=None, only_assignments=None):
    """``[(student, chapter)]`` for every folder ``submitted/<student>/<chapter>/``."""
    found = []
    for student in students(root):
        if only_students and student not in only_students:
            continue
        for folder in sorted(p for p in (pathlib.Path(root) / SUBMITTED / student).iterdir() if p.is_dir()):
            if not only_assignments or folder.name in only_assignments:
                found.append((student, folder.name))
    return found


def check_handin(root, student, chapter):
    """Why this hand-in cannot be autograded, or None if it can."""
    import nbformat

    path = pathlib.Path(root) / SUBMITTED / student / chapter / f"{chapter}.ipynb"
    if not path.exists():
        others = sorted(p.name for p in path.parent.iterdir() if p.name != "timestamp.txt")
        return f"no {chapter}.ipynb in the hand-in (found: {', '.join(others) or 'nothing'})"
    try:
        nb = nbformat.read(str(path), as_version=4)
        nbformat.validate(nb)
    except Exception as error:
        not_json = isinstance(error, (json.JSONDecodeError, nbformat.reader.NotJSONError))
        kind = "not valid JSON" if not_json else "not a valid notebook"
        return f"{chapter}.ipynb is {kind} ({type(error).__name__}: {str(error).splitlines()[0][:120]})"
    return None


def record_zero(root, student, chapter):
    """Give a hand-in that cannot be graded zero points, as nbgrader does for a missing notebook."""
    with _gradebook(root) as gb:
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


def network_isolation():
    """The command prefix that runs grading without network, or () with a warning.

    A new network namespace (``unshare``) has only a loopback interface, which
    the kernel needs to talk to nbgrader; root may create one, other users where
    the system allows unprivileged user namespaces.
    """
    script = 'ip link set lo up 2>/dev/null || true; exec "$@"'
    if shutil.which("unshare"):
        for flags in (["--net"], ["--net", "--map-root-user"]):
            prefix = ["unshare", *flags, "--", "sh", "-c", script, "sh"]
            try:
                probe = subprocess.run([*prefix, "true"], capture_output=True, timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                continue
            if probe.returncode == 0:
                return tuple(prefix)
    print("warning: cannot run hand-ins without network here (unshare is unavailable or not "
          "permitted); they run with the network of this machine. See docs/INSTRUCTOR.md.", file=sys.stderr)
    return ()


# nbgrader's log lines worth showing an instructor, and the routine ones that are not.
NOTEWORTHY = re.compile(r"\| (WARNING|ERROR)\]")
ROUTINE = re.compile(r"Removing existing (assignment|notebook)|Removing failed assignment|"
                     r"Attribute 'checksum' for cell|exists multiple times|"
                     r"Please see the (the )?above traceback|^\s*$")
DB_LOCKED = re.compile(r"database is locked|error accessing the nbgrader database")


def _noteworthy(log):
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


def autograde(root, student, chapter, cell_timeout, prefix=(), handin_timeout=None, retries=3):
    """Autograde one hand-in in its own nbgrader process; returns ``(ok, notes)``."""
    args = ["autograde", chapter, f"--student={student}", "--force", f"--Execute.timeout={cell_timeout}"]
    for attempt in range(retries):
        try:
            result = nbgrader(args, root, timeout=handin_timeout, prefix=prefix)
        except subprocess.TimeoutExpired:
            return False, [f"stopped after {handin_timeout} s in all: grade it by hand"]
        if result.returncode == 0 or not DB_LOCKED.search(result.stdout):
            break
        time.sleep(1 + attempt)  # another process held the gradebook too long: try again
    notes = _noteworthy(result.stdout)
    if result.returncode != 0:
        notes.append("autograding failed (see the notes above): grade it by hand")
    return result.returncode == 0, notes


def export(root=ROOT, to=None):
    """Write the gradebook's scores to ``grades.csv`` at the course root; returns its path."""
    to = pathlib.Path(to) if to else pathlib.Path(root) / "grades.csv"
    _check(nbgrader(["export", f"--to={to.resolve()}"], root), "nbgrader export")
    return to


def grade(root=ROOT, jobs=2, cell_timeout=120, network=False, handin_timeout=1800,
          only_students=None, only_assignments=None):
    """Autograde every hand-in, then export grades.csv; returns ``{(student, chapter): notes}``.

    One worker per student (``jobs`` at a time), each hand-in in its own nbgrader
    process: a hand-in that hangs or crashes nbgrader costs only itself. The
    workers share the sqlite gradebook; nbgrader writes in short transactions
    and sqlite makes a writer wait (``DB_BUSY_TIMEOUT``) for the other.
    """
    root = pathlib.Path(root).resolve()
    chapters = assignments(root)
    todo = handins(root, only_students, only_assignments)
    report = {}
    for student, chapter in todo:
        if chapter not in chapters:
            report[(student, chapter)] = [f"no chapter called {chapter} in {SOURCE}/: not graded"]
    missing = sorted({c for _, c in todo if c in chapters} - _known_assignments(root))
    register(root, missing)
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
    prefix = () if network else network_isolation()

    def one_student(student):
        notes = {}
        for chapter in gradable[student]:
            start = time.monotonic()
            ok, notes[(student, chapter)] = autograde(root, student, chapter, cell_timeout, prefix, handin_timeout)
            print(f"{'graded' if ok else 'FAILED'} {student}/{chapter} in {time.monotonic() - start:.0f} s", flush=True)
        return notes

    with concurrent.futures.ThreadPoolExecutor(max(1, jobs)) as pool:
        for done in pool.map(one_student, sorted(gradable)):
            report.update(done)
    if _known_assignments(root):
        export(root)
    return report


def write_report(root, report):
    """``grading-report.md``: what happened to each hand-in that needs a look."""
    lines = ["# Grading report", "",
             "Hand-ins that need a look (all others were graded without remarks).", ""]
    flagged = {key: notes for key, notes in sorted(report.items()) if notes}
    for (student, chapter), notes in flagged.items():
        lines.append(f"## {student} / {chapter}")
        lines += [""] + [f"- {note}" for note in notes] + [""]
    if not flagged:
        lines.append("(none)")
    path = pathlib.Path(root) / "grading-report.md"
    path.write_text("\n".join(lines).rstrip("\n") + "\n")
    return path, len(flagged)


# --------------------------------------------------------------------------
# feedback


def feedback(root=ROOT):
    """HTML feedback for every autograded hand-in: ``feedback/<student>/<chapter>/<chapter>.html``."""
    root = pathlib.Path(root).resolve()
    done = []
    for chapter in assignments(root):
        if list((root / AUTOGRADED).glob(f"*/{chapter}/{chapter}.ipynb")):
            _check(nbgrader(["generate_feedback", chapter, "--force"], root), f"nbgrader generate_feedback {chapter}")
            done += sorted((root / FEEDBACK).glob(f"*/{chapter}/*.html"))
    return done


# --------------------------------------------------------------------------
# Command line


def main(argv=None):
    logging.basicConfig(format="[%(levelname)s] %(message)s", level=logging.WARNING)
    parser = argparse.ArgumentParser(prog="python -m tools.course",
                                     description="Course administration with nbgrader (docs/INSTRUCTOR.md).")
    parser.add_argument("--root", default=str(ROOT), help="course folder (default: this repository)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("release", help="solutions/ -> notebooks/ and docs/TOSUBMIT.md")
    collecting = commands.add_parser("collect", help="an LMS download (zip) -> submitted/")
    collecting.add_argument("zip")
    collecting.add_argument("--assignment", help="only this chapter (default: every chapter)")
    grading = commands.add_parser("grade", help="autograde submitted/, write grades.csv")
    grading.add_argument("--jobs", type=int, default=2, help="students graded at once (default 2)")
    grading.add_argument("--timeout", type=int, default=120, help="seconds per cell (default 120)")
    grading.add_argument("--handin-timeout", type=int, default=1800, help="seconds per hand-in in all")
    grading.add_argument("--network", action="store_true", help="let hand-ins use the network")
    grading.add_argument("--student", action="append", help="only this student (repeatable)")
    grading.add_argument("--assignment", action="append", help="only this chapter (repeatable)")
    commands.add_parser("export", help="gradebook -> grades.csv")
    commands.add_parser("feedback", help="autograded/ -> feedback/ (HTML, no hidden tests)")
    commands.add_parser("tosubmit", help="submitted/ -> tosubmit/<student>.md")
    commands.add_parser("tosubmit-doc", help="solutions/ -> docs/TOSUBMIT.md")
    args = parser.parse_args(argv)
    root = pathlib.Path(args.root).resolve()

    if args.command == "release":
        for chapter in release(root):
            print(f"released {RELEASE}/{chapter}/{chapter}.ipynb")
        print(f"wrote {write_tosubmit_doc(root)}")
    elif args.command == "collect":
        print(collect(args.zip, root, args.assignment))
        print(f"hand-ins now in {root / SUBMITTED}: {len(handins(root))}")
    elif args.command == "grade":
        start = time.monotonic()
        report = grade(root, args.jobs, args.timeout, args.network, args.handin_timeout,
                       args.student, args.assignment)
        path, flagged = write_report(root, report)
        print(f"graded {len(report)} hand-ins in {time.monotonic() - start:.0f} s; "
              f"scores in {root / 'grades.csv'}; {flagged} need a look: {path}")
    elif args.command == "export":
        print(f"wrote {export(root)}")
    elif args.command == "feedback":
        for path in feedback(root):
            print(f"wrote {path}")
    elif args.command == "tosubmit":
        for path in collect_tosubmit(root):
            print(f"wrote {path}")
    elif args.command == "tosubmit-doc":
        print(f"wrote {write_tosubmit_doc(root)}")


if __name__ == "__main__":
    main()
