// The client scenario (see README.md) with the JavaScript SDK v3: the
// low-level client of @aws-sdk/client-dynamodb for all of it, then the
// item steps again with @aws-sdk/lib-dynamodb's DocumentClient.
// Usage: NODE_PATH=DIR/node_modules node jssdk_scenario.cjs ENDPOINT TABLE.
// Prints one line per step; exits non-zero at the first failed check.
"use strict";

const assert = require("node:assert/strict");
const ddb = require("@aws-sdk/client-dynamodb");
const lib = require("@aws-sdk/lib-dynamodb");

const [endpoint, table] = process.argv.slice(2);
const client = new ddb.DynamoDBClient({
  endpoint,
  region: "us-east-1",
  credentials: { accessKeyId: "AKIDCLIENTTEST", secretAccessKey: "secret" },
  maxAttempts: 1,
});
const doc = lib.DynamoDBDocumentClient.from(client);

function check(step, got, want) {
  assert.deepStrictEqual(got, want, step);
  console.log("ok " + step);
}

// fails runs a command that must fail with the given error name and message,
// and returns the error.
async function fails(step, name, message, sender, command) {
  try {
    await sender.send(command);
  } catch (e) {
    check(step, [e.name, e.message, e.$metadata.httpStatusCode], [name, message, 400]);
    return e;
  }
  assert.fail(step + ": succeeded, want " + name);
}

const key = (pk, sk) => ({ pk: { S: pk }, sk: { N: String(sk) } });
const sortKeys = (items) => items.map((i) => i.sk.N);
const canceled = "Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]";

