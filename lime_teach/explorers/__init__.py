"""Interactive explorers of the course.

Each explorer is a plain function that draws one figure from its parameters
(usable without widgets, in tests and in printed notes), and an ipywidgets
front end that redraws that figure when a slider moves.
"""
