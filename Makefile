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

.PHONY: venv lab test test-quick release grade collect export-grades feedback tosubmit benchmark clean

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
test: venv
	OMP_NUM_THREADS=1 $(BIN)/python -m pytest -n $(JOBS) --dist loadgroup --durations=25

test-quick: venv
	OMP_NUM_THREADS=1 $(BIN)/python -m pytest -n $(JOBS) --dist loadgroup -m "not slow" -x -q

release: venv
	$(BIN)/python -m tools.course release

# make collect ZIP=path/to/lms-download.zip [ASSIGNMENT=04_kernels]
collect: venv
	$(BIN)/python -m tools.course collect "$(ZIP)" $(if $(ASSIGNMENT),--assignment $(ASSIGNMENT))

# make grade [JOBS=2] [TIMEOUT=120] [NETWORK=1]
grade: venv
	$(BIN)/python -m tools.course grade --jobs $(JOBS) $(if $(TIMEOUT),--timeout $(TIMEOUT)) $(if $(NETWORK),--network)

# grades.csv again, after points were given by hand
export-grades: venv
	$(BIN)/python -m tools.course export

feedback: venv
	$(BIN)/python -m tools.course feedback

tosubmit: venv
	$(BIN)/python -m tools.course tosubmit

benchmark: venv
	$(BIN)/python benchmarks/explain.py
	$(BIN)/python -m benchmarks.grading

# Keeps gradebook.db: it holds the points given by hand.
clean:
	rm -rf $(VENV) autograded feedback grades.csv grading-report.md