async function lowLevel() {
  await client.send(new ddb.CreateTableCommand({
    TableName: table,
    AttributeDefinitions: [
      { AttributeName: "pk", AttributeType: "S" },
      { AttributeName: "sk", AttributeType: "N" },
      { AttributeName: "color", AttributeType: "S" },
    ],
    KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }, { AttributeName: "sk", KeyType: "RANGE" }],
    GlobalSecondaryIndexes: [{
      IndexName: "byColor",
      KeySchema: [{ AttributeName: "color", KeyType: "HASH" }, { AttributeName: "sk", KeyType: "RANGE" }],
      Projection: { ProjectionType: "ALL" },
    }],
    BillingMode: "PAY_PER_REQUEST",
  }));
  const waited = await ddb.waitUntilTableExists({ client, maxWaitTime: 60, minDelay: 1 }, { TableName: table });
  check("create-table", waited.state, "SUCCESS");

  await client.send(new ddb.PutItemCommand({
    TableName: table,
    Item: { pk: { S: "a" }, sk: { N: "1" }, color: { S: "red" }, n: { N: "1" }, tags: { SS: ["x", "y"] } },
    ConditionExpression: "attribute_not_exists(pk)",
  }));
  const update = {
    TableName: table, Key: key("a", 1), UpdateExpression: "SET n = n + :inc", ConditionExpression: "n = :one",
    ExpressionAttributeValues: { ":inc": { N: "1" }, ":one": { N: "1" } }, ReturnValues: "UPDATED_NEW",
  };
  check("update-item", (await client.send(new ddb.UpdateItemCommand(update))).Attributes, { n: { N: "2" } });
  const condErr = await fails("update-item condition", "ConditionalCheckFailedException", "The conditional request failed",
    client, new ddb.UpdateItemCommand(update));
  check("modeled exception class", condErr instanceof ddb.ConditionalCheckFailedException, true);
  const { Item } = await client.send(new ddb.GetItemCommand({ TableName: table, Key: key("a", 1), ConsistentRead: true }));
  check("get-item", [Item.n, Item.color, Item.tags.SS.sort()], [{ N: "2" }, { S: "red" }, ["x", "y"]]);

  const puts = [];
  for (let i = 0; i < 20; i++) {
    puts.push({ PutRequest: { Item: { pk: { S: "b" }, sk: { N: String(i) }, color: { S: i % 2 === 0 ? "red" : "blue" } } } });
  }
  for (const chunk of [puts.slice(0, 10), puts.slice(10)]) {
    const out = await client.send(new ddb.BatchWriteItemCommand({ RequestItems: { [table]: chunk } }));
    check("batch-write", out.UnprocessedItems, {});
  }

  let out = await client.send(new ddb.QueryCommand({
    TableName: table, KeyConditionExpression: "pk = :pk AND sk BETWEEN :lo AND :hi",
    ExpressionAttributeValues: { ":pk": { S: "b" }, ":lo": { N: "5" }, ":hi": { N: "9" } },
  }));
  check("query", sortKeys(out.Items), ["5", "6", "7", "8", "9"]);
  out = await client.send(new ddb.QueryCommand({
    TableName: table, IndexName: "byColor", KeyConditionExpression: "color = :c",
    ExpressionAttributeValues: { ":c": { S: "red" } }, ScanIndexForward: false,
  }));
  check("query byColor", sortKeys(out.Items), ["18", "16", "14", "12", "10", "8", "6", "4", "2", "1", "0"]);

  let scanned = 0, pages = 0;
  for await (const page of ddb.paginateScan({ client, pageSize: 6 }, { TableName: table })) {
    scanned += page.Items.length;
    pages++;
  }
  check("scan pages", [scanned, pages >= 4], [21, true]);

  out = await client.send(new ddb.BatchGetItemCommand({ RequestItems: { [table]: { Keys: [key("a", 1), key("b", 3), key("b", 99)] } } }));
  check("batch-get", sortKeys(out.Responses[table]).sort(), ["1", "3"]);

  const txErr = await fails("transact-write", "TransactionCanceledException", canceled, client, new ddb.TransactWriteItemsCommand({
    TransactItems: [
      { Put: { TableName: table, Item: key("c", 1) } },
      { ConditionCheck: { TableName: table, Key: key("a", 1), ConditionExpression: "n = :wrong", ExpressionAttributeValues: { ":wrong": { N: "5" } } } },
    ],
  }));
  check("cancellation reasons", txErr.CancellationReasons.map((r) => r.Code), ["None", "ConditionalCheckFailed"]);
  out = await client.send(new ddb.GetItemCommand({ TableName: table, Key: key("c", 1) }));
  check("canceled put not applied", out.Item, undefined);

  out = await client.send(new ddb.DeleteItemCommand({ TableName: table, Key: key("b", 0), ReturnValues: "ALL_OLD" }));
  check("delete-item", out.Attributes.color, { S: "red" });

  const desc = (await client.send(new ddb.DescribeTableCommand({ TableName: table }))).Table;
  check("describe-table", [desc.TableStatus, desc.GlobalSecondaryIndexes.map((g) => g.IndexName)], ["ACTIVE", ["byColor"]]);
  check("list-tables", (await client.send(new ddb.ListTablesCommand({}))).TableNames.includes(table), true);

  const notFound = await fails("missing table", "ResourceNotFoundException", "Requested resource not found",
    client, new ddb.GetItemCommand({ TableName: table + "_missing", Key: key("a", 1) }));
  check("modeled not-found class", notFound instanceof ddb.ResourceNotFoundException, true);
  await fails("key type", "ValidationException", "One or more parameter values were invalid: Type mismatch for key sk expected: N actual: S",
    client, new ddb.PutItemCommand({ TableName: table, Item: { pk: { S: "a" }, sk: { S: "1" } } }));
  await fails("update syntax", "ValidationException", 'Invalid UpdateExpression: Syntax error; token: "<EOF>", near: "SET"',
    client, new ddb.UpdateItemCommand({ TableName: table, Key: key("a", 1), UpdateExpression: "SET" }));
  await fails("existing table", "ResourceInUseException", "Table already exists: " + table, client, new ddb.CreateTableCommand({
    TableName: table, BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }], KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
  }));
}

