#!/usr/bin/env bash
# make demo: the main job end to end. An embedded broker on a free port in a throwaway directory, a topic, the
# geolocation database, the sample users replayed as a live stream while stream-metrics turns them into 2-second
# windows (a live view on a terminal, a summary line per window when piped), the files it wrote, and the broker stopped
# again.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

work="$(mktemp -d "${TMPDIR:-/tmp}/kpipe-demo.XXXXXX")"
port="$(python3 scripts/reserve-port.py)"
bootstrap="127.0.0.1:$port"
topic="users"
data="data_to_load/mock_data.json"
rate="${DEMO_RATE:-100}"
window="${DEMO_WINDOW:-2s}"
output="$work/output"

produce_pid=""
cleanup() {
  if [[ -n "$produce_pid" ]]; then kill "$produce_pid" 2>/dev/null || true; fi
  ./kpipe cluster stop --data-dir "$work/data" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "==> starting the embedded broker on $bootstrap (data in $work/data)"
./kpipe cluster start --data-dir "$work/data" --listen "$bootstrap"

echo "==> creating topic $topic (3 partitions)"
./kpipe topic create "$topic" --partitions 3 --replication 1 --bootstrap "$bootstrap"

echo "==> ensuring the IP geolocation database (make geoip)"
make --no-print-directory geoip

echo "==> producing $data at $rate records/s in the background"
./kpipe produce "$topic" "$data" --rate "$rate" --bootstrap "$bootstrap" >"$work/produce.out" 2>&1 &
produce_pid=$!

echo "==> stream-metrics on $topic, $window windows, until 4 s without a record"
# On a terminal the job draws its live view; piped, it prints a summary line per window. Its log and closing line go to
# a file, shown after it and read below to check that every record was counted once.
status=0
./kpipe job run stream-metrics --topic "$topic" --bootstrap "$bootstrap" --window "$window" --format parquet \
  --output "$output" --until-idle 4s 2>"$work/job.err" || status=$?
cat "$work/job.err" >&2
produced=0
wait "$produce_pid" || produced=$?
produce_pid=""
cat "$work/produce.out"
if [[ "$status" -ne 0 || "$produced" -ne 0 ]]; then
  echo "demo FAILED: stream-metrics exited with $status, the producer with $produced" >&2
  exit 1
fi

echo "==> files written under $output"
(cd "$output" && find . -type f ! -path '*/_checkpoints/*' | sort)

echo "==> merged report"
./kpipe report "$output/stream-metrics/$topic"

expected="$(grep -c '"id"' "$data")"
counted="$(sed -nE 's/.*stream-metrics stopped \([a-z]+\): [0-9]+ batches, ([0-9]+) records.*/\1/p' "$work/job.err")"
windows="$(sed -nE 's/.*stream-metrics stopped \([a-z]+\): ([0-9]+) batches.*/\1/p' "$work/job.err")"
if [[ "${counted:-0}" -ne "$expected" ]]; then
  echo "demo FAILED: the job counted $counted of the $expected records produced" >&2
  exit 1
fi
echo "demo OK: $expected records streamed through $topic, counted once each, in $windows batches"
grep -m1 -o 'geolocation: .* — .*' "$work/job.err" || true

# The same metrics as a page of charts that works offline; it is kept when the demo's scratch folder is removed.
report="${DEMO_REPORT:-.cache/demo/report.html}"
echo "==> HTML report"
./kpipe report "$output/stream-metrics/$topic" --html "$report" >/dev/null
echo "report: $(cd "$(dirname "$report")" && pwd)/$(basename "$report") (open it in a browser)"
