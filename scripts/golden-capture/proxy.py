#!/usr/bin/env python3
"""Recording TCP proxy for golden request fixtures.

Sits between a real Kafka client and a broker, forwards every byte unchanged, and saves one request frame per
(api key, version) to OUT/<Api>-v<N>.hex. When a pair is seen again, the frame with the longer body is kept, so
the fixture carries the richest request the scenario sent (a rejoin with a member id, a metadata request that
names topics). Usage: proxy.py LISTEN_PORT BROKER_PORT OUT_DIR "CLIENT DESCRIPTION"
"""
import asyncio
import os
import struct
import sys

# Api key -> (name, first flexible version) as given by the "flexibleVersions" of Kafka's request schemas.
APIS = {
    0: ("Produce", 9), 1: ("Fetch", 12), 2: ("ListOffsets", 6), 3: ("Metadata", 9), 8: ("OffsetCommit", 8),
    9: ("OffsetFetch", 6), 10: ("FindCoordinator", 3), 11: ("JoinGroup", 6), 12: ("Heartbeat", 4),
    13: ("LeaveGroup", 4), 14: ("SyncGroup", 4), 15: ("DescribeGroups", 5), 16: ("ListGroups", 3),
    18: ("ApiVersions", 3), 19: ("CreateTopics", 5), 20: ("DeleteTopics", 4), 21: ("DeleteRecords", 2),
    22: ("InitProducerId", 2), 32: ("DescribeConfigs", 4), 33: ("AlterConfigs", 2), 37: ("CreatePartitions", 2),
    42: ("DeleteGroups", 2), 44: ("IncrementalAlterConfigs", 1), 47: ("OffsetDelete", 32767),
    50: ("DescribeUserScramCredentials", 0), 51: ("AlterUserScramCredentials", 0), 60: ("DescribeCluster", 0),
}


def read_uvarint(data, pos):
    value, shift = 0, 0
    while True:
        b = data[pos]
        pos += 1
        value |= (b & 0x7F) << shift
        if not b & 0x80:
            return value, pos
        shift += 7


def header_length(frame):
    """Length of the request header: v1 (key, version, correlation id, client id), plus tagged fields in v2."""
    key, version = struct.unpack_from(">hh", frame, 0)
    (client_len,) = struct.unpack_from(">h", frame, 8)
    pos = 10 + max(client_len, 0)
    if key in APIS and version >= APIS[key][1]:
        count, pos = read_uvarint(frame, pos)
        for _ in range(count):
            _, pos = read_uvarint(frame, pos)
            size, pos = read_uvarint(frame, pos)
            pos += size
    return pos


def record(frame, out_dir, client):
    key, version = struct.unpack_from(">hh", frame, 0)
    if key not in APIS:
        return
    name = APIS[key][0]
    split = header_length(frame)
    path = os.path.join(out_dir, f"{name}-v{version}.hex")
    if os.path.exists(path):
        with open(path) as existing:
            old_body = next(line for line in existing if line.startswith("body")).split()[1:]
        if len("".join(old_body)) >= 2 * (len(frame) - split):
            return
    with open(path, "w") as f:
        f.write(f"# client: {client}\n# api: {name} v{version}\n")
        f.write(f"header {frame[:split].hex().upper()}\n")
        f.write(f"body {frame[split:].hex().upper()}".rstrip() + "\n")


async def pump(reader, writer, on_frame):
    buffer = b""
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
            if on_frame:
                buffer += data
                while len(buffer) >= 4:
                    (size,) = struct.unpack_from(">i", buffer, 0)
                    if len(buffer) < 4 + size:
                        break
                    on_frame(buffer[4:4 + size])
                    buffer = buffer[4 + size:]
    except (ConnectionError, asyncio.IncompleteReadError):
        pass
    finally:
        writer.close()


async def main():
    listen, broker, out_dir, client = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
    os.makedirs(out_dir, exist_ok=True)

    async def handle(client_reader, client_writer):
        broker_reader, broker_writer = await asyncio.open_connection("127.0.0.1", broker)
        await asyncio.gather(
            pump(client_reader, broker_writer, lambda frame: record(frame, out_dir, client)),
            pump(broker_reader, client_writer, None))

    server = await asyncio.start_server(handle, "127.0.0.1", listen)
    async with server:
        await server.serve_forever()


asyncio.run(main())