// documentClient runs the item steps with plain JavaScript values, in the
// partition "d" (items d/0..d/19) of the same table.
async function documentClient() {
  await doc.send(new lib.PutCommand({
    TableName: table, Item: { pk: "d", sk: 100, color: "green", n: 1, tags: new Set(["x", "y"]), nested: { list: [1, "two", null] } },
    ConditionExpression: "attribute_not_exists(pk)",
  }));
  const update = {
    TableName: table, Key: { pk: "d", sk: 100 }, UpdateExpression: "SET n = n + :inc", ConditionExpression: "n = :one",
    ExpressionAttributeValues: { ":inc": 1, ":one": 1 }, ReturnValues: "ALL_NEW",
  };
  check("doc update", (await doc.send(new lib.UpdateCommand(update))).Attributes.n, 2);
  await fails("doc update condition", "ConditionalCheckFailedException", "The conditional request failed", doc, new lib.UpdateCommand(update));
  const { Item } = await doc.send(new lib.GetCommand({ TableName: table, Key: { pk: "d", sk: 100 }, ConsistentRead: true }));
  check("doc get", [Item.n, Item.tags, Item.nested], [2, new Set(["x", "y"]), { list: [1, "two", null] }]);

  const puts = [];
  for (let i = 0; i < 20; i++) puts.push({ PutRequest: { Item: { pk: "d", sk: i, color: i % 2 === 0 ? "green" : "blue" } } });
  for (const chunk of [puts.slice(0, 10), puts.slice(10)]) {
    check("doc batch-write", (await doc.send(new lib.BatchWriteCommand({ RequestItems: { [table]: chunk } }))).UnprocessedItems, {});
  }
  let out = await doc.send(new lib.QueryCommand({
    TableName: table, KeyConditionExpression: "pk = :pk AND sk BETWEEN :lo AND :hi", ExpressionAttributeValues: { ":pk": "d", ":lo": 5, ":hi": 9 },
  }));
  check("doc query", out.Items.map((i) => i.sk), [5, 6, 7, 8, 9]);
  out = await doc.send(new lib.QueryCommand({
    TableName: table, IndexName: "byColor", KeyConditionExpression: "color = :c", ExpressionAttributeValues: { ":c": "green" }, Limit: 4,
  }));
  check("doc query byColor", [out.Items.map((i) => i.sk), out.LastEvaluatedKey], [[0, 2, 4, 6], { color: "green", sk: 6, pk: "d" }]);

  let scanned = 0, pages = 0;
  for await (const page of lib.paginateScan({ client: doc, pageSize: 7 }, { TableName: table, FilterExpression: "pk = :d", ExpressionAttributeValues: { ":d": "d" } })) {
    scanned += page.Items.length;
    pages++;
  }
  check("doc scan pages", [scanned, pages >= 4], [21, true]);

  out = await doc.send(new lib.BatchGetCommand({ RequestItems: { [table]: { Keys: [{ pk: "d", sk: 3 }, { pk: "d", sk: 100 }, { pk: "d", sk: 99 }] } } }));
  check("doc batch-get", out.Responses[table].map((i) => i.sk).sort((a, b) => a - b), [3, 100]);

  const txErr = await fails("doc transact-write", "TransactionCanceledException", canceled, doc, new lib.TransactWriteCommand({
    TransactItems: [
      { Put: { TableName: table, Item: { pk: "e", sk: 1 } } },
      { ConditionCheck: { TableName: table, Key: { pk: "d", sk: 100 }, ConditionExpression: "n = :wrong", ExpressionAttributeValues: { ":wrong": 5 } } },
    ],
  }));
  check("doc cancellation reasons", txErr.CancellationReasons.map((r) => r.Code), ["None", "ConditionalCheckFailed"]);
  check("doc canceled put not applied", (await doc.send(new lib.GetCommand({ TableName: table, Key: { pk: "e", sk: 1 } }))).Item, undefined);

  out = await doc.send(new lib.DeleteCommand({ TableName: table, Key: { pk: "d", sk: 0 }, ReturnValues: "ALL_OLD" }));
  check("doc delete", out.Attributes, { pk: "d", sk: 0, color: "green" });
}

async function main() {
  await lowLevel();
  await documentClient();
  await client.send(new ddb.DeleteTableCommand({ TableName: table }));
  const waited = await ddb.waitUntilTableNotExists({ client, maxWaitTime: 60, minDelay: 1 }, { TableName: table });
  check("delete-table", waited.state, "SUCCESS");
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
