#!/usr/bin/env bash
# The one way kpipe's CLI is published: deploy/Dockerfile's build stage runs this script, and so do the deploy tests,
# so the image can never be built by a command the tests did not run.
set -euo pipefail

if [[ $# -ne 1 || -z "$1" ]]; then
  echo "usage: deploy/publish.sh <output-dir>" >&2
  exit 2
fi

out="$(realpath -m "$1")"
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec dotnet publish src/Kpipe.Cli -c Release -o "$out" -nologo
