#!/usr/bin/env python3
"""kafka-python scenario for golden fixtures: usage kafka_python_scenario.py BOOTSTRAP MODE.

MODE "auto" lets kafka-python probe ApiVersions and use its newest versions (plus the admin client); a MODE such as
"0.11.0" or "0.9" pins api_version, which makes the client send the oldest versions of each API that kpipe serves.
Give three parts where kafka-python compares with three: it treats (0, 11) as older than (0, 11, 0).
"""
import sys
import time

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import ConfigResource, ConfigResourceType, NewPartitions, NewTopic
from kafka.structs import OffsetAndMetadata

bootstrap, mode = sys.argv[1], sys.argv[2]
api = None if mode == "auto" else tuple(int(x) for x in mode.split("."))
# Every mode uses the three-partition topic the "auto" run (run first) creates; each mode has its own group.
topic = "golden-py"
group = f"golden-py-group-{mode.replace('.', '')}"
common = dict(bootstrap_servers=bootstrap, client_id="golden-kafka-python", api_version=api)

admin = None
if api is None:
    admin = KafkaAdminClient(**common)
    admin.create_topics([NewTopic(topic, 2, 1), NewTopic(topic + "-doomed", 1, 1)], timeout_ms=5000)
    admin.create_partitions({topic: NewPartitions(3)}, timeout_ms=5000)
    admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, topic, {"retention.ms": None})])

if api is None or api >= (0, 11):
    producer = KafkaProducer(acks="all", **common)
    for partition in range(3):
        producer.send(topic, key=b"k%d" % partition, value=b"v%d" % partition, partition=partition)
    producer.flush()
    producer.close()

# Before 0.10.1 the session timeout is also the rebalance timeout, so kafka-python wants them equal.
poll_interval = 20000 if api is None or api >= (0, 10, 1) else 10000
consumer = KafkaConsumer(topic, group_id=group, auto_offset_reset="earliest", enable_auto_commit=False,
                         session_timeout_ms=10000, max_poll_interval_ms=poll_interval, heartbeat_interval_ms=1000,
                         **common)
deadline = time.time() + 15
seen = 0
while seen < 3 and time.time() < deadline:
    seen += sum(len(batch) for batch in consumer.poll(timeout_ms=500).values())
time.sleep(2.5)  # long enough for a heartbeat
partition0 = TopicPartition(topic, 0)
consumer.commit({partition0: OffsetAndMetadata(1, "golden")})
consumer.committed(partition0)
consumer.beginning_offsets([partition0])
consumer.end_offsets([partition0])
consumer.close()
print(f"{mode}: consumed {seen}")

if admin is not None:
    admin.list_consumer_groups()
    admin.describe_consumer_groups([group])
    admin.list_consumer_group_offsets(group)
    admin.delete_consumer_groups([group])
    admin.delete_topics([topic + "-doomed"], timeout_ms=5000)
    admin.close()
