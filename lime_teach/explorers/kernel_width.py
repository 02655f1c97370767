"""Explorer: how the kernel width turns lime's distances into weights (chapter 04).

``draw`` shows, for one kernel width, the kernel over the distances the masks
actually have, the histogram of the weights it gives, and the effective sample
size as a function of the width. ``explorer`` redraws it from a slider.
"""

import matplotlib.pyplot as plt
import numpy as np

from ..kernels import cosine_distance, effective_sample_size, kernel
from .widgets import control_grid, live_figure, style_controls

# The effective-sample-size curve spans these widths; lime's default, 0.25, sits inside.
WIDTHS = np.geomspace(0.01, 10.0, 120)


def draw(masks, kernel_width=0.25):
    """Kernel, weights and effective sample size of ``masks`` for one ``kernel_width``.

    masks: (num_samples, num_features) 0/1, e.g. from ``lime_teach.sample_masks``.
    Returns the matplotlib Figure (three panels).
    """
    distances = cosine_distance(masks)
    weights = kernel(distances, kernel_width)
    ess = effective_sample_size(weights)

    fig, (curve, histogram, sizes) = plt.subplots(1, 3, figsize=(10.5, 3.3), layout="constrained")
    grid = np.linspace(0.0, 1.0, 200)
    curve.hist(distances, bins=40, range=(0, 1), density=True, color="0.8", label="distances of the masks")
    curve.set(xlabel="cosine distance to the image", ylabel="density of distances")
    on_top = curve.twinx()
    on_top.plot(grid, kernel(grid, kernel_width), "C0", label="kernel")
    on_top.set(ylim=(0, 1.05), ylabel="weight")
    curve.set_title(f"kernel, kernel_width={kernel_width:.3g}")

    # Row 0 (the image itself) always weighs 1; the histogram shows the others.
    histogram.hist(weights[1:], bins=40, range=(0, 1), color="C1")
    histogram.set(xlabel="weight", ylabel="samples", title=f"weights of {len(weights) - 1} perturbed samples")

    curve_of_widths = [effective_sample_size(kernel(distances, width)) for width in WIDTHS]
    sizes.semilogx(WIDTHS, curve_of_widths, "C2")
    sizes.plot([kernel_width], [ess], "ko")
    sizes.axhline(len(weights), color="0.6", linestyle=":", label="num_samples")
    sizes.set(xlabel="kernel_width", ylabel="effective sample size",
              title=f"effective sample size {ess:.0f} of {len(weights)}", ylim=(0, 1.05 * len(weights)))
    sizes.legend(loc="lower right")
    return fig


def explorer(masks, kernel_width=0.25):
    """A slider over the kernel width (log scale, 0.01 to 10) that redraws ``draw``'s figure."""
    import ipywidgets as widgets

    slider = widgets.FloatLogSlider(value=kernel_width, base=10, min=-2, max=1, step=0.02,
                                    description="kernel_width", continuous_update=False, readout_format=".3g")
    style_controls({"kernel_width": slider})
    figure, _ = live_figure(lambda kernel_width: draw(masks, kernel_width), {"kernel_width": slider})
    return widgets.VBox([control_grid([slider]), figure])
