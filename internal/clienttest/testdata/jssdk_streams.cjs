// The streams scenario (see README.md) with the JavaScript SDK v3's
// DynamoDB and DynamoDBStreams clients. Usage: node jssdk_streams.cjs
// ENDPOINT TABLE. Prints one line per step; exits non-zero at the first
// failed check.
const { DynamoDB, waitUntilTableExists } = require("@aws-sdk/client-dynamodb");
const { DynamoDBStreams } = require("@aws-sdk/client-dynamodb-streams");
const assert = require("node:assert/strict");

const [endpoint, table] = process.argv.slice(2);
const config = { endpoint, region: "us-east-1", maxAttempts: 1, credentials: { accessKeyId: "AKID", secretAccessKey: "secret" } };
const client = new DynamoDB(config);
const streams = new DynamoDBStreams(config);

function check(step, got, want) {
  assert.deepStrictEqual(got, want, step);
  console.log("ok " + step);
}

async function fails(step, name, message, call) {
  try {
    await call();
  } catch (e) {
    check(step, [e.name, e.message], [name, message]);
    return;
  }
  throw new Error(step + ": succeeded, want " + name);
}

(async () => {
  const { TableDescription: desc } = await client.createTable({
    TableName: table,
    AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
    KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
    BillingMode: "PAY_PER_REQUEST",
    StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" },
  });
  await waitUntilTableExists({ client, maxWaitTime: 60 }, { TableName: table });
  const arn = desc.LatestStreamArn;
  const Key = { pk: { S: "a" } };
  await client.putItem({ TableName: table, Item: { pk: { S: "a" }, n: { N: "1" } } });
  await client.updateItem({ TableName: table, Key, UpdateExpression: "SET n = :n", ExpressionAttributeValues: { ":n": { N: "2" } } });
  await client.deleteItem({ TableName: table, Key });

  const { Streams } = await streams.listStreams({ TableName: table });
  check("ListStreams", Streams.map((s) => [s.StreamArn, s.TableName]), [[arn, table]]);
  const { StreamDescription: d } = await streams.describeStream({ StreamArn: arn });
  check("DescribeStream", [d.StreamStatus, d.StreamViewType, d.TableName, d.Shards.length, d.CreationRequestDateTime instanceof Date],
    ["ENABLED", "NEW_AND_OLD_IMAGES", table, 1, true]);
  const shard = d.Shards[0].ShardId;
  const { ShardIterator } = await streams.getShardIterator({ StreamArn: arn, ShardId: shard, ShardIteratorType: "TRIM_HORIZON" });
  const out = await streams.getRecords({ ShardIterator });
  check("GetRecords events", out.Records.map((r) => r.eventName), ["INSERT", "MODIFY", "REMOVE"]);
  check("GetRecords images", out.Records.map((r) => [r.dynamodb.OldImage?.n, r.dynamodb.NewImage?.n]),
    [[undefined, { N: "1" }], [{ N: "1" }, { N: "2" }], [{ N: "2" }, undefined]]);
  check("GetRecords time", out.Records.every((r) => r.dynamodb.ApproximateCreationDateTime instanceof Date), true);
  check("GetRecords next", typeof out.NextShardIterator, "string");

  await fails("GetRecords garbage", "ValidationException", "Invalid ShardIterator", () => streams.getRecords({ ShardIterator: "garbage" }));
  await fails("DescribeStream missing", "ResourceNotFoundException", `Requested resource not found: Stream: ${arn}x not found`,
    () => streams.describeStream({ StreamArn: arn + "x" }));
  await client.deleteTable({ TableName: table });
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
