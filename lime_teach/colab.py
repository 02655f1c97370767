"""Running the course on Google Colab.

Every notebook opens with the same first code cell, ``CELL``. On Colab it clones
the course repository, installs the package with the extras Colab lacks, and
puts the clone on ``sys.path`` (an editable install is only seen after a
restart). Anywhere else it does nothing. The repository address is written here
and only here: ``python -m tools.sync_colab_cell`` copies the cell into
``solutions/``, and a test checks that every notebook carries it unchanged.
"""

REPOSITORY = "https://github.com/lime-teach/lime-teach"
CLONE_DIR = "/content/lime-teach"

CELL = f"""\
# Colab set-up: on Google Colab this installs the course; anywhere else it does nothing.
import os, subprocess, sys
if "google.colab" in sys.modules:
    if not os.path.isdir("{CLONE_DIR}"):
        subprocess.run(["git", "clone", "--depth", "1", "{REPOSITORY}", "{CLONE_DIR}"], check=True)
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "-e", "{CLONE_DIR}[colab]"], check=True)
    sys.path.insert(0, "{CLONE_DIR}")"""
