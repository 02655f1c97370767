"""Preprocessors nbgrader runs while it grades (``nbgrader_config.py`` names them).

They make grading survive what real hand-ins do to notebooks: duplicated or
split cells, edited or deleted test cells, test cells tagged to be skipped,
partial credit from printed output, and hidden tests in feedback.
"""

import json
import pathlib

from nbgrader.preprocessors import NbGraderPreprocessor, SaveAutoGrades

from .notebooks import SOURCE, grade_id as _grade_id, is_manual_answer as _is_manual_answer, read, secret_lines, \
    without_hidden_tests

# Cells with this tag (the widget explorers) are skipped while grading.
SKIP_TAG = "explorer"


class SettleDuplicates(NbGraderPreprocessor):
    """Report cells whose grade_id appears more than once (duplicated or split).

    The last copy is graded; the earlier ones lose their grading metadata and
    run as ordinary cells, which keeps code in order. A written answer split in
    two would lose its first part for the human grader: its parts are joined
    into the last copy. (nbgrader's own DeduplicateIds leaves the earlier copies
    with metadata that nbgrader then rejects as outdated.)
    """

    def preprocess(self, nb, resources):
        copies = {}
        for cell in nb.cells:
            if _grade_id(cell):
                copies.setdefault(_grade_id(cell), []).append(cell)
        for grade_id, cells in copies.items():
            if len(cells) < 2:
                continue
            self.log.warning("Cell '%s' appears %d times (duplicated or split): the last copy is graded",
                             grade_id, len(cells))
            earlier = cells[:-1]
            for cell in earlier:
                del cell.metadata["nbgrader"]
            if _is_manual_answer(cells[-1]):
                cells[-1].source = "\n\n".join(c.source.strip() for c in cells)
                nb.cells = [c for c in nb.cells if not any(c is e for e in earlier)]
        return nb, resources


class ReportEditedCells(NbGraderPreprocessor):
    """Report locked cells (tests, questions) that differ from the student version.

    nbgrader puts their instructor source back anyway; it also does so for every
    test cell with hidden tests, so its own warning does not tell tampering apart.
    """

    def preprocess(self, nb, resources):
        import nbformat
        from nbgrader.api import Gradebook
        from nbgrader.preprocessors import ClearHiddenTests

        info = resources["nbgrader"]
        clear = ClearHiddenTests(enforce_metadata=False)
        with Gradebook(info["db_url"]) as gb:
            notebook = gb.find_notebook(info["notebook"], info["assignment"])
            stored = {cell.name: cell for cell in notebook.source_cells if cell.locked}
            for cell in nb.cells:
                if _grade_id(cell) not in stored:
                    continue
                released = nbformat.v4.new_code_cell(stored[_grade_id(cell)].source)
                clear._remove_hidden_test_region(released)
                if released.source.strip() != cell.source.strip():
                    self.log.warning("Cell '%s' was edited in the hand-in: the original is graded",
                                     _grade_id(cell))
        return nb, resources


class RestoreMissingCells(NbGraderPreprocessor):
    """Put back the answer, test, TOSUBMIT and locked cells a hand-in lacks.

    Each comes back from the gradebook (answers as the student's stub, tests
    with their hidden part, never a solution or mark scheme), where it stood in
    the instructor version: after the cell that precedes it there.
    """

    def preprocess(self, nb, resources):
        from nbgrader.api import Gradebook

        info = resources["nbgrader"]
        with Gradebook(info["db_url"]) as gb:
            notebook = gb.find_notebook(info["notebook"], info["assignment"])
            stored = {cell.name: cell for cell in notebook.source_cells}
            points = {cell.name: cell.max_score for cell in notebook.grade_cells}
            solutions = {cell.name for cell in notebook.solution_cells}
            order = self._instructor_order(info, stored)
            for grade_id in order:
                if grade_id not in {_grade_id(c) for c in nb.cells}:
                    self.log.warning("Cell '%s' was missing from the hand-in: restored", grade_id)
                    nb.cells.insert(self._position(nb, order, grade_id),
                                    self._cell(stored[grade_id], points.get(grade_id), grade_id in solutions))
        return nb, resources

    def _instructor_order(self, info, stored):
        """grade_ids in the order of the instructor notebook (the gradebook keeps no order)."""
        course = self.config.CourseDirectory
        source = pathlib.Path(course.get("root", ".")) / course.get("source_directory", SOURCE)
        path = source / info["assignment"] / f"{info['notebook']}.ipynb"
        try:
            order = [_grade_id(c) for c in read(path).cells if _grade_id(c) in stored]
        except FileNotFoundError:
            self.log.warning("No %s: restored cells go to the end of the notebook", path)
            order = []
        return order + sorted(set(stored) - set(order))

    @staticmethod
    def _position(nb, order, grade_id):
        """Right after the nearest cell that precedes ``grade_id`` in the instructor version."""
        present = {_grade_id(c): i for i, c in enumerate(nb.cells) if _grade_id(c)}
        for earlier in reversed(order[:order.index(grade_id)]):
            if earlier in present:
                return present[earlier] + 1
        return 0

    @staticmethod
    def _cell(stored, points, is_solution):
        import nbformat

        make = nbformat.v4.new_code_cell if stored.cell_type == "code" else nbformat.v4.new_markdown_cell
        cell = make(stored.source)
        cell.metadata["nbgrader"] = {
            "grade": points is not None, "solution": is_solution, "locked": stored.locked,
            "grade_id": stored.name, "checksum": stored.checksum, "schema_version": 3,
        }
        if points is not None:
            cell.metadata["nbgrader"]["points"] = points
        if stored.locked:
            cell.metadata.update(editable=False, deletable=False)
        return cell


