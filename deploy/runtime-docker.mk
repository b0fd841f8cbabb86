# RUNTIME=docker: the original stack's targets, run against deploy/docker-compose.yml (Kafka + ZooKeeper, or Kafka in
# KRaft mode with KRAFT=1) with the kpipe CLI inside the `kpipe` container. Included by the root Makefile.
#
# As in the original, each target X has an inner _X_docker that runs inside the job container: X execs kpipe there,
# _X_docker is the same kpipe command for a shell already in that container (or any host with kpipe on PATH).

DEPLOY_DIR := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))

TOPIC ?=
PARITITIONS ?= 1
REPLICATION ?= 1
# Inside the compose network the broker is kafka:9093, whatever default the including Makefile gives for the embedded
# runtime; only a BROKER from the command line or the environment is taken as the user's choice.
ifeq ($(filter command line environment environment override override,$(origin BROKER)),)
BROKER := kafka:9093
endif
DATA_TO_PRODUCE ?= mock_data.json
JOB ?= jobs.consumer
WINDOW_STREAMING_SECS ?= 10
OUTPUT_FORMAT ?= parquet
KPIPE ?= kpipe
KRAFT ?=

KAFKA_PROFILE := $(if $(filter 1 true yes,$(KRAFT)),kraft,zookeeper)
COMPOSE := docker compose -f $(DEPLOY_DIR)/docker-compose.yml
# `docker compose exec` wants a terminal unless told otherwise; CI and pipes have none.
EXEC_TTY := $(shell [ -t 0 ] || echo -T)
KPIPE_EXEC = $(COMPOSE) exec $(EXEC_TTY) kpipe kpipe

# Files the container writes to output/ belong to the user who ran make.
export KPIPE_UID := $(shell id -u)
export KPIPE_GID := $(shell id -g)

# The original took a file name under data_to_load/; a path already under it is kept as given.
DATA_PATH = $(if $(filter data_to_load/%,$(DATA_TO_PRODUCE)),$(DATA_TO_PRODUCE),data_to_load/$(DATA_TO_PRODUCE))

CREATE_TOPIC_ARGS = topic create $(TOPIC) --partitions $(PARITITIONS) --replication $(REPLICATION) --bootstrap $(BROKER)
PRODUCER_ARGS = produce $(TOPIC) $(DATA_PATH) --bootstrap $(BROKER)
JOB_ARGS = job run $(JOB) --topic $(TOPIC) --bootstrap $(BROKER) --window $(WINDOW_STREAMING_SECS)s --format $(OUTPUT_FORMAT) --output output/

REQUIRE_TOPIC = @test -n "$(TOPIC)" || { echo "set TOPIC=<topic name>, e.g. make $@ TOPIC=users" >&2; exit 2; }

.PHONY: start_cluster stop_cluster create_topic _create_topic_docker create_producer _create_producer_docker job _pyspark_docker

start_cluster:
	@mkdir -p data_to_load output
	$(COMPOSE) --profile $(KAFKA_PROFILE) up -d --build --wait

stop_cluster:
	$(COMPOSE) --profile '*' down

create_topic:
	$(REQUIRE_TOPIC)
	$(KPIPE_EXEC) $(CREATE_TOPIC_ARGS)

_create_topic_docker:
	$(REQUIRE_TOPIC)
	$(KPIPE) $(CREATE_TOPIC_ARGS)

create_producer:
	$(REQUIRE_TOPIC)
	$(KPIPE_EXEC) $(PRODUCER_ARGS)

_create_producer_docker:
	$(REQUIRE_TOPIC)
	$(KPIPE) $(PRODUCER_ARGS)

job:
	$(REQUIRE_TOPIC)
	$(KPIPE_EXEC) $(JOB_ARGS)

_pyspark_docker:
	$(REQUIRE_TOPIC)
	$(KPIPE) $(JOB_ARGS)
