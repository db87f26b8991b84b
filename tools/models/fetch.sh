#!/bin/sh
# Installs the exact npm packages pinned in tools/models/package-lock.json into tools/models/work/
# (git-ignored): @vladmandic/face-api 1.7.15 (models + code), @tensorflow/tfjs 4.22.0 (pure JS CPU
# backend) and @tensorflow/tfjs-backend-wasm 4.22.0 (only because face-api's node-wasm build
# require()s it; the reference forces the 'cpu' backend).  Lifecycle scripts are not run.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$HERE/work"
cp "$HERE/package.json" "$HERE/package-lock.json" "$HERE/work/"
cd "$HERE/work"
npm ci --ignore-scripts --no-audit --no-fund
echo "installed into $HERE/work/node_modules"
