"""The grading sandbox: a hand-in sees its scratch copy and the environment, nothing else; no network.

Each test runs one small Python program with the sandbox's own bwrap
options (tools/sandbox.py), as the grading kernel would run, in a course
folder made for it: fast, no nbgrader.
"""

import json
import pathlib
import subprocess
import sys
import textwrap

import pytest

from tools import sandbox
from tools.notebooks import ROOT

pytestmark = pytest.mark.skipif(sandbox.unavailable() is not None,
                                reason=f"no sandbox on this machine: {sandbox.unavailable()}")


@pytest.fixture
def course(tmp_path):
    """A course folder with solutions, a gradebook, two hand-ins and a graded copy holding hidden tests."""
    root = tmp_path / "course"
    for path, text in {"solutions/00_x/00_x.ipynb": "SOLUTION", "gradebook.db": "GRADES",
                       "submitted/alice/00_x/00_x.ipynb": "ALICE", "submitted/bob/00_x/00_x.ipynb": "BOB",
                       "autograded/alice/00_x/00_x.ipynb": "HIDDEN TESTS", "feedback/bob/00_x/00_x.html": "FB"}.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)
    return root


def run_inside(box, program):
    """Run ``program`` with the sandbox's bwrap options; returns what it printed as JSON."""
    command = [sandbox.bwrap(), *box.bwrap_args(), "--", sys.executable, "-c", textwrap.dedent(program)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


SEE = """
    import json, os, pathlib
    root = pathlib.Path({root!r})
    def read(path):
        try:
            return open(path).read()
        except OSError as error:
            return type(error).__name__
    print(json.dumps({{"cwd": os.getcwd(), "here": sorted(os.listdir(".")), "own": read("00_x.ipynb"),
                      "course": sorted(os.listdir(root)), "solution": read(root / "solutions/00_x/00_x.ipynb"),
                      "gradebook": read(root / "gradebook.db"), "bob": read(root / "submitted/bob/00_x/00_x.ipynb"),
                      "repository": sorted(os.listdir({repo!r})), "home": os.path.expanduser("~")}}))
"""


def test_a_handin_sees_only_its_own_copy_and_the_environment(course):
    with sandbox.Sandbox(course, "alice", "00_x") as box:
        seen = run_inside(box, SEE.format(root=str(course), repo=str(ROOT)))
    assert seen["cwd"] == str(course / "autograded" / "alice" / "00_x")
    assert seen["own"] == "ALICE" and seen["here"] == ["00_x.ipynb"]  # its hand-in, not the graded copy
    assert seen["solution"] == seen["gradebook"] == seen["bob"] == "FileNotFoundError"
    assert seen["course"] == ["autograded"]
    assert "solutions" not in seen["repository"] and "tests" not in seen["repository"]
    assert {"lime_teach", "data"} <= set(seen["repository"])


WRITE = """
    import json, pathlib
    root = pathlib.Path({root!r})
    def write(path):
        try:
            pathlib.Path(path).write_text("changed")
            return "written"
        except OSError as error:
            return type(error).__name__
    print(json.dumps({{name: write(path) for name, path in [
        ("scratch", "notes.txt"), ("gradebook", root / "gradebook.db"),
        ("solution", root / "solutions/00_x/00_x.ipynb"), ("other", root / "submitted/bob/00_x/new.txt"),
        ("package", {package!r} + "/probe.py"), ("tmp", "/tmp/probe"), ("home", pathlib.Path.home() / "x")]}}))
"""


def test_nothing_outside_the_scratch_copy_is_writable(course):
    import lime_teach

    package = str(pathlib.Path(lime_teach.__file__).parent)
    before = {p: p.read_text() for p in course.rglob("*") if p.is_file()}
    with sandbox.Sandbox(course, "alice", "00_x") as box:
        wrote = run_inside(box, WRITE.format(root=str(course), package=package))
        assert (box.scratch / "notes.txt").read_text() == "changed"
    assert wrote["scratch"] == wrote["home"] == "written"
    assert {wrote[k] for k in ("gradebook", "solution", "other", "package", "tmp")} <= {
        "OSError", "PermissionError", "FileNotFoundError"}
    assert {p: p.read_text() for p in course.rglob("*") if p.is_file()} == before
    assert not (pathlib.Path(package) / "probe.py").exists()


def test_no_network_and_an_own_process_tree(course):
    program = """
        import json, os, socket
        try:
            socket.create_connection(("1.1.1.1", 53), timeout=3)
            reached = True
        except OSError:
            reached = False
        print(json.dumps({"interfaces": sorted(n for _, n in socket.if_nameindex()), "reached": reached,
                          "processes": sorted(int(p) for p in os.listdir("/proc") if p.isdigit())}))
    """
    with sandbox.Sandbox(course, "alice", "00_x") as box:
        seen = run_inside(box, program)
    assert seen["interfaces"] == ["lo"] and not seen["reached"]
    assert max(seen["processes"]) < 10  # bwrap's init and this program: nothing of the machine's


def test_the_kernelspec_starts_the_kernel_in_the_sandbox_with_limits(course):
    with sandbox.Sandbox(course, "alice", "00_x", memory_gb=2, max_processes=100) as box:
        spec = json.loads((box.work / "kernels" / sandbox.KERNEL_NAME / "kernel.json").read_text())
        assert spec["interrupt_mode"] == "message"
        argv = spec["argv"]
        assert sandbox.bwrap() in argv and "--unshare-net" in argv and "--die-with-parent" in argv
        assert argv[-2:] == ["-f", "{connection_file}"] and str(2 * 2**30) in argv and "100" in argv
        assert f"--Execute.kernel_name={sandbox.KERNEL_NAME}" in box.nbgrader_args
        assert "--KernelManager.transport=ipc" in box.nbgrader_args
        work = box.work
    assert not work.exists()
