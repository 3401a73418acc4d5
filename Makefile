# Every target installs what it needs into .venv first; only python3 (3.11+) is required.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PYTEST_WORKERS ?= auto
# ministack, the second local endpoint of the end-to-end job: pinned, in a venv of its own
# (it pins its own botocore, which must not replace the project's).
MINISTACK_VERSION := 1.5.33
MINISTACK_VENV ?= .venv-ministack
E2E_WORKERS ?= 2

.PHONY: install test lint demo bench e2e clean

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

## e2e: the end-to-end job: sfndeploy's commands against a ministack server (tests/e2e/)
$(MINISTACK_VENV)/.installed-$(MINISTACK_VERSION):
	$(PYTHON) -m venv $(MINISTACK_VENV)
	$(MINISTACK_VENV)/bin/python -m pip install --quiet --disable-pip-version-check 'ministack==$(MINISTACK_VERSION)'
	touch $@

e2e: install $(MINISTACK_VENV)/.installed-$(MINISTACK_VERSION)
	SFNDEPLOY_MINISTACK=$(MINISTACK_VENV)/bin/ministack $(PY) -m pytest -n $(E2E_WORKERS) tests/e2e

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
	rm -rf $(VENV) $(MINISTACK_VENV) out build *.egg-info
