"""Snapshots of figures and widgets: JSON-able descriptions of what a student sees, for reviewed fixtures.

``describe_figure(fig)`` and ``describe_widget(widget)`` turn a matplotlib Figure and an
ipywidgets tree into plain dicts (figure size, every Axes' titles, labels, limits, ticks and
legend, every artist's colours, line widths, markers, colour maps and data; every control's
range, step, value, layout and style). Numbers are rounded to 6 significant digits; arrays of
more than ``BIG`` values become their shape, sum, min, max and a checksum of the rounded values.
``compare(description, path)`` fails with the first differing keys when a reviewed snapshot
(a JSON file) differs, and rewrites it instead when LIME_TEACH_UPDATE_SNAPSHOTS=1.
"""

import hashlib
import json
import math
import os
import pathlib

import numpy as np

SIGNIFICANT = 6
BIG = 24                  # arrays with more values than this are summarised
UPDATE = "LIME_TEACH_UPDATE_SNAPSHOTS"


# --- numbers and arrays ---

def number(value):
    """A float rounded to 6 significant digits (ints and bools kept; nan/inf as strings; -0.0 as 0.0)."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    value = float(value)
    if not math.isfinite(value):
        return str(value)
    return float(f"{value:.{SIGNIFICANT}g}") + 0.0


def _rounded(array):
    array = np.ma.filled(np.ma.asarray(array, dtype=float), np.nan)
    return [number(v) for v in array.ravel()]


def checksum(values):
    return hashlib.sha1(json.dumps(values).encode()).hexdigest()[:12]


def values(array):
    """Small arrays as nested lists of rounded numbers, large ones as a summary with a checksum."""
    if array is None:
        return None
    masked = np.ma.asarray(array)
    if masked.dtype.kind in "OUS":
        return [jsonable(v) for v in masked.tolist()]
    shape = list(masked.shape)
    flat = _rounded(masked)
    if len(flat) <= BIG:
        return np.reshape(np.array(flat, dtype=object), shape).tolist() if shape else flat[0]
    finite = np.ma.filled(np.ma.asarray(masked, dtype=float), np.nan)
    finite = finite[np.isfinite(finite)]
    summary = {"shape": shape, "checksum": checksum(flat)}
    if finite.size:
        summary.update(sum=number(finite.sum()), min=number(finite.min()), max=number(finite.max()))
    if np.ma.is_masked(masked):
        summary["masked"] = int(np.ma.count_masked(masked))
    return summary


def jsonable(value):
    """Tuples, arrays, numpy scalars, bytes... as JSON values."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (bool, int, float, np.number, np.bool_)):
        return number(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return {"bytes": len(bytes(value))}
    if isinstance(value, np.ndarray):
        return values(value)
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return repr(value)


# --- matplotlib ---

def colour(value):
    from matplotlib.colors import to_rgba

    return [round(float(c), 4) for c in to_rgba(value)] if value is not None else None


def colours(array):
    """An (N, 4) array of RGBA colours: one colour if all are the same, else the values."""
    array = np.asarray(array, dtype=float).reshape(-1, 4)
    if len(array) and np.all(array == array[0]):
        return {"all": [round(float(c), 4) for c in array[0]], "count": len(array)}
    return values(np.round(array, 4))


def _norm(mappable):
    norm = mappable.norm
    return {"type": type(norm).__name__, "vmin": jsonable(norm.vmin), "vmax": jsonable(norm.vmax)}


def _mappable(artist):
    found = {}
    if getattr(artist, "get_array", None) is not None and artist.get_array() is not None:
        found["array"] = values(artist.get_array())
        found["cmap"] = artist.get_cmap().name
        found["norm"] = _norm(artist)
    return found


def _common(artist):
    found = {"type": type(artist).__name__}
    label = artist.get_label()
    if label and not label.startswith("_"):
        found["label"] = label
    found["alpha"] = jsonable(artist.get_alpha())
    found["zorder"] = number(artist.get_zorder())
    if not artist.get_visible():
        found["visible"] = False
    return found


def describe_line(line):
    found = _common(line)
    found.update(
        x=values(np.asarray(line.get_xdata(), dtype=float)), y=values(np.asarray(line.get_ydata(), dtype=float)),
        color=colour(line.get_color()), linewidth=number(line.get_linewidth()), linestyle=line.get_linestyle(),
        drawstyle=line.get_drawstyle(), marker=str(line.get_marker()), markersize=number(line.get_markersize()),
        markerfacecolor=colour(line.get_markerfacecolor()), markeredgecolor=colour(line.get_markeredgecolor()),
        markeredgewidth=number(line.get_markeredgewidth()))
    return found


GEOMETRY = ("xy", "width", "height", "center", "radius", "angle", "vertices")


def describe_patch(patch):
    from matplotlib import patches

    found = _common(patch)
    found.update(facecolor=colour(patch.get_facecolor()), edgecolor=colour(patch.get_edgecolor()),
                 fill=patch.get_fill(), linewidth=number(patch.get_linewidth()), linestyle=patch.get_linestyle(),
                 hatch=patch.get_hatch())
    if isinstance(patch, patches.Rectangle):
        found.update(xy=jsonable(patch.get_xy()), width=number(patch.get_width()), height=number(patch.get_height()),
                     angle=number(patch.get_angle()))
    elif isinstance(patch, patches.Ellipse):   # Circle too
        found.update(center=jsonable(patch.get_center()), width=number(patch.get_width()),
                     height=number(patch.get_height()), angle=number(patch.get_angle()))
    else:
        found["vertices"] = values(patch.get_patch_transform().transform(patch.get_path().vertices))
    return found


def describe_collection(collection):
    from matplotlib.collections import QuadMesh
    from matplotlib.contour import ContourSet

    found = _common(collection)
    found.update(facecolors=colours(collection.get_facecolor()), edgecolors=colours(collection.get_edgecolor()),
                 linewidths=values(np.asarray(collection.get_linewidth(), dtype=float)),
                 linestyles=jsonable([str(s) for s in collection.get_linestyle()]))
    if isinstance(collection, ContourSet):
        found["levels"] = values(collection.levels)
        found["filled"] = bool(collection.filled)
        found["paths"] = [values(path.vertices) for path in collection.get_paths()]
    elif isinstance(collection, QuadMesh):
        found["coordinates"] = values(collection.get_coordinates())
    else:
        offsets = collection.get_offsets()
        found["offsets"] = values(np.asarray(offsets, dtype=float)) if len(offsets) else []
        if hasattr(collection, "get_sizes"):
            sizes = collection.get_sizes()
            found["sizes"] = values(np.asarray(sizes, dtype=float)) if len(sizes) else []
        found["paths"] = len(collection.get_paths())
    found.update(_mappable(collection))
    return found


def describe_image(image):
    found = _common(image)
    found.update(array=values(image.get_array()), extent=jsonable(image.get_extent()),
                 interpolation=image.get_interpolation(), origin=image.origin)
    if image.get_array() is not None and image.get_array().ndim == 2:
        found["cmap"] = image.get_cmap().name
        found["norm"] = _norm(image)
    return found


def describe_text(text):
    found = {"type": type(text).__name__, "text": text.get_text(), "position": jsonable(text.get_position()),
             "color": colour(text.get_color()), "fontsize": number(text.get_fontsize()),
             "ha": text.get_horizontalalignment(), "va": text.get_verticalalignment(),
             "rotation": number(text.get_rotation())}
    if not text.get_visible():
        found["visible"] = False
    return found


def _grouped(described):
    """Consecutive artists alike but for their geometry (a histogram's bars) as one entry with arrays."""
    groups = []
    for item in described:
        style = {k: v for k, v in item.items() if k not in GEOMETRY}
        last = groups[-1] if groups else None
        if last is not None and last[0] == style:
            last[1].append(item)
        else:
            groups.append((style, [item]))
    merged = []
    for style, items in groups:
        if len(items) == 1:
            merged.append(items[0])
            continue
        entry = dict(style, count=len(items))
        for key in GEOMETRY:
            if key in items[0]:
                column = [item[key] for item in items]
                entry[key] = values(np.array(column, dtype=float)) if not isinstance(column[0], dict) else column
        merged.append(entry)
    return merged


def _ticks(axis):
    locs = axis.get_majorticklocs()
    low, high = sorted(axis.get_view_interval())
    shown = [loc for loc in locs if low - 1e-9 * abs(high - low) <= loc <= high + 1e-9 * abs(high - low)]
    formatter = axis.get_major_formatter()
    labels = formatter.format_ticks(shown) if shown else []
    locator = axis.get_major_locator()
    found = {"locator": type(locator).__name__, "formatter": type(formatter).__name__, "labels": list(labels),
             "offset": formatter.get_offset() if hasattr(formatter, "get_offset") else "",
             "visible": axis.get_visible()}
    if hasattr(locator, "_integer"):               # MaxNLocator(integer=...)
        found["integer"] = bool(locator._integer)
    if hasattr(formatter, "get_useOffset"):        # ScalarFormatter: what ticklabel_format set
        found["use_offset"] = jsonable(formatter.get_useOffset())
        found["scientific"] = jsonable(formatter._scientific)
    return found


def describe_legend(legend):
    if legend is None:
        return None
    codes = {code: name for name, code in legend.codes.items()}
    return {"texts": [text.get_text() for text in legend.get_texts()],
            "fontsize": number(legend.get_texts()[0].get_fontsize()) if legend.get_texts() else None,
            "loc": codes.get(legend._loc, jsonable(legend._loc)),
            "title": legend.get_title().get_text(),
            "handles": [describe_artist(handle) for handle in legend.legend_handles if handle is not None]}


def describe_artist(artist):
    from matplotlib.collections import Collection
    from matplotlib.image import AxesImage
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.text import Text

    for kind, describe in ((Line2D, describe_line), (Patch, describe_patch), (Collection, describe_collection),
                           (AxesImage, describe_image), (Text, describe_text)):
        if isinstance(artist, kind):
            return describe(artist)
    return _common(artist)


def describe_axes(ax):
    titles = {where: ax.get_title(loc=where) for where in ("left", "center", "right") if ax.get_title(loc=where)}
    found = {
        "position": values(np.array(ax.get_position().bounds)),
        "titles": titles,
        "title_fontsize": number(ax.title.get_fontsize()),
        "xlabel": ax.get_xlabel(), "ylabel": ax.get_ylabel(),
        "xlim": values(np.array(ax.get_xlim())), "ylim": values(np.array(ax.get_ylim())),
        "xscale": ax.get_xscale(), "yscale": ax.get_yscale(),
        "aspect": jsonable(ax.get_aspect()), "axis_on": bool(ax.axison),
        "facecolor": colour(ax.get_facecolor()),
        "legend": describe_legend(ax.get_legend()),
    }
    if ax.axison:
        found["xticks"] = _ticks(ax.xaxis)
        found["yticks"] = _ticks(ax.yaxis)
    found["lines"] = _grouped([describe_line(line) for line in ax.lines])
    found["collections"] = [describe_collection(c) for c in ax.collections]
    found["patches"] = _grouped([describe_patch(p) for p in ax.patches])
    found["images"] = [describe_image(image) for image in ax.images]
    found["texts"] = [describe_text(text) for text in ax.texts]
    return found


def describe_figure(fig):
    """Everything a student sees of ``fig`` (without drawing it), as a JSON-able dict."""
    engine = fig.get_layout_engine()
    return {
        "size": values(np.array(fig.get_size_inches())),
        "dpi": number(fig.dpi),
        "layout": type(engine).__name__ if engine is not None else None,
        "suptitle": describe_text(fig._suptitle) if fig._suptitle is not None else None,
        "texts": [describe_text(text) for text in fig.texts if text is not fig._suptitle],
        "legends": [describe_legend(legend) for legend in fig.legends],
        "axes": [describe_axes(ax) for ax in fig.axes],
    }


# --- ipywidgets ---

WIDGET_ATTRIBUTES = ("description", "value", "min", "max", "step", "base", "options", "readout", "readout_format",
                     "continuous_update", "orientation", "disabled", "indent", "format", "tooltip", "placeholder")


def _traits(holder):
    """The traits of a Layout or a Style that are set (not None, not empty), private ones left out."""
    return {key: jsonable(getattr(holder, key)) for key in sorted(holder.keys)
            if not key.startswith("_") and getattr(holder, key) not in (None, "")}


def describe_widget(widget):
    """The widget tree: each widget's class, its settings, layout, style and children."""
    from lime_teach.explorers.widgets import png_size

    found = {"type": type(widget).__name__}
    for name in WIDGET_ATTRIBUTES:
        if not widget.has_trait(name):
            continue
        value = getattr(widget, name)
        if name == "value" and isinstance(value, (bytes, memoryview)):
            data = bytes(value)
            value = {"png_size": list(png_size(data))} if data.startswith(b"\x89PNG") else {"bytes": len(data)}
        found[name] = jsonable(value)
    if widget.has_trait("outputs"):
        found["outputs"] = len(widget.outputs)
    if widget.has_trait("layout"):
        found["layout"] = _traits(widget.layout)
    if widget.has_trait("style"):
        found["style"] = _traits(widget.style)
    if widget.has_trait("children"):
        found["children"] = [describe_widget(child) for child in widget.children]
    return found


# --- comparison with a reviewed snapshot ---

def differences(expected, actual, where="", found=None, limit=12):
    """The paths (``axes[1].lines[0].color``) where two descriptions differ, with both values."""
    found = [] if found is None else found
    if len(found) >= limit:
        return found
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key in list(expected) + [k for k in actual if k not in expected]:
            if key not in actual:
                found.append(f"{where}.{key}: expected {_short(expected[key])}, missing")
            elif key not in expected:
                found.append(f"{where}.{key}: unexpected {_short(actual[key])}")
            else:
                differences(expected[key], actual[key], f"{where}.{key}", found, limit)
    elif isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        for i, (e, a) in enumerate(zip(expected, actual)):
            differences(e, a, f"{where}[{i}]", found, limit)
    elif expected != actual:
        found.append(f"{where}: expected {_short(expected)}, got {_short(actual)}")
    return found[:limit]


def dumps(value, indent=""):
    """JSON with one key per line and lists of numbers or strings on one line: reviewable diffs."""
    inner = indent + " "
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [f"{inner}{json.dumps(key)}: {dumps(item, inner)}" for key, item in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + indent + "}"
    if isinstance(value, list) and any(isinstance(item, (dict, list)) for item in value):
        if all(isinstance(item, list) and not any(isinstance(i, (dict, list)) for i in item) for item in value):
            return "[" + ", ".join(json.dumps(item) for item in value) + "]" if len(value) <= 4 else \
                "[\n" + ",\n".join(inner + json.dumps(item) for item in value) + "\n" + indent + "]"
        return "[\n" + ",\n".join(inner + dumps(item, inner) for item in value) + "\n" + indent + "]"
    return json.dumps(value)


def _short(value, width=160):
    text = json.dumps(value)
    return text if len(text) <= width else text[:width] + "..."


def compare(description, path):
    """Fail unless ``description`` equals the reviewed snapshot in ``path`` (rewrite it under UPDATE=1)."""
    import pytest

    path = pathlib.Path(path)
    description = json.loads(json.dumps(description))   # tuples as lists, as in the file
    if os.environ.get(UPDATE) == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dumps(description) + "\n")
        return
    if not path.exists():
        pytest.fail(f"no snapshot {path}: look at the figure, then write it with {UPDATE}=1")
    expected = json.loads(path.read_text())
    if expected != description:
        pytest.fail(f"{path.name} differs from the reviewed snapshot (first differences):\n  "
                    + "\n  ".join(differences(expected, description))
                    + f"\nIf the change is intended, look at the figure, then rewrite it with {UPDATE}=1.")
