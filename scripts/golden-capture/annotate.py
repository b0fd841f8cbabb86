#!/usr/bin/env python3
"""Adds "# expect: key = value" lines to golden fixtures, read by a decoder independent of kpipe.

The decoder is generic: it walks Kafka's JSON request schemas (versions, nullable and flexible versions, tagged
fields), so the expected values come from the schema and the client's bytes alone. Each API's view picks the same
few fields that GoldenCodec.View builds from kpipe's decoded request; GoldenRequestTests compares the two.
Usage: annotate.py SCHEMA_DIR FIXTURE_ROOT   (fixtures whose body this decoder cannot read fully are reported)
"""
import json
import os
import re
import struct
import sys


def in_range(spec, version):
    if spec is None or spec == "none":
        return False
    if spec.endswith("+"):
        return version >= int(spec[:-1])
    if "-" in spec:
        low, high = spec.split("-")
        return int(low) <= version <= int(high)
    return version == int(spec)


class Reader:
    def __init__(self, data):
        self.data, self.pos = data, 0

    def take(self, n):
        if n < 0 or self.pos + n > len(self.data):
            raise ValueError(f"read of {n} at {self.pos} past {len(self.data)}")
        chunk = self.data[self.pos:self.pos + n]
        self.pos += n
        return chunk

    def unpack(self, fmt):
        return struct.unpack(">" + fmt, self.take(struct.calcsize(">" + fmt)))[0]

    def uvarint(self):
        value, shift = 0, 0
        while True:
            b = self.take(1)[0]
            value |= (b & 0x7F) << shift
            if not b & 0x80:
                return value
            shift += 7


class Decoder:
    def __init__(self, schema, version):
        self.version = version
        self.flexible = in_range(schema.get("flexibleVersions"), version)
        self.common = {s["name"]: s for s in schema.get("commonStructs", [])}

    def length(self, r, compact_nullable_width):
        if self.flexible:
            return r.uvarint() - 1
        return r.unpack(compact_nullable_width)

    def value(self, r, field, type_name):
        if type_name.startswith("[]"):
            count = self.length(r, "i")
            if count < 0:
                return None
            return [self.value(r, field, type_name[2:]) for _ in range(count)]
        simple = {"bool": "?", "int8": "b", "int16": "h", "uint16": "H", "int32": "i", "uint32": "I", "int64": "q",
                  "float64": "d"}
        if type_name in simple:
            return r.unpack(simple[type_name])
        if type_name == "uuid":
            return r.take(16).hex()
        if type_name == "string":
            n = self.length(r, "h")
            return None if n < 0 else r.take(n).decode()
        if type_name in ("bytes", "records"):
            n = self.length(r, "i")
            return None if n < 0 else r.take(n)
        fields = field.get("fields") or self.common[type_name]["fields"]
        return self.struct(r, fields)

    def struct(self, r, fields):
        result, tagged = {}, {}
        for field in fields:
            if not in_range(field["versions"], self.version):
                continue
            if in_range(field.get("taggedVersions"), self.version):
                tagged[field["tag"]] = field
                continue
            result[field["name"]] = self.value(r, field, field["type"])
        if self.flexible:
            for _ in range(r.uvarint()):
                tag, size = r.uvarint(), r.uvarint()
                end = r.pos + size
                if tag in tagged:
                    result[tagged[tag]["name"]] = self.value(r, tagged[tag], tagged[tag]["type"])
                r.pos = end
        return result


def names(items, key="Name"):
    return ",".join(text(item[key]) for item in items)


