"""The course as a static web site for self-learners: ``python -m tools.course site``.

Every chapter is executed with the instructor's solutions, so each figure a
student should expect to see is on the page, and then made student-safe
before it is written as HTML:

- answer cells keep a short note in place of their code, and lose their outputs;
- test cells keep their visible part (and its output), never the hidden tests;
- TOSUBMIT answer cells show a placeholder instead of the mark scheme;
- setup cells show their outputs only, as they are collapsed in the notebook;
- explorer cells (widgets need a live kernel) are shown but not run.

``site/index.html`` links the chapters. ``--quick`` runs the chapters with
the autograder's small sample counts (for tests); ``--executed DIR`` reuses
notebooks already executed (``DIR/<chapter>.ipynb``) instead of running them.
"""

import copy
import html
import os
import pathlib
import sys
import time

from tools import notebooks
from tools.cli import command_parser
from tools.notebooks import HIDDEN_BEGIN, HIDDEN_END, MARK_SCHEME, SOLUTION_BEGIN, SOLUTION_END

ANSWER_NOTE = "# Your answer goes here: the site runs the course's solution but does not show it."
WRITTEN_NOTE = "*Your written answer goes here (graded by hand).*"
EXPLORER_NOTE = "# (interactive: run the notebook to use this explorer)"
CELL_TIMEOUT = 600


def _tags(cell):
    return cell.get("metadata", {}).get("tags", [])


def _is_answer(cell):
    meta = notebooks.nbgrader_meta(cell)
    return cell.cell_type == "code" and bool(meta.get("solution")) and not meta.get("grade")


def _without_block(source, begin, end, note):
    """``source`` with every ``begin``...``end`` block replaced by one ``note`` line at its indentation."""
    lines, inside = [], False
    for line in source.splitlines():
        if begin in line:
            inside = True
            lines.append(line[:len(line) - len(line.lstrip())] + note)
        elif end in line:
            inside = False
        elif not inside:
            lines.append(line)
    return "\n".join(lines).rstrip()


def runnable(nb):
    """A copy of an instructor notebook ready to execute: no hidden tests (they only assert), no explorers."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if notebooks.is_test(cell):
            cell.source = _without_block(cell.source, HIDDEN_BEGIN, HIDDEN_END, "# (hidden tests)")
        if "explorer" in _tags(cell):
            cell.metadata["site_source"] = cell.source
            cell.source = ""
    return nb


def student_safe(nb):
    """An executed notebook as the site shows it: no solution, hidden test or mark scheme, in source or output."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        meta = notebooks.nbgrader_meta(cell)
        if _is_answer(cell):
            cell.source = ANSWER_NOTE
            cell.outputs = []
        elif notebooks.is_manual_answer(cell) or cell.source.lstrip().startswith(MARK_SCHEME):
            cell.source = WRITTEN_NOTE
        elif cell.cell_type == "code":
            cell.source = _without_block(cell.source, HIDDEN_BEGIN, HIDDEN_END, "# (hidden tests)")
            cell.source = _without_block(cell.source, SOLUTION_BEGIN, SOLUTION_END, "# (solution)")
            if "explorer" in _tags(cell):
                cell.source = cell.metadata.pop("site_source", cell.source) + "\n" + EXPLORER_NOTE
                cell.outputs = []
            if "setup" in _tags(cell) or cell.metadata.get("jupyter", {}).get("source_hidden"):
                cell.metadata.setdefault("tags", []).append("site_hide_input")
        elif SOLUTION_BEGIN in cell.source:
            cell.source = _without_block(cell.source, SOLUTION_BEGIN, SOLUTION_END, "(solution)")
        meta.pop("solution", None)
    return nb


def execute(nb, folder, quick=False):
    """Run ``nb`` in ``folder`` (where the chapter's relative paths point); returns it with outputs.

    quick: the autograder's sample counts (the chapters read NBGRADER_EXECUTION).
    """
    from nbclient import NotebookClient

    env = {k: v for k, v in os.environ.items() if k != "NBGRADER_EXECUTION"}
    if quick:
        env["NBGRADER_EXECUTION"] = "autograde"
    env.setdefault("OMP_NUM_THREADS", "1")
    client = NotebookClient(nb, timeout=CELL_TIMEOUT, kernel_name="python3",
                            resources={"metadata": {"path": str(folder)}})
    client.execute(env=env)
    return nb


def to_html(nb):
    """One self-contained HTML page (figures embedded) of a student-safe notebook."""
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor
    from traitlets.config import Config

    config = Config()
    config.TagRemovePreprocessor.remove_input_tags = {"site_hide_input"}
    config.TagRemovePreprocessor.enabled = True
    exporter = HTMLExporter(config=config)
    exporter.register_preprocessor(TagRemovePreprocessor(config=config), enabled=True)
    body, _ = exporter.from_notebook_node(nb)
    return body


def index_page(entries):
    """``entries``: [(chapter, title, seconds)] -> the site's index.html."""
    rows = "\n".join(f'<li><a href="{html.escape(chapter)}.html">{html.escape(title)}</a></li>'
                     for chapter, title, _ in entries)
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>lime-teach: the course</title>
<style>body {{ font-family: sans-serif; max-width: 50em; margin: 2em auto; line-height: 1.5; }}</style>
</head><body>
<h1>lime-teach: LIME for image classifiers, step by step</h1>
<p>Every chapter as it looks once it has run: the figures and printed numbers you should expect to see
when you work through the notebooks yourself. The answers, the hidden tests and the mark schemes are not
shown; run the notebooks (<code>make lab</code>, or the Colab link in the README) to write your own.</p>
<ol>
{rows}
</ol>
</body></html>
"""


def build(out, root=notebooks.ROOT, chapters=None, quick=False, executed=None, log=print):
    """Write ``out/<chapter>.html`` for every chapter and ``out/index.html``; returns the index path."""
    import nbformat

    out = pathlib.Path(out)
    out.mkdir(parents=True, exist_ok=True)
    entries = []
    for chapter in chapters or notebooks.chapters(root):
        source = notebooks.solution_path(chapter, root)
        nb = notebooks.read(source)
        start = time.perf_counter()
        reuse = pathlib.Path(executed) / f"{chapter}.ipynb" if executed else None
        if reuse is not None and reuse.exists():
            ran = nbformat.read(str(reuse), as_version=4)
        else:
            ran = execute(runnable(nb), source.parent, quick=quick)
        seconds = time.perf_counter() - start
        (out / f"{chapter}.html").write_text(to_html(student_safe(ran)), encoding="utf-8")
        entries.append((chapter, notebooks.title(nb, chapter), seconds))
        log(f"{chapter}: {seconds:.0f} s")
    index = out / "index.html"
    index.write_text(index_page(entries), encoding="utf-8")
    return index


def main(argv=None):
    parser = command_parser("site", __doc__.split("\n\n")[0])
    parser.add_argument("--out", default="site", help="output folder (default: site/)")
    parser.add_argument("--chapters", nargs="*", help="only these chapters (default: all)")
    parser.add_argument("--quick", action="store_true", help="the autograder's small sample counts")
    parser.add_argument("--executed", help="a folder of already executed notebooks <chapter>.ipynb to reuse")
    args = parser.parse_args(argv)
    index = build(args.out, root=args.root, chapters=args.chapters, quick=args.quick, executed=args.executed)
    print(f"site written: {index}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
