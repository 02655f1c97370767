"""The explorers as students meet them: JupyterLab from the project's environment, headless Chromium.

Fixtures:
- ``lab``: a JupyterLab server on a loopback port with a token, serving a temporary
  copy of the chapters that have an explorer (instructor versions, so every
  exercise cell above the explorer has an answer). Every kernel is shut down
  through the REST API when the session ends, even after a failure.
- ``browser``: Debian's Chromium driven by Playwright's Python package. A
  browser downloaded by Playwright is never used. Without Chromium these tests
  FAIL with what to do (``tools/ensure_chromium.sh``); they do not skip.
- ``shots``: the folder the screenshots go to (``LIME_TEACH_SHOTS`` or a
  folder under pytest's temporary directory).
"""

import json
import os
import pathlib
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from lab_page import EXPLORER_CHAPTERS

ROOT = pathlib.Path(__file__).resolve().parents[2]
SOLUTIONS = ROOT / "solutions"
CHROMIUM = os.environ.get("LIME_TEACH_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
MISSING_CHROMIUM = (
    f"Chromium is missing ({CHROMIUM}). The browser tests drive Debian's chromium package: "
    "run `sudo tools/ensure_chromium.sh` (apt-get install chromium), or set LIME_TEACH_CHROMIUM to a "
    "Chromium/Chrome executable. Playwright's own browser downloads are not used.")
SERVER_START_TIMEOUT = 120


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Lab:
    """A running JupyterLab: its address, token and REST API."""

    def __init__(self, root, port, token, process, log):
        self.root, self.port, self.token, self.process, self.log = root, port, token, process, log
        self.base = f"http://127.0.0.1:{port}"

    def url(self, path, **query):
        query = "&".join(["reset", f"token={self.token}", *(f"{k}={v}" for k, v in query.items())])
        return f"{self.base}/lab/tree/{path}?{query}"

    def api(self, path, method="GET"):
        request = urllib.request.Request(f"{self.base}/api/{path}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
        return json.loads(body) if body else None

    def kernels(self):
        return self.api("kernels")

    def shut_down_kernels(self):
        """Delete every session and kernel through the REST API; returns how many kernels there were."""
        for session in self.api("sessions"):
            self.api(f"sessions/{session['id']}", method="DELETE")
        kernels = self.kernels()
        for kernel in kernels:
            self.api(f"kernels/{kernel['id']}", method="DELETE")
        return len(kernels)

    def log_tail(self, lines=40):
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


@pytest.fixture(scope="session")
def course_copy(tmp_path_factory):
    """A temporary root with the instructor notebooks of the explorer chapters (their folders, copied)."""
    root = tmp_path_factory.mktemp("lab-root")
    for chapter in EXPLORER_CHAPTERS:
        shutil.copytree(SOLUTIONS / chapter, root / chapter)
    return root


@pytest.fixture(scope="session")
def lab(course_copy, tmp_path_factory):
    home = tmp_path_factory.mktemp("lab-home")
    port, token = free_port(), secrets.token_hex(16)
    env = {**os.environ,
           # JupyterLab's settings, workspaces and runtime files of this run only: no old tabs or kernels.
           "JUPYTER_CONFIG_DIR": str(home / "config"), "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
           "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"), "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
           "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", "1"), "PYTHONPATH": str(ROOT)}
    env.pop("NBGRADER_EXECUTION", None)
    # No "official Jupyter news?" toast over the notebook.
    notification = home / "settings" / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    notification.parent.mkdir(parents=True)
    notification.write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    command = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ServerApp.ip=127.0.0.1",
               f"--ServerApp.port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
               f"--ServerApp.root_dir={course_copy}", "--LabApp.expose_app_in_browser=True",
               "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    if hasattr(os, "getuid") and os.getuid() == 0:
        command.append("--allow-root")
    log = home / "lab.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=course_copy)
    server = Lab(course_copy, port, token, process, log)
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"JupyterLab exited ({process.returncode}):\n{server.log_tail()}")
            try:
                server.api("status")
                break
            except (urllib.error.URLError, ConnectionError, OSError):
                if time.monotonic() > deadline:
                    raise RuntimeError(f"JupyterLab did not answer in {SERVER_START_TIMEOUT} s:\n{server.log_tail()}")
                time.sleep(0.5)
        yield server
    finally:
        try:
            if process.poll() is None:
                server.shut_down_kernels()
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture(scope="session")
def browser():
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(MISSING_CHROMIUM, pytrace=False)
    try:
        import playwright.sync_api as playwright_api
    except ImportError:
        pytest.fail("the browser tests need Playwright's Python package: pip install -e '.[test]' "
                    "(or make venv); its browser downloads are not needed", pytrace=False)
    # Playwright must never fetch a browser of its own.
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def shots(tmp_path_factory):
    folder = os.environ.get("LIME_TEACH_SHOTS")
    path = pathlib.Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path
