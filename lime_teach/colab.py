"""Running the course on Google Colab.

Every notebook opens with an "Open in Colab" badge and the same first code
cell, ``CELL``. On Colab the cell clones the course repository, installs the
package with the extras Colab lacks, and puts the clone on ``sys.path`` (an
editable install is only seen after a restart). Anywhere else it does
nothing. Colab shows it as a collapsed form (its ``#@title`` line), JupyterLab
as a collapsed cell (``jupyter.source_hidden``).

The repository address is written here and only here. To run the course from
a fork, change ``REPOSITORY`` (and ``BRANCH``), then run
``python -m tools.sync_colab_cell``: it rewrites the cell and the badge of
every notebook in ``solutions/`` and the chapter table of the README; ``make
release`` carries them into ``notebooks/``. Without editing anything, the
environment variable ``LIME_TEACH_REPOSITORY`` (any address ``git clone``
takes, a local path too) points the cell at another clone.
"""

import re

REPOSITORY = "https://github.com/lime-teach/lime-teach"
BRANCH = "main"
CLONE_DIR = "/content/lime-teach"
BADGE_IMAGE = "https://colab.research.google.com/assets/colab-badge.svg"

CELL = f"""\
#@title Course set-up on Colab (run it first; anywhere else it does nothing) {{ display-mode: "form" }}
import os, subprocess, sys
if "google.colab" in sys.modules:
    repository = os.environ.get("LIME_TEACH_REPOSITORY", "{REPOSITORY}")
    clone = os.environ.get("LIME_TEACH_CLONE", "{CLONE_DIR}")
    if not os.path.isdir(clone):
        subprocess.run(["git", "clone", "--depth", "1", repository, clone], check=True)
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "-e", clone + "[colab]"], check=True)
    sys.path.insert(0, clone)"""

# Cell metadata of CELL: collapsed in JupyterLab and Jupyter Notebook 7, a form on Colab.
CELL_METADATA = {"tags": ["colab"], "jupyter": {"source_hidden": True}, "cellView": "form"}


def github_path(repository=REPOSITORY):
    """'owner/name' of a GitHub address (https://github.com/owner/name[.git])."""
    match = re.fullmatch(r"https://github\.com/([^/]+)/([^/]+?)(?:\.git)?/?", repository)
    if not match:
        raise ValueError(f"repository must be a https://github.com/<owner>/<name> address, got {repository!r}")
    return f"{match[1]}/{match[2]}"


def colab_url(chapter, repository=REPOSITORY, branch=BRANCH):
    """The address that opens the student notebook of ``chapter`` (e.g. '04_kernels') on Colab."""
    return (f"https://colab.research.google.com/github/{github_path(repository)}/blob/{branch}/"
            f"notebooks/{chapter}/{chapter}.ipynb")


def badge(chapter, repository=REPOSITORY, branch=BRANCH):
    """Markdown of the "Open in Colab" badge of ``chapter``."""
    return f"[![Open In Colab]({BADGE_IMAGE})]({colab_url(chapter, repository, branch)})"
