// KafkaJS over SASL/PLAIN against a broker with the authorizer on: alice is refused a produce, an ALLOW from the super
// user lets her in, describeAcls and deleteAcls see the ACL, and after the delete she is refused again. Prints one JSON
// line the test reads.
import kafkajs from 'kafkajs';

const { Kafka, AclResourceTypes, AclOperationTypes, AclPermissionTypes, ResourcePatternTypes, logLevel } = kafkajs;
const client = user => new Kafka({
  clientId: `kpipe-acls-${user}`,
  brokers: [process.env.BROKER],
  sasl: { mechanism: 'plain', username: user, password: `${user}-secret` },
  retry: { retries: 2, initialRetryTime: 100 },
  logLevel: logLevel.NOTHING,
});
const topic = process.env.TOPIC;
const acl = {
  resourceType: AclResourceTypes.TOPIC,
  resourceName: 'app-',
  resourcePatternType: ResourcePatternTypes.PREFIXED,
  principal: 'User:alice',
  host: '*',
  operation: AclOperationTypes.WRITE,
  permissionType: AclPermissionTypes.ALLOW,
};

const produce = async () => {
  const producer = client('alice').producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    await producer.send({ topic, messages: [{ value: 'hello' }] });
    return 'NONE';
  } catch (e) {
    return e.type ?? e.cause?.type ?? e.name;
  } finally {
    await producer.disconnect();
  }
};

const admin = client('admin').admin();
await admin.connect();
await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });

const before = await produce();
await admin.createAcls({ acl: [acl] });
const allowed = await produce();
const described = await admin.describeAcls({
  resourceType: AclResourceTypes.TOPIC,
  resourceName: topic,
  resourcePatternType: ResourcePatternTypes.MATCH,
  operation: AclOperationTypes.ANY,
  permissionType: AclPermissionTypes.ANY,
});
const deleted = await admin.deleteAcls({
  filters: [{
    resourceType: AclResourceTypes.ANY,
    resourcePatternType: ResourcePatternTypes.ANY,
    principal: 'User:alice',
    operation: AclOperationTypes.ANY,
    permissionType: AclPermissionTypes.ANY,
  }],
});
const after = await produce();

let aliceCreateError = null;
const aliceAdmin = client('alice').admin();
await aliceAdmin.connect();
try {
  await aliceAdmin.createAcls({ acl: [{ ...acl, principal: 'User:mallory' }] });
} catch (e) {
  aliceCreateError = e.type ?? e.name;
}
await aliceAdmin.disconnect();
await admin.disconnect();

console.log(JSON.stringify({
  before,
  allowed,
  after,
  described: described.resources.map(r => `${r.resourceName}/${r.resourcePatternType}:${r.acls.map(a => `${a.principal}/${a.operation}/${a.permissionType}`).join(',')}`),
  deleted: deleted.filterResponses.flatMap(f => f.matchingAcls.map(m => `${m.resourceName}/${m.errorCode}`)),
  aliceCreateError,
}));
