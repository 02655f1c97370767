"""The rendered course site: every chapter with its figures, and nothing a student may not see.

The site (``python -m tools.course site``) runs the instructor's notebooks
and then removes what only an instructor may read. These tests build it and
search every page's text for the solution lines, the hidden tests and the
mark schemes of its chapter. The full build runs the chapters with the
autograder's small sample counts, or reuses executed notebooks from the
folder named by LIME_TEACH_EXECUTED (``<chapter>.ipynb``) when there is one.
"""

import html
import html.parser
import os

import pytest

from tools import notebooks, site

CHAPTERS = notebooks.chapters()


class _Text(html.parser.HTMLParser):
    """The visible text of a page: what is left once tags, scripts and styles are gone."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style") and self._skip > 0

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def _normalised(text):
    return " ".join(text.split())


def page_text(page):
    parser = _Text()
    parser.feed(page)
    return _normalised(html.unescape("".join(parser.parts)))


def leaks(chapter, page):
    """The secrets of ``chapter`` (solution lines, hidden tests, mark schemes) that ``page`` shows."""
    text = page_text(page)
    secrets = notebooks.secret_lines(notebooks.read(notebooks.solution_path(chapter)))
    return [secret for secret in secrets if _normalised(secret) in text]


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_student_safe_page_of_the_unexecuted_chapter_keeps_no_secret(chapter):
    """The stripping alone, without running anything: fast, and it covers every cell's source."""
    nb = notebooks.read(notebooks.solution_path(chapter))
    page = site.to_html(site.student_safe(site.runnable(nb)))
    assert not leaks(chapter, page)
    if notebooks.exercises(nb):
        assert _normalised(site.ANSWER_NOTE) in page_text(page), "answer cells keep a note in place of their code"


def test_leak_check_finds_a_solution_line_left_on_a_page():
    """The check itself can fail: an instructor page, unstripped, shows its solutions and mark schemes."""
    chapter = next(c for c in CHAPTERS if notebooks.exercises(notebooks.read(notebooks.solution_path(c))))
    page = site.to_html(notebooks.read(notebooks.solution_path(chapter)))
    found = leaks(chapter, page)
    assert found and notebooks.MARK_SCHEME in found


def test_index_links_every_chapter():
    page = site.index_page([(chapter, notebooks.title(notebooks.read(notebooks.solution_path(chapter)), chapter), 0)
                            for chapter in CHAPTERS])
    for chapter in CHAPTERS:
        assert f'href="{chapter}.html"' in page, f"the index does not link {chapter}"


@pytest.mark.slow
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_executed_page_shows_figures_and_no_secret(tmp_path, chapter):
    """One chapter built as the site builds it (run, stripped, HTML), one test per chapter so that they spread
    over the test workers."""
    index = site.build(tmp_path, chapters=[chapter], quick=True, executed=os.environ.get("LIME_TEACH_EXECUTED"),
                       log=lambda *args: None)
    assert f'href="{chapter}.html"' in index.read_text(encoding="utf-8")
    page = (tmp_path / f"{chapter}.html").read_text(encoding="utf-8")
    assert "data:image/png;base64" in page, f"{chapter}: no figure on the page"
    assert not leaks(chapter, page)
    assert "Traceback" not in page_text(page), f"{chapter}: a cell failed while the site was built"
