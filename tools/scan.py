"""Reading a hand-in before it runs: suspicious code (a second signal) and answers copied from the package.

Neither changes a score. Both send the cells concerned to manual review and
are listed in grading-report.md with the cell and the line. The defence
against tampering is the sandbox and the guard (tools/sandbox.py,
tools/integrity.py): a scan of the text is easy to dodge, but what it finds
in an honest course's hand-in is worth a look.
"""

import ast
import functools
import pathlib
import re

from .notebooks import exercises, grade_id, grader_cells, is_test

# (pattern, what it suggests). Matched line by line in code the student wrote or changed.
SUSPICIOUS = [
    (r"\bsys\s*\.\s*(settrace|setprofile)\b", "installs a tracing or profiling hook"),
    (r"\b(ast_transformers|input_transformers_\w+|input_transformer_manager)\b",
     "changes IPython's input or AST transformers"),
    (r"\b(set_custom_exc|custom_exceptions|CustomTB|showtraceback)\b", "changes IPython's exception handling"),
    (r"\bevents\s*\.\s*(register|callbacks)\b", "registers an IPython event callback"),
    (r"\bctypes\b", "uses ctypes (raw memory access)"),
    (r"\bos\s*\.\s*(_exit|kill|killpg|fork|forkpty|setsid)\b|\bsignal\s*\.\s*signal\b|\bask_exit\b",
     "ends or forks processes, or handles signals"),
    (r"\bimport\s+builtins\b|\b__builtins__\b|\bbuiltins\s*\.", "changes builtins"),
    (r"^\s*(AssertionError|assert_\w+|np\.\w+|numpy\.\w+|np\.testing\.\w+|lt\.\w+|lime_teach\.[\w.]+)\s*=[^=]",
     "rebinds an assertion helper or a library function"),
    (r"\b(sys\s*\.\s*modules|sys\s*\.\s*meta_path|importlib)\b", "changes the import machinery"),
    (r"\b(exec|eval|compile)\s*\(", "runs generated code"),
    (r"__closure__|cell_contents|__code__|\bgc\s*\.\s*get_referr|__lime_teach_guard__",
     "reaches into other functions or the grading guard"),
    (r"\bIn\s*\[|\b_ih\b|\bhistory_manager\b|\blinecache\b", "reads the kernel's input history (test sources)"),
    (r"\b(solutions|gradebook|autograded|submitted|feedback)\b\s*[/'\"]|gradebook\.db",
     "names the course's grading folders"),
]


def suspicious_lines(nb, released):
    """``[(where, line number, line, what)]`` for the code a student wrote or changed.

    Cells whose source the released notebook holds (the Colab cell, untouched
    locked cells) are not the student's. ``where`` is the cell's grade_id, or
    ``cell <n>`` for a cell of the student's own.
    """
    given = {cell.source.strip() for cell in released.cells if cell.cell_type == "code"}
    found = []
    for number, cell in enumerate(nb.cells, 1):
        if cell.cell_type != "code" or cell.source.strip() in given:
            continue
        for line_number, line in enumerate(cell.source.splitlines(), 1):
            for pattern, what in SUSPICIOUS:
                if re.search(pattern, line):
                    found.append((grade_id(cell) or f"cell {number}", line_number, line.strip()[:120], what))
    return found


# ---------------------------------------------------------------- copied from the package


class _Canonical(ast.NodeTransformer):
    """A function with its names, arguments and local variables renamed in order of appearance."""

    def __init__(self):
        self.names = {}

    def _rename(self, name):
        return self.names.setdefault(name, f"v{len(self.names)}")

    def visit_FunctionDef(self, node):
        node.name = "f"
        node.returns, node.decorator_list = None, []
        if node.body and isinstance(node.body[0], ast.Expr) and isinstance(getattr(node.body[0], "value", None),
                                                                           ast.Constant) \
                and isinstance(node.body[0].value.value, str):
            node.body = node.body[1:] or [ast.Pass()]  # the docstring
        for arg in node.args.posonlyargs + node.args.args + node.args.kwonlyargs:
            arg.arg, arg.annotation = self._rename(arg.arg), None
        self.generic_visit(node)
        return node

    def visit_Name(self, node):
        if isinstance(node.ctx, ast.Store) or node.id in self.names:
            node.id = self._rename(node.id)
        return node


def canonical(function):
    """A FunctionDef as text that two copies share whatever their names (None if trivially small)."""
    node = _Canonical().visit(ast.parse(ast.unparse(function)).body[0])
    return ast.dump(node) if sum(1 for _ in ast.walk(node)) >= 12 else None


@functools.lru_cache(maxsize=None)
def package_functions(package_dir):
    """``{canonical text: 'lime_teach.module.function'}`` for every function of the package."""
    package_dir = pathlib.Path(package_dir)
    found = {}
    for path in sorted(package_dir.rglob("*.py")):
        module = ".".join(path.relative_to(package_dir.parent).with_suffix("").parts)
        try:
            tree = ast.parse(path.read_text())
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                text = canonical(node)
                if text:
                    found.setdefault(text, f"{module}.{node.name}")
    return found


def copied_answers(nb, released, package_dir):
    """``[(exercise, function, package function)]``: answers that are a package function renamed."""
    known = package_functions(str(package_dir))
    found = []
    for exercise in exercises(released):
        for cell in (c for c in nb.cells if grade_id(c) == exercise):
            try:
                tree = ast.parse(cell.source)
            except SyntaxError:
                continue
            for node in ast.walk(tree):
                if isinstance(node, ast.FunctionDef) and canonical(node) in known:
                    found.append((exercise, node.name, known[canonical(node)]))
    return found


def tests_of(released, where):
    """The test cells to review for a finding in ``where``: its exercise's tests, or all of them."""
    tests = [grade_id(c) for c in grader_cells(released, where)] if where in exercises(released) else []
    return tests or [grade_id(c) for c in released.cells if is_test(c)]
