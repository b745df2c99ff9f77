# The two commands: `make run` starts the kiosk on its demo configuration,
# `make test` sets everything up and runs the whole suite.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
APT_PACKAGES := espeak-ng libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 fonts-dejavu-core fonts-noto-core
# What Qt's X11 (xcb) and Wayland (cage) platform plugins load on a machine with a screen.
APT_PACKAGES += libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxkbcommon-x11-0 libxcb-image0 \
  libxcb-render-util0 libxcb-shape0 libxcb-randr0 libxcb-xfixes0 libxcb-xkb1 libx11-xcb1 \
  libwayland-cursor0 libwayland-egl1
# ALSA's aplay: the kiosk's sound player of last resort on Linux (the tests play through it).
APT_PACKAGES += alsa-utils
# AT-SPI, the interface Orca reads: the test reads the running kiosk through it, in a
# private D-Bus session, on an X server of its own (tests/accessibility/test_atspi.py).
APT_PACKAGES += at-spi2-core python3-pyatspi dbus xvfb xdotool
# promtool (from prometheus): the suite checks and unit-tests the fleet's alerting rules
# (tests/deploy/test_prometheus.py).
APT_PACKAGES += prometheus

.PHONY: run test bench lint system-deps clean audit screenshots

$(BIN)/python:
	$(PY) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Installs espeak-ng, the Qt runtime libraries and fonts with apt when they are
# missing and we are root; otherwise says exactly what to install.
system-deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    echo "Installing system packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "Missing system packages:$$missing"; \
	    echo "Install them with: sudo apt-get install$$missing"; \
	    echo "(the kiosk runs without espeak-ng, but says that speech is not available)"; \
	  fi; \
	fi

run: system-deps $(STAMP)
	$(BIN)/kiosk run --windowed

lint: $(STAMP)
	$(BIN)/ruff check .

test: system-deps $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks

audit: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/kiosk audit

clean:
	rm -rf $(VENV) build *.egg-info
