"""kafka-python 2.0.x against a broker: admin create/list, produce with acks=all, consume in a group and commit.

Prints one JSON line with what it saw; the calling test asserts on it.
"""
import json
import sys

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer
from kafka.admin import NewTopic

RECORDS = 20

bootstrap, topic, group = sys.argv[1:4]

admin = KafkaAdminClient(bootstrap_servers=bootstrap, client_id="kpipe-test")
admin.create_topics([NewTopic(topic, num_partitions=2, replication_factor=1)])
listed = topic in admin.list_topics()

producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all")
for i in range(RECORDS):
    producer.send(topic, key=str(i).encode(), value=json.dumps({"id": i}).encode())
producer.flush()
producer.close()

consumer = KafkaConsumer(topic, bootstrap_servers=bootstrap, group_id=group, auto_offset_reset="earliest",
                         enable_auto_commit=False, consumer_timeout_ms=15000)
seen = {}
for message in consumer:
    seen[int(message.key)] = json.loads(message.value)["id"]
    if len(seen) == RECORDS:
        break
consumer.commit()
committed = sum(consumer.committed(tp) or 0 for tp in consumer.assignment())
consumer.close()
admin.close()

print(json.dumps({"listed": listed, "consumed": len(seen), "matching": all(k == v for k, v in seen.items()),
                  "committed": committed}))
