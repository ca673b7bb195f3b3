package conformance

import (
	"context"
	"errors"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/engine"
	"github.com/ddbkit/ddb/engine/server"
	"github.com/ddbkit/ddb/internal/sdkrace"
	"github.com/ddbkit/ddb/internal/testbackend"
)

func TestMain(m *testing.M) { testbackend.Main(m) }

// engineHTTP is the name of the backend that reaches the engine through its
// HTTP server and the SDK client.
const engineHTTP = "engine-http"

// item is an attribute map, for brevity.
type item = map[string]types.AttributeValue

// tables are the tables every conformance test gets, named uniquely per
// backend: the shapes DynamoDB's behaviour is pinned on.
type tables struct {
	hash      string // pk S
	hashB     string // pk B
	composite string // pk S, sk S, no index
	indexed   string // pk S, sk S; lsi1 (lsi1sk, ALL), lsi2 (lsi2sk, INCLUDE lsi1sk), gsi1 (lsi1sk, ALL), gsi2 (lsi1sk+lsi2sk, INCLUDE data)
	gsiB      string // pk S; gsib (bidx B, ALL)
}

// backend is one implementation under test with its tables.
type backend struct {
	name string
	api  ddb.API
	tb   tables
}

// local reports whether the backend is DynamoDB Local.
func (be backend) local() bool { return testbackend.IsLocal(be.name) }

// skipLocal skips the calling test on DynamoDB Local, for a documented
// difference between DynamoDB Local and DynamoDB.
func (be backend) skipLocal(t *testing.T, reason string) {
	t.Helper()
	if reason != "" && be.local() {
		t.Skip("DynamoDB Local differs from DynamoDB: " + reason)
	}
}

// forEachBackend runs f as a subtest per backend: every backend of
// testbackend.All plus the engine behind its HTTP server, each with a fresh
// set of tables.
func forEachBackend(t *testing.T, f func(t *testing.T, be backend)) {
	t.Helper()
	var all []backend
	for _, tb := range testbackend.All(t) {
		all = append(all, backend{name: tb.Name, api: tb.API})
	}
	all = append(all, backend{name: engineHTTP, api: httpClient(t)})
	for _, be := range all {
		t.Run(be.name, func(t *testing.T) {
			be.tb = createTables(t, be.api)
			f(t, be)
		})
	}
}

// httpClient serves a fresh in-memory engine over HTTP and returns an SDK
// client for it.
func httpClient(t *testing.T) *dynamodb.Client {
	t.Helper()
	db, err := engine.Open(engine.Options{})
	if err != nil {
		t.Fatalf("engine.Open: %v", err)
	}
	srv := httptest.NewServer(server.New(db))
	t.Cleanup(func() {
		srv.Close()
		if err := db.Close(); err != nil {
			t.Errorf("engine Close: %v", err)
		}
	})
	return dynamodb.New(dynamodb.Options{
		APIOptions:        sdkrace.Options(),
		BaseEndpoint:      aws.String(srv.URL),
		Region:            "us-east-1",
		Credentials:       credentials.NewStaticCredentialsProvider("AKID", "SECRET", ""),
		RetryMaxAttempts:  1,
		EndpointDiscovery: dynamodb.EndpointDiscoveryOptions{EnableEndpointDiscovery: aws.EndpointDiscoveryDisabled},
	})
}

func attrDef(name string, typ types.ScalarAttributeType) types.AttributeDefinition {
	return types.AttributeDefinition{AttributeName: aws.String(name), AttributeType: typ}
}

func keyElem(name string, typ types.KeyType) types.KeySchemaElement {
	return types.KeySchemaElement{AttributeName: aws.String(name), KeyType: typ}
}

