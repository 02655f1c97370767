import pathlib
import sys

# tests/ holds helper modules (course.py, wrong_answers/) next to the tests.
sys.path.insert(0, str(pathlib.Path(__file__).parent))
