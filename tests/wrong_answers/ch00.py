"""Typical wrong answers to the exercises of chapter 00 (LIME in two dimensions)."""

WRONG_ANSWERS = {
    "ex_sample_around": {
        "not centred on the point": (
            "def sample_around(point, num_samples, scale=1.0, random_state=None):\n"
            "    samples = scale * np.random.RandomState(random_state).normal(size=(num_samples, 2))\n"
            "    samples[0] = point\n"
            "    return samples\n"
        ),
        "scale ignored": (
            "def sample_around(point, num_samples, scale=1.0, random_state=None):\n"
            "    samples = point + np.random.RandomState(random_state).normal(size=(num_samples, 2))\n"
            "    samples[0] = point\n"
            "    return samples\n"
        ),
        "scale used as a variance": (
            "def sample_around(point, num_samples, scale=1.0, random_state=None):\n"
            "    samples = point + scale**2 * np.random.RandomState(random_state).normal(size=(num_samples, 2))\n"
            "    samples[0] = point\n"
            "    return samples\n"
        ),
        "uniform in a square": (
            "def sample_around(point, num_samples, scale=1.0, random_state=None):\n"
            "    samples = point + np.random.RandomState(random_state).uniform(-scale, scale, size=(num_samples, 2))\n"
            "    samples[0] = point\n"
            "    return samples\n"
        ),
        "point not in row 0": (
            "def sample_around(point, num_samples, scale=1.0, random_state=None):\n"
            "    return point + scale * np.random.RandomState(random_state).normal(size=(num_samples, 2))\n"
        ),
        "random_state ignored": (
            "def sample_around(point, num_samples, scale=1.0, random_state=None):\n"
            "    samples = point + scale * np.random.normal(size=(num_samples, 2))\n"
            "    samples[0] = point\n"
            "    return samples\n"
        ),
        "same noise on both coordinates": (
            "def sample_around(point, num_samples, scale=1.0, random_state=None):\n"
            "    z = np.random.RandomState(random_state).normal(size=(num_samples, 1))\n"
            "    samples = point + scale * np.hstack([z, z])\n"
            "    samples[0] = point\n"
            "    return samples\n"
        ),
        "calls the package": (
            "from lime_teach import toy\n"
            "def sample_around(point, num_samples, scale=1.0, random_state=None):\n"
            "    return toy.sample_around(point, num_samples, scale, random_state)\n"
        ),
    },
    "ex_proximity_weights": {
        "weights grow with distance": (
            "def proximity_weights(samples, point, kernel_width):\n"
            "    d = np.linalg.norm(samples - point, axis=1)\n"
            "    return np.sqrt(np.exp(d**2 / kernel_width**2))\n"
        ),
        "no square root": (
            "def proximity_weights(samples, point, kernel_width):\n"
            "    d = np.linalg.norm(samples - point, axis=1)\n"
            "    return np.exp(-d**2 / kernel_width**2)\n"
        ),
        "distance to the origin": (
            "def proximity_weights(samples, point, kernel_width):\n"
            "    d = np.linalg.norm(samples, axis=1)\n"
            "    return np.sqrt(np.exp(-d**2 / kernel_width**2))\n"
        ),
        "squared distance used as the distance": (
            "def proximity_weights(samples, point, kernel_width):\n"
            "    d = np.sum((samples - point) ** 2, axis=1)\n"
            "    return np.sqrt(np.exp(-d**2 / kernel_width**2))\n"
        ),
        "Manhattan distance": (
            "def proximity_weights(samples, point, kernel_width):\n"
            "    d = np.abs(samples - point).sum(axis=1)\n"
            "    return np.sqrt(np.exp(-d**2 / kernel_width**2))\n"
        ),
        "width not squared": (
            "def proximity_weights(samples, point, kernel_width):\n"
            "    d = np.linalg.norm(samples - point, axis=1)\n"
            "    return np.sqrt(np.exp(-d**2 / kernel_width))\n"
        ),
        "distance along the wrong axis": (
            "def proximity_weights(samples, point, kernel_width):\n"
            "    d = np.sqrt(np.sum((samples - point) ** 2, axis=0))\n"
            "    return np.sqrt(np.exp(-d**2 / kernel_width**2))\n"
        ),
        "calls the package": (
            "from lime_teach import toy\n"
            "def proximity_weights(samples, point, kernel_width):\n"
            "    return toy.proximity_weights(samples, point, kernel_width)\n"
        ),
    },
    "ex_fit_weighted_line": {
        "unweighted fit": (
            "def fit_weighted_line(samples, y, weights):\n"
            "    design = np.column_stack([np.ones(len(samples)), samples])\n"
            "    solution, *_ = np.linalg.lstsq(design, y, rcond=None)\n"
            "    return solution[1:], solution[0]\n"
        ),
        "rows multiplied by w, not sqrt(w)": (
            "def fit_weighted_line(samples, y, weights):\n"
            "    design = np.column_stack([np.ones(len(samples)), samples])\n"
            "    solution, *_ = np.linalg.lstsq(weights[:, None] * design, weights * y, rcond=None)\n"
            "    return solution[1:], solution[0]\n"
        ),
        "no intercept": (
            "def fit_weighted_line(samples, y, weights):\n"
            "    root = np.sqrt(weights)\n"
            "    coef, *_ = np.linalg.lstsq(root[:, None] * samples, root * y, rcond=None)\n"
            "    return coef, 0.0\n"
        ),
        "only y weighted": (
            "def fit_weighted_line(samples, y, weights):\n"
            "    design = np.column_stack([np.ones(len(samples)), samples])\n"
            "    solution, *_ = np.linalg.lstsq(design, weights * y, rcond=None)\n"
            "    return solution[1:], solution[0]\n"
        ),
        "intercept and coef swapped": (
            "def fit_weighted_line(samples, y, weights):\n"
            "    design = np.column_stack([np.ones(len(samples)), samples])\n"
            "    root = np.sqrt(weights)\n"
            "    solution, *_ = np.linalg.lstsq(root[:, None] * design, root * y, rcond=None)\n"
            "    return solution[0], solution[1:]\n"
        ),
        "calls scikit-learn": (
            "from sklearn.linear_model import LinearRegression\n"
            "def fit_weighted_line(samples, y, weights):\n"
            "    model = LinearRegression().fit(samples, y, sample_weight=weights)\n"
            "    return model.coef_, model.intercept_\n"
        ),
    },
}
