"""collect: an LMS download (a zip of hand-ins) -> ``submitted/<student>/<chapter>/``.

    python -m tools.course collect ZIP [--assignment 04_kernels]

nbgrader's ``zip_collect`` unpacks it; which part of a file name is the
student and which the chapter is ``FileNameCollectorPlugin.named_regexp`` in
nbgrader_config.py (docs/INSTRUCTOR.md, "Collect").
"""

import pathlib
import re
import shutil

from .cli import command_parser
from .nbgrader_runner import check, nbgrader, noteworthy
from .notebooks import ROOT, SUBMITTED, chapters, handins

# nbgrader's notes about its own scratch folder: not worth an instructor's time.
SCRATCH = re.compile(r"Directory not found. Creating|Clearing existing files")


def collect(zip_path, root=ROOT, assignment=None):
    """Bring a zip of hand-ins into ``submitted/``; returns nbgrader's warnings (files skipped...).

    With ``assignment`` None, every chapter's notebooks are collected from the
    same download.
    """
    zip_path = pathlib.Path(zip_path)
    if not zip_path.is_file():
        raise SystemExit(f"ZIP: no such file {zip_path}")
    names = [assignment] if assignment else chapters(root)
    # nbgrader unpacks the zip under downloaded/<chapter>/: a scratch folder, removed afterwards.
    downloaded = pathlib.Path(root) / "downloaded"
    log = []
    for chapter in names:
        archive = downloaded / chapter / "archive"
        archive.mkdir(parents=True, exist_ok=True)
        shutil.copy(zip_path, archive / zip_path.name)
        try:
            result = check(nbgrader(["zip_collect", chapter, "--force", "--strict"], root),
                           f"nbgrader zip_collect {chapter}")
        finally:
            shutil.rmtree(downloaded / chapter)
        log += [f"{chapter}: {note}" for note in noteworthy(result.stdout) if not SCRATCH.search(note)]
    if downloaded.is_dir() and not any(downloaded.iterdir()):
        downloaded.rmdir()
    try:  # the LMS's own ids of the students, for export --lms (tools/lms.py)
        from . import lms
    except ModuleNotFoundError:
        pass
    else:
        lms.remember_ids(pathlib.Path(root), zip_path)
    return "\n".join(log)


def main(argv=None):
    parser = command_parser("collect", f"an LMS download (zip) -> {SUBMITTED}/")
    parser.add_argument("zip")
    parser.add_argument("--assignment", help="only this chapter (default: every chapter)")
    args = parser.parse_args(argv)
    root = args.root
    print(collect(args.zip, root, args.assignment))
    print(f"hand-ins now in {root / SUBMITTED}: {len(handins(root))}")
