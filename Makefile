# Two commands matter: `make demo` and `make test`. Both create the virtualenv when missing.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-test
RUNTIME := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: demo test lint typecheck unit samples fuzz bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# An editable install writes no bytecode, and PYTHONDONTWRITEBYTECODE may forbid Python to:
# byte-compile once, so no run compiles samlscope's modules from source (about 30 ms); then
# write every module's code into one file, so no run searches and reads them one by one
# (samlscope/codecache.py; a module edited since is imported the usual way).
COMPILE := $(BIN)/python -m compileall -q addon decoder facts rules samlscope view > /dev/null \
	&& $(BIN)/python -c "from samlscope.codecache import main; main()" > /dev/null

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	$(COMPILE)
	touch $@ $(RUNTIME)

$(RUNTIME): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	$(COMPILE)
	touch $@

# Replays the bundled capture (a good login, a reversed Role ARN pair, a login posted too late,
# and ordinary traffic) through the addon in a real mitmdump.
demo: $(RUNTIME)
	$(BIN)/mitmdump -nr samples/captures/logins.mitm -s addon/saml_inspector.py \
		--set saml_idp_metadata=samples/idp/federation-metadata.xml

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/python tools/typecheck.py

unit: $(STAMP)
	$(COMPILE)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test: lint typecheck unit

# Minutes of property-based fuzzing (decode + verify + rules + views); keep what it finds in
# tests/fuzz_regressions/.
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=long $(BIN)/python -m pytest tests/test_properties.py tests/decoder/test_reader_properties.py tests/decoder/test_prose_properties.py tests/test_wrap.py -x -q $(PYTEST_ARGS)

# Ratios against the floor and the alternatives, each with its target (exit 1 on a miss).
bench: $(STAMP)
	$(BIN)/python -m pip install -q -e '.[test,bench]'
	$(COMPILE)
	$(BIN)/python bench/run.py

samples: $(STAMP)
	$(BIN)/python samples/generate.py

clean:
	rm -rf build .pytest_cache .mypy_cache .ruff_cache
