// KafkaJS admin against kpipe: alterConfigs (validate-only, then for real), describeConfigs with synonyms, and the
// error of an unknown config name. Prints one JSON line the test reads.
import kafkajs from 'kafkajs';

const { Kafka, ConfigResourceTypes, logLevel } = kafkajs;
const kafka = new Kafka({ clientId: 'kpipe-configs', brokers: [process.env.BROKER], logLevel: logLevel.NOTHING });
const admin = kafka.admin();
const topic = process.env.TOPIC;

await admin.connect();
await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });

const change = (validateOnly, value) => admin.alterConfigs({
  validateOnly,
  resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configEntries: [{ name: 'retention.ms', value }] }],
});
const describe = async () => {
  const described = await admin.describeConfigs({
    includeSynonyms: true,
    resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['retention.ms', 'max.message.bytes'] }],
  });
  return Object.fromEntries(described.resources[0].configEntries.map(e => [e.configName, e]));
};

await change(true, '1000');
const afterValidate = (await describe())['retention.ms'];
await change(false, '1000');
const after = await describe();

let unknownError = null;
try {
  await admin.alterConfigs({ resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configEntries: [{ name: 'retention.forever', value: '1' }] }] });
} catch (e) {
  unknownError = e.type ?? e.name;
}

const broker = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.BROKER, name: '1' }] });
await admin.disconnect();

console.log(JSON.stringify({
  validateOnlyValue: afterValidate.configValue,
  validateOnlySource: afterValidate.configSource,
  value: after['retention.ms'].configValue,
  source: after['retention.ms'].configSource,
  synonyms: after['retention.ms'].configSynonyms.map(s => `${s.configName}=${s.configValue}@${s.configSource}`),
  maxMessageBytes: after['max.message.bytes'].configValue,
  unknownError,
  brokerConfigs: broker.resources[0].configEntries.length,
}));
