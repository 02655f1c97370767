"""Interactive explorers of the course.

Each explorer is a plain function that draws one figure from its parameters
(usable without widgets, in tests and in printed notes), and an ipywidgets
front end that redraws that figure when a control moves.

How they look in JupyterLab and Colab (tested in a browser, tests/browser/):
every control shows its full name, sliders are long enough to set a value
(``SLIDER_MIN_PX``), controls flow into as many columns as the cell has room
for, and the figure is a PNG drawn at ``PIXEL_RATIO`` times the size it is
shown at, so it is sharp on high-density screens and never stretched.
"""

# Widget helpers live in widgets.py; the explorers are modules of their own (toy2d, superpixels,
# kernel_width, parameters), imported by name.
