"""Typical wrong answers to the exercises of chapter 02 (superpixels).

Each wrong answer is the solution cell with a few (old, new) replacements.
"""

_CHOICE = 'COFFEE_QUICKSHIFT = {"kernel_size": 3, "max_dist": 200, "ratio": 0.2}'

WRONG_ANSWERS = {
    "ex_choose_segmentation": {
        "lime's defaults": [(_CHOICE, 'COFFEE_QUICKSHIFT = {"kernel_size": 4, "max_dist": 200, "ratio": 0.2}')],
        "too many superpixels": [(_CHOICE, 'COFFEE_QUICKSHIFT = {"kernel_size": 2}')],
        "just over the 10% boundary": [(_CHOICE, 'COFFEE_QUICKSHIFT = {"kernel_size": 4, "max_dist": 6}')],
        "ratio raised: fewer, larger superpixels": [(_CHOICE, 'COFFEE_QUICKSHIFT = {"ratio": 0.5}')],
        "the method named in the dict": [(_CHOICE, 'COFFEE_QUICKSHIFT = {"method": "quickshift", "kernel_size": 3}')],
        "SLIC's parameters": [(_CHOICE, 'COFFEE_QUICKSHIFT = {"n_segments": 60}')],
        "a tuple of values": [(_CHOICE, 'COFFEE_QUICKSHIFT = (3, 200, 0.2)')],
    },
    "ex_relabel": {
        "unchanged": [("    return ranks.reshape(segments.shape).astype(np.int64)", "    return segments")],
        "minus one (right for SLIC only)": [("return ranks.reshape(segments.shape).astype(np.int64)",
                                             "return (segments - 1).astype(np.int64)")],
        "minus the smallest label (labels not consecutive)": [
            ("return ranks.reshape(segments.shape).astype(np.int64)",
             "return (segments - segments.min()).astype(np.int64)")],
        "order of first appearance": [
            ("    _, ranks = np.unique(segments, return_inverse=True)  # each pixel's rank among the distinct labels\n",
             "    first = {}\n    for label in segments.ravel():\n        first.setdefault(label, len(first))\n"
             "    ranks = np.array([first[label] for label in segments.ravel()])\n")],
        "flattened": [("return ranks.reshape(segments.shape).astype(np.int64)", "return ranks.ravel().astype(np.int64)")],
        "uint8 labels (wrap past 255)": [(".astype(np.int64)", ".astype(np.uint8).astype(np.int64)")],
        "int32 labels": [(".astype(np.int64)", ".astype(np.int32)")],
        "a nested list not accepted": [("    segments = np.asarray(segments)\n", "")],
        "calls scikit-image's relabel_sequential": [
            ("    _, ranks = np.unique(segments, return_inverse=True)  # each pixel's rank among the distinct labels\n",
             "    from skimage.segmentation import relabel_sequential\n"
             "    ranks = relabel_sequential(segments - segments.min() + 1)[0] - 1\n")],
    },
    "ex_superpixel_means": {
        "mean of the whole image": [("return sums / counts[:, None]",
                                     "return np.tile(pixels.mean(axis=0), (len(counts), 1))")],
        "one grey level per superpixel": [("return sums / counts[:, None]", "return sums.mean(axis=1) / counts")],
        "truncated to uint8 as lime's painting": [("return sums / counts[:, None]",
                                                   "return (sums / counts[:, None]).astype(np.uint8)")],
        "sums, not means": [("return sums / counts[:, None]", "return sums")],
        "labels counted from 1": [("return sums / counts[:, None]", "return (sums / counts[:, None])[1:]")],
        "labels squeezed into uint8 (wrap past 255)": [("labels = np.asarray(segments).ravel()",
                                                        "labels = np.asarray(segments).ravel().astype(np.uint8)")],
        "the same channel three times": [("weights=pixels[:, channel]", "weights=pixels[:, 0]")],
        "medians": [
            ("    counts = np.bincount(labels)\n"
             "    sums = np.stack([np.bincount(labels, weights=pixels[:, channel]) for channel in range(3)], axis=1)\n"
             "    return sums / counts[:, None]",
             "    return np.array([np.median(pixels[labels == k], axis=0) for k in range(labels.max() + 1)])")],
        "calls scikit-image's regionprops": [
            ("    return sums / counts[:, None]",
             "    from skimage.measure import regionprops\n"
             "    return np.array([r.intensity_mean for r in regionprops(np.asarray(segments) + 1, intensity_image=image)])")],
    },
}
