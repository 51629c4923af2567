#!/usr/bin/env bash
# Optional extras for CI that let more tests run instead of skipping (each such test skips with a message
# when its extra is absent): Mesa's lavapipe (a software Vulkan device, for the WebGPU correctness tests)
# and Debian's Chromium (for the HTML report test). Quick when already installed; never fatal.
set -u
cd "$(dirname "$0")/.."
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "ci-extras: not root on Debian: skipping lavapipe and chromium (their tests will skip)"
  exit 0
fi
timeout 600 bash scripts/install-lavapipe.sh || echo "ci-extras: lavapipe not installed; WebGPU tests will skip"
if ! command -v chromium >/dev/null 2>&1; then
  timeout 300 apt-get update -qq >/dev/null 2>&1
  timeout 600 env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null \
    || echo "ci-extras: chromium not installed; the report-in-a-browser test will skip"
fi
