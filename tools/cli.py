"""The command line every course command shares: its name after ``python -m tools.course``, and ``--root``."""

import argparse
import pathlib

from .notebooks import ROOT


def command_parser(command, description):
    """An argument parser for ``python -m tools.course <command>``; ``args.root`` comes as a resolved Path."""
    parser = argparse.ArgumentParser(prog=f"python -m tools.course {command}", description=description)
    parser.add_argument("--root", type=lambda path: pathlib.Path(path).resolve(), default=ROOT,
                        help="course folder (default: this repository)")
    return parser
