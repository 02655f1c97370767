# The course in a few commands. Each one sets up .venv by itself the first time.
#   make lab        open the course in JupyterLab
#   make test       run every test (unit, parity with lime, notebooks, grading)
#   make test-quick the fast inner loop: no real model, no notebook execution
#   make release    regenerate notebooks/ (student versions) from solutions/
#   make grade      autograde every hand-in under submitted/, write grades.csv
#   make collect ZIP=...  make feedback  make tosubmit   see docs/INSTRUCTOR.md

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
JOBS   ?= 2
# Idle OpenMP threads sleep instead of spinning: on a busy 2-core machine a
# spinning torch thread slows the model down up to 10x.
export OMP_WAIT_POLICY ?= PASSIVE

.PHONY: venv lab test test-quick release grade collect export-grades feedback tosubmit site readme-figures benchmark mutation clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[all]"
	touch $(STAMP)

venv: $(STAMP)

# Jupyter refuses to run as root unless told to (containers often are root).
lab: venv
	$(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" --LabApp.default_url=/lab/tree/notebooks \
		$(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS)

# One thread per test worker: JOBS workers x 2 torch threads on 2 cores thrash.
# The browser tests need Chromium: installed here when missing and possible, else a clear message.
# The order of the tests is random (pytest-randomly prints its seed; rerun one with -p randomly --randomly-seed=N).
test: venv
	-@sh tools/ensure_chromium.sh
	OMP_NUM_THREADS=1 $(BIN)/python -m pytest -n $(JOBS) --dist loadgroup --durations=25

test-quick: venv
	OMP_NUM_THREADS=1 $(BIN)/python -m pytest -n $(JOBS) --dist loadgroup -m "not slow" -x -q

release: venv
	$(BIN)/python -m tools.course release

# make collect ZIP=path/to/lms-download.zip [ASSIGNMENT=04_kernels]
collect: venv
	$(BIN)/python -m tools.course collect "$(ZIP)" $(if $(ASSIGNMENT),--assignment $(ASSIGNMENT))

# make grade [JOBS=2] [TIMEOUT=120] [NETWORK=1] [MEMORY=8 (GB)] [UNSAFE=1]
# Every hand-in runs in a bubblewrap sandbox; UNSAFE=1 grades without one (see docs/INSTRUCTOR.md).
grade: venv
	$(BIN)/python -m tools.course grade --jobs $(JOBS) $(if $(TIMEOUT),--timeout $(TIMEOUT)) $(if $(NETWORK),--network) \
		$(if $(UNSAFE),--unsafe-no-sandbox) $(if $(MEMORY),--memory $(MEMORY))

# grades.csv again, after points were given by hand
# make export-grades [LMS=canvas|moodle]: also grades-canvas.csv or grades-moodle.csv for the LMS import
export-grades: venv
	$(BIN)/python -m tools.course export $(if $(LMS),--lms $(LMS))

feedback: venv
	$(BIN)/python -m tools.course feedback

tosubmit: venv
	$(BIN)/python -m tools.course tosubmit

# The course as a static site for self-learners: site/index.html, every chapter run with the
# solutions, answers, hidden tests and mark schemes removed. make site [SITE_ARGS=--quick]
site: venv
	OMP_NUM_THREADS=1 $(BIN)/python -m tools.course site $(SITE_ARGS)

# The README's pictures (docs/img/): an explanation, the explorer recorded in headless Chromium,
# one thumbnail per chapter. make readme-figures [FIGURES_ARGS="--only explorer"]
readme-figures: venv
	-@sh tools/ensure_chromium.sh
	OMP_NUM_THREADS=1 $(BIN)/python -m tools.readme_figures $(FIGURES_ARGS)

benchmark: venv
	$(BIN)/python benchmarks/explain.py
	$(BIN)/python -m benchmarks.grading

# Mutation testing of lime_teach (not part of make test: 5 to 30 minutes per module, hours for all).
# make mutation [MODULES="kernels regression"]  -> mutation-report.md
mutation: venv
	OMP_NUM_THREADS=1 $(BIN)/python -m tools.mutation $(MODULES)

# Keeps gradebook.db: it holds the points given by hand.
clean:
	rm -rf $(VENV) autograded feedback grades.csv grading-report.md
