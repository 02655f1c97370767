"""export: the gradebook's scores -> ``grades.csv`` (and, with ``--lms``, an LMS import file).

    python -m tools.course export [--lms canvas]

``score`` counts hand-graded points once they are given. The LMS formats are
``tools/lms.py``'s: ``write_lms_csv(root, rows, lms)`` receives the rows of
grades.csv (dicts) and writes the file the LMS imports.
"""

import csv
import importlib
import pathlib

from .cli import command_parser
from .nbgrader_runner import check, nbgrader
from .notebooks import ROOT


def export(root=ROOT, to=None):
    """Write the gradebook's scores to ``grades.csv`` at the course root; returns its path."""
    to = pathlib.Path(to) if to else pathlib.Path(root) / "grades.csv"
    check(nbgrader(["export", f"--to={to.resolve()}"], root), "nbgrader export")
    return to


def rows(path):
    """The rows of a grades.csv, as dicts."""
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def export_lms(root, lms, grades_csv):
    """Hand the rows of grades.csv to ``tools.lms.write_lms_csv``; returns what it wrote."""
    try:
        module = importlib.import_module("tools.lms")
    except ModuleNotFoundError:
        raise SystemExit("--lms: this course has no tools/lms.py (LMS formats)") from None
    return module.write_lms_csv(pathlib.Path(root), rows(grades_csv), lms)


def main(argv=None):
    parser = command_parser("export", "gradebook -> grades.csv")
    parser.add_argument("--lms", help="also write the import file of this LMS (see tools/lms.py)")
    args = parser.parse_args(argv)
    root = args.root
    path = export(root)
    print(f"wrote {path}")
    if args.lms:
        print(f"wrote {export_lms(root, args.lms, path)}")
