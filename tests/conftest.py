import os
import pathlib
import sys

# Before torch is imported anywhere: idle OpenMP threads sleep instead of
# spinning, which on a busy 2-core machine makes the model up to 10x faster.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

# tests/ holds helper modules (course_notebooks.py, blackboxes.py, wrong_answers/) next to the tests.
sys.path.insert(0, str(pathlib.Path(__file__).parent))

# torchvision imported after TensorFlow (Keras) crashes the interpreter (a segfault in
# torchvision's C++ ops); in the other order both work. Tests of either may run first.
try:
    import torchvision  # noqa: F401
except ImportError:
    pass


import matplotlib  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def no_state_left_behind():
    """Each test leaves no open figure, and matplotlib's settings and numpy's global random state as it
    found them, so that the suite passes in any order (pytest-randomly shuffles it)."""
    random_state = np.random.get_state()
    with matplotlib.rc_context():
        yield
    np.random.set_state(random_state)
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
