"""What the sandbox costs: the same hand-ins graded with and without it, and hand-ins per minute.

A scratch copy of a course gets ``--handins`` copies (20 by default) of one
chapter's instructor version, each handed in by another student, and is
graded twice by the real command at ``--jobs`` (2) workers: once with every
kernel in its sandbox, once without (``--unsafe-no-sandbox``, which also
lifts the network isolation). The grading guard runs both times; the
difference is the sandbox alone. Both runs must give every hand-in the same
score. Printed: seconds per run, the overhead ratio (goal: under 1.10), and
hand-ins graded per minute with the sandbox.

    python -m benchmarks.grading                       # the sample chapter of the grading tests
    python -m benchmarks.grading --chapter 04_kernels  # a real chapter (about 30 s per hand-in)
"""

import argparse
import csv
import pathlib
import shutil
import tempfile
import time

from tools import grade as grading
from tools import release
from tools.notebooks import ROOT

SAMPLE = ROOT / "tests" / "fixtures" / "grading" / "course"


def course_with_handins(workdir, chapter, handins):
    """A course folder holding ``chapter`` and ``handins`` copies of its instructor version."""
    source = SAMPLE if chapter == "00_sample" else ROOT
    root = pathlib.Path(workdir) / "course"
    shutil.copytree(source / "solutions" / chapter, root / "solutions" / chapter)
    release.release(root)
    for number in range(handins):
        folder = root / "submitted" / f"student{number:03d}" / chapter
        folder.mkdir(parents=True)
        shutil.copy(root / "solutions" / chapter / f"{chapter}.ipynb", folder)
    return root


def scores(root):
    with open(root / "grades.csv") as f:
        return {row["student_id"]: float(row["score"]) for row in csv.DictReader(f)}


def timed(root, jobs, sandbox):
    start = time.perf_counter()
    grading.grade(root, jobs=jobs, sandbox=sandbox, network=not sandbox)
    return time.perf_counter() - start, scores(root)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chapter", default="00_sample", help="the chapter handed in (default: the sample)")
    parser.add_argument("--handins", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as workdir:
        root = course_with_handins(workdir, args.chapter, args.handins)
        plain, plain_scores = timed(root, args.jobs, sandbox=False)
        boxed, boxed_scores = timed(root, args.jobs, sandbox=True)
    assert boxed_scores == plain_scores, "the sandbox changed a score"
    print(f"{args.handins} hand-ins of {args.chapter}, --jobs {args.jobs}")
    print(f"without sandbox  {plain:7.1f} s  ({args.handins / plain * 60:5.1f} hand-ins per minute)")
    print(f"with sandbox     {boxed:7.1f} s  ({args.handins / boxed * 60:5.1f} hand-ins per minute)")
    print(f"sandbox overhead ratio {boxed / plain:.3f} (goal: under 1.10)")


if __name__ == "__main__":
    main()
