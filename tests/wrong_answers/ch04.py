"""Typical wrong answers to the exercises of chapter 04 (distances and kernels)."""

WRONG_ANSWERS = {
    "ex_cosine_distance": {
        "euclidean distance": (
            "def cosine_distance(masks):\n"
            "    return np.sqrt(((masks - 1) ** 2).sum(axis=1))\n"
        ),
        "distance to the all-zeros row (counts hidden superpixels)": (
            "def cosine_distance(masks):\n"
            "    hidden = masks.shape[1] - masks.sum(axis=1)\n"
            "    return 1 - np.sqrt(hidden / masks.shape[1])\n"
        ),
        "similarity instead of distance": (
            "def cosine_distance(masks):\n"
            "    return np.sqrt(masks.sum(axis=1) / masks.shape[1])\n"
        ),
        "k / n without the square root": (
            "def cosine_distance(masks):\n"
            "    return 1 - masks.sum(axis=1) / masks.shape[1]\n"
        ),
        "textbook cosine that divides by zero for an all-hidden row": (
            "def cosine_distance(masks):\n"
            "    ones = np.ones(masks.shape[1])\n"
            "    return 1 - masks @ ones / (np.linalg.norm(masks, axis=1) * np.linalg.norm(ones))\n"
        ),
        "distance to row 0 instead of the all-ones row": (
            "def cosine_distance(masks):\n"
            "    first = masks[0]\n"
            "    norms = np.linalg.norm(masks, axis=1) * np.linalg.norm(first)\n"
            "    return 1 - np.divide(masks @ first, norms, out=np.zeros(len(masks)), where=norms > 0)\n"
        ),
    },
    "ex_kernel": {
        "no square root": (
            "def kernel(d, kernel_width):\n"
            "    return np.exp(-d**2 / kernel_width**2)\n"
        ),
        "width not squared": (
            "def kernel(d, kernel_width):\n"
            "    return np.sqrt(np.exp(-d**2 / kernel_width))\n"
        ),
        "exp(+...)": (
            "def kernel(d, kernel_width):\n"
            "    return np.sqrt(np.exp(d**2 / kernel_width**2))\n"
        ),
        "distance not squared": (
            "def kernel(d, kernel_width):\n"
            "    return np.sqrt(np.exp(-d / kernel_width**2))\n"
        ),
    },
    "ex_effective_sample_size": {
        "mean weight sum(w) / n": (
            "def effective_sample_size(weights):\n"
            "    return float(np.sum(weights) / len(weights))\n"
        ),
        "inverted: sum(w**2) / sum(w)**2": (
            "def effective_sample_size(weights):\n"
            "    return float(np.sum(weights**2) / np.sum(weights) ** 2)\n"
        ),
        "sum of the weights": (
            "def effective_sample_size(weights):\n"
            "    return float(np.sum(weights))\n"
        ),
        "number of non-zero weights": (
            "def effective_sample_size(weights):\n"
            "    return float(np.count_nonzero(weights))\n"
        ),
    },
}
