// KafkaJS 2.x against a broker at $BROKER: admin createTopics and fetchTopicMetadata, produce, consume in a group
// with commits, then read the committed offsets back. Prints one JSON line with what it saw; exits 1 on any failure.
import kafkajs from 'kafkajs';

const { Kafka, logLevel } = kafkajs;
const broker = process.env.BROKER;
const topic = process.env.TOPIC;
const groupId = process.env.GROUP;
const count = Number(process.env.COUNT ?? '30');
const partitions = 3;

const kafka = new Kafka({ clientId: 'kpipe-kafkajs-test', brokers: [broker], logLevel: logLevel.ERROR, retry: { retries: 5 } });
const admin = kafka.admin();
const producer = kafka.producer();
const consumer = kafka.consumer({ groupId, sessionTimeout: 10000, rebalanceTimeout: 10000, heartbeatInterval: 1000 });

const timeout = setTimeout(() => {
  console.error(`timed out; consumed so far: ${seen.size}/${count}`);
  process.exit(1);
}, 60000);
const seen = new Set();

try {
  await admin.connect();
  const created = await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
  const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
  const partitionCount = metadata.topics[0].partitions.length;

  await producer.connect();
  const messages = Array.from({ length: count }, (_, i) => ({ key: `k${i}`, value: `v${i}` }));
  await producer.send({ topic, messages });

  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let resolveAll;
  const all = new Promise((resolve) => { resolveAll = resolve; });
  await consumer.run({
    autoCommit: true,
    eachMessage: async ({ message }) => {
      seen.add(message.value.toString());
      if (seen.size === count) resolveAll();
    },
  });
  await all;
  await consumer.disconnect();

  const offsets = await admin.fetchOffsets({ groupId, topics: [topic] });
  const committed = offsets[0].partitions.reduce((sum, p) => sum + Number(p.offset), 0);
  console.log(JSON.stringify({ created, partitionCount, consumed: seen.size, committed }));
  await producer.disconnect();
  await admin.disconnect();
  clearTimeout(timeout);
  process.exit(0);
} catch (e) {
  console.error(e?.stack ?? String(e));
  process.exit(1);
}
