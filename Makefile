# make report: build the environment if needed, load the data (a second run finds every file loaded
#              and takes about a second), write the Kazakhstan–Russia report and print its path.
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
	$(BIN)/dyadscope report KAZ RUS -o out/report-KAZ-RUS.html

# pytest exits 5 when it collects no test: say so plainly instead of failing on it
test: $(STAMP)
	$(BIN)/python -m pytest -q; s=$$?; if [ $$s -eq 5 ]; then echo "pytest collected no tests"; exit 0; fi; exit $$s

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) out
