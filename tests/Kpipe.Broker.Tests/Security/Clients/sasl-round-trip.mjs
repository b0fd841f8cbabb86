// KafkaJS against a SASL broker: produce one record and read it back; prints one JSON line with what happened.
import { readFileSync } from 'node:fs';
import { Kafka, logLevel } from 'kafkajs';

const { BROKER, TLS, MECHANISM, USER, PASSWORD, CA_FILE, TOPIC } = process.env;
const kafka = new Kafka({
  clientId: 'kpipe-sasl-test',
  brokers: [BROKER],
  logLevel: logLevel.NOTHING,
  ssl: TLS === '1' ? { ca: [readFileSync(CA_FILE)] } : false,
  sasl: USER ? { mechanism: MECHANISM.toLowerCase(), username: USER, password: PASSWORD } : undefined,
  retry: { retries: 1, initialRetryTime: 100 },
  connectionTimeout: 5000,
  authenticationTimeout: 5000,
});
try {
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic: TOPIC, messages: [{ key: 'k', value: MECHANISM }] });
  await producer.disconnect();
  const consumer = kafka.consumer({ groupId: `g-${TOPIC}` });
  await consumer.connect();
  await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
  const value = await new Promise((resolve) => consumer.run({ eachMessage: async ({ message }) => resolve(message.value.toString()) }));
  await consumer.disconnect();
  console.log(JSON.stringify({ ok: true, values: [value] }));
} catch (e) {
  console.log(JSON.stringify({ ok: false, error: e.name, message: e.message }));
}
process.exit(0);
