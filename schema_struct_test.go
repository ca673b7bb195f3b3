package ddb

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"
)

// Message has a composite key, two local and two global indexes, one of
// which shares attributes with the table key.
type Message struct {
	Forum    string    `ddb:"forum,hash,gsi=by_forum_author:hash"`
	Thread   uuid.UUID `ddb:"thread,range"`
	Posted   time.Time `ddb:"posted,unixtime,lsi=by_posted"`
	Author   string    `ddb:"author,gsi=by_author,gsi=by_forum_author:range"`
	Score    int64     `ddb:"score,lsi=by_score,gsi=by_author:range"`
	Body     string    `ddb:"body"`
	Tags     []string  `ddb:"tags,set"`
	Attached []byte    `ddb:"attached,omitempty"`
	Expires  time.Time `ddb:"expires,unixtime"`
	internal int
}

func TestCreateTableInput(t *testing.T) {
	s, err := SchemaFor[Message]("messages", Provisioned(10, 5),
		WithIndex("by_author", ProjectInclude("body", "tags"), IndexThroughput(3, 2)),
		WithIndex("by_score", ProjectKeysOnly()),
		WithStream(types.StreamViewTypeNewAndOldImages), WithTTL("expires"))
	if err != nil {
		t.Fatal(err)
	}
	def := func(name string, typ types.ScalarAttributeType) types.AttributeDefinition {
		return types.AttributeDefinition{AttributeName: aws.String(name), AttributeType: typ}
	}
	key := func(name string, typ types.KeyType) types.KeySchemaElement {
		return types.KeySchemaElement{AttributeName: aws.String(name), KeyType: typ}
	}
	throughput := func(r, w int64) *types.ProvisionedThroughput {
		return &types.ProvisionedThroughput{ReadCapacityUnits: aws.Int64(r), WriteCapacityUnits: aws.Int64(w)}
	}
	all := &types.Projection{ProjectionType: types.ProjectionTypeAll}
	want := &dynamodb.CreateTableInput{
		TableName: aws.String("messages"),
		AttributeDefinitions: []types.AttributeDefinition{
			def("forum", types.ScalarAttributeTypeS),
			def("thread", types.ScalarAttributeTypeS),
			def("author", types.ScalarAttributeTypeS),
			def("posted", types.ScalarAttributeTypeN),
			def("score", types.ScalarAttributeTypeN),
		},
		KeySchema: []types.KeySchemaElement{key("forum", types.KeyTypeHash), key("thread", types.KeyTypeRange)},
		LocalSecondaryIndexes: []types.LocalSecondaryIndex{
			{IndexName: aws.String("by_posted"), KeySchema: []types.KeySchemaElement{key("forum", types.KeyTypeHash), key("posted", types.KeyTypeRange)}, Projection: all},
			{IndexName: aws.String("by_score"), KeySchema: []types.KeySchemaElement{key("forum", types.KeyTypeHash), key("score", types.KeyTypeRange)},
				Projection: &types.Projection{ProjectionType: types.ProjectionTypeKeysOnly}},
		},
		GlobalSecondaryIndexes: []types.GlobalSecondaryIndex{
			{IndexName: aws.String("by_forum_author"), KeySchema: []types.KeySchemaElement{key("forum", types.KeyTypeHash), key("author", types.KeyTypeRange)},
				Projection: all, ProvisionedThroughput: throughput(10, 5)},
			{IndexName: aws.String("by_author"), KeySchema: []types.KeySchemaElement{key("author", types.KeyTypeHash), key("score", types.KeyTypeRange)},
				Projection:            &types.Projection{ProjectionType: types.ProjectionTypeInclude, NonKeyAttributes: []string{"body", "tags"}},
				ProvisionedThroughput: throughput(3, 2)},
		},
		BillingMode:           types.BillingModeProvisioned,
		ProvisionedThroughput: throughput(10, 5),
		StreamSpecification:   &types.StreamSpecification{StreamEnabled: aws.Bool(true), StreamViewType: types.StreamViewTypeNewAndOldImages},
	}
	if diff := cmp.Diff(want, s.CreateTableInput(), sdkCmp); diff != "" {
		t.Errorf("CreateTableInput (-want +got):\n%s", diff)
	}
	if s.TTL() != "expires" {
		t.Errorf("TTL() = %q", s.TTL())
	}
	wantFields := []Field{{"forum", TypeString}, {"thread", TypeString}, {"posted", TypeNumber}, {"author", TypeString},
		{"score", TypeNumber}, {"body", TypeString}, {"tags", ""}, {"attached", TypeBinary}, {"expires", TypeNumber}}
	if diff := cmp.Diff(wantFields, s.Fields()); diff != "" {
		t.Errorf("Fields (-want +got):\n%s", diff)
	}
}

