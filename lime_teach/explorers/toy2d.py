"""Explorer of chapter 00: LIME on the plane, with a movable point and kernel width.

``draw`` shows the black box's probability of class 1 (background), its
decision boundary (solid), the samples LIME drew (dot size = weight), the
circle of radius ``kernel_width`` around the point and the local decision
boundary of the weighted line (dashed). The title gives the line's weighted
R^2 (its local fidelity) and the effective sample size of the weights.
``explorer`` puts sliders on it.
"""

import matplotlib.pyplot as plt
import numpy as np

from .. import toy
from ..kernels import effective_sample_size
from .widgets import control_grid, live_figure, style_controls

# The part of the plane the two moons occupy, with a margin.
XLIM = (-1.75, 2.75)
YLIM = (-1.25, 1.75)
RESOLUTION = 120  # grid points per axis for the background: fine enough, and fast to predict


def probability_grid(forest, xlim=XLIM, ylim=YLIM, resolution=RESOLUTION):
    """The black box's P(class 1) on a grid: (x1 (R,), x2 (R,), probabilities (R, R))."""
    x1 = np.linspace(*xlim, resolution)
    x2 = np.linspace(*ylim, resolution)
    grid = np.column_stack([a.ravel() for a in np.meshgrid(x1, x2)])
    return x1, x2, forest.predict_proba(grid)[:, 1].reshape(resolution, resolution)


def draw(point=(0.5, 0.25), kernel_width=0.5, num_samples=300, scale=1.0, random_state=0,
         forest=None, grid=None, ax=None):
    """Draw LIME's local line around ``point`` over the black box; returns the Figure.

    forest: the black box (default ``toy.black_box(random_state)``); grid: its
    ``probability_grid``, passed in to redraw quickly.
    """
    forest = toy.black_box(random_state) if forest is None else forest
    x1, x2, probabilities = probability_grid(forest) if grid is None else grid
    if ax is None:
        _, ax = plt.subplots(figsize=(5.4, 4.0), layout="constrained")
    exp = toy.explain_point(forest.predict_proba, point, kernel_width=kernel_width,
                            num_samples=num_samples, scale=scale, random_state=random_state)

    ax.pcolormesh(x1, x2, probabilities, cmap="RdBu", vmin=0, vmax=1, alpha=0.35, shading="auto")
    ax.contour(x1, x2, probabilities, levels=[0.5], colors="k", linewidths=1.5)
    ax.scatter(exp.samples[:, 0], exp.samples[:, 1], s=40 * exp.weights, c=exp.y, cmap="RdBu",
               vmin=0, vmax=1, edgecolors="k", linewidths=0.3)
    ax.add_patch(plt.Circle(exp.point, kernel_width, fill=False, ls=":", color="k"))
    line = toy.local_boundary(exp.coef, exp.intercept, XLIM, YLIM)
    if line is not None:
        ax.plot(line[:, 0], line[:, 1], "--", color="darkorange", lw=2.5)
    ax.plot(*exp.point, marker="*", ms=18, color="gold", markeredgecolor="k")

    # Proxy artists: the contour and the circle have no legend entry of their own.
    ax.plot([], [], "k-", label="black box boundary")
    ax.plot([], [], "--", color="darkorange", lw=2.5, label="local boundary (LIME)")
    ax.plot([], [], ":", color="k", label="kernel width")
    ax.legend(loc="lower left", fontsize=8)
    # The title names every setting the figure shows, so moving any slider changes it.
    ax.set(xlim=XLIM, ylim=YLIM, aspect="equal", xlabel="$x_1$", ylabel="$x_2$")
    ax.set_title(f"point=({exp.point[0]:.2f}, {exp.point[1]:.2f})  kernel_width={kernel_width:.2g}  "
                 f"scale={scale:.2g}\n{len(exp.weights)} samples, worth "
                 f"{effective_sample_size(exp.weights):.0f} equally weighted ones; weighted $R^2$={exp.score:.2f}",
                 fontsize=10)
    return ax.figure


def explorer(random_state=0):
    """Sliders for the point, the kernel width, the sampling scale and the number of samples over ``draw``."""
    import ipywidgets as widgets

    forest = toy.black_box(random_state)
    grid = probability_grid(forest)

    def show(x1, x2, kernel_width, scale, num_samples):
        return draw((x1, x2), kernel_width, num_samples, scale=scale, random_state=random_state, forest=forest,
                    grid=grid)

    controls = style_controls({
        "x1": widgets.FloatSlider(value=0.5, min=XLIM[0], max=XLIM[1], step=0.05, description="x1"),
        "x2": widgets.FloatSlider(value=0.25, min=YLIM[0], max=YLIM[1], step=0.05, description="x2"),
        "kernel_width": widgets.FloatLogSlider(value=0.5, base=10, min=-1.3, max=1, step=0.05,
                                               description="kernel_width"),
        "scale": widgets.FloatLogSlider(value=1.0, base=10, min=-1, max=0.5, step=0.05, description="scale"),
        "num_samples": widgets.IntSlider(value=300, min=20, max=2000, step=20, description="num_samples"),
    })
    figure, _ = live_figure(show, controls)
    # Controls above the figure, in columns: at 1280x720 the sliders and the whole plot fit on screen together.
    return widgets.VBox([control_grid(controls.values()), figure])
