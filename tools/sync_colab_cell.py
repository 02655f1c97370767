"""Give every instructor notebook its Colab badge and Colab cell, and the README its chapter table.

The texts live in ``lime_teach.colab`` (the one repository address). For every
``solutions/<chapter>/<chapter>.ipynb`` this tool makes

- the first cell a markdown cell tagged ``colab-badge``: the chapter's "Open
  in Colab" badge;
- the first code cell ``lime_teach.colab.CELL``, tagged ``colab``, collapsed in
  JupyterLab and shown as a form on Colab (``CELL_METADATA``), without outputs.

Existing badge and Colab cells are rewritten in place (keeping their ids),
otherwise they are inserted at the top. Other cells are left exactly as they
are. With ``--readme`` the README's chapter table (between the
``<!-- chapters -->`` and ``<!-- /chapters -->`` lines) is rewritten too, with
one badge per chapter. Student notebooks get both cells from ``make release``.

Run from the repository root::

    python -m tools.sync_colab_cell --readme    # rewrite what differs
    python -m tools.sync_colab_cell --check     # only report; exit 1 if a notebook differs
"""

import argparse
import copy
import pathlib
import sys

import nbformat

from lime_teach.colab import CELL, CELL_METADATA, badge

ROOT = pathlib.Path(__file__).resolve().parent.parent
SOLUTIONS = ROOT / "solutions"
README = ROOT / "README.md"
TAG = "colab"
BADGE_TAG = "colab-badge"


def first_code_cell(nb):
    """Index of the notebook's first code cell, or None."""
    return next((i for i, cell in enumerate(nb.cells) if cell.cell_type == "code"), None)


def _tags(cell):
    return cell.metadata.get("tags", [])


def _metadata_ok(cell):
    return all(cell.metadata.get(key) == value for key, value in CELL_METADATA.items())


def has_colab_cell(nb):
    """True if the first code cell is exactly the Colab cell, with its metadata, without outputs."""
    first = first_code_cell(nb)
    if first is None:
        return False
    cell = nb.cells[first]
    return (cell.source == CELL and _metadata_ok(cell) and not cell.get("outputs")
            and cell.get("execution_count") is None)


def has_badge(nb, chapter):
    return bool(nb.cells) and nb.cells[0].cell_type == "markdown" and nb.cells[0].source == badge(chapter) \
        and BADGE_TAG in _tags(nb.cells[0])


def sync_notebook(nb, chapter=None):
    """Put the Colab cell (and, given ``chapter``, the badge) first in ``nb`` (in place). True if it changed."""
    changed = False
    if not has_colab_cell(nb):
        first = first_code_cell(nb)
        if first is not None and TAG in _tags(nb.cells[first]):
            cell = nb.cells[first]           # an older Colab cell: rewrite it, keeping its id and other metadata
            cell.source = CELL
            cell.outputs = []
            cell.execution_count = None
        else:
            cell = nbformat.v4.new_code_cell(CELL)
            nb.cells.insert(0, cell)
        for key, value in CELL_METADATA.items():
            cell.metadata[key] = copy.deepcopy(value) if key != "tags" else sorted({*_tags(cell), *value})
        changed = True
    if chapter is not None and not has_badge(nb, chapter):
        old = [i for i, cell in enumerate(nb.cells) if cell.cell_type == "markdown" and BADGE_TAG in _tags(cell)]
        if old:
            cell = nb.cells.pop(old[0])
            cell.source = badge(chapter)
        else:
            cell = nbformat.v4.new_markdown_cell(badge(chapter), metadata={"tags": [BADGE_TAG]})
        nb.cells.insert(0, cell)
        changed = True
    return changed


def chapter_of(path):
    """'04_kernels' for .../04_kernels/04_kernels.ipynb, else None (no badge: not a chapter)."""
    path = pathlib.Path(path)
    return path.stem if path.parent.name == path.stem else None


def sync_file(path, check=False):
    """Sync the notebook at ``path``; with ``check``, only report. Returns True if it differs."""
    nb = nbformat.read(path, as_version=4)
    changed = sync_notebook(nb, chapter_of(path))
    if changed and not check:
        nbformat.write(nb, path)
    return changed


# ---- the README's chapter table -------------------------------------------------------------------

START, END = "<!-- chapters -->", "<!-- /chapters -->"
THUMBNAILS = "docs/img/chapters"   # written by tools/readme_figures.py


def chapter_title(nb):
    """The text of the notebook's first markdown heading, without the '#'s and a leading 'NN ·' or 'Chapter NN:'."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    title = line.lstrip("#").strip()
                    for separator in ("·", ":", "—", " - "):
                        head, _, rest = title.partition(separator)
                        if rest and any(ch.isdigit() for ch in head):
                            return rest.strip()
                    return title
    return ""


def _old_rows(text):
    """{chapter number: 'what you do' text} from an existing chapter table, to keep those words."""
    rows = {}
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and cells[0].isdigit():
            rows[cells[0]] = cells[-1]
    return rows


def chapter_table(chapters, root=ROOT, old=None):
    """The markdown chapter table: number, thumbnail, notebook link, Colab badge, what the student does."""
    old = old or {}
    lines = ["| # | | notebook | Colab | what you do |", "|---|---|---|---|---|"]
    for chapter in chapters:
        number = chapter.split("_")[0]
        nb = nbformat.read(root / "solutions" / chapter / f"{chapter}.ipynb", as_version=4)
        thumb = f"{THUMBNAILS}/{chapter}.png"
        image = f'<img src="{thumb}" width="120" alt="">' if (root / thumb).is_file() else ""
        link = f"[{chapter_title(nb) or chapter}](notebooks/{chapter}/{chapter}.ipynb)"
        lines.append(f"| {number} | {image} | {link} | {badge(chapter)} | {old.get(number, '')} |")
    return "\n".join(lines)


def sync_readme(readme=README, root=ROOT, check=False):
    """Rewrite the README's chapter table from solutions/; True if it differs. The markers must exist."""
    text = pathlib.Path(readme).read_text()
    if START not in text or END not in text:
        raise SystemExit(f"{readme}: no {START} ... {END} block for the chapter table")
    head, rest = text.split(START, 1)
    block, tail = rest.split(END, 1)
    chapters = sorted(p.parent.name for p in (pathlib.Path(root) / "solutions").glob("*/*.ipynb")
                      if p.parent.name == p.stem)
    new = f"{head}{START}\n{chapter_table(chapters, root, _old_rows(block))}\n{END}{tail}"
    if new != text and not check:
        pathlib.Path(readme).write_text(new)
    return new != text


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=pathlib.Path,
                        help="notebooks to sync (default: solutions/*/*.ipynb)")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a notebook differs")
    parser.add_argument("--readme", action="store_true", help="also the README's chapter table")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted(SOLUTIONS.glob("*/*.ipynb"))
    differing = [path for path in paths if sync_file(path, check=args.check)]
    if args.readme and sync_readme(check=args.check):
        differing.append(README)
    for path in differing:
        print(f"{'differs' if args.check else 'synced'}: {path}")
    if not differing:
        print(f"all {len(paths)} notebooks start with the Colab badge and cell")
    return 1 if args.check and differing else 0


if __name__ == "__main__":
    sys.exit(main())
