#!/usr/bin/env bash
# Re-captures the golden request fixtures under tests/Kpipe.Broker.Tests/Protocol/Golden/fixtures/ from real clients.
# Starts a kpipe broker that advertises the port of a recording proxy (proxy.py), so every connection a client opens,
# bootstrap or not, goes through the proxy; then runs each client's scenario and finally annotates every fixture
# with the fields an independent decoder (annotate.py, driven by Kafka's JSON message schemas) reads from it.
# Needs: dotnet, node + npm (kafkajs is installed into a temp folder), python3 with python3-kafka (Debian), and a
# checkout of Kafka's message schemas (clients/src/main/resources/common/message) in SCHEMAS.
# Usage: SCHEMAS=/path/to/message scripts/golden-capture/capture.sh [client...]   (clients: librdkafka kafkajs kafka-python)
# KPIPE=path/to/kpipe runs another build of the CLI than the repository's ./kpipe wrapper; ANNOTATE=0 skips annotate.py.
# Not part of any test run: the fixtures it writes are committed, and the tests read only those.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
fixtures="$root/tests/Kpipe.Broker.Tests/Protocol/Golden/fixtures"
kpipe="${KPIPE:-$root/kpipe}"
schemas="${SCHEMAS:?set SCHEMAS to a folder of Kafka request/response JSON schemas}"
clients=("${@:-librdkafka kafkajs kafka-python}")
read -r -a clients <<<"${clients[*]}"
work="$(mktemp -d "${TMPDIR:-/tmp}/kpipe-golden.XXXXXX")"
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
broker_port="$(free_port)"
proxy_port="$(free_port)"

"$kpipe" broker start --data-dir "$work/data" --listen "127.0.0.1:$broker_port" --advertised "127.0.0.1:$proxy_port" \
  >"$work/broker.log" 2>&1 &
broker_pid=$!
proxy_pid=
cleanup() {
  [[ -n "$proxy_pid" ]] && kill "$proxy_pid" 2>/dev/null || true
  kill "$broker_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$broker_port") 2>/dev/null && break; sleep 0.2; done

# Runs "$@" with the proxy recording into fixtures/$1, each fixture's client line reading $2.
with_proxy() {
  local folder="$1" description="$2"
  shift 2
  mkdir -p "$fixtures/$folder"
  /usr/bin/python3 "$here/proxy.py" "$proxy_port" "$broker_port" "$fixtures/$folder" "$description" &
  proxy_pid=$!
  sleep 1
  "$@"
  kill "$proxy_pid"
  wait "$proxy_pid" 2>/dev/null || true
  proxy_pid=
}

for client in "${clients[@]}"; do
  case "$client" in
    librdkafka)
      rdk_version="$(find ~/.nuget/packages/librdkafka.redist -maxdepth 1 -mindepth 1 -printf '%f\n' | sort -V | tail -1)"
      with_proxy librdkafka "librdkafka $rdk_version via Confluent.Kafka" \
        dotnet run "$here/librdkafka-scenario.cs" -- "127.0.0.1:$proxy_port"
      ;;
    kafkajs)
      npm install --prefix "$work/npm" --no-save --silent kafkajs@2.2.4 >/dev/null
      # ESM resolves 'kafkajs' next to the script, so the scenario runs from the install folder.
      cp "$here/kafkajs-scenario.mjs" "$work/npm/scenario.mjs"
      with_proxy kafkajs "KafkaJS 2.2.4" node "$work/npm/scenario.mjs" "127.0.0.1:$proxy_port"
      ;;
    kafka-python)
      version="$(/usr/bin/python3 -c 'import kafka; print(kafka.__version__)')"
      # A pinned mode fails part-way by design (kpipe does not serve its oldest Fetch or Produce): what it sent before
      # is what it is run for.
      for mode in auto 0.11.0 0.10.1 0.10.0 0.9; do
        with_proxy kafka-python "kafka-python $version, api_version $mode" \
          timeout 60 /usr/bin/python3 "$here/kafka_python_scenario.py" "127.0.0.1:$proxy_port" "$mode" || true
      done
      ;;
    *) echo "unknown client $client" >&2; exit 2 ;;
  esac
done
if [[ "${ANNOTATE:-1}" == 1 ]]; then
  /usr/bin/python3 "$here/annotate.py" "$schemas" "$fixtures"
fi
