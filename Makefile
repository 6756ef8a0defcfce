# The two commands of the README's quick start: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck pytest bench bench-all clean fonts

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall when the project's dependencies change.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/backcare serve

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy src

pytest: $(STAMP)
	$(BIN)/python -m pytest -n auto -q

test: lint typecheck pytest

# Every speed target beside its baseline, one table (and build/bench.json); see bench/run.py.
bench: $(STAMP)
	$(BIN)/python bench/run.py

# The detailed benchmarks, one after another (each prints its own figures).
bench-all: $(STAMP)
	@for b in bench/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

# The Chinese font the PDF and charts carry (reports/fonts.py): rebuild after content or a
# catalogue gains characters. Source: Debian's fonts-noto-cjk (FONT_SOURCE= to use another).
FONT_SOURCE ?= /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
fonts: $(STAMP)
	$(BIN)/python -m backcare.reports.fonts --source $(FONT_SOURCE)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
