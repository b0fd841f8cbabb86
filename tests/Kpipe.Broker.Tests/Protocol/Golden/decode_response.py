#!/usr/bin/env python3
"""Decodes a response body with kafka-python's own response classes: decode_response.py API_KEY VERSION HEX.

Prints one JSON object: the bytes the decoder consumed, the body length, and the decoded fields by kafka-python's
names (bytes as hex). Used by GoldenResponseTests as a client-side check of kpipe's encoders.
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


key, version, body = int(sys.argv[1]), int(sys.argv[2]), bytes.fromhex(sys.argv[3])
buffer = io.BytesIO(body)
decoded = RESPONSES[key][version].decode(buffer)
print(json.dumps({"consumed": buffer.tell(), "length": len(body), "value": plain(decoded.to_object())}))