// createTables creates the conformance tables on api (on demand, dropped when
// the test ends).
func createTables(t *testing.T, api ddb.API) tables {
	t.Helper()
	onDemand := types.BillingModePayPerRequest
	hashOf := func(name string, typ types.ScalarAttributeType) *dynamodb.CreateTableInput {
		return &dynamodb.CreateTableInput{
			TableName:            aws.String(name),
			AttributeDefinitions: []types.AttributeDefinition{attrDef("pk", typ)},
			KeySchema:            []types.KeySchemaElement{keyElem("pk", types.KeyTypeHash)},
			BillingMode:          onDemand,
		}
	}
	composite := &dynamodb.CreateTableInput{
		TableName:            aws.String("conf-composite"),
		AttributeDefinitions: []types.AttributeDefinition{attrDef("pk", types.ScalarAttributeTypeS), attrDef("sk", types.ScalarAttributeTypeS)},
		KeySchema:            []types.KeySchemaElement{keyElem("pk", types.KeyTypeHash), keyElem("sk", types.KeyTypeRange)},
		BillingMode:          onDemand,
	}
	indexed := *composite
	indexed.TableName = aws.String("conf-indexed")
	indexed.AttributeDefinitions = append(indexed.AttributeDefinitions[:2:2],
		attrDef("lsi1sk", types.ScalarAttributeTypeS), attrDef("lsi2sk", types.ScalarAttributeTypeS))
	indexed.LocalSecondaryIndexes = []types.LocalSecondaryIndex{
		{IndexName: aws.String("lsi1"), KeySchema: []types.KeySchemaElement{keyElem("pk", types.KeyTypeHash), keyElem("lsi1sk", types.KeyTypeRange)},
			Projection: &types.Projection{ProjectionType: types.ProjectionTypeAll}},
		{IndexName: aws.String("lsi2"), KeySchema: []types.KeySchemaElement{keyElem("pk", types.KeyTypeHash), keyElem("lsi2sk", types.KeyTypeRange)},
			Projection: &types.Projection{ProjectionType: types.ProjectionTypeInclude, NonKeyAttributes: []string{"lsi1sk"}}},
	}
	indexed.GlobalSecondaryIndexes = []types.GlobalSecondaryIndex{
		{IndexName: aws.String("gsi1"), KeySchema: []types.KeySchemaElement{keyElem("lsi1sk", types.KeyTypeHash)},
			Projection: &types.Projection{ProjectionType: types.ProjectionTypeAll}},
		{IndexName: aws.String("gsi2"), KeySchema: []types.KeySchemaElement{keyElem("lsi1sk", types.KeyTypeHash), keyElem("lsi2sk", types.KeyTypeRange)},
			Projection: &types.Projection{ProjectionType: types.ProjectionTypeInclude, NonKeyAttributes: []string{"data"}}},
	}
	gsiB := hashOf("conf-gsiB", types.ScalarAttributeTypeS)
	gsiB.AttributeDefinitions = append(gsiB.AttributeDefinitions, attrDef("bidx", types.ScalarAttributeTypeB))
	gsiB.GlobalSecondaryIndexes = []types.GlobalSecondaryIndex{
		{IndexName: aws.String("gsib"), KeySchema: []types.KeySchemaElement{keyElem("bidx", types.KeyTypeHash)},
			Projection: &types.Projection{ProjectionType: types.ProjectionTypeAll}},
	}
	return tables{
		hash:      testbackend.CreateTable(t, api, hashOf("conf-hash", types.ScalarAttributeTypeS)),
		hashB:     testbackend.CreateTable(t, api, hashOf("conf-hashB", types.ScalarAttributeTypeB)),
		composite: testbackend.CreateTable(t, api, composite),
		indexed:   testbackend.CreateTable(t, api, &indexed),
		gsiB:      testbackend.CreateTable(t, api, gsiB),
	}
}

// missingTable names a table no test creates.
const missingTable = "conf_missing_table"

// wantErr describes an expected error: its DynamoDB code, its exact message
// (msg; with prefix set, only its beginning) and parts the message must
// contain (has). An empty msg and has check the code alone.
type wantErr struct {
	code   string
	msg    string
	prefix bool
	has    []string
}

