import os
import pathlib
import sys

# Before torch is imported anywhere: idle OpenMP threads sleep instead of
# spinning, which on a busy 2-core machine makes the model up to 10x faster.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

# tests/ holds helper modules (course_notebooks.py, blackboxes.py, wrong_answers/) next to the tests.
sys.path.insert(0, str(pathlib.Path(__file__).parent))
