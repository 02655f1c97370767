"""What every explorer shares: figures as sharp PNGs, controls in a grid with their full names,
a figure redrawn when a control moves (the look is described in explorers/__init__.py)."""

import io
import struct

import matplotlib.pyplot as plt

SCREEN_DPI = 100      # CSS pixels per inch of figure: a figure 8 inches wide is shown 800 px wide (or less)
# PNG pixels per CSS pixel: sharper than the screen on ordinary displays, nearly so on high-density
# ones, and a redraw of the largest explorer figure stays well under a second (2 would double its cost).
PIXEL_RATIO = 1.5
SLIDER_MIN_PX = 400   # a control's width: its label (up to 17 characters), a track of 200 px or more, the readout
CHAR_PX = 8           # width of one character of a label, with room to spare


def to_png(fig, dpi=SCREEN_DPI * PIXEL_RATIO):
    """A matplotlib figure as PNG bytes (for an ipywidgets Image); the figure is closed."""
    buffer = io.BytesIO()
    # Fast compression: the PNG goes to a browser on the same machine or network, and zlib's default
    # level costs a third of a redraw for a fifth less size.
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight", pil_kwargs={"compress_level": 1})
    plt.close(fig)
    return buffer.getvalue()


def png_size(png):
    """(width, height) in pixels of PNG bytes, read from the header (two big-endian 4-byte ints)."""
    return struct.unpack(">II", png[16:24])


def show_png(image, png):
    """Put PNG bytes into an ipywidgets Image, shown at 1/PIXEL_RATIO of its pixels (less in a narrow cell)."""
    width, _ = png_size(png)
    image.value = png
    image.layout.width = f"{round(width / PIXEL_RATIO)}px"


def figure_image():
    """An empty ipywidgets Image for an explorer's figure: its size is set by ``show_png``."""
    import ipywidgets as widgets

    # max_width keeps it inside a narrow cell (scaled down, never up); height follows the width.
    # (widgets have a 2 px margin: without margin the figure takes exactly the cell's width at most)
    return widgets.Image(format="png", layout=widgets.Layout(max_width="100%", height="auto", margin="0px",
                                                             object_fit="contain"))


def label_style(names):
    """A description style wide enough for the longest of ``names``, so no label is cut."""
    return {"description_width": f"{max(len(name) for name in names) * CHAR_PX + 8}px"}


def control_layout():
    import ipywidgets as widgets

    return widgets.Layout(width="auto", min_width=f"{SLIDER_MIN_PX}px")


def control_grid(controls):
    """Controls in as many columns of at least SLIDER_MIN_PX as the cell is wide (one on a narrow screen)."""
    import ipywidgets as widgets

    return widgets.GridBox(list(controls), layout=widgets.Layout(
        grid_template_columns=f"repeat(auto-fill, minmax({SLIDER_MIN_PX}px, 1fr))", grid_gap="0px 24px",
        width="100%"))


def style_controls(controls):
    """Give every control of ``{name: widget}`` the full-label style and a usable width (in place)."""
    style = label_style([control.description for control in controls.values()])
    for control in controls.values():
        control.style.description_width = style["description_width"]
        control.layout = control_layout()
    return controls


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
    image = figure_image()

    def redraw(_=None):
        show_png(image, to_png(draw(**{name: control.value for name, control in controls.items()})))

    for control in controls.values():
        control.observe(redraw, names="value")
    redraw()
    return image, redraw
