"""Typical wrong answers to the exercises of chapter 01 (the black box).

Each wrong answer is the solution cell with a few (old, new) replacements.
"""

WRONG_ANSWERS = {
    "ex_obeys_contract": {
        "row sums compared exactly with 1 (float32 rounding fails)": [
            ("np.all(np.abs(result.sum(axis=1) - 1) <= 1e-4)", "np.all(result.sum(axis=1) == 1)")],
        "tolerance boundary: < 1e-6": [("<= 1e-4))", "<= 1e-6))")],
        "zero probabilities rejected (> 0 instead of >= 0)": [("(result < 0).any()", "(result <= 0).any()")],
        "negative entries not checked": [("    if (result < 0).any() or (result > 1).any():\n        return False\n", "")],
        "changed input not checked": [
            ("    if not np.array_equal(before, images):\n        return False  # a classifier function must not "
             "change the images LIME gives it\n", "")],
        "input compared with itself, not a copy": [("before = np.array(images, copy=True)", "before = images")],
        "default num_classes left out": [("images, num_classes=1000):", "images, num_classes):")],
        "num_classes ignored (1000 hard-coded)": [("(len(before), num_classes)", "(len(before), 1000)")],
        "a list accepted": [("    result = classifier_fn(images)\n", "    result = np.asarray(classifier_fn(images))\n")],
        "any dtype accepted": [(" or not np.issubdtype(result.dtype, np.floating)", "")],
        "only the number of classes checked": [("result.shape != (len(before), num_classes)",
                                                "result.shape[1] != num_classes")],
        "returns a numpy bool": [("return bool(np.all(", "return (np.all(")],
    },
    "ex_top_labels": {
        "ties: smaller class index first (argsort of -p)": [
            ("ascending = np.argsort(np.asarray(prediction_row), kind=\"stable\")",
             "ascending = np.argsort(-np.asarray(prediction_row), kind=\"stable\")[::-1]")],
        "least probable first": [("ascending[::-1][:k]", "ascending[:k]")],
        "most probable last": [("ascending[::-1][:k]", "ascending[-k:]")],
        "default k left out": [("prediction_row, k=5):", "prediction_row, k):")],
        "numpy integers, not Python ints": [("[int(label) for label in ascending[::-1][:k]]",
                                             "list(ascending[::-1][:k])")],
        "an array, not a list": [("return [int(label) for label in ascending[::-1][:k]]",
                                  "return ascending[::-1][:k]")],
        "one label too many": [("ascending[::-1][:k]", "ascending[::-1][:k + 1]")],
        "argpartition: the top k in no order": [
            ("ascending = np.argsort(np.asarray(prediction_row), kind=\"stable\")  # equal values keep index order\n"
             "    return [int(label) for label in ascending[::-1][:k]]",
             "row = np.asarray(prediction_row)\n"
             "    k = min(k, len(row))\n"
             "    return [int(label) for label in np.argpartition(row, len(row) - k)[len(row) - k:]]")],
        "sorts the row in place": [("ascending = np.argsort(np.asarray(prediction_row), kind=\"stable\")",
                                    "ascending = np.argsort(np.asarray(prediction_row), kind=\"stable\")\n"
                                    "    np.asarray(prediction_row).sort()")],
    },
    "ex_classifier_fn": {
        "no softmax: logits": [("return torch.softmax(logits, dim=1).numpy()", "return logits.numpy()")],
        "scaled as x / 255": [("((x - PIXEL_OFFSET) / PIXEL_SCALE)", "(x / 255.0)")],
        "not scaled": [("((x - PIXEL_OFFSET) / PIXEL_SCALE)", "x")],
        "NHWC passed to the model": [(".permute(0, 3, 1, 2)", "")],
        "reshape instead of permute": [(".permute(0, 3, 1, 2)", ".reshape(len(x), 3, x.shape[1], x.shape[2])")],
        "softmax over the batch": [("torch.softmax(logits, dim=1)", "torch.softmax(logits, dim=0)")],
        "BGR channel order": [("np.asarray(images, dtype=np.float32)", "np.asarray(images, dtype=np.float32)[..., ::-1].copy()")],
        "returns a torch tensor": [("torch.softmax(logits, dim=1).numpy()", "torch.softmax(logits, dim=1)")],
        "first image only": [("np.asarray(images, dtype=np.float32)", "np.asarray(images[:1], dtype=np.float32)")],
        "changes the caller's images": [
            ("    x = torch.from_numpy(np.asarray(images, dtype=np.float32))",
             "    np.subtract(images, 1, out=images)\n    x = torch.from_numpy(np.asarray(images + 1, dtype=np.float32))")],
        "calls the package's classifier": [("    with torch.no_grad():\n        logits = torch_model(x)\n"
                                            "    return torch.softmax(logits, dim=1).numpy()",
                                            "    return clf(images)")],
    },
}
