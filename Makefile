# Every target installs what it needs into .venv first; only python3 (3.11+) is required.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PYTEST_WORKERS ?= auto

.PHONY: install test lint demo bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

## test: lint, type-check and run the whole test suite
test: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(PY) -m pytest -n $(PYTEST_WORKERS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

## demo: the main job on the example project, against a local AWS endpoint
demo: install
	$(PY) scripts/demo.py

bench: install
	$(PY) benchmarks/startup_bench.py
	$(PY) benchmarks/executor_bench.py
	$(PY) benchmarks/validate_bench.py
	$(PY) benchmarks/plan_bench.py

clean:
	rm -rf $(VENV) out build *.egg-info