class HideHiddenTests(NbGraderPreprocessor):
    """Feedback shows that hidden tests ran, not what they are.

    Graded notebooks carry the hidden tests (nbgrader restores every test cell
    from the gradebook), and a failing one's traceback quotes its lines: both
    go, the error's name and message stay. A region is found as nbgrader's
    ClearHiddenTests finds it: between lines containing BEGIN and END HIDDEN TESTS.
    The kernel saw each test's source as it ran it, so a hand-in could print
    it in a later cell: every hidden line (and mark scheme) is cut from every
    output too, whatever printed it.
    """

    def preprocess(self, nb, resources):
        info = resources.get("nbgrader", {})
        course = self.config.CourseDirectory
        source = (pathlib.Path(course.get("root", ".")) / course.get("source_directory", SOURCE)
                  / info.get("assignment", "") / f"{info.get('notebook', '')}.ipynb")
        try:
            lines = secret_lines(read(source), solutions=False)
            # as printed, too: inside a string's repr or JSON, quotes and backslashes come escaped
            escaped = [form for line in lines for form in (repr(line)[1:-1], json.dumps(line)[1:-1])]
            self._secrets = sorted(set(lines + escaped), key=len, reverse=True)
        except OSError:
            self.log.warning("No %s: outputs are not searched for hidden tests", source)
            self._secrets = []
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code" and "BEGIN HIDDEN TESTS" in cell.source:
            cell.source = without_hidden_tests(cell.source)
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    output["traceback"] = [f"{output.get('ename', 'Error')}: {output.get('evalue', '')}"]
        cell.outputs = self._redact(cell.get("outputs", [])) if cell.cell_type == "code" else cell.get("outputs")
        return cell, resources

    def _redact(self, node):
        """Cut the secret lines out of every string of an output (text, data, error message, traceback)."""
        if isinstance(node, dict):
            for key in list(node):
                node[key] = self._redact(node[key])
        elif isinstance(node, list):
            return [self._redact(item) for item in node]
        elif isinstance(node, str):
            for secret in self._secrets:
                node = node.replace(secret, "(hidden)")
        return node


class NoSkippedTests(NbGraderPreprocessor):
    """Test cells always run, whatever their tags.

    Grading skips cells tagged ``explorer`` (``Execute.skip_cells_with_tag``):
    nobody looks at a widget during grading, and nbclient may wait for a
    widget cell until the cell timeout. A test cell that a student tagged so
    would earn its points without running.
    """

    def preprocess_cell(self, cell, resources, index):
        tags = cell.metadata.get("tags", [])
        if cell.metadata.get("nbgrader", {}).get("grade") and SKIP_TAG in tags:
            self.log.warning("Cell '%s' was tagged '%s' in the hand-in: it runs anyway", _grade_id(cell), SKIP_TAG)
            cell.metadata["tags"] = [tag for tag in tags if tag != SKIP_TAG]
        return cell, resources


class SaveAutoGradesPassOrFail(SaveAutoGrades):
    """A test cell earns all its points unless it raises.

    nbgrader would also read a number that a test cell displays as partial
    credit, and fail a cell that writes to stderr (a warning, a progress bar).
    A cell the grading guard flagged (tools/integrity.py) earns nothing and
    goes to manual review, as does one a grader has already given points.
    """

    def preprocess(self, nb, resources):
        self._flags = resources.get("lime_teach_flags", {})
        return super().preprocess(nb, resources)

    def _add_score(self, cell, resources):
        if cell.cell_type != "code" or cell.metadata["nbgrader"].get("solution"):
            return super()._add_score(cell, resources)
        grade = self.gradebook.find_grade(_grade_id(cell), self.notebook_id, self.assignment_id, self.student_id)
        failed = any(output.get("output_type") == "error" for output in cell.get("outputs", []))
        flagged = _grade_id(cell) in self._flags
        grade.auto_score = 0.0 if failed or flagged else float(cell.metadata["nbgrader"]["points"])
        grade.needs_manual_grade = flagged or grade.manual_score is not None
        self.gradebook.db.commit()
