#!/usr/bin/env bash
# make demo: the sample file through the embedded broker and back, on a free port in a throwaway data directory.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

work="$(mktemp -d "${TMPDIR:-/tmp}/kpipe-demo.XXXXXX")"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
bootstrap="127.0.0.1:$port"
topic="users"
data="data_to_load/mock_data.json"

cleanup() {
  ./kpipe cluster stop --data-dir "$work/data" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "==> starting the embedded broker on $bootstrap (data in $work)"
./kpipe cluster start --data-dir "$work/data" --listen "$bootstrap"

echo "==> creating topic $topic (3 partitions)"
./kpipe topic create "$topic" --partitions 3 --replication 1 --bootstrap "$bootstrap"

echo "==> producing $data"
./kpipe produce "$topic" "$data" --bootstrap "$bootstrap"

expected="$(grep -c '"id"' "$data")"
echo "==> consuming it back"
./kpipe consume "$topic" --from-beginning --max-messages "$expected" --idle-timeout 10s --bootstrap "$bootstrap" > "$work/consumed.jsonl"
consumed="$(wc -l < "$work/consumed.jsonl")"
head -n 2 "$work/consumed.jsonl"

./kpipe cluster status --data-dir "$work/data"
echo "==> summary: $expected records in $data, $consumed consumed back from $topic"
if [[ "$consumed" -ne "$expected" ]]; then
  echo "demo FAILED: consumed $consumed of $expected records" >&2
  exit 1
fi
echo "demo OK"
