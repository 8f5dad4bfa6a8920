# The two commands of the README. Both create .venv when it is missing and re-install the
# project whenever pyproject.toml changes (a stamp file per extra records the last install).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
NBVAL  := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

.PHONY: lab app test lint format notebooks notebook-images sandbox bench clean

lab: $(VENV)/.installed-lab
	$(BIN)/python -m tools.lab

# The factory as a web app (Voila) on http://127.0.0.1:8866. Options go in APP, e.g.
#   make app APP='--host 0.0.0.0 --port 8080'     (served to others: public APIs only)
# and the workspace in CONNECTOR_LAB_WORKSPACE (else the user's own).
app: $(VENV)/.installed-lab
	$(BIN)/connector-lab app $(APP)

test: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest tests notebooks $(NBVAL)

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-%: pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e '.[$*]'
	touch $@

# Re-execute every notebook in place, the course's (notebooks/course/en|zh) too, after a
# change (then review the diff and commit it).
# No widget state is stored: Lab renders it only in a trusted notebook (never one handed out)
# and it would hold what password fields hold; notebook 01 shows screenshots instead.
notebooks: $(VENV)/.installed-test
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
		--ExecutePreprocessor.store_widget_state=False notebooks/*.ipynb $(wildcard notebooks/course/*/*.ipynb)

# Re-take notebook 01's step screenshots (notebooks/images/) in JupyterLab in Chromium, after
# a change to the factory's look; review the PNGs and commit them.
notebook-images: $(VENV)/.installed-test
	$(BIN)/python -m tools.notebook_images

format: $(VENV)/.installed-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

sandbox: $(VENV)/.installed-lab
	$(BIN)/python -m connector_lab.sandbox --port 8765

bench: $(VENV)/.installed-test
	for b in bench/*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache
