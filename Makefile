# kpipe: the original stack's make targets and variables.
#   RUNTIME=embedded (default): the `kpipe` CLI on this machine with its embedded broker; no Docker needed.
#   RUNTIME=docker: the same targets against Kafka in Docker Compose (deploy/runtime-docker.mk, docs/DOCKER.md).
# BROKER=kafka:9093 (the original in-Docker address) still works embedded: kpipe maps a name that does not resolve
# here to localhost:9092 and says so in one line.

SHELL := /bin/bash
RUNTIME ?= embedded

KPIPE_DATA_DIR ?= .kpipe/data
RESULTS_DIR ?= TestResults
# Files tests keep for a person to look at (the HTML report's screenshot).
export KPIPE_TEST_ARTIFACTS ?= $(abspath $(RESULTS_DIR))/artifacts

GEOIP ?= dbip

.PHONY: reliability demo format-check test test-unit test-integration test-clients test-slow test-external bench build clean geoip

ifeq ($(RUNTIME),docker)
include deploy/runtime-docker.mk
else
TOPIC ?=
PARITITIONS ?= 1
REPLICATION ?= 1
BROKER ?= localhost:9092
DATA_TO_PRODUCE ?= mock_data.json
JOB ?= jobs.consumer
WINDOW_STREAMING_SECS ?= 10
OUTPUT_FORMAT ?= parquet
OUTPUT_DIR ?= output/
# UNTIL_IDLE=5s stops the job once no record arrived for that long (unset: runs until Ctrl-C).
UNTIL_IDLE ?=
KPIPE := ./kpipe
# The original took a file name under data_to_load/; a path already under it is kept as given.
DATA_PATH = $(if $(filter data_to_load/%,$(DATA_TO_PRODUCE)),$(DATA_TO_PRODUCE),data_to_load/$(DATA_TO_PRODUCE))
REQUIRE_TOPIC = @test -n "$(TOPIC)" || { echo "set TOPIC=<topic name>, e.g. make $@ TOPIC=users" >&2; exit 2; }

.PHONY: start_cluster stop_cluster create_topic _create_topic_docker create_producer _create_producer_docker job _pyspark_docker

start_cluster:
	$(KPIPE) cluster start --data-dir $(KPIPE_DATA_DIR)

stop_cluster:
	$(KPIPE) cluster stop --data-dir $(KPIPE_DATA_DIR)

create_topic: _create_topic_docker

_create_topic_docker:
	$(REQUIRE_TOPIC)
	$(KPIPE) topic create $(TOPIC) --partitions $(PARITITIONS) --replication $(REPLICATION) --bootstrap $(BROKER)

create_producer: _create_producer_docker

_create_producer_docker:
	$(REQUIRE_TOPIC)
	$(KPIPE) produce $(TOPIC) $(DATA_PATH) --bootstrap $(BROKER)

job: _pyspark_docker

_pyspark_docker:
	$(REQUIRE_TOPIC)
	$(KPIPE) job run $(JOB) --topic $(TOPIC) --bootstrap $(BROKER) --window $(WINDOW_STREAMING_SECS)s --format $(OUTPUT_FORMAT) \
	  --output $(OUTPUT_DIR)$(if $(UNTIL_IDLE), --until-idle $(UNTIL_IDLE))
endif

demo:
	@./scripts/demo.sh

# The IP geolocation database (docs/GEOIP.md); fetches nothing when it is already installed.
geoip:
	GEOIP=$(GEOIP) ./scripts/geoip.sh

# Every test, including the ones that read the real geolocation database (installed first when its script is present).
test: $(if $(wildcard scripts/geoip.sh),geoip)
	dotnet test Kpipe.slnx --results-directory $(RESULTS_DIR) --logger trx

# `make test` in four parts: every test class carries exactly one of these categories (a test in each project checks).
test-unit: $(if $(wildcard scripts/geoip.sh),geoip)
	dotnet test Kpipe.slnx --filter Category=Unit --results-directory $(RESULTS_DIR) --logger "trx;LogFilePrefix=unit"

test-integration:
	dotnet test Kpipe.slnx --filter Category=Integration --results-directory $(RESULTS_DIR) --logger "trx;LogFilePrefix=integration"

test-clients:
	dotnet test Kpipe.slnx --filter Category=Clients --results-directory $(RESULTS_DIR) --logger "trx;LogFilePrefix=clients"

test-slow:
	dotnet test Kpipe.slnx --filter Category=Slow --results-directory $(RESULTS_DIR) --logger "trx;LogFilePrefix=slow"

# The broker-agnostic tests (Category=External) against any Kafka: make test-external KPIPE_TEST_BOOTSTRAP=host:port
test-external:
	@test -n "$(KPIPE_TEST_BOOTSTRAP)" || { echo "set KPIPE_TEST_BOOTSTRAP=<host:port> of the cluster to test against, e.g. make test-external KPIPE_TEST_BOOTSTRAP=localhost:9092" >&2; exit 2; }
	KPIPE_TEST_BOOTSTRAP=$(KPIPE_TEST_BOOTSTRAP) dotnet test Kpipe.slnx --filter Category=External --results-directory $(RESULTS_DIR) --logger "trx;LogFilePrefix=external"

# The code's style (.editorconfig): fails on any whitespace, import-order or style rule dotnet format would change.
format-check:
	dotnet format Kpipe.slnx --verify-no-changes

bench:
	dotnet run -c Release --project bench/Kpipe.Bench -- all

# The reliability campaign (RELIABILITY.md): the short form runs in CI; LONG=1 runs the published counts;
# ONLY=name[,name] runs some scenarios. It rewrites the figures section of RELIABILITY.md.
# RELIABILITY_OUTPUT=file writes the figures elsewhere (CI does, to keep the published ones).
LONG ?=
ONLY ?=
RELIABILITY_OUTPUT ?= RELIABILITY.md
reliability:
	dotnet run -c Release --project reliability/Kpipe.Reliability -- $(if $(LONG),--long) $(if $(ONLY),--only $(ONLY)) --output $(RELIABILITY_OUTPUT)

build:
	dotnet build Kpipe.slnx -c Release

clean:
	-./kpipe cluster stop --data-dir $(KPIPE_DATA_DIR) >/dev/null 2>&1
	dotnet clean Kpipe.slnx -nologo -v quiet
	rm -rf .cache/kpipe $(RESULTS_DIR)
