#!/usr/bin/env python3
"""Decodes response bodies with kafka-python's own response classes, one "API_KEY VERSION HEX" line of stdin each.

Prints one JSON object a line: the request line, the bytes the decoder consumed and the decoded fields by kafka-python's
names (bytes as hex), or the error it raised. Used by GoldenResponseTests as a client-side check of kpipe's encoders.
"""
import io
import json
import sys

from kafka.protocol.admin import (ApiVersionResponse, CreatePartitionsResponse, CreateTopicsResponse,
                                  DeleteGroupsResponse, DeleteTopicsResponse, DescribeConfigsResponse,
                                  DescribeGroupsResponse, ListGroupsResponse)
from kafka.protocol.commit import GroupCoordinatorResponse, OffsetCommitResponse, OffsetFetchResponse
from kafka.protocol.fetch import FetchResponse
from kafka.protocol.group import HeartbeatResponse, JoinGroupResponse, LeaveGroupResponse, SyncGroupResponse
from kafka.protocol.metadata import MetadataResponse
from kafka.protocol.offset import OffsetResponse
from kafka.protocol.produce import ProduceResponse

RESPONSES = {
    0: ProduceResponse, 1: FetchResponse, 2: OffsetResponse, 3: MetadataResponse, 8: OffsetCommitResponse,
    9: OffsetFetchResponse, 10: GroupCoordinatorResponse, 11: JoinGroupResponse, 12: HeartbeatResponse,
    13: LeaveGroupResponse, 14: SyncGroupResponse, 15: DescribeGroupsResponse, 16: ListGroupsResponse,
    18: ApiVersionResponse, 19: CreateTopicsResponse, 20: DeleteTopicsResponse, 32: DescribeConfigsResponse,
    37: CreatePartitionsResponse, 42: DeleteGroupsResponse,
}


def plain(value):
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


for line in sys.stdin:
    key, version, body = line.split(" ")
    buffer = io.BytesIO(bytes.fromhex(body))
    try:
        decoded = RESPONSES[int(key)][int(version)].decode(buffer)
        result = {"consumed": buffer.tell(), "value": plain(decoded.to_object())}
    except Exception as error:  # reported per line, so one bad body does not hide the others
        result = {"error": repr(error)}
    print(json.dumps({"key": int(key), "version": int(version), **result}))
