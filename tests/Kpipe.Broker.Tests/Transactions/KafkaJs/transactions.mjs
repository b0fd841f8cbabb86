// KafkaJS 2.x transactions against a broker at $BROKER: a committed transaction, an aborted one, and one that also
// sends a group's offsets; then a read_committed consumer reads the topic and the group's offsets are read back.
// Prints one JSON line with what it saw; exits 1 on any failure.
import kafkajs from 'kafkajs';

const { Kafka, logLevel } = kafkajs;
const broker = process.env.BROKER;
const topic = process.env.TOPIC;
const groupId = process.env.GROUP;

const kafka = new Kafka({ clientId: 'kpipe-kafkajs-txn', brokers: [broker], logLevel: logLevel.ERROR, retry: { retries: 5 } });
const admin = kafka.admin();
const producer = kafka.producer({ transactionalId: 'kafkajs-txn', idempotent: true, maxInFlightRequests: 1 });
const consumer = kafka.consumer({ groupId: `${groupId}-reader`, readUncommitted: false });
const timeout = setTimeout(() => { console.error('timed out'); process.exit(1); }, 60000);

try {
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  await producer.connect();

  const committed = await producer.transaction();
  await committed.send({ topic, messages: [{ value: 'c1' }, { value: 'c2' }] });
  await committed.commit();

  const aborted = await producer.transaction();
  await aborted.send({ topic, messages: [{ value: 'a1' }] });
  await aborted.abort();

  const withOffsets = await producer.transaction();
  await withOffsets.send({ topic, messages: [{ value: 'c3' }] });
  await withOffsets.sendOffsets({ consumerGroupId: groupId, topics: [{ topic, partitions: [{ partition: 0, offset: '5' }] }] });
  await withOffsets.commit();

  const values = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => { values.push(message.value.toString()); } });
  const deadline = Date.now() + 30000;
  while (values.length < 3 && Date.now() < deadline) {
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  // A short look past the three committed values: the aborted one must not follow.
  await new Promise(resolve => setTimeout(resolve, 1000));

  const offsets = await admin.fetchOffsets({ groupId, topics: [topic] });
  console.log(JSON.stringify({ values, groupOffset: offsets[0].partitions[0].offset }));
  await consumer.disconnect();
  await producer.disconnect();
  await admin.disconnect();
  clearTimeout(timeout);
} catch (e) {
  console.error(e);
  process.exit(1);
}
