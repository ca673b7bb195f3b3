"""The compression scenario (see README.md) with boto3. Usage: python3
boto3_compression.py ENDPOINT TABLE, with AWS_DATA_PATH naming the model
compressing_model.py wrote. Prints one line per step; exits non-zero at the
first failed check."""

import sys

import boto3
from botocore.config import Config

from checks import check, fails

endpoint, table = sys.argv[1], sys.argv[2]
config = Config(retries={"max_attempts": 1, "mode": "standard"}, request_min_compression_size_bytes=1)
client = boto3.client("dynamodb", endpoint_url=endpoint, config=config)
encodings = []


def record(request, **_):
    value = request.headers.get("Content-Encoding")
    encodings.append(value.decode() if isinstance(value, bytes) else value)


client.meta.events.register("before-send.dynamodb", record)

client.create_table(
    TableName=table,
    AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "N"}],
    KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
    BillingMode="PAY_PER_REQUEST",
)
client.get_waiter("table_exists").wait(TableName=table, WaiterConfig={"Delay": 1})
print("ok create-table")

big = {
    "pk": {"S": "a"}, "sk": {"N": "1"}, "text": {"S": "compressible " * 2000},
    "doc": {"M": {"l": {"L": [{"N": "1.5"}, {"B": b"\x00\xff"}, {"NULL": True}]}, "ns": {"NS": ["1", "2"]}}},
}
client.put_item(TableName=table, Item=big, ConditionExpression="attribute_not_exists(pk)")
got = client.get_item(TableName=table, Key={"pk": {"S": "a"}, "sk": {"N": "1"}}, ConsistentRead=True)["Item"]
check("get-item", (got["text"], got["doc"]["M"]["l"], sorted(got["doc"]["M"]["ns"]["NS"])),
      (big["text"], big["doc"]["M"]["l"], ["1", "2"]))

client.batch_write_item(RequestItems={table: [
    {"PutRequest": {"Item": {"pk": {"S": "b"}, "sk": {"N": str(i)}, "text": {"S": "x" * 500}}}} for i in range(10)
]})
query = client.query(TableName=table, KeyConditionExpression="pk = :b", ExpressionAttributeValues={":b": {"S": "b"}})
check("query", [item["sk"]["N"] for item in query["Items"]], [str(i) for i in range(10)])
check("scan", client.scan(TableName=table, Select="COUNT")["Count"], 11)
fails("get-item wrong key type", "ValidationException", "The provided key element does not match the schema",
      client.get_item, TableName=table, Key={"pk": {"S": "a"}, "sk": {"S": "1"}})

client.delete_table(TableName=table)
client.get_waiter("table_not_exists").wait(TableName=table, WaiterConfig={"Delay": 1})
check("every request compressed", set(encodings), {"gzip"})