func TestCreateTableInputOnDemand(t *testing.T) {
	type Wallet struct {
		UserID  uuid.UUID `ddb:"user_id,hash"`
		Balance int       `ddb:"balance"`
	}
	s, err := SchemaFor[Wallet]("user_wallet")
	if err != nil {
		t.Fatal(err)
	}
	want := &dynamodb.CreateTableInput{
		TableName:            aws.String("user_wallet"),
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("user_id"), AttributeType: types.ScalarAttributeTypeS}},
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("user_id"), KeyType: types.KeyTypeHash}},
		BillingMode:          types.BillingModePayPerRequest,
	}
	if diff := cmp.Diff(want, s.CreateTableInput(), sdkCmp); diff != "" {
		t.Errorf("CreateTableInput (-want +got):\n%s", diff)
	}
}

// Declarations with one mistake each.
type (
	noHash struct {
		ID string `ddb:"id"`
	}
	twoHashes struct {
		A string `ddb:"a,hash"`
		B string `ddb:"b,hash"`
	}
	twoRanges struct {
		A string `ddb:"a,hash"`
		B string `ddb:"b,range"`
		C string `ddb:"c,range"`
	}
	listHash struct {
		IDs []string `ddb:"ids,hash"`
	}
	boolRange struct {
		ID   string `ddb:"id,hash"`
		Flag bool   `ddb:"flag,range"`
	}
	mapIndexKey struct {
		ID   string            `ddb:"id,hash"`
		Meta map[string]string `ddb:"meta,gsi=by_meta"`
	}
	duplicateName struct {
		ID  string `ddb:"id,hash"`
		One string `ddb:"x"`
		Two string `ddb:"x"`
	}
	indexRangeOnly struct {
		ID  string `ddb:"id,hash"`
		Day string `ddb:"day,gsi=by_day:range"`
	}
	twoIndexHashes struct {
		ID string `ddb:"id,hash"`
		A  string `ddb:"a,gsi=g"`
		B  string `ddb:"b,gsi=g:hash"`
	}
	localAndGlobal struct {
		ID string `ddb:"id,hash"`
		R  string `ddb:"r,range"`
		A  string `ddb:"a,lsi=ix"`
		B  string `ddb:"b,gsi=ix"`
	}
	localWithoutRange struct {
		ID string `ddb:"id,hash"`
		A  string `ddb:"a,lsi=ix"`
	}
	badTag struct {
		ID string `ddb:"id,hash,primary"`
	}
	dottedName struct {
		ID string `ddb:"id,hash"`
		AB string `ddb:"a.b"`
	}
	indexedName struct {
		ID string `ddb:"id,hash"`
		L  string `ddb:"l[0]"`
	}
	omittedHash struct {
		ID string `ddb:"id,hash,omitempty"`
	}
	omittedRange struct {
		ID  string `ddb:"id,hash"`
		Seq int    `ddb:"seq,range,omitempty"`
	}
	shortIndexName struct {
		ID     string `ddb:"id,hash"`
		Status string `ddb:"status,gsi=g"`
	}
	spacedIndexName struct {
		ID     string `ddb:"id,hash"`
		Status string `ddb:"status,gsi=by status"`
	}
	hidden struct {
		Note string `ddb:"note"`
	}
	embedsHiddenPointer struct {
		ID string `ddb:"id,hash"`
		*hidden
	}
	embedsTime struct {
		ID string `ddb:"id,hash"`
		time.Time
	}
)

