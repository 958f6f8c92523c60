# One command each; the logic lives in the package and tools/.
PY      := .venv/bin/python
SHARED  ?= ../shared
INPUT   ?= corpora/samples
OUT     ?= outputs

.PHONY: setup run test eval bench nightly lint check-rules clean train-ner

.venv/.installed: pyproject.toml
	python3 -m venv .venv
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

setup: .venv/.installed

run: setup
	$(PY) -m pipeline run --input $(INPUT) --output $(OUT)

train-ner: setup
	$(PY) tools/train_ner.py

test: setup
	$(PY) -m pytest

eval: setup
	$(PY) tools/eval.py --shared $(SHARED)

bench: setup
	$(PY) tools/bench_values.py
	$(PY) tools/bench.py

nightly: setup
	$(PY) -m pipeline run --input $(INPUT) --output $(OUT) --no-progress

lint: setup
	$(PY) -m ruff check pipeline tests tools

check-rules: setup
	$(PY) -m pytest tests/test_rule_examples.py

clean:
	rm -rf $(OUT) .pytest_cache
