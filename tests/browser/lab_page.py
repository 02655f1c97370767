"""Driving one JupyterLab notebook tab from Playwright: run it, find its explorer, measure its layout.

JupyterLab is started with ``expose_app_in_browser``, so the page has
``window.jupyterapp``: commands are run through it (not through menus whose
markup changes between versions) and cell metadata (the ``explorer`` tag) is
read from the notebook model.
"""

import time

# Chapters with an explorer (a cell tagged "explorer"): folder names under solutions/.
EXPLORER_CHAPTERS = ["00_lime_in_2d", "02_superpixels", "04_kernels", "07_parameter_study"]
RUN_TIMEOUT = 600          # seconds for a whole chapter; a chapter is meant to take about a minute
UPDATE_TIMEOUT = 120       # seconds for one redraw (hide_color in chapter 07 asks the model)
# Text that means a widget did not render: the model's plain repr or ipywidgets' error box.
RAW_REPRS = ("VBox(children=", "HBox(children=", "GridBox(children=", "Image(value=", "Error displaying widget",
             "Loading widget...", "Failed to load model class")

NOTEBOOK_READY_JS = """async () => {
  const app = window.jupyterapp;
  const panel = app && app.shell.currentWidget;
  if (!panel || !panel.sessionContext || !panel.content) return false;
  await panel.context.ready;
  await panel.sessionContext.ready;
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  return !!kernel && kernel.status === 'idle';
}"""

RUN_ALL_JS = "async () => { await window.jupyterapp.commands.execute('notebook:run-all-cells'); }"

# Done: the kernel idle, no cell waiting ([*]), every code cell executed. Also reports error outputs.
RUN_STATE_JS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const kernel = panel.sessionContext.session.kernel;
  const cells = panel.content.widgets;
  const busy = cells.filter(c => c.model.type === 'code' && (c.model.executionState === 'running' ||
                                 (c.promptNode && c.promptNode.textContent.includes('*'))));
  const notRun = cells.filter(c => c.model.type === 'code' && c.model.sharedModel.source.trim() &&
                                  c.model.executionCount === null).length;
  const errors = [];
  cells.forEach((c, i) => {
    if (c.model.type !== 'code') return;
    for (const out of c.model.outputs.toJSON())
      if (out.output_type === 'error') errors.push(`cell ${i}: ${out.ename}: ${out.evalue}`);
  });
  return {idle: kernel.status === 'idle', busy: busy.length, notRun, errors};
}"""

# Marks the output area of the cell tagged "explorer" with data-explorer, and returns its index.
MARK_EXPLORER_JS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const cells = panel.content.widgets;
  const index = cells.findIndex(c => (c.model.getMetadata('tags') || []).includes('explorer'));
  if (index < 0) return -1;
  cells[index].node.setAttribute('data-explorer', '1');
  return index;
}"""

