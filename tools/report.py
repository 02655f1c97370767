"""grading-report.md: every hand-in that needs a look, with the reason and the evidence."""

import pathlib


def write_report(root, report, header=()):
    """Write ``grading-report.md``; returns ``(path, number of hand-ins listed)``.

    ``report`` maps ``(student, chapter)`` to its notes (strings); hand-ins
    without notes are not listed. ``header`` lines go first (how grading ran).
    """
    lines = ["# Grading report", "", *header, *([""] if header else []),
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
