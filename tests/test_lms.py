"""Grades out: the CSV files Canvas and Moodle import, in the column layouts each documents."""

import csv
import zipfile

import pytest

from tools import lms

# nbgrader's grades.csv: one row per student and chapter.
GRADES = [
    {"assignment": "00_lime_in_2d", "student_id": "doejane", "last_name": "Doe", "first_name": "Jane",
     "email": "jane@uni.example", "score": "6.0", "max_score": "9.0"},
    {"assignment": "04_kernels", "student_id": "doejane", "last_name": "Doe", "first_name": "Jane",
     "email": "jane@uni.example", "score": "7.5", "max_score": "10.0"},
    {"assignment": "00_lime_in_2d", "student_id": "roe.rick", "last_name": "", "first_name": "",
     "email": "", "score": "0.0", "max_score": "9.0"},
]


@pytest.fixture
def course(tmp_path):
    """A course root that collected a Canvas download: Jane's files name her Canvas user id 40411."""
    download = tmp_path / "submissions.zip"
    with zipfile.ZipFile(download, "w") as archive:
        archive.writestr("doejane_40411_9912345_00_lime_in_2d.ipynb", "{}")
        archive.writestr("sub/doejane_LATE_40411_9912399_04_kernels-1.ipynb", "{}")
        archive.writestr("roe.rick_04_kernels.ipynb", "{}")   # no Canvas ids in this name
    lms.remember_ids(tmp_path, download)
    return tmp_path


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def test_collect_keeps_canvas_user_ids_from_the_file_names(course):
    assert lms.read_ids(course) == {"doejane": "40411"}


def test_remembered_ids_accumulate_over_downloads(course, tmp_path):
    later = tmp_path / "later.zip"
    with zipfile.ZipFile(later, "w") as archive:
        archive.writestr("roerick_50022_9900001_07_parameter_study.ipynb", "{}")
    lms.remember_ids(course, later)
    assert lms.read_ids(course) == {"doejane": "40411", "roerick": "50022"}


def test_canvas_layout(course):
    rows = read(lms.write_lms_csv(course, GRADES, "canvas"))
    # Canvas: Student, ID, SIS User ID, SIS Login ID, Section, then one column per assignment.
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "00_lime_in_2d", "04_kernels"]
    assert rows[1] == ["Points Possible", "", "", "", "", "9", "10"]
    assert rows[2] == ["Doe, Jane", "40411", "", "doejane", "", "6", "7.5"]
    # No Canvas id and no name: matched by login; a chapter not handed in stays empty (grade left alone).
    assert rows[3] == ["roe.rick", "", "", "roe.rick", "", "0", ""]
    assert len(rows) == 4


def test_moodle_layout(course):
    rows = read(lms.write_lms_csv(course, GRADES, "moodle"))
    assert rows[0] == ["Username", "Email address", "ID number", "00_lime_in_2d", "04_kernels"]
    assert rows[1:] == [["doejane", "jane@uni.example", "40411", "6", "7.5"], ["roe.rick", "", "", "0", ""]]


@pytest.mark.parametrize("name", lms.FORMATS)
def test_every_row_has_as_many_fields_as_the_header_and_grades_use_a_decimal_dot(course, name):
    rows = read(lms.write_lms_csv(course, GRADES, name))
    assert {len(row) for row in rows} == {len(rows[0])}
    grades = [cell for row in rows[1:] for cell in row[-2:] if cell]
    assert grades and all(float(cell) >= 0 and "," not in cell for cell in grades)


def test_an_unknown_lms_is_refused_by_name(course):
    with pytest.raises(SystemExit, match="canvas, moodle"):
        lms.write_lms_csv(course, GRADES, "blackboard")


def test_export_hands_grades_csv_to_the_lms_writer(course):
    from tools import export

    path = course / "grades.csv"
    with open(path, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(GRADES[0]))
        writer.writeheader()
        writer.writerows(GRADES)
    written = export.export_lms(course, "canvas", path)
    assert read(written)[2][:2] == ["Doe, Jane", "40411"]
