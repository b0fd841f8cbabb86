"""kafka-python against a SASL broker: produce one record and read it back; prints one JSON line with what happened."""
import json
import sys

from kafka import KafkaConsumer, KafkaProducer
from kafka.errors import KafkaError

bootstrap, protocol, mechanism, user, password, ca_file, topic = sys.argv[1:8]
settings = dict(bootstrap_servers=bootstrap, security_protocol=protocol, request_timeout_ms=8000, api_version_auto_timeout_ms=8000)
if protocol.startswith("SASL"):
    settings.update(sasl_mechanism=mechanism, sasl_plain_username=user, sasl_plain_password=password)
if protocol.endswith("SSL"):
    settings.update(ssl_cafile=ca_file)
try:
    producer = KafkaProducer(**settings)
    producer.send(topic, key=b"k", value=mechanism.encode()).get(timeout=10)
    producer.close()
    consumer = KafkaConsumer(topic, auto_offset_reset="earliest", consumer_timeout_ms=5000, **settings)
    values = [m.value.decode() for m in consumer]
    consumer.close()
    print(json.dumps({"ok": True, "values": values}))
except KafkaError as e:
    print(json.dumps({"ok": False, "error": type(e).__name__}))
