"""Typical wrong answers to the exercises of chapter 02 (superpixels)."""

WRONG_ANSWERS = {
    "ex_relabel": {
        "unchanged": "def relabel(segments):\n    return segments\n",
        "minus one (right for SLIC only)": "def relabel(segments):\n    return segments - 1\n",
        "minus the smallest label (labels not consecutive)": (
            "def relabel(segments):\n    return segments - segments.min()\n"
        ),
        "order of first appearance": (
            "def relabel(segments):\n"
            "    new = {}\n"
            "    for label in np.ravel(segments):\n"
            "        new.setdefault(label, len(new))\n"
            "    return np.vectorize(new.get)(segments)\n"
        ),
        "flattened": (
            "def relabel(segments):\n"
            "    return np.unique(segments, return_inverse=True)[1].ravel()\n"
        ),
        "the distinct labels instead of the image": "def relabel(segments):\n    return np.unique(segments)\n",
        "float labels": (
            "def relabel(segments):\n"
            "    _, labels = np.unique(segments, return_inverse=True)\n"
            "    return labels.reshape(np.shape(segments)).astype(float)\n"
        ),
        "calls the package": (
            "from lime_teach.segmentation import relabel as package_relabel\n"
            "def relabel(segments):\n    return package_relabel(segments)\n"
        ),
        "calls scikit-image's relabel_sequential": (
            "from skimage.segmentation import relabel_sequential\n"
            "def relabel(segments):\n    return relabel_sequential(segments - segments.min() + 1)[0] - 1\n"
        ),
    },
    "ex_superpixel_means": {
        "mean of the whole image": (
            "def superpixel_means(image, segments):\n"
            "    return np.tile(image.reshape(-1, 3).mean(axis=0), (segments.max() + 1, 1))\n"
        ),
        "one grey level per superpixel": (
            "def superpixel_means(image, segments):\n"
            "    return np.array([image[segments == k].mean() for k in range(segments.max() + 1)])\n"
        ),
        "truncated to uint8 as lime's painting": (
            "def superpixel_means(image, segments):\n"
            "    return np.array([image[segments == k].mean(axis=0) for k in range(segments.max() + 1)]).astype(np.uint8)\n"
        ),
        "medians": (
            "def superpixel_means(image, segments):\n"
            "    return np.array([np.median(image[segments == k], axis=0) for k in range(segments.max() + 1)])\n"
        ),
        "labels counted from 1": (
            "def superpixel_means(image, segments):\n"
            "    return np.array([image[segments == k].mean(axis=0) for k in range(1, segments.max() + 1)])\n"
        ),
        "sums, not means": (
            "def superpixel_means(image, segments):\n"
            "    return np.array([image[segments == k].sum(axis=0) for k in range(segments.max() + 1)])\n"
        ),
        "last superpixel forgotten": (
            "def superpixel_means(image, segments):\n"
            "    return np.array([image[segments == k].mean(axis=0) for k in range(segments.max())])\n"
        ),
        "calls scikit-image's regionprops": (
            "from skimage.measure import regionprops\n"
            "def superpixel_means(image, segments):\n"
            "    return np.array([r.intensity_mean for r in regionprops(segments + 1, intensity_image=image)])\n"
        ),
    },
}
