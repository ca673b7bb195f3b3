package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	streamtypes "github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/engine"
	"github.com/ddbkit/ddb/internal/sdkrace"
)

// openEngine opens an in-memory engine closed when the test ends.
func openEngine(t *testing.T, opts engine.Options) *engine.DB {
	t.Helper()
	db, err := engine.Open(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// adminCall sends one request to the admin API and returns its status and
// body.
func adminCall(t *testing.T, url, method, path, body string, header ...string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, url+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		if header[i] == "Host" {
			req.Host = header[i+1]
		}
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, strings.TrimSpace(string(b))
}

// port returns the port of a base URL such as http://127.0.0.1:8000.
func port(url string) string { return url[strings.LastIndex(url, ":")+1:] }

func TestAdminAPI(t *testing.T) {
	for name, start := range transports {
		t.Run(name, func(t *testing.T) {
			db := openEngine(t, engine.Options{Now: func() time.Time { return time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC) }})
			url := start(t, New(db, WithAdmin(db)))
			steps := []struct {
				method, path, body string
				header             []string
				status             int
				want               string
			}{
				{"GET", "/_ddb/faults", "", nil, 200, `{"rules":[]}`},
				{"POST", "/_ddb/faults", `{"operation":"PutItem","table":"orders","key":{"pk":{"S":"a"}},"from":2,"to":3,"probability":0.5,"seed":42,"fault":{"error":"ThrottlingException","delay":"10ms","maxDelay":"1.5s"}}`, nil, 200,
					`{"id":1,"operation":"PutItem","table":"orders","key":{"pk":{"S":"a"}},"from":2,"to":3,"probability":0.5,"seed":42,"fault":{"error":"ThrottlingException","delay":"10ms","maxDelay":"1.5s"},"calls":0,"hits":0}`},
				{"POST", "/_ddb/faults", `{"fault":{"unprocessed":true}}`, nil, 200,
					`{"id":2,"fault":{"unprocessed":true},"calls":0,"hits":0}`},
				{"GET", "/_ddb/faults", "", nil, 200,
					`{"rules":[{"id":1,"operation":"PutItem","table":"orders","key":{"pk":{"S":"a"}},"from":2,"to":3,"probability":0.5,"seed":42,"fault":{"error":"ThrottlingException","delay":"10ms","maxDelay":"1.5s"},"calls":0,"hits":0},{"id":2,"fault":{"unprocessed":true},"calls":0,"hits":0}]}`},
				{"DELETE", "/_ddb/faults/1", "", nil, 200, `{}`},
				{"DELETE", "/_ddb/faults/1", "", nil, 404, `{"message":"no fault rule 1"}`},
				{"DELETE", "/_ddb/faults/x", "", nil, 404, `{"message":"no fault rule x"}`},
				{"GET", "/_ddb/faults", "", nil, 200, `{"rules":[{"id":2,"fault":{"unprocessed":true},"calls":0,"hits":0}]}`},
				{"DELETE", "/_ddb/faults", "", nil, 200, `{}`},
				{"GET", "/_ddb/faults", "", nil, 200, `{"rules":[]}`},

				{"POST", "/_ddb/faults", `{"fault":{"error":"Nope"}}`, nil, 400, `{"message":"engine: fault rule: unknown error \"Nope\""}`},
				{"POST", "/_ddb/faults", `{"fault":{"delay":"soon"}}`, nil, 400, `{"message":"delay: time: invalid duration \"soon\""}`},
				{"POST", "/_ddb/faults", `{"fault":{"error":"ThrottlingException"},"probabilty":0.5}`, nil, 400, `{"message":"malformed request: json: unknown field \"probabilty\""}`},
				{"POST", "/_ddb/faults", `{"hits":3,"fault":{"error":"ThrottlingException"}}`, nil, 400, `{"message":"malformed request: json: unknown field \"hits\""}`},
				{"POST", "/_ddb/faults", `{"key":{"pk":{"Q":"a"}},"fault":{"error":"ThrottlingException"}}`, nil, 400, `{"message":"key: attribute \"pk\" has no value"}`},
				{"POST", "/_ddb/faults", `{"fault":`, nil, 400, `{"message":"malformed request: unexpected EOF"}`},
				{"PUT", "/_ddb/faults", `{}`, nil, 405, `{"message":"use GET, POST or DELETE"}`},
				{"GET", "/_ddb/faults/1", "", nil, 405, `{"message":"use DELETE to remove a rule"}`},
				{"GET", "/_ddb/nothing", "", nil, 404, `{"message":"no admin API at /_ddb/nothing"}`},

				{"GET", "/_ddb/clock", "", nil, 200, `{"now":"2030-01-02T03:04:05Z"}`},
				{"POST", "/_ddb/clock", `{"advance":"25h30m"}`, nil, 200, `{"now":"2030-01-03T04:34:05Z"}`},
				{"POST", "/_ddb/clock", `{"set":"2031-01-01T00:00:00.5Z"}`, nil, 200, `{"now":"2031-01-01T00:00:00.5Z"}`},
				{"GET", "/_ddb/clock", "", nil, 200, `{"now":"2031-01-01T00:00:00.5Z"}`},
				{"POST", "/_ddb/clock", `{"set":"2030-01-01T00:00:00Z"}`, nil, 400, `{"message":"engine: the clock cannot go back in time"}`},
				{"POST", "/_ddb/clock", `{"advance":"-1h"}`, nil, 400, `{"message":"engine: the clock cannot go back in time"}`},
				{"POST", "/_ddb/clock", `{"advance":"1h","set":"2032-01-01T00:00:00Z"}`, nil, 400, `{"message":"give the clock either \"advance\" (a duration such as \"24h\") or \"set\" (an RFC 3339 time)"}`},
				{"POST", "/_ddb/clock", `{"set":"tomorrow"}`, nil, 400, `{"message":"set: parsing time \"tomorrow\" as \"2006-01-02T15:04:05.999999999Z07:00\": cannot parse \"tomorrow\" as \"2006\""}`},
				{"DELETE", "/_ddb/clock", "", nil, 405, `{"message":"use GET or POST"}`},

				// Browser pages of other origins are refused, preflight
				// requests included; the server's own pages are not.
				{"POST", "/_ddb/clock", `{"advance":"1h"}`, []string{"Origin", "http://evil.example"}, 403, `{"message":"the admin API does not serve other origins"}`},
				{"OPTIONS", "/_ddb/faults", "", []string{"Origin", "http://evil.example", "Access-Control-Request-Method", "POST"}, 403, `{"message":"the admin API does not serve other origins"}`},
				{"GET", "/_ddb/clock", "", []string{"Origin", strings.Replace(url, "127.0.0.1", "localhost", 1)}, 403, `{"message":"the admin API does not serve other origins"}`},
				{"GET", "/_ddb/clock", "", []string{"Origin", url}, 200, `{"now":"2031-01-01T00:00:00.5Z"}`},
				// A page of a site whose name was pointed at this machine
				// (DNS rebinding) is of the server's origin, but not
				// addressed to an IP address or localhost.
				{"POST", "/_ddb/clock", `{"advance":"1h"}`, []string{"Host", "evil.example:" + port(url), "Origin", "http://evil.example:" + port(url)}, 403,
					`{"message":"the admin API answers requests addressed to an IP address or localhost only, not evil.example:` + port(url) + `"}`},
				{"GET", "/_ddb/faults", "", []string{"Host", "evil.example"}, 403, `{"message":"the admin API answers requests addressed to an IP address or localhost only, not evil.example"}`},
				{"GET", "/_ddb/clock", "", []string{"Host", "localhost:" + port(url)}, 200, `{"now":"2031-01-01T00:00:00.5Z"}`},
				{"POST", "/_ddb/faults", strings.Repeat(" ", maxAdminBytes+1) + "{}", nil, 413, `{"message":"request body too large"}`},
			}
			for i, s := range steps {
				status, body := adminCall(t, url, s.method, s.path, s.body, s.header...)
				if status != s.status || body != s.want {
					t.Errorf("step %d: %s %s: %d %s\nwant %d %s", i, s.method, s.path, status, body, s.status, s.want)
				}
			}
		})
	}
}

// The admin API is off unless the server is made WithAdmin: its paths are
// answered as DynamoDB answers them.
func TestAdminOff(t *testing.T) {
	db := openEngine(t, engine.Options{})
	url := startLoop(t, New(db))
	if status, body := adminCall(t, url, "GET", "/_ddb/faults", ""); status != 404 || body != strings.TrimSpace(string(unknownOperation)) {
		t.Errorf("GET /_ddb/faults: %d %q, want 404, as for any path but /", status, body)
	}
	if status, _ := adminCall(t, url, "POST", "/_ddb/faults", `{"fault":{"error":"ThrottlingException"}}`, "Content-Type", "application/json"); status != 400 {
		t.Errorf("POST /_ddb/faults: %d, want a DynamoDB error", status)
	}
	if len(db.Faults().List()) != 0 {
		t.Error("a rule was added without the admin API")
	}
}

// adminServer serves a fresh engine with its admin API on the connection
// loop and returns the engine, the endpoint and SDK clients that retry
// with the SDK's standard retryer (5 attempts, a millisecond apart).
func adminServer(t *testing.T, opts engine.Options) (*engine.DB, string, *dynamodb.Client, *dynamodbstreams.Client) {
	t.Helper()
	db := openEngine(t, opts)
	url := startLoop(t, New(db, WithAdmin(db)))
	creds := credentials.NewStaticCredentialsProvider("AKID", "SECRET", "")
	client := dynamodb.New(dynamodb.Options{
		APIOptions:   sdkrace.Options(),
		BaseEndpoint: aws.String(url), Region: "us-east-1", Credentials: creds, Retryer: retry.AddWithMaxBackoffDelay(retry.AddWithMaxAttempts(retry.NewStandard(), 5), time.Millisecond),
		EndpointDiscovery: dynamodb.EndpointDiscoveryOptions{EnableEndpointDiscovery: aws.EndpointDiscoveryDisabled},
	})
	streams := dynamodbstreams.New(dynamodbstreams.Options{APIOptions: sdkrace.Options(), BaseEndpoint: aws.String(url), Region: "us-east-1", Credentials: creds})
	return db, url, client, streams
}

// createTable creates table name (hash key pk) with a stream of new and
// old images.
func createTable(t *testing.T, client *dynamodb.Client, name string) {
	t.Helper()
	_, err := client.CreateTable(context.Background(), &dynamodb.CreateTableInput{
		TableName:            aws.String(name),
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("pk"), AttributeType: types.ScalarAttributeTypeS}},
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: types.KeyTypeHash}},
		BillingMode:          types.BillingModePayPerRequest,
		StreamSpecification:  &types.StreamSpecification{StreamEnabled: aws.Bool(true), StreamViewType: types.StreamViewTypeNewAndOldImages},
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestAdminFaultsOverTheWire(t *testing.T) {
	ctx := context.Background()
	_, url, client, _ := adminServer(t, engine.Options{})
	createTable(t, client, "orders")
	post := func(rule string) {
		t.Helper()
		if status, body := adminCall(t, url, "POST", "/_ddb/faults", rule); status != 200 {
			t.Fatalf("POST %s: %d %s", rule, status, body)
		}
	}
	put := func(pk string, optFns ...func(*dynamodb.Options)) error {
		_, err := client.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("orders"), Item: map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: pk}}}, optFns...)
		return err
	}
	noRetries := func(o *dynamodb.Options) { o.Retryer = aws.NopRetryer{} }

	// The SDK's retryer retries throttling and 500s: the caller sees
	// success.
	post(`{"operation":"PutItem","to":2,"fault":{"error":"ProvisionedThroughputExceededException"}}`)
	// The second rule sees only the calls the first lets through.
	post(`{"operation":"PutItem","to":1,"fault":{"error":"InternalServerError"}}`)
	if err := put("a"); err != nil {
		t.Fatalf("PutItem through two throttles and a 500: %v", err)
	}
	_, list := adminCall(t, url, "GET", "/_ddb/faults", "")
	var got struct{ Rules []struct{ Calls, Hits int } }
	if err := json.Unmarshal([]byte(list), &got); err != nil {
		t.Fatal(err)
	}
	if want := []struct{ Calls, Hits int }{{4, 2}, {2, 1}}; !cmp.Equal(want, got.Rules) {
		t.Errorf("counts %+v, want %+v", got.Rules, want)
	}
	adminCall(t, url, "DELETE", "/_ddb/faults", "")

	// Without retries, each error arrives as DynamoDB sends it.
	for _, tt := range []struct {
		code, message string
		status        int
	}{
		{engine.CodeProvisionedThroughputExceeded, "The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.", 400},
		{engine.CodeThrottling, "Throughput exceeds the current capacity of your table or index. DynamoDB is automatically scaling your table or index so please try again shortly. If exceptions persist, check if you have a hot key: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html.", 400},
		{engine.CodeRequestLimitExceeded, "Throughput exceeds the current throughput limit for your account. Please contact AWS Support at https://aws.amazon.com/support request a limit increase", 400},
		{engine.CodeInternalServerError, "Internal server error", 500},
		{engine.CodeTransactionConflict, "Transaction is ongoing for the item", 400},
	} {
		post(`{"operation":"PutItem","fault":{"error":"` + tt.code + `"}}`)
		err := put("b", noRetries)
		var re *awshttp.ResponseError
		if !errors.As(err, &re) || re.HTTPStatusCode() != tt.status || !strings.HasSuffix(err.Error(), tt.code+": "+tt.message) {
			t.Errorf("%s: %v, want status %d and %q", tt.code, err, tt.status, tt.message)
		}
		adminCall(t, url, "DELETE", "/_ddb/faults", "")
	}

	// Transaction conflicts name their item among the cancellation reasons.
	post(`{"key":{"pk":{"S":"c"}},"fault":{"error":"TransactionConflictException"}}`)
	_, err := client.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
		{Put: &types.Put{TableName: aws.String("orders"), Item: map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: "b"}}}},
		{Put: &types.Put{TableName: aws.String("orders"), Item: map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: "c"}}}},
	}})
	var tce *types.TransactionCanceledException
	if !errors.As(err, &tce) || len(tce.CancellationReasons) != 2 || *tce.CancellationReasons[0].Code != "None" ||
		*tce.CancellationReasons[1].Code != "TransactionConflict" || *tce.CancellationReasons[1].Message != "Transaction is ongoing for the item" {
		t.Errorf("TransactWriteItems: %v, want a TransactionConflict on the second item", err)
	}
	adminCall(t, url, "DELETE", "/_ddb/faults", "")

	// Unprocessed items come back as they were sent.
	post(`{"operation":"BatchWriteItem","key":{"pk":{"S":"late"}},"fault":{"unprocessed":true}}`)
	requests := []types.WriteRequest{
		{PutRequest: &types.PutRequest{Item: map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: "early"}}}},
		{PutRequest: &types.PutRequest{Item: map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: "late"}, "n": &types.AttributeValueMemberN{Value: "7"}}}},
	}
	out, err := client.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{"orders": requests}})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string][]types.WriteRequest{"orders": requests[1:]}, out.UnprocessedItems, ignoreUnexported); diff != "" {
		t.Errorf("UnprocessedItems (-want +got):\n%s", diff)
	}
}

// The clock moves over HTTP, and time to live, stream retention and
// iterator expiry follow it.
func TestAdminClockOverTheWire(t *testing.T) {
	ctx := context.Background()
	_, url, client, streams := adminServer(t, engine.Options{ShardRollover: 48 * time.Hour})
	advance := func(d string) {
		t.Helper()
		if status, body := adminCall(t, url, "POST", "/_ddb/clock", `{"advance":"`+d+`"}`); status != 200 {
			t.Fatalf("advance %s: %d %s", d, status, body)
		}
	}
	createTable(t, client, "sessions")
	if _, err := client.UpdateTimeToLive(ctx, &dynamodb.UpdateTimeToLiveInput{TableName: aws.String("sessions"),
		TimeToLiveSpecification: &types.TimeToLiveSpecification{AttributeName: aws.String("exp"), Enabled: aws.Bool(true)}}); err != nil {
		t.Fatal(err)
	}
	_, now := adminCall(t, url, "GET", "/_ddb/clock", "")
	var clock struct{ Now time.Time }
	if err := json.Unmarshal([]byte(now), &clock); err != nil {
		t.Fatal(err)
	}
	exp := clock.Now.Add(24 * time.Hour).Unix()
	key := map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: "s1"}}
	if _, err := client.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("sessions"), Item: map[string]types.AttributeValue{
		"pk": key["pk"], "exp": &types.AttributeValueMemberN{Value: strconv.FormatInt(exp, 10)},
	}}); err != nil {
		t.Fatal(err)
	}
	d, err := client.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String("sessions")})
	if err != nil {
		t.Fatal(err)
	}
	arn := d.Table.LatestStreamArn
	desc, err := streams.DescribeStream(ctx, &dynamodbstreams.DescribeStreamInput{StreamArn: arn})
	if err != nil {
		t.Fatal(err)
	}
	shard := desc.StreamDescription.Shards[0].ShardId
	iterator := func(typ streamtypes.ShardIteratorType, seq *string) (*string, error) {
		out, err := streams.GetShardIterator(ctx, &dynamodbstreams.GetShardIteratorInput{StreamArn: arn, ShardId: shard, ShardIteratorType: typ, SequenceNumber: seq})
		if err != nil {
			return nil, err
		}
		return out.ShardIterator, nil
	}
	horizon, err := iterator(streamtypes.ShardIteratorTypeTrimHorizon, nil)
	if err != nil {
		t.Fatal(err)
	}

	// After 15 minutes the iterator has expired.
	advance("15m1s")
	var expired *streamtypes.ExpiredIteratorException
	if _, err := streams.GetRecords(ctx, &dynamodbstreams.GetRecordsInput{ShardIterator: horizon}); !errors.As(err, &expired) {
		t.Errorf("a 15-minute-old iterator: %v, want ExpiredIteratorException", err)
	}

	// After 24 hours the item has expired, and a service REMOVE is recorded.
	advance("24h")
	got, err := client.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("sessions"), Key: key, ConsistentRead: aws.Bool(true)})
	if err != nil || got.Item != nil {
		t.Fatalf("GetItem after expiry: %v, %v; want no item", got.Item, err)
	}
	horizon, err = iterator(streamtypes.ShardIteratorTypeTrimHorizon, nil)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := streams.GetRecords(ctx, &dynamodbstreams.GetRecordsInput{ShardIterator: horizon})
	if err != nil {
		t.Fatal(err)
	}
	// The INSERT made a day ago has been trimmed; the REMOVE remains.
	if len(recs.Records) != 1 || recs.Records[0].EventName != streamtypes.OperationTypeRemove ||
		recs.Records[0].UserIdentity == nil || *recs.Records[0].UserIdentity.Type != "Service" || *recs.Records[0].UserIdentity.PrincipalId != "dynamodb.amazonaws.com" {
		t.Fatalf("records after expiry: %+v", recs.Records)
	}

	// The REMOVE record itself is trimmed 24 hours later.
	advance("24h")
	var trimmed *streamtypes.TrimmedDataAccessException
	if _, err := iterator(streamtypes.ShardIteratorTypeAtSequenceNumber, recs.Records[0].Dynamodb.SequenceNumber); !errors.As(err, &trimmed) {
		t.Errorf("an iterator at a 24-hour-old record: %v, want TrimmedDataAccessException", err)
	}
}

// A server that verifies signatures (WithAuth) requires them of admin calls.
func TestAdminRequiresSignature(t *testing.T) {
	for name, start := range transports {
		t.Run(name, func(t *testing.T) {
			db := openEngine(t, engine.Options{})
			url := start(t, New(db, WithAdmin(db), WithAuth(map[string]string{"AKIDGOOD": "s3cret"})))
			send := func(key, secret string) (int, string) {
				t.Helper()
				body := `{"advance":"1h"}`
				req, err := http.NewRequest(http.MethodPost, url+"/_ddb/clock", strings.NewReader(body))
				if err != nil {
					t.Fatal(err)
				}
				if key != "" {
					sum := sha256.Sum256([]byte(body))
					creds := aws.Credentials{AccessKeyID: key, SecretAccessKey: secret}
					if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, hex.EncodeToString(sum[:]), "dynamodb", "us-east-1", time.Now()); err != nil {
						t.Fatal(err)
					}
				}
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				defer resp.Body.Close()
				b, _ := io.ReadAll(resp.Body)
				return resp.StatusCode, strings.TrimSpace(string(b))
			}
			if status, body := send("", ""); status != 403 || !strings.Contains(body, "Request is missing Authentication Token") {
				t.Errorf("unsigned: %d %s, want 403", status, body)
			}
			if status, body := send("AKIDGOOD", "guess"); status != 403 || !strings.Contains(body, "InvalidSignatureException") && !strings.Contains(body, "does not match") {
				t.Errorf("wrong secret: %d %s, want 403", status, body)
			}
			if status, body := send("AKIDGOOD", "s3cret"); status != 200 {
				t.Errorf("signed: %d %s, want 200", status, body)
			}
		})
	}
}
