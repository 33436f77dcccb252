#!/usr/bin/env bash
# Installs Varnish (Debian package `varnish`) for the interoperability tests, if absent.
# Idempotent. It does not start a system Varnish: the tests start their own varnishd,
# on a free loopback port with a throw-away working directory.
set -euo pipefail
if command -v varnishd >/dev/null 2>&1 || [ -x /usr/sbin/varnishd ]; then
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
# A policy-rc.d refusing service starts keeps the package's post-install script
# from launching varnish.service (containers without systemd ignore it anyway).
policy=/usr/sbin/policy-rc.d
created_policy=false
if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod +x "$policy"
    created_policy=true
fi
cleanup() { if [ "$created_policy" = true ]; then rm -f "$policy"; fi; }
trap cleanup EXIT
apt-get update -qq
apt-get install -y -qq --no-install-recommends varnish
