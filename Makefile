# Two commands matter: `make demo` and `make test`. Both create the virtualenv when missing.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-test
PYTEST_ARGS ?=

.PHONY: demo test lint typecheck unit samples clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

demo: $(STAMP)
	@$(BIN)/samlscope inspect --at 2026-11-01T09:01:30Z \
		--idp-metadata samples/idp/federation-metadata.xml \
		--endpoint https://signin.alibabacloud.com/saml-role/sso \
		samples/entra/response-only-signed.form samples/entra/tampered.b64 || true

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/python tools/typecheck.py

unit: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test: lint typecheck unit

samples: $(STAMP)
	$(BIN)/python samples/generate.py

clean:
	rm -rf build .pytest_cache .mypy_cache .ruff_cache
