"""Typical wrong answers to the exercises of chapter 01 (the black box)."""

def _classifier(body):
    return "def classifier_fn(images):\n" + body


WRONG_ANSWERS = {
    "ex_classifier_fn": {
        "no softmax: logits": _classifier(
            "    x = torch.from_numpy(images.astype(np.float32))\n"
            "    x = ((x - PIXEL_OFFSET) / PIXEL_SCALE).permute(0, 3, 1, 2)\n"
            "    with torch.no_grad():\n"
            "        return torch_model(x).numpy()\n"
        ),
        "scaled as x / 255": _classifier(
            "    x = torch.from_numpy(images.astype(np.float32)) / 255.0\n"
            "    with torch.no_grad():\n"
            "        return torch.softmax(torch_model(x.permute(0, 3, 1, 2)), dim=1).numpy()\n"
        ),
        "not scaled": _classifier(
            "    x = torch.from_numpy(images.astype(np.float32))\n"
            "    with torch.no_grad():\n"
            "        return torch.softmax(torch_model(x.permute(0, 3, 1, 2)), dim=1).numpy()\n"
        ),
        "NHWC passed to the model": _classifier(
            "    x = torch.from_numpy(images.astype(np.float32))\n"
            "    with torch.no_grad():\n"
            "        return torch.softmax(torch_model((x - PIXEL_OFFSET) / PIXEL_SCALE), dim=1).numpy()\n"
        ),
        "reshape instead of permute": _classifier(
            "    x = torch.from_numpy(images.astype(np.float32))\n"
            "    x = ((x - PIXEL_OFFSET) / PIXEL_SCALE).reshape(len(images), 3, *images.shape[1:3])\n"
            "    with torch.no_grad():\n"
            "        return torch.softmax(torch_model(x), dim=1).numpy()\n"
        ),
        "softmax over the batch": _classifier(
            "    x = torch.from_numpy(images.astype(np.float32))\n"
            "    x = ((x - PIXEL_OFFSET) / PIXEL_SCALE).permute(0, 3, 1, 2)\n"
            "    with torch.no_grad():\n"
            "        return torch.softmax(torch_model(x), dim=0).numpy()\n"
        ),
        "BGR channel order": _classifier(
            "    x = torch.from_numpy(images[..., ::-1].astype(np.float32))\n"
            "    x = ((x - PIXEL_OFFSET) / PIXEL_SCALE).permute(0, 3, 1, 2)\n"
            "    with torch.no_grad():\n"
            "        return torch.softmax(torch_model(x), dim=1).numpy()\n"
        ),
        "returns a torch tensor": _classifier(
            "    x = torch.from_numpy(images.astype(np.float32))\n"
            "    x = ((x - PIXEL_OFFSET) / PIXEL_SCALE).permute(0, 3, 1, 2)\n"
            "    with torch.no_grad():\n"
            "        return torch.softmax(torch_model(x), dim=1)\n"
        ),
        "first image only": _classifier(
            "    x = torch.from_numpy(images[:1].astype(np.float32))\n"
            "    x = ((x - PIXEL_OFFSET) / PIXEL_SCALE).permute(0, 3, 1, 2)\n"
            "    with torch.no_grad():\n"
            "        return torch.softmax(torch_model(x), dim=1).numpy()\n"
        ),
        "changes the caller's images": _classifier(
            "    np.subtract(images, 1, out=images)  # shifts the caller's pixels too\n"
            "    x = torch.from_numpy((images + 1).astype(np.float32))\n"
            "    x = ((x - PIXEL_OFFSET) / PIXEL_SCALE).permute(0, 3, 1, 2)\n"
            "    with torch.no_grad():\n"
            "        return torch.softmax(torch_model(x), dim=1).numpy()\n"
        ),
        "calls the package's classifier": _classifier("    return clf(images)\n"),
    },
    "ex_top_k": {
        "argsort ascending: least probable": (
            "def top_k(probs, labels, k=5):\n"
            "    best = np.argsort(probs, axis=1)[:, :k]\n"
            "    return [[(labels[i], float(row[i])) for i in idx] for row, idx in zip(probs, best)]\n"
        ),
        "most probable last": (
            "def top_k(probs, labels, k=5):\n"
            "    best = np.argsort(probs, axis=1)[:, -k:]\n"
            "    return [[(labels[i], float(row[i])) for i in idx] for row, idx in zip(probs, best)]\n"
        ),
        "k taken along the batch axis": (
            "def top_k(probs, labels, k=5):\n"
            "    best = np.argsort(-probs, axis=1)[:k]\n"
            "    return [[(labels[i], float(row[i])) for i in idx] for row, idx in zip(probs, best)]\n"
        ),
        "sorted along the batch axis": (
            "def top_k(probs, labels, k=5):\n"
            "    best = np.argsort(-probs, axis=0)[:k].T\n"
            "    return [[(labels[i], float(row[i])) for i in idx] for row, idx in zip(probs, best)]\n"
        ),
        "class indices instead of labels": (
            "def top_k(probs, labels, k=5):\n"
            "    best = np.argsort(-probs, axis=1)[:, :k]\n"
            "    return [[(int(i), float(row[i])) for i in idx] for row, idx in zip(probs, best)]\n"
        ),
        "probabilities not sorted with the labels": (
            "def top_k(probs, labels, k=5):\n"
            "    best = np.argsort(-probs, axis=1)[:, :k]\n"
            "    return [[(labels[i], float(p)) for i, p in zip(idx, row[:k])] for row, idx in zip(probs, best)]\n"
        ),
        "sorts probs in place": (
            "def top_k(probs, labels, k=5):\n"
            "    best = np.argsort(-probs, axis=1)[:, :k]\n"
            "    result = [[(labels[i], float(row[i])) for i in idx] for row, idx in zip(probs, best)]\n"
            "    probs.sort(axis=1)\n"
            "    return result\n"
        ),
        "first row only": (
            "def top_k(probs, labels, k=5):\n"
            "    best = np.argsort(-probs[0])[:k]\n"
            "    return [[(labels[i], float(probs[0][i])) for i in best]]\n"
        ),
    },
}
