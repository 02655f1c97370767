"""Give every instructor notebook the Colab cell as its first code cell.

The cell's text lives in ``lime_teach.colab.CELL``. This tool makes the first
code cell of every ``solutions/*/*.ipynb`` equal to it, tagged ``colab``:
an existing Colab cell (tagged ``colab``) is rewritten, otherwise the cell is
inserted at the top. Other cells are left exactly as they are, and the Colab
cell never carries outputs. Student notebooks get the cell from ``make release``.

Run from the repository root::

    python -m tools.sync_colab_cell            # rewrite what differs
    python -m tools.sync_colab_cell --check    # only report; exit 1 if a notebook differs
"""

import argparse
import pathlib
import sys

import nbformat

from lime_teach.colab import CELL

ROOT = pathlib.Path(__file__).resolve().parent.parent
SOLUTIONS = ROOT / "solutions"
TAG = "colab"


def first_code_cell(nb):
    """Index of the notebook's first code cell, or None."""
    return next((i for i, cell in enumerate(nb.cells) if cell.cell_type == "code"), None)


def has_colab_cell(nb):
    """True if the first code cell is exactly the Colab cell, tagged, without outputs."""
    first = first_code_cell(nb)
    if first is None:
        return False
    cell = nb.cells[first]
    return (cell.source == CELL and TAG in cell.metadata.get("tags", [])
            and not cell.get("outputs") and cell.get("execution_count") is None)


def sync_notebook(nb):
    """Put the Colab cell first in ``nb`` (in place). Returns True if ``nb`` changed."""
    if has_colab_cell(nb):
        return False
    first = first_code_cell(nb)
    if first is not None and TAG in nb.cells[first].metadata.get("tags", []):
        cell = nb.cells[first]           # an older Colab cell: rewrite it, keeping its id
        cell.source = CELL
        cell.outputs = []
        cell.execution_count = None
    else:
        nb.cells.insert(0, nbformat.v4.new_code_cell(CELL, metadata={"tags": [TAG]}))
    return True


def sync_file(path, check=False):
    """Sync the notebook at ``path``; with ``check``, only report. Returns True if it differs."""
    nb = nbformat.read(path, as_version=4)
    changed = sync_notebook(nb)
    if changed and not check:
        nbformat.write(nb, path)
    return changed


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=pathlib.Path,
                        help="notebooks to sync (default: solutions/*/*.ipynb)")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a notebook differs")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted(SOLUTIONS.glob("*/*.ipynb"))
    differing = [path for path in paths if sync_file(path, check=args.check)]
    for path in differing:
        print(f"{'differs' if args.check else 'synced'}: {path}")
    if not differing:
        print(f"all {len(paths)} notebooks start with the Colab cell")
    return 1 if args.check and differing else 0


if __name__ == "__main__":
    sys.exit(main())
