"""TOSUBMIT: the written questions (docs/TOSUBMIT.md) and each student's answers (tosubmit/).

    python -m tools.course tosubmit        submitted/ -> tosubmit/<student>.md
    python -m tools.course tosubmit-doc    solutions/ -> docs/TOSUBMIT.md (make release does it too)
"""

import pathlib

from .cli import command_parser
from .notebooks import (ROOT, STUB, SUBMITTED, cells_by_id, chapters, handin_path, read, solution_path, students,
                        title, tosubmit_questions)


def _points(points):
    return f"{points:g} point" + ("" if points == 1 else "s")


def tosubmit_doc(root=ROOT):
    """Markdown listing every TOSUBMIT question by chapter (docs/TOSUBMIT.md)."""
    lines = ["# TOSUBMIT questions", "",
             "Every question the course asks for a written answer, by chapter. The answers are",
             "graded by hand; `make tosubmit` gathers each student's answers into one document.",
             "This page is generated from `solutions/` by `make release`: do not edit it by hand.", ""]
    names = chapters(root)
    if not names:
        lines += ["(No chapters yet.)", ""]
    for chapter in names:
        nb = read(solution_path(chapter, root))
        lines += [f"## {chapter}: {title(nb, chapter)}", ""]
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
    for chapter in chapters(root):
        handin = handin_path(student, chapter, root)
        questions = tosubmit_questions(read(solution_path(chapter, root)))
        if not questions or not handin.parent.is_dir():
            continue
        found = True
        lines += [f"## {chapter}", ""]
        try:
            nb = read(handin)
        except FileNotFoundError:
            lines += [f"*(no {chapter}.ipynb in the hand-in)*", ""]
            continue
        except Exception as error:  # not JSON, not a notebook: the grader should know
            lines += [f"*(the hand-in is not a readable notebook: {type(error).__name__})*", ""]
            continue
        for number, (grade_id, question, points) in enumerate(questions, 1):
            lines += [f"### {chapter} question {number} ({_points(points)}, `{grade_id}`)", "",
                      "> " + question.replace("\n", "\n> "), "", _answer(cells_by_id(nb, grade_id)), ""]
    return "\n".join(lines).rstrip("\n") + "\n" if found else None


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


def main(argv=None):
    parser = command_parser("tosubmit", f"{SUBMITTED}/ -> tosubmit/<student>.md")
    args = parser.parse_args(argv)
    for path in collect_tosubmit(args.root):
        print(f"wrote {path}")


def main_doc(argv=None):
    parser = command_parser("tosubmit-doc", "solutions/ -> docs/TOSUBMIT.md")
    args = parser.parse_args(argv)
    print(f"wrote {write_tosubmit_doc(args.root)}")
