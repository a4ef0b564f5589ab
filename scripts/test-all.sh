#!/usr/bin/env bash
# Runs every test: build and package, type-check, generated docs, then one node:test run over the
# unit, LSP, neovim and real-VS-Code (code-server) suites, so the closing summary counts them all.
# The e2e tooling (code-server, Chromium, neovim, Helm) is installed by test/e2e/setup.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== build, package"
npm run --silent package >/dev/null
ls -l shipshape-*.vsix

echo "== type-check"
npx tsc -b

echo "== e2e tooling"
bash test/e2e/setup.sh

shopt -s globstar nullglob
files=(test/unit/**/*.test.ts test/conformance/*.test.ts test/fuzz/*.test.ts test/registry/*.test.ts test/helm/*.test.ts test/lsp/*.test.ts test/e2e/*.test.ts)
echo "== tests (${#files[@]} files)"
SHIPSHAPE_E2E_REQUIRE=1 node --import tsx --test --test-reporter=spec --test-reporter-destination=stdout "${files[@]}"
