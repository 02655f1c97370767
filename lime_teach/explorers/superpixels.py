"""Explorer of chapter 02: superpixels under each segmentation method and its parameters.

``draw`` segments an image with ``lt.segment`` and shows the boundaries, the
number of superpixels and how large they are. ``explorer`` puts an image menu,
a method menu and that method's sliders on it.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator

from .. import plotting, segmentation
from .widgets import control_grid, live_figure, style_controls

# Slider ranges per method: (min, max, step). Defaults are the package's (lime's for quickshift).
SLIDERS = {
    "quickshift": {"kernel_size": (1, 10, 0.5), "max_dist": (5, 400, 5), "ratio": (0.0, 1.0, 0.05)},
    "slic": {"n_segments": (2, 300, 1), "compactness": (0.5, 100.0, 0.5)},
    "felzenszwalb": {"scale": (5, 1000, 5), "sigma": (0.0, 3.0, 0.1), "min_size": (5, 1000, 5)},
}
DEFAULTS = {
    "quickshift": segmentation.QUICKSHIFT_DEFAULTS,
    "slic": segmentation.SLIC_DEFAULTS,
    "felzenszwalb": segmentation.FELZENSZWALB_DEFAULTS,
}


def superpixels_text(count):
    """'1 superpixel', '2 superpixels'."""
    return f"{count} superpixel{'' if count == 1 else 's'}"


def draw(image, method="quickshift", name=None, **params):
    """Superpixels of ``image`` by ``method`` with ``params``: boundaries and sizes; returns the Figure.

    name: the image's name, for the title. The title names the method and
    every parameter, so any change of a setting shows.
    """
    segments = segmentation.segment(image, method, **params)
    sizes = np.bincount(segments.ravel())
    fig, (left, right) = plt.subplots(1, 2, figsize=(8.2, 3.6), gridspec_kw={"width_ratios": [1, 1.2]},
                                      layout="constrained")
    settings = ", ".join(f"{key}={value:g}" for key, value in params.items())
    plotting.show_segments(image, segments, ax=left, title=f"{method}: {superpixels_text(len(sizes))}")
    # The range starts at 0 so that one huge superpixel does not turn the axis into offset notation.
    right.hist(sizes, bins=30, range=(0, sizes.max() * 1.05), color="grey")
    right.ticklabel_format(axis="both", style="plain", useOffset=False)
    right.yaxis.set_major_locator(MaxNLocator(integer=True))   # counts of superpixels
    right.set(xlabel="pixels per superpixel", ylabel="superpixels", title="sizes of the superpixels")
    fig.suptitle(", ".join(part for part in (name, method, settings or "default parameters") if part),
                 fontsize=11)
    return fig


def _slider(name, value, low, high, step):
    import ipywidgets as widgets

    kind = widgets.IntSlider if all(float(v).is_integer() for v in (low, high, step)) else widgets.FloatSlider
    # Sliders redraw on release only: quickshift takes about half a second per image.
    return kind(value=value, min=low, max=high, step=step, description=name, continuous_update=False)


def explorer(images):
    """A method menu, that method's sliders, and ``draw``'s figure.

    images: a dict {name: (H, W, 3) image}, or a single image.
    """
    import ipywidgets as widgets

    if not isinstance(images, dict):
        images = {"image": images}
    menus = {"image": widgets.Dropdown(options=list(images), description="image"),
             "method": widgets.Dropdown(options=list(SLIDERS), description="method")}
    sliders = {method: {name: _slider(name, DEFAULTS[method][name], *bounds) for name, bounds in ranges.items()}
               for method, ranges in SLIDERS.items()}
    every_slider = {f"{method}.{name}": slider for method, group in sliders.items() for name, slider in group.items()}
    style_controls({**menus, **every_slider})
    controls = control_grid([])

    def show(image, method, **_):
        # The method menu decides which sliders are shown and passed on.
        controls.children = [*menus.values(), *sliders[method].values()]
        return draw(images[image], method, name=image,
                    **{name: slider.value for name, slider in sliders[method].items()})

    figure, _ = live_figure(show, {**menus, **every_slider})
    return widgets.VBox([controls, figure])
