"""nbgrader settings of the lime-teach course.

The course directory is this repository: instructor versions in ``solutions/``,
student versions in ``notebooks/``, hand-ins in ``submitted/<student>/<chapter>/``,
and the gradebook in ``gradebook.db`` next to this file. ``python -m tools.course``
(``make release``, ``make grade``...) runs nbgrader with these settings; the
nbgrader JupyterLab extension reads them too when started from this folder.
See docs/INSTRUCTOR.md for the semester's workflow.
"""

import os
import sys

ROOT = os.path.dirname(os.path.abspath(__file__))
# The course's own preprocessors (restoring deleted cells, hiding hidden tests
# in feedback) live in tools/course.py.
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

c = get_config()  # noqa: F821 (nbgrader defines get_config when it reads this file)

c.CourseDirectory.course_id = "lime-teach"
c.CourseDirectory.root = ROOT
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "notebooks"
c.CourseDirectory.submitted_directory = "submitted"
c.CourseDirectory.autograded_directory = "autograded"
c.CourseDirectory.feedback_directory = "feedback"
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(ROOT, "gradebook.db")

# What the student sees in place of a solution.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Student versions carry no outputs (ClearOutput is part of generate_assignment).
c.ClearOutput.remove_metadata_fields = ["collapsed", "scrolled", "execution"]

# Per cell: an endless loop is interrupted after this many seconds and only
# that cell fails; the rest of the notebook is still graded. Under autograding
# a chapter's cells each take a few seconds (NBGRADER_EXECUTION shrinks the
# sample counts), the setup cell that loads a model up to about 20 s.
c.Execute.timeout = 120
c.Execute.interrupt_on_timeout = True
c.Execute.startup_timeout = 120

# Hand-ins are repaired before nbgrader grades them: deleted answer, test and
# TOSUBMIT cells come back (from the gradebook, never with a solution or mark
# scheme), and duplicated or split cells are reported.
c.Autograde.sanitize_preprocessors = [
    "nbgrader.preprocessors.ClearOutput",
    "tools.course.ReportDuplicates",
    "nbgrader.preprocessors.DeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "tools.course.RestoreMissingCells",
    "nbgrader.preprocessors.OverwriteCells",
    "nbgrader.preprocessors.CheckCellMetadata",
]

# Feedback shows the student's work and the visible tests, never the hidden ones.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "tools.course.HideHiddenTests",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]
