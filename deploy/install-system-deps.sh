#!/usr/bin/env bash
# System packages the build, the tests and the training tools need beyond Java 17 and Maven, on
# Debian/Ubuntu: espeak-ng and flite (speech synthesis for `corpus synth`), chromium (the web page's
# browser test drives headless Chromium over the DevTools protocol), and nodejs with node-ws (the Vosk
# endpoint's test runs a Node `ws` client). Idempotent; run as root.
set -euo pipefail
need=()
for pkg in espeak-ng flite chromium nodejs node-ws; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi
