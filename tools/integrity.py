"""Grading that a hand-in cannot change: nbgrader preprocessors around the execution.

- ``GuardTestCells`` (sanitizing): the locked setup cells run first, after a
  cell that installs the guard (tools/kernel_guard.py) and before one that
  seals it; every test cell is preceded and followed by a check cell and ends
  with a receipt. A hand-in's cells cannot run before the setup any more.
- ``GuardedExecute`` (running): nbgrader's Execute, plus: a kernel that
  ignores the interrupt at a timeout is killed; a kernel that died or exited
  leaves the rest of the notebook unrun instead of failing the hand-in; a
  cell's output stops growing past ``max_output_bytes``.
- ``JudgeTestCells`` (after running): a test cell counts only if the checks
  before and after it found the kernel as sealed and its receipt came back,
  each signed with the guard's key. Otherwise it scores 0, goes to manual
  review (``resources["lime_teach_flags"]``, read by SaveAutoGradesPassOrFail)
  and the evidence is logged for grading-report.md. The guard cells go, the
  test cells get their own source back.

The key (``LIME_TEACH_GUARD_KEY``) and the file the kernel reads it from
(``LIME_TEACH_GUARD_KEYFILE``) are set by ``tools/grade.py`` for each hand-in;
without them (nbgrader run by hand) the guard is off and says so.
"""

import ast
import hashlib
import hmac
import json
import os
import pathlib
import secrets

import nbformat
from nbgrader.preprocessors import Execute, NbGraderPreprocessor
from traitlets import Integer

from .notebooks import grade_id, is_test, nbgrader_meta

GUARD_SOURCE = (pathlib.Path(__file__).parent / "kernel_guard.py").read_text()
# Modules whose functions the guard watches: what tests and the setup rely on.
WATCHED = ("math", "numpy", "lime_teach", "lime", "sklearn", "skimage", "scipy", "unittest",
           "IPython", "ipykernel")
MARK = "LIME-TEACH-GUARD "
ROLE = "lime_teach_guard"


def _cell(source, role, nonce=None, **extra):
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata[ROLE] = {"role": role, "nonce": nonce, **extra}
    return cell


def _with_receipt(source, nonce):
    """``source`` then the receipt; a last expression is still the cell's displayed value."""
    receipt = f"__lime_teach_guard__.passed({nonce!r})"
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return f"{source}\n{receipt}"
    last = tree.body[-1] if tree.body else None
    if not isinstance(last, ast.Expr):
        return f"{source}\n{receipt}"
    lines = source.splitlines(keepends=True)
    before = "".join(lines[:last.lineno - 1]) + lines[last.lineno - 1][:last.col_offset]
    return f"{before}__lime_teach_value = ({ast.get_source_segment(source, last)})\n{receipt}\n__lime_teach_value"


class GuardTestCells(NbGraderPreprocessor):
    """Setup first (guard installed before it, sealed after it), each test cell between two checks."""

    def preprocess(self, nb, resources):
        key_file = os.environ.get("LIME_TEACH_GUARD_KEYFILE")
        if not key_file:
            self.log.warning("The grading guard is off (run through python -m tools.course grade to have it)")
            return nb, resources
        setup = [c for c in nb.cells if "setup" in c.metadata.get("tags", []) and nbgrader_meta(c).get("locked")]
        first = nb.cells.index(setup[0]) if setup else 0
        lead = [c for c in nb.cells[:first] if c.cell_type == "markdown"]
        rest = [c for c in nb.cells if c not in lead and not any(c is s for s in setup)]
        install = _cell(f"{GUARD_SOURCE}\n_lime_teach_install({key_file!r}, {WATCHED!r})\n"
                        "del _lime_teach_install\n", "install")
        nonce = secrets.token_hex(8)
        cells = [*lead, install, *setup, _cell(f"__lime_teach_guard__.seal({nonce!r})", "seal", nonce)]
        for cell in rest:
            if is_test(cell):
                before, after, receipt = (secrets.token_hex(8) for _ in range(3))
                cells.append(_cell(f"__lime_teach_guard__.check({before!r})", "check", before, test=grade_id(cell)))
                cell.metadata[ROLE] = {"role": "test", "nonce": receipt, "source": cell.source}
                cell.source = _with_receipt(cell.source, receipt)
                cells += [cell, _cell(f"__lime_teach_guard__.check({after!r})", "check", after, test=grade_id(cell))]
            else:
                cells.append(cell)
        nb.cells = cells
        return nb, resources


