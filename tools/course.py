"""Course administration, one command per module: ``python -m tools.course <command> [options]``.

Run from the repository root (or through ``make``); ``--root`` before the
command points it at another course folder (the tests grade a small sample
course that way). ``python -m tools.course <command> --help`` lists a
command's options; docs/INSTRUCTOR.md walks through a semester.

Each command is the ``main(argv)`` of one module, named in ``COMMANDS``
below and imported only when it runs; it receives the arguments after the
command name, and ``--root`` when one was given.
"""

import argparse
import importlib
import logging

# command: ("module:function", what it does). The one list of the course's commands.
COMMANDS = {
    "release": ("tools.release:main", "solutions/ -> notebooks/, docs/TOSUBMIT.md and dist/student/"),
    "collect": ("tools.collect:main", "an LMS download (zip) -> submitted/"),
    "grade": ("tools.grade:main", "autograde submitted/ in a sandbox, write grades.csv and grading-report.md"),
    "export": ("tools.export:main", "gradebook -> grades.csv (--lms: an LMS import file too)"),
    "feedback": ("tools.feedback:main", "autograded/ -> feedback/ (HTML, no hidden tests)"),
    "tosubmit": ("tools.tosubmit:main", "submitted/ -> tosubmit/<student>.md"),
    "tosubmit-doc": ("tools.tosubmit:main_doc", "solutions/ -> docs/TOSUBMIT.md"),
    "site": ("tools.site:main", "the course as a web site"),
}


def command(name):
    """The function that runs command ``name``."""
    module, function = COMMANDS[name][0].split(":")
    return getattr(importlib.import_module(module), function)


def main(argv=None):
    logging.basicConfig(format="[%(levelname)s] %(message)s", level=logging.WARNING)
    listing = "\n".join(f"  {name:<13} {what}" for name, (_, what) in COMMANDS.items())
    parser = argparse.ArgumentParser(prog="python -m tools.course", epilog=f"commands:\n{listing}",
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     description="Course administration with nbgrader (docs/INSTRUCTOR.md).")
    parser.add_argument("--root", help="course folder (default: this repository)")
    parser.add_argument("command", choices=COMMANDS, metavar="command")
    parser.add_argument("arguments", nargs=argparse.REMAINDER, help="the command's own options")
    args = parser.parse_args(argv)
    rest = [*args.arguments, *(["--root", args.root] if args.root else [])]
    return command(args.command)(rest)


if __name__ == "__main__":
    raise SystemExit(main())
