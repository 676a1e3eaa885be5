# The README's two commands: `make run` and `make test`. Both set up everything they need.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
LOCK := requirements/lock.txt
INSTALLED := $(VENV)/.installed-$(shell cat $(LOCK) pyproject.toml | cksum | cut -d' ' -f1)
LOCALES := i18n/locales
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test e2e unit i18n i18n-extract bench debian screenshots upgrade phone-check

run: $(INSTALLED) i18n debian
	$(VENV)/bin/family-app run $(ARGS)

test: $(INSTALLED) i18n debian
	$(PY) -m pytest -q -p no:cacheprovider -n 2 --dist worksteal --durations=15 $(PYTEST_ARGS)

unit: $(INSTALLED) i18n debian
	$(PY) -m pytest -q -p no:cacheprovider --ignore=tests/e2e $(PYTEST_ARGS)

e2e: $(INSTALLED) i18n debian
	$(PY) -m pytest -q -p no:cacheprovider tests/e2e $(PYTEST_ARGS)

$(PY):
	$(PYTHON) -m venv $(VENV)

# Exactly what the lock names, checked by hash; then the project itself, without resolving again.
$(INSTALLED): $(LOCK) pyproject.toml | $(PY)
	$(PY) -m pip install -q --require-hashes -r $(LOCK)
	$(PY) -m pip install -q --no-deps --no-build-isolation -e .
	rm -f $(VENV)/.installed-*
	touch $@

# Refresh the lock from pyproject.toml's ranges (newest versions that fit), then reinstall.
# Afterwards run `make test`: test_i18n checks the catalogs' plural forms against the
# locked Babel's CLDR; bring the .po headers (and plural translations) in line where it fails.
upgrade: | $(PY)
	$(PY) -m pip install -q pip-tools
	$(VENV)/bin/pip-compile -q --upgrade --generate-hashes --extra test --all-build-deps \
		--strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links \
		-o $(LOCK) pyproject.toml
	$(MAKE) $(INSTALLED)

# Compile the gettext catalogs (.po -> .mo) with Babel.
i18n: $(INSTALLED)
	$(VENV)/bin/pybabel -q compile -d $(LOCALES) -D onsplan --statistics

# For translators: collect new messages from the code and merge them into every .po.
i18n-extract: $(INSTALLED)
	$(VENV)/bin/pybabel -q extract -F babel.cfg -k N_ -k ngettext:1,2 --no-location \
		--sort-output --project "Ons Plan" -o i18n/onsplan.pot .
	$(VENV)/bin/pybabel -q update -i i18n/onsplan.pot -d $(LOCALES) -D onsplan --no-fuzzy-matching --ignore-obsolete

# Debian's packages, installed when missing: ZBar (libzbar0) reads QR codes for pyzbar;
# Chromium drives the end-to-end tests and prints `family-app print --out plan.pdf`;
# poppler-utils' pdftotext reads the printed plan back in the tests.
debian:
	@{ command -v chromium && dpkg -s libzbar0 && command -v pdftotext; } >/dev/null 2>&1 || { \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium libzbar0 poppler-utils >/dev/null; }

# Refresh the pictures in docs/screenshots (tests otherwise write them to a temporary folder).
screenshots: $(INSTALLED) i18n debian
	ONSPLAN_SCREENSHOTS=$(CURDIR)/docs/screenshots $(PY) -m pytest -q -p no:cacheprovider tests/e2e

# Can a phone build carry the runtime dependencies? (tools/phone_check.py, docs/phone.md)
phone-check: $(INSTALLED)
	$(PY) tools/phone_check.py

bench: $(INSTALLED)
	$(PY) bench/vault.py
