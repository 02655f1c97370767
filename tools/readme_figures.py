"""The README's pictures, generated (never drawn by hand): ``python -m tools.readme_figures``.

Writes into ``docs/img/``:

- ``explanation.png``: LIME's explanation of a course image by the course's
  model: the photo, the superpixels for (green) and against (red) the top
  label, and every superpixel's weight;
- ``explorer.png`` and ``explorer.gif``: the parameter-study explorer of
  chapter 07 in JupyterLab, taken by the browser tests (tests/browser/) in
  headless Chromium: the screenshot, and an animation of its figure as the
  controls move;
- ``chapters/<chapter>.png``: one thumbnail per chapter, the largest figure
  the instructor notebook draws (each notebook is executed to get it).

Then the README's chapter table is rewritten (``tools/sync_colab_cell.py``) so
that every chapter shows its thumbnail and its Colab badge.

    python -m tools.readme_figures                      # everything (about 15 minutes on 2 cores)
    python -m tools.readme_figures --only explanation   # or explorer, chapters
    python -m tools.readme_figures --only chapters --chapters 00_lime_in_2d 04_kernels
    python -m tools.readme_figures --only chapters --executed DIR   # figures of notebooks run before
"""

import argparse
import base64
import io
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
IMG = ROOT / "docs" / "img"
THUMBNAIL_WIDTH = 240
EXPLAINED_IMAGE = "coffee"
BROWSER_CHAPTER = "07_parameter_study"


def explanation(path=IMG / "explanation.png", image_name=EXPLAINED_IMAGE, num_samples=1000, num_features=8):
    """LIME on one course image: photo, evidence for and against the top label, weights. Returns ``path``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    import lime_teach as lt
    from lime_teach import plotting

    model = lt.load_model()
    image = lt.load_image(image_name, size=model.input_size)
    exp = lt.explain(image, model, num_samples=num_samples, random_state=0, progress=False)
    label = exp.top_labels[0]
    probability = model(image[None])[0][label]
    fig, axes = plt.subplots(1, 3, figsize=(10.5, 3.9), layout="constrained")
    axes[0].imshow(image)
    axes[0].set_title(f"'{image_name}': the model says\n{model.labels[label]} (p = {probability:.2f})")
    axes[0].axis("off")
    plotting.show_explanation(exp, label, num_features=num_features, ax=axes[1],
                              title=f"top {num_features} superpixels:\ngreen for, red against")
    plotting.show_heatmap(exp, label, ax=axes[2], title=f"weight of every superpixel\n({num_samples} samples)")
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def explorer(folder=IMG, chapter=BROWSER_CHAPTER):
    """Run the browser test of ``chapter`` and keep its screenshots; returns the files written."""
    with tempfile.TemporaryDirectory() as shots:
        env = {**os.environ, "LIME_TEACH_SHOTS": shots, "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", "1")}
        result = subprocess.run([sys.executable, "-m", "pytest", "tests/browser", "-q", "-p", "no:randomly",
                                 "-k", chapter], cwd=ROOT, env=env)
        if result.returncode:
            raise SystemExit(f"the browser test of {chapter} failed: no screenshots taken")
        shots = pathlib.Path(shots)
        folder.mkdir(parents=True, exist_ok=True)
        written = [folder / "explorer.png"]
        shutil.copy(shots / f"{chapter}-1280x720.png", written[0])
        frames = sorted(shots.glob(f"{chapter}-step*.png"))
        if frames:
            written.append(animate(frames, folder / "explorer.gif"))
    return written


def animate(frames, path, seconds_per_frame=1.4):
    """An animated GIF of PNG screenshots (one per control moved), all at the first frame's size."""
    from PIL import Image

    images = [Image.open(frame).convert("RGB") for frame in frames]
    size = images[0].size
    images = [image.resize(size) if image.size != size else image for image in images]
    images[0].save(path, save_all=True, append_images=images[1:], duration=int(seconds_per_frame * 1000), loop=0,
                   optimize=True)
    return path


def largest_figure(nb):
    """PNG bytes of the largest figure among the notebook's outputs (cells tagged 'explorer' excepted)."""
    from PIL import Image

    best, best_area = None, 0
    for cell in nb.cells:
        if cell.cell_type != "code" or "explorer" in cell.metadata.get("tags", []):
            continue
        for output in cell.get("outputs", []):
            data = output.get("data", {}).get("image/png")
            if not data:
                continue
            png = base64.b64decode(data)
            width, height = Image.open(io.BytesIO(png)).size
            if width * height > best_area:
                best, best_area = png, width * height
    return best


def thumbnail(png, path, width=THUMBNAIL_WIDTH):
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    image = image.resize((width, round(image.height * width / image.width)), Image.LANCZOS)
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, optimize=True)
    return path


def chapters(names=None, folder=IMG / "chapters", executed=None):
    """Execute each instructor notebook and keep its largest figure as the chapter's thumbnail.

    executed: a folder of notebooks already executed (``<chapter>.ipynb``, e.g. the site's
    ``--executed`` folder) to take the figures from instead of running the chapters.
    """
    import nbformat
    from nbclient import NotebookClient

    names = names or sorted(p.parent.name for p in (ROOT / "solutions").glob("*/*.ipynb")
                            if p.parent.name == p.stem)
    written = []
    env_before = os.environ.pop("NBGRADER_EXECUTION", None)
    try:
        for chapter in names:
            path = ROOT / "solutions" / chapter / f"{chapter}.ipynb"
            done = pathlib.Path(executed) / f"{chapter}.ipynb" if executed else None
            if done is not None and done.is_file():
                nb = nbformat.read(done, as_version=4)
            else:
                nb = nbformat.read(path, as_version=4)
                try:
                    NotebookClient(nb, timeout=600, kernel_name="python3",
                                   resources={"metadata": {"path": str(path.parent)}}).execute()
                except Exception as error:   # a broken chapter keeps its old thumbnail; the others go on
                    print(f"{chapter}: did not run ({type(error).__name__}), thumbnail not updated", file=sys.stderr)
                    continue
            png = largest_figure(nb)
            if png is None:
                print(f"{chapter}: no figure, no thumbnail", file=sys.stderr)
                continue
            written.append(thumbnail(png, folder / f"{chapter}.png"))
            print(f"wrote {written[-1]}")
    finally:
        if env_before is not None:
            os.environ["NBGRADER_EXECUTION"] = env_before
    return written


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["explanation", "explorer", "chapters"], action="append",
                        help="only these pictures (repeatable; default: all)")
    parser.add_argument("--chapters", nargs="*", help="thumbnails of these chapters only (default: all)")
    parser.add_argument("--executed", help="a folder of executed notebooks <chapter>.ipynb to take figures from")
    args = parser.parse_args(argv)
    wanted = set(args.only or ["explanation", "explorer", "chapters"])
    if "explanation" in wanted:
        print(f"wrote {explanation()}")
    if "explorer" in wanted:
        for path in explorer():
            print(f"wrote {path}")
    if "chapters" in wanted:
        chapters(args.chapters, executed=args.executed)
    from tools.sync_colab_cell import sync_readme

    if sync_readme():
        print("rewrote the README's chapter table")
    return 0


if __name__ == "__main__":
    sys.exit(main())
