#!/usr/bin/env bash
# The main job: build, package the .vsix, and run the CLI on examples/ (findings are expected there,
# so lint's exit code 1 is not a failure of this job).
set -euo pipefail
cd "$(dirname "$0")/.."
npm run --silent package
ls -l shipshape-*.vsix
status=0
node dist/cli.js lint examples || status=$?
if [ "$status" -gt 1 ]; then exit "$status"; fi
