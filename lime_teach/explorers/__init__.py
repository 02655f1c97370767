"""Interactive explorers of the course.

Each explorer is a plain function that draws one figure from its parameters
(usable without widgets, in tests and in printed notes), and an ipywidgets
front end that redraws that figure when a slider moves.
"""

import io

import matplotlib.pyplot as plt


def to_png(fig, dpi=80):
    """A matplotlib figure as PNG bytes (for an ipywidgets Image); the figure is closed."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()


def live_figure(draw, controls):
    """The figure ``draw(**values)`` returns, redrawn whenever one of ``controls`` changes.

    draw: function of the controls' values -> matplotlib Figure.
    controls: {argument name: ipywidget}.
    Returns (an ipywidgets Image showing the figure, the redraw function).

    The figure is a PNG in an Image widget rather than output captured by an
    Output widget (or ``ipywidgets.interactive``): notebook runners such as
    nbclient, and so nbconvert and nbgrader, can hang on figures captured that
    way.
    """
    import ipywidgets as widgets

    image = widgets.Image(format="png")

    def redraw(_=None):
        image.value = to_png(draw(**{name: control.value for name, control in controls.items()}))

    for control in controls.values():
        control.observe(redraw, names="value")
    redraw()
    return image, redraw
