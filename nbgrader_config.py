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
# in feedback) live in tools/preprocessors.py.
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
# A kernel interrupted at a bad moment may never send its last output: carry
# on with the next cell instead of giving up on the whole notebook.
c.Execute.raise_on_iopub_timeout = False
c.Execute.startup_timeout = 120

# Hand-ins are repaired before nbgrader grades them: duplicated or split cells
# are settled (the last copy counts), deleted answer, test and TOSUBMIT cells
# come back (from the gradebook, never with a solution or mark scheme), edited
# test cells are reported (OverwriteCells puts the original back).
c.Autograde.sanitize_preprocessors = [
    "nbgrader.preprocessors.ClearOutput",
    "tools.preprocessors.SettleDuplicates",
    "nbgrader.preprocessors.DeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "tools.preprocessors.ReportEditedCells",
    "tools.preprocessors.RestoreMissingCells",
    "nbgrader.preprocessors.OverwriteCells",
    "tools.preprocessors.NoSkippedTests",
    "tools.integrity.GuardTestCells",
    "nbgrader.preprocessors.CheckCellMetadata",
]

# Cells tagged "explorer" (interactive widgets) are not run while grading:
# nobody sees them, and nbclient may wait for a widget cell until the cell
# timeout. Test cells always run (tools.preprocessors.NoSkippedTests).
c.Execute.skip_cells_with_tag = "explorer"

# A test cell earns all its points unless it raises: not nbgrader's partial
# credit from a displayed number, nor zero for a warning written to stderr.
# And only if the grading guard vouches for it (tools/integrity.py): the setup
# runs first and is sealed, each test cell runs between two checks that the
# hand-in has not hooked the kernel or patched what the tests rely on, and
# sends a signed receipt when it ran to its end. A kernel that ignores the
# interrupt at a timeout is killed; one that dies leaves its later tests at 0.
c.Autograde.autograde_preprocessors = [
    "tools.integrity.GuardedExecute",
    "tools.integrity.JudgeTestCells",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "tools.preprocessors.SaveAutoGradesPassOrFail",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]

# Feedback shows the student's work and the visible tests, never the hidden ones.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "tools.preprocessors.HideHiddenTests",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]

# make collect: how the files of an LMS download are named. Here
# ``<student>_<anything>_<chapter>.ipynb`` (Canvas: ``doejane_1234_5678_04_kernels.ipynb``)
# or ``<student>_<chapter>.ipynb``, in any folder of the zip; a copy suffix
# (``-Copy1``, `` (1)``) is ignored. Another LMS: see docs/INSTRUCTOR.md.
c.FileNameCollectorPlugin.named_regexp = (
    r".*/(?P<student_id>[A-Za-z0-9.\-]+)_(?:[^/]*_)?(?P<file_id>\d\d_[A-Za-z0-9_]+?)"
    r"(?:-Copy\d+| ?\(\d+\))?\.ipynb$"
)
