# The two commands a new user needs: `make brief` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: brief test test-tools schema coverage fuzz mutants proofs docs-images bench clean

brief: $(STAMP)
	$(BIN)/policybrief build briefs/us-pakistan-relations.yaml

# The suite reads PDFs with poppler's pdftotext too: the text layer most Linux viewers use.
# One worker per core; a test module's builds are made once, so modules stay whole.
test: test-tools $(STAMP)
	$(BIN)/python -m pytest -q -n auto --dist loadfile

schema: $(STAMP)
	$(BIN)/policybrief schema -o src/policybrief/brief.schema.json

# The characters the bundled fonts draw, which validation reads (a test keeps it current).
coverage: $(STAMP)
	$(BIN)/python -c "from policybrief.render.fonts import coverage_text; print(coverage_text(), end='')" > src/policybrief/fonts/coverage.txt

# Reinstall only when the project's metadata changes; the package itself is editable.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) output/*.pdf build src/*.egg-info

# The long property-based runs: 10,000 generated briefs, documents and edits, and 10,000
# broken or hostile PNG, JPEG, SVG and non-image files used as figures and logos (about 9 min).
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -q tests/test_fuzz.py tests/test_fuzz_images.py

# Each deliberate fault of scripts/mutants.py must turn the suite red (about 15 minutes).
mutants: $(STAMP)
	$(BIN)/python scripts/mutants.py

# Contact sheets of every page of the example briefs, every theme and paper: output/proofs/.
proofs: $(STAMP)
	$(BIN)/python scripts/proofs.py output/proofs

# The pictures of docs/format.md, built and cropped from real PDFs.
docs-images: $(STAMP)
	$(BIN)/python scripts/format_images.py

# Speed and memory, measured (not asserted): a table on stdout, figures in output/bench.json.
bench: $(STAMP)
	$(BIN)/python bench/run.py

test-tools:
	@command -v pdftotext >/dev/null || { echo "make test needs pdftotext (poppler-utils):" \
	"apt-get install poppler-utils, or brew install poppler" >&2; exit 1; }
