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


import threading  # noqa: E402

import matplotlib  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import tqdm  # noqa: E402

import lime_teach as lt  # noqa: E402
from blackboxes import RegionColourClassifier, grid_segmentation, small_image  # noqa: E402

# tqdm's default lock is a multiprocessing lock, which forked processes share: mutation testing
# forks one process per mutant, and one killed while it held the lock would hang every later one.
# No test shares a progress bar between processes, so a plain thread lock does, and no monitor thread.
tqdm.tqdm.set_lock(threading.RLock())
tqdm.tqdm.monitor_interval = 0


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


# --- Shared fixtures: one small photo, its superpixels and an explanation of it, built once per run ---

@pytest.fixture(scope="session")
def chelsea():
    """The cat photo at 64 x 64 uint8: a real photo, small enough for fast tests."""
    image = small_image("chelsea")
    image.setflags(write=False)  # shared by every test of the run: none may change it
    return image


@pytest.fixture(scope="session")
def chelsea_segments(chelsea):
    return lt.segment(chelsea, "slic", n_segments=20)


@pytest.fixture(scope="session")
def explanation(chelsea):
    """A small explanation with a few superpixels left out of local_exp (num_features=4)."""
    return lt.explain(chelsea, RegionColourClassifier(), segmentation_fn=grid_segmentation(4), num_samples=200,
                      num_features=4, top_labels=3, random_state=0, progress=False)


@pytest.fixture(scope="session")
def label(explanation):
    """A label of ``explanation`` whose top three superpixels hold evidence both for and against it."""
    return next(label for label in explanation.labels
                if len({np.sign(w) for _, w in explanation.local_exp[label][:3]}) == 2)