def text(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def view(api, m):
    """The same keys GoldenCodec.View produces; only fields the version carries are present in m."""
    out = {}

    def put(key, field):
        if field in m:
            out[key] = text(m[field])

    put("group", "GroupId")
    put("member", "MemberId")
    put("instance", "GroupInstanceId")
    put("generation", "GenerationId")
    put("generation", "GenerationIdOrMemberEpoch")
    put("timeout", "TimeoutMs")
    if api == "Produce":
        put("transactional_id", "TransactionalId")
        put("acks", "Acks")
        out["records"] = ";".join(f"{t['Name']}/{p['Index']}={len(p['Records'] or b'')}"
                                  for t in m["TopicData"] for p in t["PartitionData"])
    elif api == "Fetch":
        put("max_wait", "MaxWaitMs")
        put("min_bytes", "MinBytes")
        put("max_bytes", "MaxBytes")
        put("isolation", "IsolationLevel")
        put("session", "SessionId")
        put("epoch", "SessionEpoch")
        put("rack", "RackId")
        out["partitions"] = ";".join(f"{t['Topic']}/{p['Partition']}@{p['FetchOffset']}/{p['PartitionMaxBytes']}"
                                     for t in m["Topics"] for p in t["Partitions"])
    elif api == "ListOffsets":
        put("replica", "ReplicaId")
        put("isolation", "IsolationLevel")
        out["partitions"] = ";".join(f"{t['Name']}/{p['PartitionIndex']}@{p['Timestamp']}"
                                     for t in m["Topics"] for p in t["Partitions"])
    elif api == "Metadata":
        out["topics"] = "null" if m["Topics"] is None else names(m["Topics"])
        put("auto_create", "AllowAutoTopicCreation")
    elif api == "OffsetCommit":
        out["offsets"] = ";".join(f"{t['Name']}/{p['PartitionIndex']}={p['CommittedOffset']}:{text(p['CommittedMetadata'])}"
                                  for t in m["Topics"] for p in t["Partitions"])
    elif api == "OffsetFetch":
        out["partitions"] = "null" if m["Topics"] is None else ";".join(
            f"{t['Name']}/{','.join(map(str, t['PartitionIndexes']))}" for t in m["Topics"])
        put("require_stable", "RequireStable")
    elif api == "FindCoordinator":
        put("key", "Key")
        put("key_type", "KeyType")
    elif api == "JoinGroup":
        put("session_timeout", "SessionTimeoutMs")
        put("rebalance_timeout", "RebalanceTimeoutMs")
        put("protocol_type", "ProtocolType")
        out["protocols"] = ",".join(f"{p['Name']}={len(p['Metadata'])}" for p in m["Protocols"])
    elif api == "LeaveGroup":
        if "Members" in m:
            out["members"] = names(m["Members"], "MemberId")
        else:
            out["members"] = m["MemberId"]
        out.pop("member", None)
    elif api == "SyncGroup":
        out["assignments"] = ",".join(f"{a['MemberId']}={len(a['Assignment'])}" for a in m["Assignments"])
    elif api == "DescribeGroups":
        out["groups"] = ",".join(m["Groups"])
        put("include_operations", "IncludeAuthorizedOperations")
    elif api == "ListGroups":
        if "StatesFilter" in m:
            out["states"] = ",".join(m["StatesFilter"])
        if "TypesFilter" in m:
            out["types"] = ",".join(m["TypesFilter"])
    elif api == "ApiVersions":
        put("software_name", "ClientSoftwareName")
        put("software_version", "ClientSoftwareVersion")
    elif api == "CreateTopics":
        out["topics"] = ";".join(
            f"{t['Name']}/{t['NumPartitions']}/{t['ReplicationFactor']}/{len(t['Assignments'])}/"
            + ",".join(f"{c['Name']}={text(c['Value'])}" for c in t["Configs"]) for t in m["Topics"])
        put("validate_only", "validateOnly")
    elif api == "DeleteTopics":
        out["topics"] = ",".join(m["TopicNames"])
    elif api == "DeleteRecords":
        out["offsets"] = ";".join(f"{t['Name']}/{p['PartitionIndex']}={p['Offset']}"
                                  for t in m["Topics"] for p in t["Partitions"])
    elif api == "InitProducerId":
        put("transactional_id", "TransactionalId")
        put("transaction_timeout", "TransactionTimeoutMs")
        put("producer_id", "ProducerId")
        put("producer_epoch", "ProducerEpoch")
    elif api == "DescribeConfigs":
        out["resources"] = ";".join(
            f"{r['ResourceType']}/{r['ResourceName']}="
            + ("null" if r["ConfigurationKeys"] is None else ",".join(r["ConfigurationKeys"])) for r in m["Resources"])
        put("include_synonyms", "IncludeSynonyms")
        put("include_documentation", "IncludeDocumentation")
    elif api == "AlterConfigs":
        out["resources"] = ";".join(
            f"{r['ResourceType']}/{r['ResourceName']}=" + ",".join(f"{c['Name']}:{text(c['Value'])}" for c in r["Configs"])
            for r in m["Resources"])
        put("validate_only", "ValidateOnly")
    elif api == "IncrementalAlterConfigs":
        operations = {0: "Set", 1: "Delete", 2: "Append", 3: "Subtract"}
        out["resources"] = ";".join(
            f"{r['ResourceType']}/{r['ResourceName']}="
            + ",".join(f"{c['Name']}:{operations.get(c['ConfigOperation'], c['ConfigOperation'])}:{text(c['Value'])}" for c in r["Configs"])
            for r in m["Resources"])
        put("validate_only", "ValidateOnly")
    elif api == "DescribeUserScramCredentials":
        out["users"] = "null" if m["Users"] is None else ",".join(u["Name"] for u in m["Users"])
    elif api == "AlterUserScramCredentials":
        out["deletions"] = ";".join(f"{d['Name']}/{d['Mechanism']}" for d in m["Deletions"])
        out["upsertions"] = ";".join(f"{u['Name']}/{u['Mechanism']}/{u['Iterations']}/{len(u['Salt'])}/{len(u['SaltedPassword'])}"
                                     for u in m["Upsertions"])
    elif api == "CreatePartitions":
        out["topics"] = ";".join(f"{t['Name']}={t['Count']}/{text(bool(t['Assignments']))}"
                                 for t in m["Topics"])
        put("validate_only", "ValidateOnly")
    elif api == "DeleteGroups":
        out["groups"] = ",".join(m["GroupsNames"])
    elif api == "OffsetDelete":
        out["partitions"] = ";".join(f"{t['Name']}/{','.join(str(p['PartitionIndex']) for p in t['Partitions'])}"
                                     for t in m["Topics"])
    elif api == "DescribeCluster":
        put("include_operations", "IncludeClusterAuthorizedOperations")
        put("endpoint_type", "EndpointType")
    if api in ("DescribeGroups", "ListGroups", "DeleteGroups"):
        out.pop("group", None)
    return out


def load_schema(schema_dir, api):
    with open(os.path.join(schema_dir, f"{api}Request.json")) as f:
        return json.loads(re.sub(r"^\s*//.*$", "", f.read(), flags=re.M))


def annotate(schema_dir, path):
    with open(path) as f:
        lines = [line.rstrip("\n") for line in f if not line.startswith(("# expect:", "# trailing:"))]
    api, version = re.search(r"^# api: (\w+) v(\d+)$", "\n".join(lines), re.M).groups()
    body = bytes.fromhex(next(line for line in lines if line.startswith("body"))[4:])
    reader = Reader(body)
    message = Decoder(load_schema(schema_dir, api), int(version)).struct(reader, load_schema(schema_dir, api)["fields"])
    # librdkafka 2.16 ends AlterUserScramCredentials with one zero byte more than the schema has, and its admin client
    # works only against a broker that ignores it: zero bytes past the end are recorded (GoldenRequestTests checks them).
    trailing = body[reader.pos:]
    if trailing and any(trailing):
        raise ValueError(f"{path}: schema decoder stopped at {reader.pos} of {len(body)} bytes")
    expect = [f"# expect: {k} = {v}" for k, v in view(api, message).items()]
    if trailing:
        expect.append(f"# trailing: {len(trailing)} zero bytes past the schema's end, sent by the client; the broker must ignore them")
    head = [line for line in lines if line.startswith("#")]
    rest = [line for line in lines if not line.startswith("#")]
    with open(path, "w") as f:
        f.write("\n".join(head + expect + rest) + "\n")


failed = 0
for folder, _, files in os.walk(sys.argv[2]):
    if os.path.basename(folder) == "by-hand":
        continue
    for name in sorted(files):
        if name.endswith(".hex"):
            try:
                annotate(sys.argv[1], os.path.join(folder, name))
            except Exception as error:  # one unreadable fixture must not hide the others
                failed += 1
                print(f"{name} in {folder}: {error!r}", file=sys.stderr)
sys.exit(1 if failed else 0)