// check fails t unless err is the expected error.
func (w wantErr) check(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %s: %q", w.code, w.msg)
	}
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("got %T %v, want an API error %s", err, err, w.code)
	}
	if apiErr.ErrorCode() != w.code {
		t.Fatalf("error code = %s (%q), want %s", apiErr.ErrorCode(), apiErr.ErrorMessage(), w.code)
	}
	got := apiErr.ErrorMessage()
	switch {
	case w.msg == "":
	case w.prefix && !strings.HasPrefix(got, w.msg):
		t.Errorf("message = %q, want it to start with %q", got, w.msg)
	case !w.prefix && got != w.msg:
		t.Errorf("message = %q, want %q", got, w.msg)
	}
	for _, part := range w.has {
		if !strings.Contains(got, part) {
			t.Errorf("message = %q, want it to contain %q", got, part)
		}
	}
}

// Error codes and messages shared by many cases.
const (
	codeValidation  = "ValidationException"
	codeNotFound    = "ResourceNotFoundException"
	codeCondFailed  = "ConditionalCheckFailedException"
	codeTxCancelled = "TransactionCanceledException"
	msgNotFound     = "Requested resource not found"
	msgKeySchema    = "The provided key element does not match the schema"
	msgCondFailed   = "The conditional request failed"
	msgDuplicates   = "Provided list of item keys contains duplicates"
)

// errNotFound, errKeySchema and errCondFailed are the most common wants.
var (
	errNotFound   = wantErr{code: codeNotFound, msg: msgNotFound}
	errKeySchema  = wantErr{code: codeValidation, msg: msgKeySchema}
	errCondFailed = wantErr{code: codeCondFailed, msg: msgCondFailed}
)

// Documented ways DynamoDB Local's messages differ from DynamoDB's.
const (
	localNotFound    = `its missing-table message is "Cannot do operations on a non-existent table"`
	localKeyCount    = `a key missing an element gets "The number of conditions on the keys is invalid"`
	localKeyType     = `a key of the wrong type gets "One or more parameter values were invalid: Type mismatch for key"`
	localEmptyBinary = `an empty binary key value gets "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"`
	localModel       = `it checks request members one at a time in its own words ("Invalid table/index name.", "Limit must be greater than or equal to 1", "Too many items requested for the BatchWriteItem call") where DynamoDB reports model constraint violations in AWS's "1 validation error detected: ..." format`
)

// emptyKeyMsg is DynamoDB's message for an empty S or B key value.
func emptyKeyMsg(kind, key string) string {
	return "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty " + kind + " value. Key: " + key
}

// put writes it to table, failing the test on error.
func put(t *testing.T, api ddb.API, table string, it item) {
	t.Helper()
	if _, err := api.PutItem(context.Background(), &dynamodb.PutItemInput{TableName: aws.String(table), Item: it}); err != nil {
		t.Fatalf("PutItem %v: %v", it, err)
	}
}

// get reads key from table with a consistent read (nil when absent).
func get(t *testing.T, api ddb.API, table string, key item) item {
	t.Helper()
	out, err := api.GetItem(context.Background(), &dynamodb.GetItemInput{TableName: aws.String(table), Key: key, ConsistentRead: aws.Bool(true)})
	if err != nil {
		t.Fatalf("GetItem %v: %v", key, err)
	}
	return out.Item
}

// attrCmp compares attribute values and maps, ignoring the SDK's unexported
// noSmithyDocumentSerde fields.
var attrCmp = cmp.Exporter(func(reflect.Type) bool { return true })

// sameItem fails t when got differs from want.
func sameItem(t *testing.T, got, want item) {
	t.Helper()
	if diff := cmp.Diff(want, got, attrCmp); diff != "" {
		t.Errorf("item differs (-want +got):\n%s", diff)
	}
}
