"""Grades out: ``grades.csv`` -> the CSV file a Canvas or Moodle gradebook imports.

    make export-grades LMS=canvas     # python -m tools.course export --lms canvas
    make export-grades LMS=moodle

``grades.csv`` (nbgrader's export) has one row per student and chapter. An LMS
wants one row per student and one column per chapter, with the student named
the way the LMS knows them. Those LMS ids are kept when ``make collect``
unpacks an LMS download (``remember_ids``): Canvas names every submitted file
``<login>_<canvas user id>_<submission id>_<file name>`` (``LATE_`` after the
login when late), so the Canvas user id is read from the file names into
``lms-ids.csv`` at the course root. Students without one (hand-ins that came
another way, e.g. through a hub's exchange) keep their course id, which is
then their LMS login.

Layouts (documented by each LMS, checked in tests/test_lms.py):

- Canvas, Gradebook > Import: columns ``Student`` (sortable name, "Last,
  First"), ``ID`` (Canvas user id), ``SIS User ID``, ``SIS Login ID``,
  ``Section``, then one column per assignment; a second row ``Points
  Possible``. Canvas matches students by ``ID``, else ``SIS User ID``, else
  ``SIS Login ID``; a column named like no assignment creates one.
- Moodle, Grades > Import > CSV file: a header row; one column identifies the
  user (chosen at import as "Map from"/"Map to": here ``Username``, or
  ``Email address``, or ``ID number``), one column per grade item (mapped to
  an existing item or a new one at import). Comma separated, UTF-8, a dot as
  the decimal mark.
"""

import csv
import pathlib
import re
import zipfile

LMS_IDS = "lms-ids.csv"
FORMATS = ("canvas", "moodle")
# <login>_[LATE_]<user id>_<submission id>_<original file name>, in any folder of the zip
CANVAS_FILE = re.compile(r"(?:.*/)?(?P<login>[A-Za-z0-9.\-]+)_(?:LATE_)?(?P<user_id>\d+)_(?P<submission>\d+)_[^/]+$",
                         re.IGNORECASE)


def ids_from_zip(zip_path):
    """``{student id: Canvas user id}`` from the file names of a Canvas download (others give {})."""
    with zipfile.ZipFile(zip_path) as archive:
        names = archive.namelist()
    found = {}
    for name in names:
        match = CANVAS_FILE.match(name)
        if match:
            found[match["login"]] = match["user_id"]
    return found


def read_ids(root):
    """``{student id: LMS id}`` kept by ``remember_ids`` (empty if none)."""
    path = pathlib.Path(root) / LMS_IDS
    if not path.is_file():
        return {}
    with open(path, newline="", encoding="utf-8") as f:
        return {row["student_id"]: row["lms_id"] for row in csv.DictReader(f)}


def remember_ids(root, zip_path):
    """Add the LMS ids named in ``zip_path`` to ``lms-ids.csv`` (called by ``collect``); returns them all."""
    ids = {**read_ids(root), **ids_from_zip(zip_path)}
    with open(pathlib.Path(root) / LMS_IDS, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["student_id", "lms_id"])
        writer.writerows(sorted(ids.items()))
    return ids


def _number(text):
    value = float(text or 0)
    return f"{value:g}"


def table(rows):
    """grades.csv rows -> (chapters in order, {student id: {chapter: score}}, {chapter: max score}, people).

    people: ``{student id: (last name, first name, email)}`` as nbgrader knows them (may be empty).
    """
    chapters = sorted({row["assignment"] for row in rows})
    scores, maxima, people = {}, {}, {}
    for row in rows:
        student = row["student_id"]
        scores.setdefault(student, {})[row["assignment"]] = _number(row["score"])
        maxima[row["assignment"]] = _number(row["max_score"])
        people[student] = tuple((row.get(key) or "").strip() for key in ("last_name", "first_name", "email"))
    return chapters, scores, maxima, people


def canvas(rows, ids):
    """The rows of Canvas's gradebook import file (header, Points Possible, one row per student)."""
    chapters, scores, maxima, people = table(rows)
    out = [["Student", "ID", "SIS User ID", "SIS Login ID", "Section", *chapters],
           ["Points Possible", "", "", "", "", *(maxima[c] for c in chapters)]]
    for student in sorted(scores):
        last, first, _ = people[student]
        name = f"{last}, {first}" if last and first else student
        # Unsubmitted chapters stay empty: Canvas leaves those grades as they are.
        out.append([name, ids.get(student, ""), "", student, "", *(scores[student].get(c, "") for c in chapters)])
    return out


def moodle(rows, ids):
    """The rows of a Moodle CSV grade import (header, one row per student)."""
    chapters, scores, _, people = table(rows)
    out = [["Username", "Email address", "ID number", *chapters]]
    for student in sorted(scores):
        out.append([student, people[student][2], ids.get(student, ""),
                    *(scores[student].get(c, "") for c in chapters)])
    return out


def write_lms_csv(root, rows, lms):
    """Write ``grades-<lms>.csv`` at ``root`` from the rows (dicts) of grades.csv; returns its path."""
    if lms not in FORMATS:
        raise SystemExit(f"--lms: expected one of {', '.join(FORMATS)}, got {lms!r}")
    table_rows = {"canvas": canvas, "moodle": moodle}[lms](rows, read_ids(root))
    path = pathlib.Path(root) / f"grades-{lms}.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(table_rows)
    return path
