"""Seconds to autograde one hand-in of each chapter, as `make grade` does it.

Each chapter's instructor version is handed in by one student in a scratch
copy of the course, released and graded there with nbgrader (which sets
NBGRADER_EXECUTION, so the notebooks use their smaller sample counts), one
chapter at a time on an otherwise idle machine.

    python -m benchmarks.grading [chapter ...]     (from the course root)
"""

import shutil
import sys
import tempfile
import time
from pathlib import Path

from tools import course

ROOT = Path(__file__).resolve().parent.parent


def grade_one(chapter, workdir):
    root = Path(workdir) / chapter
    shutil.copytree(ROOT / "solutions", root / "solutions")
    course.release(root)
    folder = root / "submitted" / "student" / chapter
    folder.mkdir(parents=True)
    shutil.copy(root / "solutions" / chapter / f"{chapter}.ipynb", folder)
    start = time.perf_counter()
    course.grade(root, jobs=1)
    return time.perf_counter() - start


def main():
    chapters = sys.argv[1:] or sorted(p.parent.name for p in (ROOT / "solutions").glob("*/*.ipynb")
                                      if p.stem == p.parent.name)
    with tempfile.TemporaryDirectory() as workdir:
        for chapter in chapters:
            print(f"{chapter:<24} {grade_one(chapter, workdir):6.1f} s to grade one hand-in", flush=True)


if __name__ == "__main__":
    main()
