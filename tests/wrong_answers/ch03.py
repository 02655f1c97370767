"""Typical wrong answers to the exercises of chapter 03 (perturbations).

Each wrong answer is the solution cell with a few (old, new) replacements.
"""

_P = "KEEP_PROBABILITY = 0.7"

WRONG_ANSWERS = {
    "ex_sample_masks": {
        "first all-ones row forgotten": [("    masks[0, :] = 1  # sample 0 is the image itself\n", "")],
        "uniform draws compared with 0.5 instead of lime's randint": [
            ("flips = random_state.randint(0, 2, num_samples * num_superpixels)",
             "flips = (random_state.random_sample(num_samples * num_superpixels) < 0.5).astype(int)")],
        "shape (num_superpixels, num_samples) transposed": [
            ("flips.reshape((num_samples, num_superpixels))", "flips.reshape((num_superpixels, num_samples)).T")],
        "all-ones row prepended instead of overwriting row 0": [
            ("flips = random_state.randint(0, 2, num_samples * num_superpixels)",
             "flips = np.concatenate([np.ones(num_superpixels, dtype=int), "
             "random_state.randint(0, 2, (num_samples - 1) * num_superpixels)])")],
        "numpy's global generator": [("flips = random_state.randint(", "flips = np.random.randint(")],
        "default random_state left out": [("num_samples, random_state=None):", "num_samples, random_state):")],
        "int64 masks": [(".astype(np.uint8)", "")],
        "bool masks": [(".astype(np.uint8)", ".astype(bool)")],
        "only int seeds (a RandomState is not advanced)": [
            ("    if not isinstance(random_state, np.random.RandomState):\n"
             "        random_state = np.random.RandomState(random_state)\n",
             "    random_state = np.random.RandomState(random_state if isinstance(random_state, int) else 0)\n")],
        "a fresh RandomState per call (seed copied, stream not advanced)": [
            ("    if not isinstance(random_state, np.random.RandomState):\n"
             "        random_state = np.random.RandomState(random_state)\n",
             "    if isinstance(random_state, np.random.RandomState):\n"
             "        random_state = np.random.RandomState(random_state.get_state()[1][0])\n"
             "    else:\n        random_state = np.random.RandomState(random_state)\n")],
    },
    "ex_sample_masks_p": {
        "keep_probability read as the hiding probability": [("(uniform < keep_probability)", "(uniform >= keep_probability)")],
        "boundaries excluded: 0 < p < 1": [("if not 0 <= keep_probability <= 1:", "if not 0 < keep_probability < 1:")],
        "no check of keep_probability": [
            ("    if not 0 <= keep_probability <= 1:\n        raise ValueError(f\"keep_probability must be between 0 and 1, "
             "got {keep_probability!r}\")\n", "")],
        "default keep_probability left out": [("num_samples, keep_probability=0.5,", "num_samples, keep_probability,")],
        "first all-ones row forgotten": [("    masks[0] = 1  # sample 0 is still the image itself\n", "")],
        "numpy's global generator": [("uniform = rng.random_sample(", "uniform = np.random.random_sample(")],
        "one draw per sample for all superpixels": [
            ("rng.random_sample((num_samples, num_superpixels))",
             "np.repeat(rng.random_sample((num_samples, 1)), num_superpixels, axis=1)")],
        "float masks": [("(uniform < keep_probability).astype(np.uint8)", "(uniform < keep_probability).astype(float)")],
        "fixed number kept per sample": [
            ("masks = (uniform < keep_probability).astype(np.uint8)",
             "masks = (uniform.argsort(axis=1) < round(keep_probability * num_superpixels)).astype(np.uint8)")],
    },
    "ex_keep_probability": {
        "lime's fair coins": [(_P, "KEEP_PROBABILITY = 0.5")],
        "as close to the image as possible": [(_P, "KEEP_PROBABILITY = 0.9")],
        "not enough effective samples": [(_P, "KEEP_PROBABILITY = 0.6")],
        "just past the quarter boundary": [(_P, "KEEP_PROBABILITY = 0.76")],
        "a percentage": [(_P, "KEEP_PROBABILITY = 70.0")],
        "a string": [(_P, "KEEP_PROBABILITY = '0.7'")],
        "a fraction of superpixels to hide": [(_P, "KEEP_PROBABILITY = 0.3")],
    },
    "ex_perturb": {
        "hide_color ignored (always 0)": [("        replacement[:] = hide_color\n", "        replacement[:] = 0\n"),
                                          ("    if hide_color is None:", "    if False:")],
        "masks inverted (hides the kept superpixels)": [("np.where(keep[..., None], image, replacement)",
                                                         "np.where(keep[..., None], replacement, image)")],
        "means not converted to the image's dtype": [("[segments].astype(image.dtype)", "[segments]")],
        "means rounded instead of truncated": [("[segments].astype(image.dtype)", "[segments].round().astype(image.dtype)")],
        "mean colour of the whole image": [
            ("replacement = (sums / np.maximum(counts, 1)[:, None])[segments].astype(image.dtype)",
             "replacement = np.empty_like(image)\n        replacement[:] = image.reshape(-1, 3).mean(axis=0)")],
        "segments squeezed into uint8 (wrap past 255)": [
            ("image, segments, masks = np.asarray(image), np.asarray(segments), np.asarray(masks)",
             "image, segments, masks = np.asarray(image), np.asarray(segments).astype(np.uint8), np.asarray(masks)")],
        "default hide_color left out": [("masks, hide_color=None):", "masks, hide_color):")],
        "arithmetic blend: the masks' dtype leaks into the result": [
            ("return np.where(keep[..., None], image, replacement)",
             "keep = masks[:, segments][..., None]\n    return keep * image + (1 - keep) * replacement")],
        "a list of images": [("return np.where(keep[..., None], image, replacement)",
                              "return list(np.where(keep[..., None], image, replacement))")],
        "paints over the input image": [
            ("    keep = masks.astype(bool)[:, segments]  # (N, H, W): is each pixel's superpixel kept in sample i?\n"
             "    return np.where(keep[..., None], image, replacement)",
             "    images = []\n    for row in masks:\n        hidden = ~row.astype(bool)[segments]\n"
             "        image[hidden] = replacement[hidden]\n        images.append(image.copy())\n"
             "    return np.array(images)")],
        "superpixel labels off by one": [("keep = masks.astype(bool)[:, segments]",
                                          "keep = masks.astype(bool)[:, (segments + 1) % masks.shape[1]]")],
    },
}
