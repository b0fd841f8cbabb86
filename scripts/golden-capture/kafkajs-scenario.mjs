// KafkaJS scenario for golden fixtures: node kafkajs-scenario.mjs BOOTSTRAP (kafkajs resolved from NODE_PATH or cwd).
// Admin calls first (create, grow, describe), an idempotent producer, a consumer group that commits, then the admin
// calls that need a finished group (offsets, describe, delete) and record/topic deletion.
import kafkajs from 'kafkajs';

const { Kafka, logLevel, ConfigResourceTypes } = kafkajs;
const topic = 'golden-js';
const doomed = 'golden-js-doomed';
const groupId = 'golden-js-group';
const kafka = new Kafka({ clientId: 'golden-kafkajs', brokers: [process.argv[2]], logLevel: logLevel.ERROR });
const admin = kafka.admin();
await admin.connect();
await admin.createTopics({ topics: [{ topic, numPartitions: 2 }, { topic: doomed, numPartitions: 1 }], timeout: 5000 });
await admin.createPartitions({ topicPartitions: [{ topic, count: 3 }], timeout: 5000 });
await admin.describeConfigs({ resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['retention.ms'] }], includeSynonyms: false });
await admin.describeCluster();

const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
await producer.connect();
await producer.send({ topic, acks: -1, timeout: 7000, messages: [0, 1, 2].map(p => ({ partition: p, key: `k${p}`, value: `v${p}` })) });
await producer.disconnect();

const consumer = kafka.consumer({ groupId, sessionTimeout: 10000, rebalanceTimeout: 12000, heartbeatInterval: 1000 });
await consumer.connect();
await consumer.subscribe({ topic, fromBeginning: true });
let seen = 0;
await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`consumed only ${seen}`)), 30000);
  consumer.run({
    autoCommit: false,
    eachMessage: async ({ partition, message }) => {
      seen += 1;
      await consumer.commitOffsets([{ topic, partition, offset: (Number(message.offset) + 1).toString() }]);
      if (seen === 3) {
        clearTimeout(timer);
        setTimeout(resolve, 2500); // past a heartbeat interval, so the capture holds a Heartbeat request
      }
    },
  });
});
await consumer.disconnect();

await admin.fetchOffsets({ groupId, topics: [topic] });
await admin.fetchTopicOffsets(topic);
await admin.setOffsets({ groupId, topic, partitions: [{ partition: 1, offset: '0' }] });
await admin.listGroups();
await admin.describeGroups([groupId]);
await admin.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: '1' }] });
await admin.deleteGroups([groupId]);
await admin.deleteTopics({ topics: [doomed], timeout: 5000 });
await admin.disconnect();
console.log(`kafkajs: consumed ${seen}`);
