"""release: solutions/ -> notebooks/ (student versions), the gradebook, docs/TOSUBMIT.md, dist/student/.

    python -m tools.course release

For each chapter nbgrader's ``generate_assignment`` writes the student
version: solutions become stubs, hidden tests and mark schemes go, outputs are
cleared. Then ``dist/student/`` is rebuilt: everything a student may clone
(the notebooks, the package, the data, the files that install them) and
nothing else; it is searched for every secret line of ``solutions/`` and the
release fails if one is found. Publish that folder as the course repository
students clone (docs/INSTRUCTOR.md, "Keeping the answers private").
"""

import pathlib
import shutil
import sys

from .cli import command_parser
from .nbgrader_runner import generate
from .notebooks import RELEASE, ROOT, SOURCE, chapters, read, secret_lines, solution_path
from .tosubmit import write_tosubmit_doc

DIST = pathlib.Path("dist") / "student"
# What a student needs, relative to the course root: the package and its install
# files (the Colab cell runs ``pip install -e <clone>[colab]``), the data, the
# released notebooks, the written questions. Never solutions/, tests/ (the
# wrong answers quote solution lines), tools/, the gradebook or hand-ins.
STUDENT_FILES = ("README.md", "LICENSE", "pyproject.toml", "constraints.txt", "environment.yml",
                 "lime_teach", "data", RELEASE, "docs/TOSUBMIT.md")
PACKAGE = "lime_teach"
TEXT = {".py", ".ipynb", ".md", ".txt", ".json", ".toml", ".yml", ".yaml", ".cfg", ".csv", ".html"}


def release(root=ROOT, into=None, database=True):
    """Write the student version of every chapter; returns the chapter names.

    ``into`` (default ``<root>/notebooks``) receives ``<chapter>/<chapter>.ipynb``
    and nothing else: other files in a chapter's source folder are not released
    (data belongs in ``data/``). ``database=False`` leaves the gradebook alone
    (for comparing a fresh release with ``notebooks/``).
    """
    root = pathlib.Path(root).resolve()
    into = pathlib.Path(into).resolve() if into else root / RELEASE
    names = chapters(root)
    if not names:
        raise SystemExit(f"no chapters in {root / SOURCE} (expected <name>/<name>.ipynb)")
    for chapter in names:
        generate(root, chapter, into, database)
        for extra in sorted((into / chapter).iterdir()):
            if extra.name != f"{chapter}.ipynb":
                print(f"warning: {SOURCE}/{chapter}/{extra.name} is not released "
                      "(course files belong in data/ or lime_teach/)", file=sys.stderr)
                shutil.rmtree(extra) if extra.is_dir() else extra.unlink()
    for stale in sorted(p for p in into.iterdir() if p.is_dir() and p.name not in names):
        if (stale / f"{stale.name}.ipynb").exists():
            print(f"warning: removing {stale}: no such chapter in {SOURCE}/", file=sys.stderr)
            shutil.rmtree(stale)
    return names


def _text_files(folder):
    return sorted(p for p in pathlib.Path(folder).rglob("*") if p.is_file() and p.suffix in TEXT)


def secrets_in(folder, root=ROOT):
    """``[(file, secret line)]``: secret lines of solutions/ found in the text files under ``folder``.

    The package's own code may repeat a solution line (an exercise rebuilds a
    package function; the package is public by design), so in ``lime_teach/``
    only hidden tests and mark schemes count.
    """
    every, not_solutions = set(), set()
    for chapter in chapters(root):
        nb = read(solution_path(chapter, root))
        every.update(secret_lines(nb))
        not_solutions.update(secret_lines(nb, solutions=False))
    found = []
    for path in _text_files(folder):
        relative = path.relative_to(folder)
        wanted = not_solutions if relative.parts[0] == PACKAGE else every
        text = path.read_text(errors="replace")
        found += [(relative.as_posix(), line) for line in sorted(wanted) if line in text]
    return found


def student_distribution(root=ROOT, into=None):
    """Rebuild ``dist/student/`` from the course at ``root``; returns its path.

    Raises SystemExit, leaving no distribution, if a secret line reached it.
    """
    root = pathlib.Path(root).resolve()
    into = pathlib.Path(into) if into else root / DIST
    if into.exists():
        shutil.rmtree(into)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", ".ipynb_checkpoints")
    for name in STUDENT_FILES:
        source = root / name
        if source.is_dir():
            shutil.copytree(source, into / name, ignore=ignore)
        elif source.is_file():
            (into / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, into / name)
    leaks = secrets_in(into, root)
    if leaks:
        shutil.rmtree(into)
        listing = "\n".join(f"  {path}: {line!r}" for path, line in leaks[:20])
        raise SystemExit(f"the student distribution would show secret lines of {SOURCE}/:\n{listing}")
    return into


def main(argv=None):
    parser = command_parser("release", f"{SOURCE}/ -> {RELEASE}/, docs/TOSUBMIT.md and {DIST}/")
    args = parser.parse_args(argv)
    root = args.root
    for chapter in release(root):
        print(f"released {RELEASE}/{chapter}/{chapter}.ipynb")
    print(f"wrote {write_tosubmit_doc(root)}")
    print(f"wrote {student_distribution(root)} (publish it as the students' repository)")