SCROLL_TO_EXPLORER_JS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const cell = document.querySelector('[data-explorer]');
  const index = panel.content.widgets.findIndex(c => c.node === cell);
  panel.content.activeCellIndex = index;
  panel.content.scrollToItem(index, 'start');
  cell.scrollIntoView({block: 'start'});
}"""

# Every layout fault a student would see in the explorer's output, as readable strings.
LAYOUT_JS = """([minSlider, minMenu]) => {
  const problems = [];
  const cell = document.querySelector('[data-explorer]');
  const area = cell.querySelector('.jp-OutputArea-output');
  if (!area) return ['the explorer cell has no output'];
  const box = area.getBoundingClientRect();
  const name = el => {
    const host = el.closest('.widget-inline-hbox, .widget-image, .jupyter-widgets') || el;
    const label = host.querySelector && host.querySelector('.widget-label');
    return (label && label.textContent.trim()) || el.className || el.tagName;
  };
  const visible = el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  if (area.scrollWidth > area.clientWidth + 1)
    problems.push(`the output scrolls sideways: ${area.scrollWidth} px of content in ${area.clientWidth} px`);
  for (const el of area.querySelectorAll('.jupyter-widgets')) {
    if (!visible(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.right > box.right + 1 || r.left < box.left - 1)
      problems.push(`'${name(el)}' spills out of the cell: ${Math.round(r.left)}..${Math.round(r.right)} px, ` +
                    `cell ${Math.round(box.left)}..${Math.round(box.right)} px`);
  }
  for (const el of area.querySelectorAll('.widget-label, .widget-readout, label')) {
    if (!visible(el) || !el.textContent.trim()) continue;
    if (el.scrollWidth > el.clientWidth + 1)
      problems.push(`label '${el.textContent.trim()}' is cut: needs ${el.scrollWidth} px, has ${el.clientWidth} px`);
  }
  for (const el of area.querySelectorAll('.widget-slider .noUi-target')) {
    if (!visible(el)) continue;
    const w = el.getBoundingClientRect().width;
    if (w < minSlider) problems.push(`slider '${name(el)}' is ${Math.round(w)} px long (minimum ${minSlider})`);
  }
  const scroller = area.closest('.jp-WindowedPanel-outer') || area.closest('.jp-Notebook');
  if (scroller && box.height > scroller.clientHeight)
    problems.push(`controls and figure do not fit on screen together: ${Math.round(box.height)} px of ` +
                  `${scroller.clientHeight} px`);
  const canvas = document.createElement('canvas').getContext('2d');
  for (const el of area.querySelectorAll('select')) {
    if (!visible(el)) continue;
    const w = el.getBoundingClientRect().width;
    if (w < minMenu) problems.push(`menu '${name(el)}' is ${Math.round(w)} px wide (minimum ${minMenu})`);
    const style = getComputedStyle(el);
    canvas.font = `${style.fontSize} ${style.fontFamily}`;
    const longest = Math.max(...Array.from(el.options, o => canvas.measureText(o.text).width));
    // about 24 px go to the arrow and the padding
    if (longest > el.clientWidth - 24)
      problems.push(`menu '${name(el)}' cuts its longest choice: needs ${Math.round(longest) + 24} px, has ${el.clientWidth} px`);
  }
  for (const img of area.querySelectorAll('img')) {
    if (!visible(img)) continue;
    const r = img.getBoundingClientRect();
    const shown = r.width * window.devicePixelRatio;
    if (img.naturalWidth && shown > img.naturalWidth * 1.02)
      problems.push(`the figure is stretched: ${img.naturalWidth} px shown over ${Math.round(shown)} device px`);
    if (img.naturalWidth && Math.abs(r.width / r.height - img.naturalWidth / img.naturalHeight) > 0.02)
      problems.push('the figure is distorted (aspect ratio changed)');
  }
  return problems;
}"""

EXPLORER_TEXT_JS = "() => document.querySelector('[data-explorer] .jp-Cell-outputArea').innerText"

# Resolves with the seconds until the explorer's figure (its first img) gets a new source.
WATCH_FIGURE_JS = """() => {
  const img = document.querySelector('[data-explorer] .jp-Cell-outputArea img');
  window.__figureChanged = new Promise(resolve => {
    const start = performance.now();
    new MutationObserver((_, observer) => { observer.disconnect(); resolve((performance.now() - start) / 1000); })
      .observe(img, {attributes: true, attributeFilter: ['src']});
  });
  window.__figureWatchStart = performance.now();
}"""

FIGURE_CHANGED_JS = """async () => {
  const seconds = await window.__figureChanged;
  // let the browser decode and paint the new image before it is compared
  await new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  return seconds;
}"""


def open_notebook(page, lab, path, timeout=RUN_TIMEOUT):
    """Open ``path`` (relative to the lab root) in a fresh workspace and wait for its kernel."""
    page.goto(lab.url(path), wait_until="domcontentloaded")
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
                           " && window.jupyterapp.shell.currentWidget.sessionContext", timeout=timeout * 1000)
    deadline = time.monotonic() + timeout
    while not page.evaluate(NOTEBOOK_READY_JS):
        if time.monotonic() > deadline:
            raise TimeoutError(f"the kernel of {path} did not become idle")
        time.sleep(0.5)


def run_all(page, timeout=RUN_TIMEOUT):
    """Run every cell; returns (seconds, state) once the kernel is idle and no cell shows [*]."""
    start = time.monotonic()
    page.evaluate(RUN_ALL_JS)
    time.sleep(1.0)
    deadline = start + timeout
    while True:
        state = page.evaluate(RUN_STATE_JS)
        if state["idle"] and not state["busy"]:
            # idle twice, a second apart: the kernel can be idle between two cells
            time.sleep(1.0)
            state = page.evaluate(RUN_STATE_JS)
            if state["idle"] and not state["busy"]:
                return time.monotonic() - start, state
        if time.monotonic() > deadline:
            raise TimeoutError(f"the notebook still runs after {timeout} s: {state}")
        time.sleep(1.0)


def mark_explorer(page):
    index = page.evaluate(MARK_EXPLORER_JS)
    assert index >= 0, "no cell is tagged 'explorer'"
    page.evaluate(SCROLL_TO_EXPLORER_JS)
    page.wait_for_selector("[data-explorer] .jp-Cell-outputArea img", timeout=60_000)
    return index


def layout_problems(page, min_slider, min_menu):
    return page.evaluate(LAYOUT_JS, [min_slider, min_menu])


def explorer_text(page):
    return page.evaluate(EXPLORER_TEXT_JS)


def figure(page):
    """The explorer's figure as PNG bytes of what is on screen."""
    return page.locator("[data-explorer] .jp-Cell-outputArea img").first.screenshot()


def change_and_time(page, action, timeout=UPDATE_TIMEOUT):
    """Run ``action()`` (a control change); returns seconds until the figure was redrawn."""
    page.evaluate(WATCH_FIGURE_JS)
    action()
    return page.evaluate(f"() => Promise.race([({FIGURE_CHANGED_JS})(), "
                         f"new Promise((_, no) => setTimeout(() => no(new Error('the figure did not change')),"
                         f" {timeout * 1000}))])")
