"""Typical wrong answers to the exercises of chapter 03 (perturbations)."""

WRONG_ANSWERS = {
    "ex_sample_masks": {
        "first all-ones row forgotten": (
            "def sample_masks(num_features, num_samples, random_state):\n"
            "    return random_state.randint(0, 2, num_samples * num_features).reshape((num_samples, num_features))\n"
        ),
        "uniform draws compared with 0.5 instead of randint": (
            "def sample_masks(num_features, num_samples, random_state):\n"
            "    masks = (random_state.random_sample((num_samples, num_features)) < 0.5).astype(int)\n"
            "    masks[0, :] = 1\n"
            "    return masks\n"
        ),
        "shape (num_features, num_samples)": (
            "def sample_masks(num_features, num_samples, random_state):\n"
            "    masks = random_state.randint(0, 2, num_samples * num_features).reshape((num_features, num_samples))\n"
            "    masks[:, 0] = 1\n"
            "    return masks\n"
        ),
        "all-ones row prepended instead of overwriting row 0": (
            "def sample_masks(num_features, num_samples, random_state):\n"
            "    rest = random_state.randint(0, 2, (num_samples - 1) * num_features).reshape((num_samples - 1, num_features))\n"
            "    return np.vstack([np.ones((1, num_features), dtype=int), rest])\n"
        ),
        "numpy's global generator instead of random_state": (
            "def sample_masks(num_features, num_samples, random_state):\n"
            "    masks = np.random.randint(0, 2, (num_samples, num_features))\n"
            "    masks[0, :] = 1\n"
            "    return masks\n"
        ),
    },
    "ex_perturb": {
        "hide_color ignored (always 0)": (
            "def perturb(image, segments, masks, hide_color=None):\n"
            "    keep = masks.astype(bool)[:, segments]\n"
            "    return np.where(keep[..., None], image, 0).astype(image.dtype)\n"
        ),
        "masks inverted (hides the kept superpixels)": (
            "def perturb(image, segments, masks, hide_color=None):\n"
            "    if hide_color is None:\n"
            "        replacement = image.copy()\n"
            "        for s in np.unique(segments):\n"
            "            replacement[segments == s] = image[segments == s].mean(axis=0)\n"
            "    else:\n"
            "        replacement = np.empty_like(image)\n"
            "        replacement[:] = hide_color\n"
            "    keep = masks.astype(bool)[:, segments]\n"
            "    return np.where(keep[..., None], replacement, image)\n"
        ),
        "superpixel labels off by one": (
            "def perturb(image, segments, masks, hide_color=None):\n"
            "    if hide_color is None:\n"
            "        replacement = image.copy()\n"
            "        for s in np.unique(segments):\n"
            "            replacement[segments == s] = image[segments == s].mean(axis=0)\n"
            "    else:\n"
            "        replacement = np.empty_like(image)\n"
            "        replacement[:] = hide_color\n"
            "    images = []\n"
            "    for row in masks:\n"
            "        hidden = np.isin(segments, np.flatnonzero(row == 0) + 1)\n"
            "        perturbed = image.copy()\n"
            "        perturbed[hidden] = replacement[hidden]\n"
            "        images.append(perturbed)\n"
            "    return np.array(images)\n"
        ),
        "loop that paints over the input image": (
            "def perturb(image, segments, masks, hide_color=None):\n"
            "    if hide_color is None:\n"
            "        replacement = image.copy()\n"
            "        for s in np.unique(segments):\n"
            "            replacement[segments == s] = image[segments == s].mean(axis=0)\n"
            "    else:\n"
            "        replacement = np.empty_like(image)\n"
            "        replacement[:] = hide_color\n"
            "    images = []\n"
            "    for row in masks:\n"
            "        hidden = np.isin(segments, np.flatnonzero(row == 0))\n"
            "        image[hidden] = replacement[hidden]\n"
            "        images.append(image.copy())\n"
            "    return np.array(images)\n"
        ),
        "superpixel mean over the whole image": (
            "def perturb(image, segments, masks, hide_color=None):\n"
            "    replacement = np.empty_like(image)\n"
            "    replacement[:] = image.mean(axis=(0, 1)) if hide_color is None else hide_color\n"
            "    keep = masks.astype(bool)[:, segments]\n"
            "    return np.where(keep[..., None], image, replacement)\n"
        ),
    },
}
