# Two commands matter, each doing only its job; both create .venv when absent, in either order.
#   make demo  installs what running needs (the package, CJK fonts), builds the demo and serves.
#   make test  adds the dev extra (torch, playwright, schemathesis…) and the test system packages, runs the suite.
VENV ?= .venv
PY := $(VENV)/bin/python
RUNTIME := $(VENV)/.installed-runtime
DEV := $(VENV)/.installed-dev
APT := if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq

.PHONY: demo test lint bench fonts system-deps newcomer-check option-reader

$(PY):
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(RUNTIME): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(DEV): pyproject.toml $(RUNTIME)
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

# Chinese fonts for the PDF reports, found by file at run time (a font cache can never hide them).
fonts:
	@if ! fc-list :lang=zh file 2>/dev/null | grep -q .; then \
	  ($(APT) fonts-noto-cjk fontconfig >/dev/null) || \
	  echo "未能安装中文字体 fonts-noto-cjk：导出 PDF 报告前请手动安装" >&2; \
	fi

# Debian's chromium for the browser tests, and the fonts (the report tests need them).
system-deps:
	@if [ ! -x /usr/bin/chromium ] || ! fc-list :lang=zh file 2>/dev/null | grep -q .; then \
	  $(APT) chromium fonts-noto-cjk fontconfig >/dev/null; \
	fi

demo: $(RUNTIME) fonts
	$(VENV)/bin/govhall demo

test: $(DEV) system-deps
	$(VENV)/bin/pytest -n 2

lint: $(DEV)
	$(VENV)/bin/ruff format --check src tests benchmarks scripts
	$(VENV)/bin/ruff check src tests benchmarks scripts
	$(VENV)/bin/mypy

# The assistant's option reader, rebuilt from src/govhall/assistant/data/options.jsonl (a minute).
option-reader: $(RUNTIME)
	$(PY) scripts/build_option_reader.py

# A new user's first hour, from a fresh clone in a temporary folder (see scripts/newcomer-check).
newcomer-check:
	scripts/newcomer-check
