# make report: build the environment if needed, load the data, print the Kazakhstan–Russia summary,
#              its phases and Kazakhstan's hedging profile.
# make test:   build the environment if needed and run every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The data mirror: $DYADSCOPE_MIRROR, else ../shared/data beside the repo, else the official downloads.
MIRROR ?= $(or $(DYADSCOPE_MIRROR),$(wildcard ../shared/data))
export DYADSCOPE_STORE ?= $(CURDIR)/out/dyadscope.duckdb

.PHONY: report test bench env clean

env: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

report: $(STAMP)
ifeq ($(MIRROR),)
	$(BIN)/dyadscope fetch --all --dest out/mirror
	$(BIN)/dyadscope load --mirror out/mirror
else
	$(BIN)/dyadscope load --mirror $(MIRROR)
endif
	$(BIN)/dyadscope summary KAZ RUS
	$(BIN)/dyadscope phases KAZ RUS
	$(BIN)/dyadscope hedging KAZ --from 2013-09-01

# pytest exits 5 when it collects no test: say so plainly instead of failing on it
test: $(STAMP)
	$(BIN)/python -m pytest -q; s=$$?; if [ $$s -eq 5 ]; then echo "pytest collected no tests"; exit 0; fi; exit $$s

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) out
