#!/usr/bin/env bash
# The independent validators the test suite runs (tests/validators/): what a fresh
# Debian machine lacks for them. Idempotent: installs only what is missing.
#   - Java, for the W3C Nu HTML Checker (vnu.jar);
#   - Node.js and npm, for ical.js;
#   - the npm packages pinned in tests/validators/package-lock.json (vnu-jar, ical.js).
# The Python validators (feedparser, vobject, ics, extruct, frictionless) come with
# the project's `test` extra (`make venv`).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v java >/dev/null || missing+=(default-jre-headless)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# vnu-jar's install script would download a Java runtime of its own: the system's
# Java runs the jar, so install scripts are skipped.
cd tests/validators
if [ ! -f node_modules/vnu-jar/build/dist/vnu.jar ] || [ ! -d node_modules/ical.js ] \
    || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
fi
java -version 2>&1 | head -n 1
echo "vnu $(java -jar node_modules/vnu-jar/build/dist/vnu.jar --version)"
