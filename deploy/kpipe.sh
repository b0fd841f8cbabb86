#!/bin/sh
# `kpipe` on the image's PATH: runs the published CLI with the shared runtime, whatever the image's architecture.
exec dotnet /opt/kpipe/kpipe.dll "$@"
