"""Write data/imagenet_class_index.json without a download.

The file has the usual Keras form, ``{"0": ["n01440764", "tench"], ...}``:
class index -> [WordNet id, class name]. Keras itself downloads it at run
time, which the course cannot do, so it is rebuilt here from two sources that
ship inside PyPI packages:

- the class names from torchvision (``torchvision.models._meta._IMAGENET_CATEGORIES``),
  with spaces replaced by underscores as in the Keras file ("Egyptian cat" ->
  "Egyptian_cat");
- the WordNet ids from timm (``timm/data/_info/imagenet_synsets.txt``, one id a
  line in class order). timm is not a course dependency: install or unpack it
  anywhere and pass ``--synsets`` or put it on ``PYTHONPATH``.

Run from the repository root::

    python -m tools.make_class_index [--synsets PATH] [--output data/imagenet_class_index.json]
"""

import argparse
import importlib.util
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "data" / "imagenet_class_index.json"
NUM_CLASSES = 1000

# Pairs every correct index must contain; a shifted or reordered list fails here.
KNOWN_PAIRS = {
    0: ["n01440764", "tench"],
    285: ["n02124075", "Egyptian_cat"],
    967: ["n07920052", "espresso"],
    999: ["n15075141", "toilet_tissue"],
}


def timm_synsets_path():
    """Where timm keeps its ImageNet-1k WordNet ids, found without importing timm."""
    spec = importlib.util.find_spec("timm")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("timm not found: install or unpack it, or pass --synsets PATH")
    return pathlib.Path(list(spec.submodule_search_locations)[0]) / "data" / "_info" / "imagenet_synsets.txt"


def read_wnids(path):
    """The 1000 WordNet ids, in class order."""
    wnids = pathlib.Path(path).read_text().split()
    if len(wnids) != NUM_CLASSES:
        raise ValueError(f"synsets file {path} has {len(wnids)} ids, expected {NUM_CLASSES}")
    # ImageNet numbers its classes in sorted WordNet-id order.
    if wnids != sorted(wnids):
        raise ValueError(f"synsets file {path} is not in sorted WordNet-id order")
    return wnids


def torchvision_names():
    """The 1000 class names, Keras style (underscores for spaces)."""
    from torchvision.models._meta import _IMAGENET_CATEGORIES

    return [name.replace(" ", "_") for name in _IMAGENET_CATEGORIES]


def class_index(wnids, names):
    """{"0": [wnid, name], ...} for the 1000 classes."""
    if len(wnids) != len(names):
        raise ValueError(f"{len(wnids)} WordNet ids but {len(names)} class names")
    index = {str(i): [wnid, name] for i, (wnid, name) in enumerate(zip(wnids, names))}
    for i, pair in KNOWN_PAIRS.items():
        if index[str(i)] != pair:
            raise ValueError(f"class {i} is {index[str(i)]}, expected {pair}")
    return index


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synsets", type=pathlib.Path, default=None,
                        help="timm's imagenet_synsets.txt (default: found through an installed timm)")
    parser.add_argument("--output", type=pathlib.Path, default=OUTPUT)
    args = parser.parse_args(argv)
    wnids = read_wnids(args.synsets or timm_synsets_path())
    index = class_index(wnids, torchvision_names())
    # One class a line keeps the file readable and its diffs small.
    lines = [f"{json.dumps(k)}: {json.dumps(v)}" for k, v in index.items()]
    args.output.write_text("{\n" + ",\n".join(lines) + "\n}\n")
    print(f"wrote {len(index)} classes to {args.output}")


if __name__ == "__main__":
    main()