class GuardedExecute(Execute):
    """nbgrader's Execute that survives kernels that die, ignore interrupts or flood their output."""

    interrupt_grace = Integer(5, help="seconds an interrupted cell has to stop before the kernel is killed"
                              ).tag(config=True)
    max_output_bytes = Integer(2_000_000, help="output kept per cell; the rest is dropped").tag(config=True)

    def preprocess(self, nb, resources=None, km=None):
        from nbclient.exceptions import DeadKernelError

        self._sizes, self._index = {}, None
        try:
            return super().preprocess(nb, resources, km)
        except DeadKernelError:
            index = self._index
            resources.setdefault("lime_teach_dead_at", index)
            self.log.warning("The kernel ended at cell %s (it exited, was killed, or ran out of memory): "
                             "the cells after it did not run", index)
            return nb, resources

    def preprocess_cell(self, cell, resources, index):
        self._index = index
        return super().preprocess_cell(cell, resources, index)

    async def _async_handle_timeout(self, timeout, cell=None):
        from queue import Empty

        reply = await super()._async_handle_timeout(timeout, cell)  # interrupts the kernel
        try:
            await self.kc.shell_channel.get_msg(timeout=self.interrupt_grace)
        except Empty:  # the interrupt was ignored: end the kernel (and, in the sandbox, all it started)
            self.log.warning("The kernel ignored the interrupt after the timeout: it was stopped")
            await self.km.shutdown_kernel(now=True)
        return reply

    def output(self, outs, msg, display_id, cell_index):
        size = len(json.dumps(msg.get("content", {})))
        self._sizes[cell_index] = self._sizes.get(cell_index, 0) + size
        if self._sizes[cell_index] <= self.max_output_bytes:
            return super().output(outs, msg, display_id, cell_index)
        text = msg.get("content", {}).get("text", "")
        guard = "".join(line for line in text.splitlines(True) if line.startswith(MARK))
        if guard:  # the guard's answers are kept whatever the flood
            outs.append(nbformat.v4.new_output("stream", name="stdout", text=guard))
        elif self._sizes[cell_index] - size <= self.max_output_bytes:  # the first message too many
            outs.append(nbformat.v4.new_output("stream", name="stdout", text="\n[output cut: too long]\n"))
        return None


def _answers(cell, key):
    """The guard's signed answers printed by a cell: ``{nonce: payload}`` (forgeries left out)."""
    found = {}
    for output in cell.get("outputs", []):
        for line in output.get("text", "").splitlines() if output.get("output_type") == "stream" else []:
            if not line.startswith(MARK):
                continue
            mac, _, text = line[len(MARK):].partition(" ")
            if hmac.compare_digest(mac, hmac.new(key, text.encode(), hashlib.sha256).hexdigest()):
                payload = json.loads(text)
                found[payload.get("nonce")] = payload
    return found


def _without_guard_lines(cell):
    if cell.cell_type != "code":
        return
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream":
            output["text"] = "".join(l for l in output["text"].splitlines(True) if not l.startswith(MARK))
    cell.outputs = [o for o in cell.get("outputs", []) if o.get("output_type") != "stream" or o["text"]]


class JudgeTestCells(NbGraderPreprocessor):
    """Score a test cell only if the guard vouches for it; remove the guard cells."""

    def preprocess(self, nb, resources):
        key = os.environ.get("LIME_TEACH_GUARD_KEY", "").encode()
        if not key or not any(ROLE in c.metadata for c in nb.cells):
            return nb, resources
        flags = resources.setdefault("lime_teach_flags", {})
        dead_at = resources.get("lime_teach_dead_at")
        verdicts, sealed, pending = {}, False, []
        for index, cell in enumerate(nb.cells):
            role = cell.metadata.get(ROLE, {})
            said = _answers(cell, key)
            if role.get("role") == "seal":
                sealed = said.get(role["nonce"], {}).get("sealed", False)
            elif role.get("role") == "check":
                verdicts.setdefault(role["test"], []).append(self._check(role, said, sealed, index, dead_at))
            elif role.get("role") == "test":
                pending.append((cell, said, index))
        for cell, said, index in pending:
            problems = [p for p in verdicts.get(grade_id(cell), []) if p]
            failed = any(o.get("output_type") == "error" for o in cell.get("outputs", []))
            if dead_at is not None and index >= dead_at and not failed:
                problems.append(f"not run: the kernel had ended at cell {dead_at}")
            elif not failed and not said.get(cell.metadata[ROLE]["nonce"], {}).get("passed"):
                problems.append("the test did not run to its end, yet reported no error")
            if problems:
                reason = "; ".join(dict.fromkeys(problems))
                flags[grade_id(cell)] = reason
                self.log.warning("Cell '%s' scored 0 and goes to manual review: %s", grade_id(cell), reason)
                cell.outputs.append(nbformat.v4.new_output(
                    "error", ename="GradingIntegrityError", evalue=reason,
                    traceback=[f"GradingIntegrityError: {reason}"]))
            cell.source = cell.metadata[ROLE]["source"]
        nb.cells = [c for c in nb.cells if c.metadata.get(ROLE, {}).get("role") in (None, "test")]
        for cell in nb.cells:
            cell.metadata.pop(ROLE, None)
            _without_guard_lines(cell)
        return nb, resources

    @staticmethod
    def _check(role, said, sealed, index, dead_at):
        """None if the check found the kernel as sealed, else what was wrong."""
        if dead_at is not None and index >= dead_at:
            return None  # the test itself is reported as not run
        if not sealed:
            return "the grading guard was never sealed (the setup did not run, or the guard was bypassed)"
        answer = said.get(role["nonce"])
        if answer is None:
            return "the grading guard did not answer (removed, replaced or silenced by the hand-in)"
        if not answer.get("clean"):
            return "grading was tampered with: " + "; ".join(answer.get("evidence", []))
        return None
