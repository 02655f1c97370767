"""feedback: graded copies -> ``feedback/<student>/<chapter>/<chapter>.html`` for the students.

    python -m tools.course feedback

The HTML shows the student's code and outputs, the visible tests and their
results, the points: hidden tests are replaced by ``# (hidden tests)`` and a
failing one shows only its error message (tools/preprocessors.HideHiddenTests).
Whatever a hand-in printed, a hidden-test line in its outputs is redacted too
(a kernel sees each test's source as it runs it). As a second line of
defence, every page is then searched for the hidden tests and mark schemes
of the instructor version: a page that shows one is replaced by a notice and
reported, never handed out. (Solution lines are not searched for: a student's
own answer may repeat one, and solutions never reach the grading kernel.)
"""

import html
import pathlib
import re

from .cli import command_parser
from .nbgrader_runner import check, nbgrader
from .notebooks import AUTOGRADED, FEEDBACK, ROOT, chapters, read, secret_lines, solution_path

WITHHELD = ("<html><body><p>This feedback was withheld: it showed part of the hidden tests. "
            "Ask your instructor for your results.</p></body></html>")


def visible_text(page):
    """What a browser shows of an HTML page: no styles, scripts or tags (code is highlighted tag by tag)."""
    page = re.sub(r"<(style|script)[^>]*>.*?</\1>", "", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def leaked(page, secrets):
    """The secret lines a feedback page shows."""
    text = visible_text(page)
    return [line for line in secrets if line in text]


def feedback(root=ROOT, withheld=None):
    """HTML feedback for every autograded hand-in; returns the pages written.

    ``withheld`` (a dict) receives ``{(student, chapter): [secret lines]}`` for
    pages replaced by a notice because they showed a secret line.
    """
    root = pathlib.Path(root).resolve()
    done = []
    for chapter in chapters(root):
        if not list((root / AUTOGRADED).glob(f"*/{chapter}/{chapter}.ipynb")):
            continue
        check(nbgrader(["generate_feedback", chapter, "--force"], root), f"nbgrader generate_feedback {chapter}")
        secrets = secret_lines(read(solution_path(chapter, root)), solutions=False)
        for page in sorted((root / FEEDBACK).glob(f"*/{chapter}/*.html")):
            shown = leaked(page.read_text(errors="replace"), secrets)
            if shown:
                page.write_text(WITHHELD)
                if withheld is not None:
                    withheld[(page.parts[-3], chapter)] = shown
            done.append(page)
    return done


def main(argv=None):
    parser = command_parser("feedback", f"{AUTOGRADED}/ -> {FEEDBACK}/ (HTML, no hidden tests)")
    args = parser.parse_args(argv)
    withheld = {}
    for path in feedback(args.root, withheld):
        print(f"wrote {path}")
    for (student, chapter), lines in sorted(withheld.items()):
        print(f"WITHHELD feedback of {student}/{chapter}: it showed {len(lines)} secret line(s), "
              f"e.g. {lines[0]!r}")
