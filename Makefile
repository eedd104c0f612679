# The two commands of the README: `make demo` and `make test`.
# Both create .venv when it is missing and install what they need into it: `make demo`
# the package and its runtime dependencies only (a small virtual environment), the
# other targets the test and docs extras on top, in the same .venv.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
SUM := $(shell cat pyproject.toml | cksum | cut -d' ' -f1)
# A stamp for each of the two installs, named by pyproject.toml's checksum, so a changed
# pyproject.toml reinstalls; the dev stamp depends on the runtime one (whose recipe
# removes every stamp, older ones included).
RUNTIME := $(VENV)/.installed-runtime-$(SUM)
STAMP := $(VENV)/.installed-dev-$(SUM)

.PHONY: demo test lint typecheck pytest docs fuzz mutants bench cdnow screenshots clean

# The runtime: the package (editable) and its dependencies, nothing else; the venv's
# own pip is good enough for that.
$(RUNTIME): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "retention needs Python 3.11 or newer; set PYTHON=python3.11")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -e .
	rm -f $(VENV)/.installed-*
	touch $(RUNTIME)

# The development tools: the test and docs extras.
$(STAMP): $(RUNTIME)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,docs]'
	rm -f $(VENV)/.installed-dev-*
	touch $(STAMP)

demo: $(RUNTIME)
	$(PY) -m retention demo

test: lint typecheck pytest docs

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts docs/conf.py
	$(BIN)/ruff format --check src tests benchmarks scripts docs/conf.py

typecheck: $(STAMP)
	$(BIN)/mypy src

pytest: $(STAMP)
	$(BIN)/coverage erase
	$(BIN)/coverage run -m pytest
	$(BIN)/coverage report

docs: $(STAMP)
	$(BIN)/sphinx-build -W --keep-going -q -b html docs docs/_build/html

# Not part of `make test`: hypothesis explores with a random seed and FUZZ_EXAMPLES
# examples a property (default 2000). The seed is printed before and after the run;
# `make fuzz SEED=<seed>` replays it.
fuzz: $(STAMP)
	@seed="$${SEED:-$$($(PY) -c 'import secrets; print(secrets.randbelow(2**32))')}"; \
	echo "make fuzz: hypothesis seed $$seed (replay with: make fuzz SEED=$$seed)"; \
	status=0; \
	HYPOTHESIS_PROFILE=fuzz $(BIN)/pytest -q -p no:cacheprovider --hypothesis-seed="$$seed" \
		$(FUZZ_ARGS) || status=$$?; \
	echo "make fuzz: seed $$seed, exit status $$status (replay with: make fuzz SEED=$$seed)"; \
	exit $$status

# Not part of `make test` nor CI: mutation testing of the domain packages with mutmut
# (docs/mutants.md). By default a seeded sample of 1,500 mutants shared equally by the
# six scored groups, with 2 test processes; MUTANTS_ARGS passes options, e.g.
# `make mutants MUTANTS_ARGS="--seed 5 --size 3000"` or `MUTANTS_ARGS=--all`. mutmut
# works in mutants/ (gitignored); the survivors are listed in mutants/survivors.md.
mutants: $(STAMP)
	$(PY) -m pip install --quiet -e '.[mutants]'
	HYPOTHESIS_PROFILE=mutants $(PY) benchmarks/mutants.py $(MUTANTS_ARGS)

bench: $(STAMP)
	$(PY) -m pip install --quiet -e '.[bench]'
	@# Run every benchmark even if one misses a target; fail if any does.
	status=0; \
	$(PY) benchmarks/import_time.py || status=1; \
	$(PY) benchmarks/abc.py || status=1; \
	$(PY) benchmarks/cadence.py || status=1; \
	$(PY) benchmarks/chain.py || status=1; \
	exit $$status

# Downloads the public CDNOW purchases (the lifetimes wheel, into benchmarks/.cache) and
# runs the CLI's segments, churn and plan commands on them; see docs/cli.md.
cdnow: $(STAMP)
	$(PY) benchmarks/cdnow.py

# Not part of `make test` nor CI: the docs' screenshots of the results' HTML
# (docs/_static/screenshots), taken in headless Chromium, Debian's `chromium` package,
# which this target installs with apt-get when it is missing (as root, or through sudo).
screenshots: $(STAMP)
	@command -v chromium > /dev/null || { \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium; \
		else sudo apt-get update -qq && sudo apt-get install -y -qq chromium; fi; }
	$(PY) scripts/screenshots.py

clean:
	rm -rf $(VENV) benchmarks/.cache docs/_build docs/_generated .coverage .hypothesis .mypy_cache .ruff_cache .pytest_cache