func TestSchemaForErrors(t *testing.T) {
	tests := []struct {
		name    string
		schema  func() (*Schema, error)
		message string
	}{
		{"no hash key", func() (*Schema, error) { return SchemaFor[noHash]("t_1") },
			"ddb: table t_1: no hash key: tag one field of noHash with `ddb:\"name,hash\"`"},
		{"two hash keys", func() (*Schema, error) { return SchemaFor[twoHashes]("t_1") },
			`ddb: table t_1: twoHashes.B ("b"): second hash key (the first is twoHashes.A ("a"))`},
		{"two range keys", func() (*Schema, error) { return SchemaFor[twoRanges]("t_1") },
			`ddb: table t_1: twoRanges.C ("c"): second range key (the first is twoRanges.B ("b"))`},
		{"hash key of a list type", func() (*Schema, error) { return SchemaFor[listHash]("t_1") },
			`ddb: table t_1: listHash.IDs ("ids"): hash key must have type S, N or B`},
		{"range key of type bool", func() (*Schema, error) { return SchemaFor[boolRange]("t_1") },
			`ddb: table t_1: boolRange.Flag ("flag"): range key must have type S, N or B`},
		{"index key of a map type", func() (*Schema, error) { return SchemaFor[mapIndexKey]("t_1") },
			`ddb: table t_1: mapIndexKey.Meta ("meta"): hash key of index by_meta must have type S, N or B`},
		{"duplicate attribute name", func() (*Schema, error) { return SchemaFor[duplicateName]("t_1") },
			`ddb: table t_1: duplicateName.Two ("x"): attribute name "x" is also that of duplicateName.One`},
		{"index with a range key only", func() (*Schema, error) { return SchemaFor[indexRangeOnly]("t_1") },
			`ddb: table t_1: indexRangeOnly.Day ("day"): index by_day has a range key but no hash key`},
		{"two hash keys of one index", func() (*Schema, error) { return SchemaFor[twoIndexHashes]("t_1") },
			`ddb: table t_1: twoIndexHashes.B ("b"): second hash key of index g (the first is twoIndexHashes.A ("a"))`},
		{"index both local and global", func() (*Schema, error) { return SchemaFor[localAndGlobal]("t_1") },
			`ddb: table t_1: localAndGlobal.B ("b"): index ix is declared both as a local and as a global index`},
		{"local index without table range key", func() (*Schema, error) { return SchemaFor[localWithoutRange]("t_1") },
			`ddb: table t_1: localWithoutRange.A ("a"): local secondary index ix needs a table with a range key`},
		{"unknown index in options", func() (*Schema, error) {
			return SchemaFor[Message]("t_1", WithIndex("by_forum", ProjectKeysOnly()))
		}, `ddb: table t_1: WithIndex("by_forum"): the declaration has no index by_forum`},
		{"bad tag", func() (*Schema, error) { return SchemaFor[badTag]("t_1") },
			`ddb: table t_1: badTag.ID ("id"): unknown tag option "primary"`},
		{"not a struct", func() (*Schema, error) { return SchemaFor[map[string]any]("t_1") },
			"ddb: table t_1: map[string]interface {} is not a struct type; declare the table with NewSchema and TableWithSchema"},
		{"name with a dot", func() (*Schema, error) { return SchemaFor[dottedName]("t_1") },
			`ddb: table t_1: dottedName.AB ("a.b"): attribute name "a.b" holds '.', '[' or ']', which document paths (Attr, Project, Set) read as nesting: no expression could name the attribute`},
		{"name with brackets", func() (*Schema, error) { return SchemaFor[indexedName]("t_1") },
			`ddb: table t_1: indexedName.L ("l[0]"): attribute name "l[0]" holds '.', '[' or ']', which document paths (Attr, Project, Set) read as nesting: no expression could name the attribute`},
		{"hash key tagged omitempty", func() (*Schema, error) { return SchemaFor[omittedHash]("t_1") },
			`ddb: table t_1: omittedHash.ID ("id"): a key attribute cannot be tagged omitempty: every item has its key`},
		{"range key tagged omitempty", func() (*Schema, error) { return SchemaFor[omittedRange]("t_1") },
			`ddb: table t_1: omittedRange.Seq ("seq"): a key attribute cannot be tagged omitempty: every item has its key`},
		{"index name too short", func() (*Schema, error) { return SchemaFor[shortIndexName]("t_1") },
			`ddb: table t_1: index name "g" must be 3 to 255 characters from a-z, A-Z, 0-9, '_', '-' and '.'`},
		{"index name with a space", func() (*Schema, error) { return SchemaFor[spacedIndexName]("t_1") },
			`ddb: table t_1: index name "by status" must be 3 to 255 characters from a-z, A-Z, 0-9, '_', '-' and '.'`},
		{"embedded pointer to an unexported type", func() (*Schema, error) { return SchemaFor[embedsHiddenPointer]("t_1") },
			`ddb: table t_1: hidden.Note ("note"): promoted through embedsHiddenPointer.hidden, an embedded pointer to an unexported struct type, which decoding cannot allocate (reflect cannot set an unexported field); embed the struct by value, or export its type`},
		{"embedded time", func() (*Schema, error) { return SchemaFor[embedsTime]("t_1") },
			`ddb: table t_1: embedsTime.Time: the embedded time.Time gives embedsTime its MarshalText method, with which embedsTime would be read and written as a string rather than as an item; make it a named field`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := tt.schema()
			var se *SchemaError
			if !errors.As(err, &se) {
				t.Fatalf("got %v, %v; want a *SchemaError", s, err)
			}
			if err.Error() != tt.message {
				t.Errorf("error\n got %s\nwant %s", err, tt.message)
			}
		})
	}
}

func TestNewTableReportsDeclarationErrors(t *testing.T) {
	_, err := NewTable[twoHashes](New(nil), "t_1")
	if err == nil || !strings.Contains(err.Error(), "twoHashes.B") {
		t.Errorf("NewTable: %v", err)
	}
}
