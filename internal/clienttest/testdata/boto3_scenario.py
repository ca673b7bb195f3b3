"""The client scenario (see README.md) with boto3's low-level client and its
resource API. Usage: python3 boto3_scenario.py ENDPOINT TABLE. Prints one line
per step; exits non-zero at the first failed check."""

import sys

import boto3
from boto3.dynamodb.conditions import Key
from botocore.config import Config

from checks import check, fails

endpoint, table = sys.argv[1], sys.argv[2]
config = Config(retries={"max_attempts": 1, "mode": "standard"})
client = boto3.client("dynamodb", endpoint_url=endpoint, config=config)
resource = boto3.resource("dynamodb", endpoint_url=endpoint, config=config)


def key(pk, sk):
    return {"pk": {"S": pk}, "sk": {"N": str(sk)}}


client.create_table(
    TableName=table,
    AttributeDefinitions=[
        {"AttributeName": "pk", "AttributeType": "S"},
        {"AttributeName": "sk", "AttributeType": "N"},
        {"AttributeName": "color", "AttributeType": "S"},
    ],
    KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
    GlobalSecondaryIndexes=[{
        "IndexName": "byColor",
        "KeySchema": [{"AttributeName": "color", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        "Projection": {"ProjectionType": "ALL"},
    }],
    BillingMode="PAY_PER_REQUEST",
)
client.get_waiter("table_exists").wait(TableName=table, WaiterConfig={"Delay": 1})
print("ok create-table")

client.put_item(
    TableName=table,
    Item={"pk": {"S": "a"}, "sk": {"N": "1"}, "color": {"S": "red"}, "n": {"N": "1"}, "tags": {"SS": ["x", "y"]}},
    ConditionExpression="attribute_not_exists(pk)",
)
update = dict(
    TableName=table, Key=key("a", 1), UpdateExpression="SET n = n + :inc", ConditionExpression="n = :one",
    ExpressionAttributeValues={":inc": {"N": "1"}, ":one": {"N": "1"}}, ReturnValues="UPDATED_NEW",
)
check("update-item", client.update_item(**update)["Attributes"], {"n": {"N": "2"}})
fails("update-item condition", "ConditionalCheckFailedException", "The conditional request failed",
      client.update_item, **update)
item = client.get_item(TableName=table, Key=key("a", 1), ConsistentRead=True)["Item"]
check("get-item", (item["n"], item["color"], sorted(item["tags"]["SS"])), ({"N": "2"}, {"S": "red"}, ["x", "y"]))

# The resource API's batch writer (batches of 25, retries of unprocessed items).
with resource.Table(table).batch_writer() as batch:
    for i in range(20):
        batch.put_item(Item={"pk": "b", "sk": i, "color": "red" if i % 2 == 0 else "blue"})
print("ok batch-write")

items = client.query(
    TableName=table, KeyConditionExpression="pk = :pk AND sk BETWEEN :lo AND :hi",
    ExpressionAttributeValues={":pk": {"S": "b"}, ":lo": {"N": "5"}, ":hi": {"N": "9"}},
)["Items"]
check("query", [i["sk"]["N"] for i in items], ["5", "6", "7", "8", "9"])
items = resource.Table(table).query(IndexName="byColor", KeyConditionExpression=Key("color").eq("red"),
                                    ScanIndexForward=False)["Items"]
check("query byColor", [int(i["sk"]) for i in items], [18, 16, 14, 12, 10, 8, 6, 4, 2, 1, 0])

pages = list(client.get_paginator("scan").paginate(TableName=table, PaginationConfig={"PageSize": 6}))
check("scan pages", (sum(len(p["Items"]) for p in pages), len(pages) >= 4), (21, True))

got = client.batch_get_item(RequestItems={table: {"Keys": [key("a", 1), key("b", 3), key("b", 99)]}})
check("batch-get", sorted(i["sk"]["N"] for i in got["Responses"][table]), ["1", "3"])

response = fails(
    "transact-write", "TransactionCanceledException",
    "Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]",
    client.transact_write_items, TransactItems=[
        {"Put": {"TableName": table, "Item": key("c", 1)}},
        {"ConditionCheck": {"TableName": table, "Key": key("a", 1), "ConditionExpression": "n = :wrong",
                            "ExpressionAttributeValues": {":wrong": {"N": "5"}}}},
    ])
check("cancellation reasons", [r["Code"] for r in response["CancellationReasons"]], ["None", "ConditionalCheckFailed"])
check("canceled put not applied", "Item" in client.get_item(TableName=table, Key=key("c", 1)), False)

old = client.delete_item(TableName=table, Key=key("b", 0), ReturnValues="ALL_OLD")["Attributes"]
check("delete-item", old["color"], {"S": "red"})

# PartiQL, with parameters, through ExecuteStatement, BatchExecuteStatement and ExecuteTransaction.
insert = dict(Statement=f"INSERT INTO \"{table}\" VALUE {{'pk': ?, 'sk': ?, 'n': 5}}", Parameters=[{"S": "p"}, {"N": "1"}])
check("execute-statement INSERT", client.execute_statement(**insert)["Items"], [])
fails("execute-statement duplicate", "DuplicateItemException", "Duplicate primary key exists in table",
      client.execute_statement, **insert)
try:
    client.execute_statement(**insert)
    sys.exit("modeled exception class: a duplicate INSERT succeeded")
except client.exceptions.DuplicateItemException:
    print("ok modeled DuplicateItemException")
items = client.execute_statement(Statement=f"SELECT sk FROM \"{table}\" WHERE pk = 'b' AND sk < 4")["Items"]
check("execute-statement SELECT", [i["sk"]["N"] for i in items], ["1", "2", "3"])
items = client.execute_statement(
    Statement=f"UPDATE \"{table}\" SET n = n + 1 WHERE pk = 'p' AND sk = 1 RETURNING MODIFIED NEW *")["Items"]
check("execute-statement UPDATE RETURNING", items, [{"n": {"N": "6"}}])
responses = client.batch_execute_statement(Statements=[
    {"Statement": f"SELECT n FROM \"{table}\" WHERE pk = 'p' AND sk = 1"},
    {"Statement": f"SELECT n FROM \"{table}\" WHERE pk = ? AND sk = ?", "Parameters": [{"S": "a"}, {"N": "1"}]},
])["Responses"]
check("batch-execute-statement", [r["Item"]["n"]["N"] for r in responses], ["6", "2"])
response = fails(
    "execute-transaction", "TransactionCanceledException",
    "Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]",
    client.execute_transaction, TransactStatements=[
        {"Statement": f"UPDATE \"{table}\" SET n = 0 WHERE pk = 'p' AND sk = 1"},
        {"Statement": f"EXISTS(SELECT * FROM \"{table}\" WHERE pk = 'a' AND sk = 1 AND n = 5)"},
    ])
check("execute-transaction reasons", [r["Code"] for r in response["CancellationReasons"]], ["None", "ConditionalCheckFailed"])

# A SELECT a page at a time, a SELECT of an index with its capacity, a failed
# UPDATE returning the item, a batch's per-statement errors, and an
# idempotent transaction.
select_b = f"SELECT sk FROM \"{table}\" WHERE pk = 'b'"
page = client.execute_statement(Statement=select_b, Limit=5)
check("execute-statement first page", ([i["sk"]["N"] for i in page["Items"]], "NextToken" in page),
      (["1", "2", "3", "4", "5"], True))
page = client.execute_statement(Statement=select_b, Limit=5, NextToken=page["NextToken"])
check("execute-statement second page", [i["sk"]["N"] for i in page["Items"]], ["6", "7", "8", "9", "10"])
page = client.execute_statement(
    Statement=f"SELECT sk FROM \"{table}\".\"byColor\" WHERE color = 'red' AND sk BETWEEN 2 AND 6",
    ReturnConsumedCapacity="TOTAL")
check("execute-statement SELECT of an index", ([i["sk"]["N"] for i in page["Items"]], page["ConsumedCapacity"]["TableName"]),
      (["2", "4", "6"], table))
failed_update = f"UPDATE \"{table}\" SET n = 1 WHERE pk = 'b' AND sk = 2 AND n = 9"
response = fails("execute-statement failed condition", "ConditionalCheckFailedException", "The conditional request failed",
                 client.execute_statement, Statement=failed_update, ReturnValuesOnConditionCheckFailure="ALL_OLD")
check("execute-statement failed condition item", response.get("Item"), {"pk": {"S": "b"}, "sk": {"N": "2"}, "color": {"S": "red"}})
responses = client.batch_execute_statement(Statements=[
    {"Statement": f"INSERT INTO \"{table}\" VALUE {{'pk': 'p', 'sk': 1}}"},
    {"Statement": failed_update, "ReturnValuesOnConditionCheckFailure": "ALL_OLD"},
    {"Statement": f"DELETE FROM \"{table}\" WHERE pk = 'b' AND sk = 19"},
])["Responses"]
check("batch-execute-statement errors", [r.get("Error", {}).get("Code") for r in responses],
      ["DuplicateItem", "ConditionalCheckFailed", None])
check("batch-execute-statement failed condition item", responses[1]["Error"].get("Item"),
      {"pk": {"S": "b"}, "sk": {"N": "2"}, "color": {"S": "red"}})


def idempotent(value):
    return client.execute_transaction(ClientRequestToken=table[-8:], TransactStatements=[
        {"Statement": f"UPDATE \"{table}\" SET q = {value} WHERE pk = 'p' AND sk = 1"}])


idempotent(1)
check("execute-transaction repeated", idempotent(1)["Responses"], [])
fails("execute-transaction token reused", "IdempotentParameterMismatchException",
      "Specified idempotent token was used with different request parameters within the idempotency window",
      idempotent, value=2)

desc = client.describe_table(TableName=table)["Table"]
check("describe-table", (desc["TableStatus"], [g["IndexName"] for g in desc["GlobalSecondaryIndexes"]]),
      ("ACTIVE", ["byColor"]))
check("list-tables", table in client.list_tables()["TableNames"], True)

fails("missing table", "ResourceNotFoundException", "Requested resource not found",
      client.get_item, TableName=table + "_missing", Key=key("a", 1))
fails("key type", "ValidationException",
      "One or more parameter values were invalid: Type mismatch for key sk expected: N actual: S",
      client.put_item, TableName=table, Item={"pk": {"S": "a"}, "sk": {"S": "1"}})
fails("update syntax", "ValidationException", 'Invalid UpdateExpression: Syntax error; token: "<EOF>", near: "SET"',
      client.update_item, TableName=table, Key=key("a", 1), UpdateExpression="SET")
fails("existing table", "ResourceInUseException", "Table already exists: " + table,
      client.create_table, TableName=table, BillingMode="PAY_PER_REQUEST",
      AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
      KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}])
try:
    client.get_item(TableName=table + "_missing", Key=key("a", 1))
    sys.exit("modeled exception class: get-item of a missing table succeeded")
except client.exceptions.ResourceNotFoundException:
    print("ok modeled exception class")

client.delete_table(TableName=table)
client.get_waiter("table_not_exists").wait(TableName=table, WaiterConfig={"Delay": 1})
print("ok delete-table")
