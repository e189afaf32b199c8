#!/usr/bin/env bash
# System packages the build, the tests and the training tools need beyond Java 17 and Maven, on
# Debian/Ubuntu: espeak-ng and flite (speech synthesis for `corpus synth`), and chromium (the web page's
# browser test drives headless Chromium over the DevTools protocol). Idempotent; run as root.
set -euo pipefail
need=()
for pkg in espeak-ng flite chromium; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi
