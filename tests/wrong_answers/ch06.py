"""Typical wrong answers to the exercises of chapter 06 (LIME from scratch).

Each is a list of (old, new) replacements applied to the solution cell.
"""

_DRAW = "    random_state.randint(0, 1000)  # lime's segmentation seed, drawn even when the segments are given\n"
_MASKS = "masks = lt.sample_masks(lt.num_superpixels(segments), num_samples, random_state)"

WRONG_ANSWERS = {
    "ex_my_explain": {
        "forgets the seed lime draws first": [(_DRAW, "")],
        "draws the seed after the masks": [
            (_DRAW, ""),
            (_MASKS + "\n", _MASKS + "\n    random_state.randint(0, 1000)\n")],
        "np.random.RandomState(random_state): a RandomState is not used as it is": [
            ("random_state = check_random_state(random_state)", "random_state = np.random.RandomState(random_state)")],
        "masks without the all-ones first row": [
            (_MASKS, "masks = random_state.randint(0, 2, (num_samples, lt.num_superpixels(segments))).astype(np.uint8)")],
        "unweighted fit": [("weights = lt.kernel(lt.cosine_distance(masks), kernel_width)", "weights = np.ones(num_samples)")],
        "euclidean distance to the image": [
            ("weights = lt.kernel(lt.cosine_distance(masks), kernel_width)",
             "weights = lt.kernel(np.sqrt(((1 - masks) ** 2).sum(axis=1)), kernel_width)")],
        "ignores hide_color": [("lt.perturb(image, segments, masks, hide_color)", "lt.perturb(image, segments, masks)")],
        "ignores kernel_width": [("lt.kernel(lt.cosine_distance(masks), kernel_width)", "lt.kernel(lt.cosine_distance(masks))")],
        "pairs in superpixel order, not by |weight|": [
            ("explanation[int(label)] = surrogate.local_exp", "explanation[int(label)] = sorted(surrogate.local_exp)")],
        "default num_samples 100": [("num_samples=1000,", "num_samples=100,")],
        "default labels (0,)": [("labels=(1,),", "labels=(0,),")],
        "numpy integer keys": [("explanation[int(label)] = surrogate.local_exp", "explanation[label] = surrogate.local_exp")],
        "calls lt.explain": [
            ("    random_state = check_random_state(random_state)\n",
             "    exp = lt.explain(image, classifier_fn, top_labels=None, labels=labels, hide_color=hide_color,\n"
             "                     num_samples=num_samples, segmentation_fn=lambda image: segments,\n"
             "                     kernel_width=kernel_width, random_state=random_state, progress=False)\n"
             "    return {int(label): exp.local_exp[label] for label in labels}\n")],
    },
    "ex_explanation_mask": {
        "ranks by signed weight instead of |weight|": [
            ("np.argsort(-np.abs(coef), kind=\"stable\")", "np.argsort(-coef, kind=\"stable\")")],
        "ties: the higher index first": [
            ("np.argsort(-np.abs(coef), kind=\"stable\")", "np.argsort(np.abs(coef), kind=\"stable\")[::-1]")],
        "takes num_features before the sign filter": [
            ("ranked = [(int(f), coef[f]) for f in np.argsort(-np.abs(coef), kind=\"stable\")]",
             "ranked = [(int(f), coef[f]) for f in np.argsort(-np.abs(coef), kind=\"stable\")][:num_features]")],
        "ignores min_weight": [("if w > 0 and w > min_weight]", "if w > 0]"), ("if w < 0 and -w > min_weight]", "if w < 0]"),
                               (" if abs(w) >= min_weight]", "]")],
        "a weight equal to min_weight passes the sign filter (>= instead of >)": [
            ("if w > 0 and w > min_weight]", "if w > 0 and w >= min_weight]")],
        "marks negative evidence -1 with negative_only": [
            ("chosen = [(f, 1) for f, w in ranked if w < 0", "chosen = [(f, -1) for f, w in ranked if w < 0")],
        "off by one: num_features + 1 superpixels": [
            ("if w > 0 and w > min_weight][:num_features]", "if w > 0 and w > min_weight][:num_features + 1]")],
        "uint8 mask: -1 wraps to 255": [("mask = np.zeros(np.shape(segments), dtype=int)",
                                         "mask = np.zeros(np.shape(segments), dtype=np.uint8)")],
        "a boolean-style float mask": [("mask = np.zeros(np.shape(segments), dtype=int)",
                                        "mask = np.zeros(np.shape(segments))")],
        "no default num_features": [("num_features=5, min_weight", "num_features, min_weight")],
        "no ValueError for both filters": [
            ("        raise ValueError(\"positive_only and negative_only cannot both be True\")\n", "        pass\n")],
        "calls lime": [
            ("    coef = np.asarray(coef, dtype=float)\n",
             "    from lime import lime_image as _lime_image\n"
             "    explanation = _lime_image.ImageExplanation(np.zeros(np.shape(segments) + (3,)), segments)\n"
             "    explanation.local_exp[0] = sorted(enumerate(coef), key=lambda pair: abs(pair[1]), reverse=True)\n"
             "    return explanation.get_image_and_mask(0, positive_only=positive_only, negative_only=negative_only,\n"
             "                                          num_features=num_features, min_weight=min_weight)[1]\n")],
    },
}
