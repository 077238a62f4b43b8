# Beautiful China lens: one Makefile, self-documenting (`make help`).
# Every target installs what it needs into .venv first, so a fresh clone needs only
# Python 3.11 and make.

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

# Report parameters: `make report CORPUS=path/to/articles AS_OF=YYYY-MM-DD [NAME=label]`
CORPUS ?=
AS_OF  ?=
NAME   ?=

NBVAL_FLAGS := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

.DEFAULT_GOAL := help
.PHONY: help venv report evaluate test unit nbval notebooks lab bench bench-report clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -r requirements.txt
	touch $(STAMP)

venv: $(STAMP) ## Create .venv and install the pinned requirements (src/helpers editable)

report: $(STAMP) ## Run every notebook on a corpus and write HTML to reports/ (CORPUS=, AS_OF=, NAME=)
	$(BIN)/python -m helpers.report $(if $(CORPUS),--corpus "$(CORPUS)") $(if $(AS_OF),--as-of "$(AS_OF)") $(if $(NAME),--name "$(NAME)")

# Evaluation parameters: `make evaluate CORPUS=folder [LABELS=file.csv] [AS_OF=YYYY-MM-DD]`
# (LABELS defaults to CORPUS/labels.csv).
LABELS ?=

evaluate: $(STAMP) ## Score the tables against a labels file (CORPUS=, LABELS=, AS_OF=)
	@test -n "$(CORPUS)" || { echo "usage: make evaluate CORPUS=folder [LABELS=file.csv] [AS_OF=YYYY-MM-DD]" >&2; exit 2; }
	$(BIN)/python -m helpers.evaluate --corpus "$(CORPUS)" $(if $(LABELS),--labels "$(LABELS)") $(if $(AS_OF),--as-of "$(AS_OF)")

test: $(STAMP) ## Unit tests (pytest + doctests) and the notebooks under strict nbval
	MPLBACKEND=Agg $(BIN)/python -m pytest --doctest-modules src/helpers tests
	MPLBACKEND=Agg $(BIN)/python -m pytest $(NBVAL_FLAGS) notebooks/

unit: $(STAMP) ## Unit tests only (fast loop while developing)
	MPLBACKEND=Agg $(BIN)/python -m pytest --doctest-modules src/helpers tests

nbval: $(STAMP) ## The notebooks under strict nbval only
	MPLBACKEND=Agg $(BIN)/python -m pytest $(NBVAL_FLAGS) notebooks/

notebooks: $(STAMP) ## Re-execute the committed notebooks in place on the bundled corpus
	cd notebooks && ../$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
		--ExecutePreprocessor.record_timing=False --ExecutePreprocessor.kernel_name=python3 \
		[0-9][0-9]_*.ipynb

lab: $(STAMP) ## Open JupyterLab on the project (as root too: a container, a cloud notebook)
	$(BIN)/jupyter lab --notebook-dir=. $(if $(filter 0,$(shell id -u)),--allow-root)

bench: $(STAMP) ## Pipeline benchmark on 1,000 and 10,000 generated articles
	$(BIN)/python -m benchmarks.bench

bench-report: $(STAMP) ## make report timed on 1,000 and 10,000 generated articles (cold store, exports included)
	$(BIN)/python -m benchmarks.bench --stages report --rounds 1

clean: ## Remove generated files (keeps .venv)
	rm -rf reports build .pytest_cache
	find data/processed -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
