"""Typical wrong answers to the exercises of chapter 06 (LIME from scratch)."""

_EXPLAIN_HEAD = '''from lime_teach.validation import check_random_state


def my_explain(image, classifier_fn, segments, num_samples=1000, random_state=None, labels=(1,),
               hide_color=None, kernel_width=0.25):
    random_state = check_random_state(random_state)
'''

WRONG_ANSWERS = {
    "ex_my_explain": {
        "forgets the segmentation seed lime draws first": _EXPLAIN_HEAD + '''
    masks = lt.sample_masks(segments.max() + 1, num_samples, random_state)
    predictions = classifier_fn(lt.perturb(image, segments, masks, hide_color))
    weights = lt.kernel(lt.cosine_distance(masks), kernel_width)
    return {label: lt.fit_surrogate(masks, predictions[:, label], weights).local_exp for label in labels}
''',
        "masks without the all-ones first row": _EXPLAIN_HEAD + '''
    random_state.randint(0, 1000)
    masks = random_state.randint(0, 2, (num_samples, segments.max() + 1)).astype(np.uint8)
    predictions = classifier_fn(lt.perturb(image, segments, masks, hide_color))
    weights = lt.kernel(lt.cosine_distance(masks), kernel_width)
    return {label: lt.fit_surrogate(masks, predictions[:, label], weights).local_exp for label in labels}
''',
        "unweighted fit": _EXPLAIN_HEAD + '''
    random_state.randint(0, 1000)
    masks = lt.sample_masks(segments.max() + 1, num_samples, random_state)
    predictions = classifier_fn(lt.perturb(image, segments, masks, hide_color))
    weights = np.ones(num_samples)
    return {label: lt.fit_surrogate(masks, predictions[:, label], weights).local_exp for label in labels}
''',
        "euclidean distance": _EXPLAIN_HEAD + '''
    random_state.randint(0, 1000)
    masks = lt.sample_masks(segments.max() + 1, num_samples, random_state)
    predictions = classifier_fn(lt.perturb(image, segments, masks, hide_color))
    distances = np.sqrt(((masks - masks[0]) ** 2).sum(axis=1))
    weights = lt.kernel(distances, kernel_width)
    return {label: lt.fit_surrogate(masks, predictions[:, label], weights).local_exp for label in labels}
''',
        "ignores hide_color": _EXPLAIN_HEAD + '''
    random_state.randint(0, 1000)
    masks = lt.sample_masks(segments.max() + 1, num_samples, random_state)
    predictions = classifier_fn(lt.perturb(image, segments, masks))
    weights = lt.kernel(lt.cosine_distance(masks), kernel_width)
    return {label: lt.fit_surrogate(masks, predictions[:, label], weights).local_exp for label in labels}
''',
        "ignores kernel_width": _EXPLAIN_HEAD + '''
    random_state.randint(0, 1000)
    masks = lt.sample_masks(segments.max() + 1, num_samples, random_state)
    predictions = classifier_fn(lt.perturb(image, segments, masks, hide_color))
    weights = lt.kernel(lt.cosine_distance(masks))
    return {label: lt.fit_surrogate(masks, predictions[:, label], weights).local_exp for label in labels}
''',
        "coefficients in superpixel order, not by |weight|": _EXPLAIN_HEAD + '''
    random_state.randint(0, 1000)
    masks = lt.sample_masks(segments.max() + 1, num_samples, random_state)
    predictions = classifier_fn(lt.perturb(image, segments, masks, hide_color))
    weights = lt.kernel(lt.cosine_distance(masks), kernel_width)
    return {label: sorted(lt.fit_surrogate(masks, predictions[:, label], weights).local_exp) for label in labels}
''',
        "calls lt.explain": '''
def my_explain(image, classifier_fn, segments, num_samples=1000, random_state=None, labels=(1,),
               hide_color=None, kernel_width=0.25):
    exp = lt.explain(image, classifier_fn, top_labels=None, labels=labels, hide_color=hide_color,
                     num_samples=num_samples, segmentation_fn=lambda image: segments,
                     kernel_width=kernel_width, random_state=random_state, progress=False)
    return {label: exp.local_exp[label] for label in labels}
''',
    },
    "ex_explanation_mask": {
        "ranks by signed weight instead of |weight|": '''
def explanation_mask(segments, coef, positive_only=True, negative_only=False, num_features=5, min_weight=0.0):
    if positive_only and negative_only:
        raise ValueError("positive_only and negative_only cannot both be True")
    ranked = [(int(f), coef[f]) for f in np.argsort(-np.asarray(coef), kind="stable")]
    if positive_only:
        chosen = [(f, 1) for f, w in ranked if w > 0 and w > min_weight][:num_features]
    elif negative_only:
        chosen = [(f, 1) for f, w in ranked if w < 0 and -w > min_weight][:num_features]
    else:
        chosen = [(f, -1 if w < 0 else 1) for f, w in ranked[:num_features] if abs(w) >= min_weight]
    mask = np.zeros(np.shape(segments), dtype=int)
    for feature, value in chosen:
        mask[segments == feature] = value
    return mask
''',
        "takes num_features before the sign filter": '''
def explanation_mask(segments, coef, positive_only=True, negative_only=False, num_features=5, min_weight=0.0):
    if positive_only and negative_only:
        raise ValueError("positive_only and negative_only cannot both be True")
    ranked = [(int(f), coef[f]) for f in np.argsort(-np.abs(coef), kind="stable")][:num_features]
    if positive_only:
        chosen = [(f, 1) for f, w in ranked if w > 0 and w > min_weight]
    elif negative_only:
        chosen = [(f, 1) for f, w in ranked if w < 0 and -w > min_weight]
    else:
        chosen = [(f, -1 if w < 0 else 1) for f, w in ranked if abs(w) >= min_weight]
    mask = np.zeros(np.shape(segments), dtype=int)
    for feature, value in chosen:
        mask[segments == feature] = value
    return mask
''',
        "ignores min_weight": '''
def explanation_mask(segments, coef, positive_only=True, negative_only=False, num_features=5, min_weight=0.0):
    if positive_only and negative_only:
        raise ValueError("positive_only and negative_only cannot both be True")
    ranked = [(int(f), coef[f]) for f in np.argsort(-np.abs(coef), kind="stable")]
    if positive_only:
        chosen = [(f, 1) for f, w in ranked if w > 0][:num_features]
    elif negative_only:
        chosen = [(f, 1) for f, w in ranked if w < 0][:num_features]
    else:
        chosen = [(f, -1 if w < 0 else 1) for f, w in ranked[:num_features]]
    mask = np.zeros(np.shape(segments), dtype=int)
    for feature, value in chosen:
        mask[segments == feature] = value
    return mask
''',
        "marks negative evidence -1 with negative_only": '''
def explanation_mask(segments, coef, positive_only=True, negative_only=False, num_features=5, min_weight=0.0):
    if positive_only and negative_only:
        raise ValueError("positive_only and negative_only cannot both be True")
    ranked = [(int(f), coef[f]) for f in np.argsort(-np.abs(coef), kind="stable")]
    if positive_only:
        chosen = [(f, 1) for f, w in ranked if w > 0 and w > min_weight][:num_features]
    elif negative_only:
        chosen = [(f, -1) for f, w in ranked if w < 0 and -w > min_weight][:num_features]
    else:
        chosen = [(f, -1 if w < 0 else 1) for f, w in ranked[:num_features] if abs(w) >= min_weight]
    mask = np.zeros(np.shape(segments), dtype=int)
    for feature, value in chosen:
        mask[segments == feature] = value
    return mask
''',
        "off by one: num_features + 1 superpixels": '''
def explanation_mask(segments, coef, positive_only=True, negative_only=False, num_features=5, min_weight=0.0):
    if positive_only and negative_only:
        raise ValueError("positive_only and negative_only cannot both be True")
    ranked = [(int(f), coef[f]) for f in np.argsort(-np.abs(coef), kind="stable")]
    if positive_only:
        chosen = [(f, 1) for f, w in ranked if w > 0 and w > min_weight][:num_features + 1]
    elif negative_only:
        chosen = [(f, 1) for f, w in ranked if w < 0 and -w > min_weight][:num_features + 1]
    else:
        chosen = [(f, -1 if w < 0 else 1) for f, w in ranked[:num_features + 1] if abs(w) >= min_weight]
    mask = np.zeros(np.shape(segments), dtype=int)
    for feature, value in chosen:
        mask[segments == feature] = value
    return mask
''',
        "calls lime": '''
from lime import lime_image as _lime_image


def explanation_mask(segments, coef, positive_only=True, negative_only=False, num_features=5, min_weight=0.0):
    explanation = _lime_image.ImageExplanation(np.zeros(np.shape(segments) + (3,)), segments)
    explanation.local_exp[0] = sorted(enumerate(coef), key=lambda pair: abs(pair[1]), reverse=True)
    return explanation.get_image_and_mask(0, positive_only=positive_only, negative_only=negative_only,
                                          num_features=num_features, min_weight=min_weight)[1]
''',
    },
}
