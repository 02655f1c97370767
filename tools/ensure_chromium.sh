#!/bin/sh
# The browser tests (tests/browser/) drive Debian's or Ubuntu's Chromium through Playwright's Python
# package; a browser downloaded by Playwright is never used. This installs it when it is missing and it
# can (root, or sudo without a password, and apt-get), and otherwise says what to do. Exit 0 when a
# Chromium is there (LIME_TEACH_CHROMIUM, default /usr/bin/chromium), 1 when not.
#
#   tools/ensure_chromium.sh          # make test runs it first
set -u
CHROMIUM="${LIME_TEACH_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
    exit 0
fi
if command -v apt-get >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then
        SUDO=""
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        SUDO="sudo -n"
    else
        SUDO=none
    fi
    if [ "$SUDO" != none ]; then
        echo "Installing chromium for the browser tests (apt-get install chromium)..." >&2
        # chromium is a real package on Debian; on Ubuntu the same name may be a snap stub: set LIME_TEACH_CHROMIUM
        if $SUDO apt-get install -y -q chromium >/dev/null 2>&1 || \
           { $SUDO apt-get update -q >/dev/null 2>&1 && $SUDO apt-get install -y -q chromium >/dev/null 2>&1; }; then
            [ -x "$CHROMIUM" ] && exit 0
        fi
    fi
fi
cat >&2 <<EOF
The browser tests need Chromium at $CHROMIUM and it is not there.
  Debian/Ubuntu:  sudo apt-get install chromium        (then run the tests again)
  elsewhere:      install Chromium or Chrome and set LIME_TEACH_CHROMIUM=/path/to/chrome
  without a browser: make test-quick (no browser tests), or pytest -m "not browser"
Playwright's own browser downloads are not used by this course.
EOF
exit 1
