"""The streams scenario (see README.md) with boto3's dynamodb and
dynamodbstreams clients. Usage: python3 boto3_streams.py ENDPOINT TABLE.
Prints one line per step; exits non-zero at the first failed check."""

import sys

import boto3
from botocore.config import Config

from checks import check, fails

endpoint, table = sys.argv[1], sys.argv[2]
config = Config(retries={"max_attempts": 1, "mode": "standard"})
client = boto3.client("dynamodb", endpoint_url=endpoint, config=config)
streams = boto3.client("dynamodbstreams", endpoint_url=endpoint, config=config)


desc = client.create_table(
    TableName=table,
    AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
    KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
    BillingMode="PAY_PER_REQUEST",
    StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
)["TableDescription"]
client.get_waiter("table_exists").wait(TableName=table)
arn = desc["LatestStreamArn"]
key = {"pk": {"S": "a"}}
client.put_item(TableName=table, Item={"pk": {"S": "a"}, "n": {"N": "1"}})
client.update_item(TableName=table, Key=key, UpdateExpression="SET n = :n", ExpressionAttributeValues={":n": {"N": "2"}})
client.delete_item(TableName=table, Key=key)

listed = streams.list_streams(TableName=table)["Streams"]
check("ListStreams", [(s["StreamArn"], s["TableName"]) for s in listed], [(arn, table)])
d = streams.describe_stream(StreamArn=arn)["StreamDescription"]
check("DescribeStream", (d["StreamStatus"], d["StreamViewType"], d["TableName"], len(d["Shards"])),
      ("ENABLED", "NEW_AND_OLD_IMAGES", table, 1))
shard = d["Shards"][0]["ShardId"]
it = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
out = streams.get_records(ShardIterator=it)
records = out["Records"]
check("GetRecords events", [r["eventName"] for r in records], ["INSERT", "MODIFY", "REMOVE"])
check("GetRecords images", [(r["dynamodb"].get("OldImage", {}).get("n"), r["dynamodb"].get("NewImage", {}).get("n")) for r in records],
      [(None, {"N": "1"}), ({"N": "1"}, {"N": "2"}), ({"N": "2"}, None)])
check("GetRecords fields", {(r["eventSource"], r["eventVersion"], r["dynamodb"]["StreamViewType"], len(r["dynamodb"]["SequenceNumber"])) for r in records},
      {("aws:dynamodb", "1.1", "NEW_AND_OLD_IMAGES", 21)})
check("GetRecords time", all(hasattr(r["dynamodb"]["ApproximateCreationDateTime"], "year") for r in records), True)
check("GetRecords next", "NextShardIterator" in out, True)
after = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="AFTER_SEQUENCE_NUMBER",
                                   SequenceNumber=records[1]["dynamodb"]["SequenceNumber"])["ShardIterator"]
check("AFTER_SEQUENCE_NUMBER", [r["eventName"] for r in streams.get_records(ShardIterator=after, Limit=5)["Records"]], ["REMOVE"])

fails("GetRecords garbage", "ValidationException", "Invalid ShardIterator", streams.get_records, ShardIterator="garbage")
fails("DescribeStream missing", "ResourceNotFoundException", f"Requested resource not found: Stream: {arn}x not found",
      streams.describe_stream, StreamArn=arn + "x")
fails("GetShardIterator missing shard", "ResourceNotFoundException", "Shard does not exist", streams.get_shard_iterator,
      StreamArn=arn, ShardId="shardId-00000001796538828807-3a123fd7", ShardIteratorType="LATEST")
client.delete_table(TableName=table)
