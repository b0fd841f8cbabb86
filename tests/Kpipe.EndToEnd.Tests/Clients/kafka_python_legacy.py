"""kafka-python 2.0.x on paths old clients take: manual replica assignments and ListOffsets v0.

Creates a topic with a replica assignment naming the broker it finds in the cluster metadata, adds a partition the
same way, produces three records to partition 0, then asks for the earliest and latest offsets with api_version
pinned to 0.10.0, which makes kafka-python send ListOffsets v0. Prints one JSON line; the calling test asserts on it.
"""
import json
import sys

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import NewPartitions, NewTopic

bootstrap, topic = sys.argv[1:3]

admin = KafkaAdminClient(bootstrap_servers=bootstrap, client_id="kpipe-test")
node = next(iter(admin._client.cluster.brokers())).nodeId
admin.create_topics([NewTopic(topic, num_partitions=-1, replication_factor=-1,
                              replica_assignments={0: [node], 1: [node]})])
admin.create_partitions({topic: NewPartitions(3, new_assignments=[[node]])})
refused = None
try:
    admin.create_topics([NewTopic(topic + "-elsewhere", num_partitions=-1, replication_factor=-1,
                                  replica_assignments={0: [node + 1]})])
except Exception as error:  # kafka-python raises one error class per Kafka error code
    refused = type(error).__name__
admin.close()

producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all")
for i in range(3):
    producer.send(topic, value=b"v%d" % i, partition=0)
producer.flush()
producer.close()

partition0 = TopicPartition(topic, 0)
legacy = KafkaConsumer(bootstrap_servers=bootstrap, api_version=(0, 10, 0))
partitions = len(legacy.partitions_for_topic(topic) or [])
earliest = legacy.beginning_offsets([partition0])[partition0]
latest = legacy.end_offsets([partition0])[partition0]
legacy.close()
print(json.dumps({"node": node, "partitions": partitions, "refused": refused, "earliest": earliest, "latest": latest}))
