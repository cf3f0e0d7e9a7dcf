#!/usr/bin/env bash
# `npm test`: typecheck, lint, unit tests, conformance, then end-to-end in Chromium.
# Stops at the first failing step and says which one.
set -euo pipefail
cd "$(dirname "$0")/.."

step() {
  local name="$1"; shift
  echo
  echo "==> ${name}"
  local started=$SECONDS
  if ! "$@"; then
    echo
    echo "FAILED: ${name} (after $((SECONDS - started)) s). Fix it and run 'npm test' again."
    exit 1
  fi
  echo "--> ${name}: ok ($((SECONDS - started)) s)"
}

step "typecheck" npx --no-install tsc --noEmit
step "lint" npx --no-install eslint .
step "unit tests" node scripts/unit-tests.mjs
step "conformance" node scripts/conformance.mjs
step "end-to-end (Playwright, Chromium)" node scripts/e2e.mjs

echo
echo "All tests passed in ${SECONDS} s."
