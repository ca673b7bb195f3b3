package engine

import (
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/internal/av"
)

// Multi-attribute keys of global secondary indexes (DynamoDB, November
// 2025): a GSI key schema lists up to four HASH elements, then up to four
// RANGE elements. AWS documents the rules (every partition key attribute in
// an equality; sort key attributes left to right, equalities but for the
// last; items missing one attribute are not indexed; each attribute keeps
// its type and its order) but not the messages of the requests that break
// them. DynamoDB Local has no multi-attribute keys; where no message is
// documented, the engine uses DynamoDB's message for the same mistake on a
// one-attribute key, or one in its wording.

// multiKeySchema builds a key schema of the given HASH then RANGE
// attributes.
func multiKeySchema(hash []string, rng ...string) []types.KeySchemaElement {
	var ks []types.KeySchemaElement
	for _, h := range hash {
		ks = append(ks, types.KeySchemaElement{AttributeName: aws.String(h), KeyType: types.KeyTypeHash})
	}
	for _, r := range rng {
		ks = append(ks, types.KeySchemaElement{AttributeName: aws.String(r), KeyType: types.KeyTypeRange})
	}
	return ks
}

// matchesTable is a table of tournament matches with a GSI keyed by
// tournament and region (partition), round and bracket (sort).
func matchesTable(name string, projection types.ProjectionType) *dynamodb.CreateTableInput {
	return &dynamodb.CreateTableInput{
		TableName:            aws.String(name),
		AttributeDefinitions: defs("id", "S", "tournament", "S", "region", "N", "round", "N", "bracket", "S"),
		KeySchema:            keySchema("id"),
		BillingMode:          types.BillingModePayPerRequest,
		GlobalSecondaryIndexes: []types.GlobalSecondaryIndex{{
			IndexName:  aws.String("byRound"),
			KeySchema:  multiKeySchema([]string{"tournament", "region"}, "round", "bracket"),
			Projection: &types.Projection{ProjectionType: projection},
		}},
	}
}

// match is one item of matchesTable.
func match(id, tournament, region, round, bracket string) item {
	it := item{"id": av.S(id), "tournament": av.S(tournament), "region": av.N(region), "round": av.N(round), "payload": av.S("p" + id)}
	if bracket != "" {
		it["bracket"] = av.S(bracket)
	}
	return it
}

func TestMultiKeyIndexCreate(t *testing.T) {
	gsi := func(ks []types.KeySchemaElement) *dynamodb.CreateTableInput {
		in := matchesTable("bad", types.ProjectionTypeAll)
		in.AttributeDefinitions = defs("id", "S", "a", "S", "b", "S", "c", "S", "d", "S", "e", "S", "f", "S", "g", "S", "h", "S")
		in.GlobalSecondaryIndexes[0].KeySchema = ks
		return in
	}
	tests := []struct {
		name string
		in   *dynamodb.CreateTableInput
		err  string
	}{
		{"four and four", gsi(multiKeySchema([]string{"a", "b", "c", "d"}, "e", "f", "g", "h")), ""},
		{"five hash", gsi(multiKeySchema([]string{"a", "b", "c", "d", "e"}, "f")),
			"ValidationException: Key Schema too big.  Key Schema of a global secondary index must at most consist of 4 hash keys and 4 range keys"},
		{"five range", gsi(multiKeySchema([]string{"a"}, "b", "c", "d", "e", "f")),
			"ValidationException: Key Schema too big.  Key Schema of a global secondary index must at most consist of 4 hash keys and 4 range keys"},
		{"hash after range", gsi(append(multiKeySchema([]string{"a"}, "b"), multiKeySchema([]string{"c"})...)),
			"ValidationException: Invalid KeySchema: HASH KeySchemaElements must precede RANGE KeySchemaElements"},
		{"range first", gsi(multiKeySchema(nil, "a", "b")),
			"ValidationException: Invalid KeySchema: The first KeySchemaElement is not a HASH key type"},
		{"same attribute twice", gsi(multiKeySchema([]string{"a", "b"}, "a")),
			"ValidationException: Two keys can not have the same name"},
		{"undefined attribute", gsi(multiKeySchema([]string{"a", "zz"})),
			"ValidationException: Global Secondary Index hash key not specified in Attribute Definitions.Type unknown."},
		{"table key schema stays single", func() *dynamodb.CreateTableInput {
			in := gsi(multiKeySchema([]string{"a"}))
			in.KeySchema = multiKeySchema([]string{"id", "b"})
			return in
		}(), "ValidationException: Invalid KeySchema: The second KeySchemaElement is not a RANGE key type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openMemory(t)
			_, err := db.CreateTable(ctx, tt.in)
			if got := errText(err); got != tt.err {
				t.Errorf("error %q, want %q", got, tt.err)
			}
		})
	}
}

// queryAll runs a Query one page of limit items at a time and returns the
// ids of the items, and the LastEvaluatedKeys of the pages.
func queryAll(t *testing.T, db *DB, in *dynamodb.QueryInput, limit int32) ([]string, []item) {
	t.Helper()
	var ids []string
	var lasts []item
	in.Limit = aws.Int32(limit)
	for {
		out, err := db.Query(ctx, in)
		if err != nil {
			t.Fatalf("Query(%s): %v", aws.ToString(in.KeyConditionExpression), err)
		}
		for _, it := range out.Items {
			ids = append(ids, it["id"].(*types.AttributeValueMemberS).Value)
		}
		if out.LastEvaluatedKey == nil {
			return ids, lasts
		}
		lasts = append(lasts, out.LastEvaluatedKey)
		in.ExclusiveStartKey = out.LastEvaluatedKey
	}
}

func TestMultiKeyIndexQuery(t *testing.T) {
	for _, disk := range []bool{false, true} {
		name := "memory"
		if disk {
			name = "disk"
		}
		t.Run(name, func(t *testing.T) {
			opts := Options{}
			if disk {
				opts.Dir = t.TempDir()
			}
			db, err := Open(opts)
			if err != nil {
				t.Fatal(err)
			}
			mustCreate(t, db, matchesTable("matches", types.ProjectionTypeKeysOnly))
			for _, m := range []item{
				match("1", "w24", "1", "2", "upper"),
				match("2", "w24", "1", "10", "lower"), // numeric order: round 10 after round 2
				match("3", "w24", "1", "2", "lower"),
				match("4", "w24", "1", "1", "upper"),
				match("5", "w24", "2", "1", "upper"), // another partition: region 2
				match("6", "s25", "1", "1", "upper"), // another partition: tournament s25
				match("7", "w24", "1", "2", ""),      // no bracket: not indexed
				match("8", "w24", "1", "2", "upperb"),
			} {
				mustPut(t, db, "matches", m)
			}
			check := func(t *testing.T, db *DB) {
				t.Helper()
				values := item{":t": av.S("w24"), ":r": av.N("1"), ":two": av.N("2"), ":one": av.N("1"), ":u": av.S("upper"), ":l": av.S("lower")}
				tests := []struct {
					cond    string
					forward bool
					want    []string
				}{
					{"tournament = :t AND #region = :r", true, []string{"4", "3", "1", "8", "2"}},
					{"#region = :r AND tournament = :t", false, []string{"2", "8", "1", "3", "4"}},
					{"tournament = :t AND #region = :r AND round = :two", true, []string{"3", "1", "8"}},
					{"tournament = :t AND #region = :r AND round > :one", true, []string{"3", "1", "8", "2"}},
					{"tournament = :t AND #region = :r AND round BETWEEN :one AND :two", true, []string{"4", "3", "1", "8"}},
					{"tournament = :t AND #region = :r AND round = :two AND bracket = :u", true, []string{"1"}},
					{"tournament = :t AND #region = :r AND round = :two AND bracket > :l", true, []string{"1", "8"}},
					{"tournament = :t AND #region = :r AND round = :two AND bracket <= :u", true, []string{"3", "1"}},
					{"tournament = :t AND #region = :r AND round = :two AND begins_with(bracket, :u)", false, []string{"8", "1"}},
				}
				for _, tt := range tests {
					for _, limit := range []int32{1, 2, 100} {
						in := &dynamodb.QueryInput{
							TableName: aws.String("matches"), IndexName: aws.String("byRound"), KeyConditionExpression: aws.String(tt.cond),
							ExpressionAttributeNames: map[string]string{"#region": "region"}, ScanIndexForward: aws.Bool(tt.forward),
						}
						in.ExpressionAttributeValues = item{}
						for k, v := range values {
							if strings.Contains(tt.cond, k) {
								in.ExpressionAttributeValues[k] = v
							}
						}
						got, lasts := queryAll(t, db, in, limit)
						if diff := cmp.Diff(tt.want, got); diff != "" {
							t.Errorf("Query(%s) limit %d (-want +got):\n%s", tt.cond, limit, diff)
						}
						// A LastEvaluatedKey holds the table key and every index key attribute.
						for _, last := range lasts {
							if len(last) != 5 || last["id"] == nil || last["tournament"] == nil || last["region"] == nil || last["round"] == nil || last["bracket"] == nil {
								t.Errorf("LastEvaluatedKey %v, want id, tournament, region, round and bracket", last)
							}
						}
					}
				}
				// KEYS_ONLY projects the table key and all index key attributes.
				out, err := db.Query(ctx, &dynamodb.QueryInput{
					TableName: aws.String("matches"), IndexName: aws.String("byRound"),
					KeyConditionExpression:    aws.String("tournament = :t AND #region = :r AND round = :one"),
					ExpressionAttributeNames:  map[string]string{"#region": "region"},
					ExpressionAttributeValues: item{":t": av.S("s25"), ":r": av.N("1"), ":one": av.N("1")},
				})
				if err != nil {
					t.Fatal(err)
				}
				want := []item{{"id": av.S("6"), "tournament": av.S("s25"), "region": av.N("1"), "round": av.N("1"), "bracket": av.S("upper")}}
				if diff := cmp.Diff(want, out.Items, cmpAV); diff != "" {
					t.Errorf("KEYS_ONLY items (-want +got):\n%s", diff)
				}
				scan, err := db.Scan(ctx, &dynamodb.ScanInput{TableName: aws.String("matches"), IndexName: aws.String("byRound"), Select: types.SelectCount})
				if err != nil {
					t.Fatal(err)
				}
				if scan.Count != 7 {
					t.Errorf("index scan counted %d items, want the 7 with every key attribute", scan.Count)
				}
			}
			check(t, db)
			if disk {
				if err := db.Close(); err != nil {
					t.Fatal(err)
				}
				if db, err = Open(opts); err != nil {
					t.Fatal(err)
				}
				check(t, db)
			}
			db.Close()
		})
	}
}

func TestMultiKeyIndexQueryErrors(t *testing.T) {
	db := openMemory(t)
	mustCreate(t, db, matchesTable("matches", types.ProjectionTypeAll))
	values := item{":t": av.S("w24"), ":r": av.N("1"), ":n": av.N("2"), ":s": av.S("x")}
	tests := []struct{ cond, esk, err string }{
		{cond: "tournament = :t", err: "ValidationException: Query condition missed key schema element: region"},
		{cond: "tournament = :t AND #region > :r", err: "ValidationException: Query key condition not supported"},
		{cond: "tournament = :t AND #region = :r AND bracket = :s", err: "ValidationException: Query condition missed key schema element: round"},
		{cond: "tournament = :t AND #region = :r AND round > :n AND bracket = :s", err: "ValidationException: Query key condition not supported"},
		{cond: "tournament = :t AND #region = :r AND round = :s", err: "ValidationException: One or more parameter values were invalid: Condition parameter type does not match schema type"},
		{cond: "tournament = :t AND #region = :s", err: "ValidationException: One or more parameter values were invalid: Condition parameter type does not match schema type"},
		{cond: "tournament = :t AND #region = :r AND round = :n", esk: "partial", err: "ValidationException: The provided starting key is invalid: The provided key element does not match the schema"},
		{cond: "tournament = :t AND #region = :r AND round = :n", esk: "other round", err: "ValidationException: The provided starting key does not match the range key predicate"},
	}
	for _, tt := range tests {
		in := &dynamodb.QueryInput{
			TableName: aws.String("matches"), IndexName: aws.String("byRound"), KeyConditionExpression: aws.String(tt.cond),
			ExpressionAttributeNames: map[string]string{"#region": "region"}, ExpressionAttributeValues: item{},
		}
		if !strings.Contains(tt.cond, "#region") {
			in.ExpressionAttributeNames = nil
		}
		for k, v := range values {
			if strings.Contains(tt.cond, k) {
				in.ExpressionAttributeValues[k] = v
			}
		}
		switch tt.esk {
		case "partial":
			in.ExclusiveStartKey = item{"id": av.S("1"), "tournament": av.S("w24"), "region": av.N("1"), "round": av.N("2")}
		case "other round":
			in.ExclusiveStartKey = item{"id": av.S("1"), "tournament": av.S("w24"), "region": av.N("1"), "round": av.N("3"), "bracket": av.S("a")}
		}
		_, err := db.Query(ctx, in)
		if got := errText(err); got != tt.err {
			t.Errorf("Query(%s, start %s): %q, want %q", tt.cond, tt.esk, got, tt.err)
		}
	}
	// Writes check the type of every index key attribute.
	it := match("1", "w24", "1", "2", "upper")
	it["bracket"] = av.N("3")
	_, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("matches"), Item: it})
	if got, want := errText(err), "ValidationException: One or more parameter values were invalid: Type mismatch for Index Key bracket Expected: S Actual: N IndexName: byRound"; got != want {
		t.Errorf("PutItem with a mistyped sort key attribute: %q, want %q", got, want)
	}
}

// KeyConditions (the legacy parameter) take a condition on each key
// attribute of a multi-attribute index, under the same rules as a key
// condition expression (AWS answers such a query; moto's AWS-verified tests
// record it).
func TestMultiKeyIndexKeyConditions(t *testing.T) {
	db := openMemory(t)
	mustCreate(t, db, matchesTable("matches", types.ProjectionTypeAll))
	for _, m := range []item{match("1", "w24", "1", "2", "upper"), match("2", "w24", "1", "1", "upper"), match("3", "w24", "1", "2", "lower")} {
		mustPut(t, db, "matches", m)
	}
	cond := func(op types.ComparisonOperator, v types.AttributeValue) types.Condition {
		return types.Condition{ComparisonOperator: op, AttributeValueList: []types.AttributeValue{v}}
	}
	partition := map[string]types.Condition{"tournament": cond("EQ", av.S("w24")), "region": cond("EQ", av.N("1"))}
	with := func(more map[string]types.Condition) map[string]types.Condition {
		out := map[string]types.Condition{}
		for _, m := range []map[string]types.Condition{partition, more} {
			for k, c := range m {
				out[k] = c
			}
		}
		return out
	}
	tests := []struct {
		conds map[string]types.Condition
		want  []string
		err   string
	}{
		{conds: partition, want: []string{"2", "3", "1"}},
		{conds: with(map[string]types.Condition{"round": cond("EQ", av.N("2"))}), want: []string{"3", "1"}},
		{conds: with(map[string]types.Condition{"round": cond("EQ", av.N("2")), "bracket": cond("GT", av.S("m"))}), want: []string{"1"}},
		{conds: with(map[string]types.Condition{"round": cond("GE", av.N("2"))}), want: []string{"3", "1"}},
		{conds: with(map[string]types.Condition{"bracket": cond("EQ", av.S("upper"))}), err: "ValidationException: Query condition missed key schema element: round"},
		{conds: with(map[string]types.Condition{"round": cond("EQ", av.N("2")), "bracket": cond("GT", av.S("m")), "payload": cond("EQ", av.S("p1"))}),
			err: "ValidationException: Conditions can be of length 1 or 2 only"},
	}
	for _, tt := range tests {
		out, err := db.Query(ctx, &dynamodb.QueryInput{TableName: aws.String("matches"), IndexName: aws.String("byRound"), KeyConditions: tt.conds})
		if got := errText(err); got != tt.err {
			t.Errorf("KeyConditions %v: error %q, want %q", sortedKeys(tt.conds), got, tt.err)
			continue
		}
		if err != nil {
			continue
		}
		var ids []string
		for _, it := range out.Items {
			ids = append(ids, it["id"].(*types.AttributeValueMemberS).Value)
		}
		if diff := cmp.Diff(tt.want, ids); diff != "" {
			t.Errorf("KeyConditions %v (-want +got):\n%s", sortedKeys(tt.conds), diff)
		}
	}
}

// waitIndexesActive waits until every global index of the table is ACTIVE.
func waitIndexesActive(t *testing.T, db *DB, table string) *types.TableDescription {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		d, err := db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(table)})
		if err != nil {
			t.Fatal(err)
		}
		active := true
		for _, g := range d.Table.GlobalSecondaryIndexes {
			active = active && g.IndexStatus == types.IndexStatusActive
		}
		if active {
			return d.Table
		}
		if time.Now().After(deadline) {
			t.Fatal("the index never became ACTIVE")
		}
	}
}

// A multi-attribute index created on a table with items is backfilled with
// the items that carry every key attribute, with the right types, not empty
// and within the key size limits. AWS documents that such index key
// violations leave an item out of the index without stopping the backfill
// ("Detecting and correcting index key violations"), and that once the
// index exists, writes that would violate its key schema are rejected.
func TestMultiKeyIndexBackfill(t *testing.T) {
	db := openMemory(t)
	in := matchesTable("matches", types.ProjectionTypeAll)
	in.AttributeDefinitions, in.GlobalSecondaryIndexes = defs("id", "S"), nil
	mustCreate(t, db, in)
	long := strings.Repeat("x", 1000)
	items := []item{
		match("ok1", "w24", "1", "2", "upper"),
		match("ok2", "w24", "1", "1", "lower"),
		match("nobracket", "w24", "1", "2", ""),
		{"id": av.S("mistyped"), "tournament": av.S("w24"), "region": av.S("1"), "round": av.N("1"), "bracket": av.S("a")},
		{"id": av.S("empty"), "tournament": av.S(""), "region": av.N("1"), "round": av.N("1"), "bracket": av.S("a")},
		// A sort key value over 1024 bytes.
		{"id": av.S("long"), "tournament": av.S("w24"), "region": av.N("1"), "round": av.N("1"), "bracket": av.S(long + long)},
	}
	for _, it := range items {
		mustPut(t, db, "matches", it)
	}
	_, err := db.UpdateTable(ctx, &dynamodb.UpdateTableInput{
		TableName: aws.String("matches"), AttributeDefinitions: defs("tournament", "S", "region", "N", "round", "N", "bracket", "S"),
		GlobalSecondaryIndexUpdates: []types.GlobalSecondaryIndexUpdate{{Create: &types.CreateGlobalSecondaryIndexAction{
			IndexName:  aws.String("byRound"),
			KeySchema:  multiKeySchema([]string{"tournament", "region"}, "round", "bracket"),
			Projection: &types.Projection{ProjectionType: types.ProjectionTypeAll},
		}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	d := waitIndexesActive(t, db, "matches")
	if got := *d.GlobalSecondaryIndexes[0].ItemCount; got != 2 {
		t.Errorf("index ItemCount %d, want 2", got)
	}
	got, _ := queryAll(t, db, &dynamodb.QueryInput{
		TableName: aws.String("matches"), IndexName: aws.String("byRound"),
		KeyConditionExpression:    aws.String("tournament = :t AND #region = :r"),
		ExpressionAttributeNames:  map[string]string{"#region": "region"},
		ExpressionAttributeValues: item{":t": av.S("w24"), ":r": av.N("1")},
	}, 10)
	if diff := cmp.Diff([]string{"ok2", "ok1"}, got); diff != "" {
		t.Errorf("backfilled index (-want +got):\n%s", diff)
	}
	// Now that the index exists, writes of violating items fail.
	for _, tt := range []struct {
		it  item
		err string
	}{
		{items[4], "ValidationException: One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty string value. IndexName: byRound, IndexKey: tournament"},
		{items[5], "ValidationException: One or more parameter values were invalid: Size limit exceeded for Index Key bracket Actual Size: 2000 bytes Max Size: 1024 bytes IndexName: byRound"},
	} {
		_, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("matches"), Item: tt.it})
		if got := errText(err); got != tt.err {
			t.Errorf("PutItem(%s): %q, want %q", tt.it["id"], got, tt.err)
		}
	}
}

// A SELECT on a multi-attribute index is a Query of the partition its WHERE
// clause fixes (an equality on every partition key attribute), with the
// sort key attributes' conditions from the first on as a key condition: its
// items come in sort key order, Limit counts the items of the key range
// only, and NextToken goes on from the last. Without every partition key
// attribute it scans the index.
func TestMultiKeyIndexStatement(t *testing.T) {
	db := openMemory(t)
	mustCreate(t, db, matchesTable("matches", types.ProjectionTypeAll))
	for _, m := range []item{
		match("1", "w24", "1", "2", "upper"), match("2", "w24", "2", "1", "upper"), match("3", "w24", "1", "1", ""),
		match("4", "w24", "1", "10", "lower"), match("5", "w24", "1", "2", "lower"), match("6", "s25", "1", "1", "upper"),
	} {
		mustPut(t, db, "matches", m)
	}
	// ids runs a statement a page of limit items at a time (0: no limit)
	// and returns the ids it read, page by page.
	ids := func(t *testing.T, text string, limit int32, params ...types.AttributeValue) [][]string {
		t.Helper()
		var pages [][]string
		in := &dynamodb.ExecuteStatementInput{Statement: aws.String(text), Parameters: params}
		if limit > 0 {
			in.Limit = aws.Int32(limit)
		}
		for {
			out, err := db.ExecuteStatement(ctx, in)
			if err != nil {
				t.Fatalf("%s: %v", text, err)
			}
			page := []string{}
			for _, it := range out.Items {
				page = append(page, it["id"].(*types.AttributeValueMemberS).Value)
			}
			pages = append(pages, page)
			if out.NextToken == nil {
				return pages
			}
			in.NextToken = out.NextToken
		}
	}
	tests := []struct {
		text   string
		params []types.AttributeValue
		limit  int32
		want   [][]string
	}{
		{`SELECT id FROM "matches"."byRound" WHERE tournament = 'w24' AND "region" = 1`, nil, 0, [][]string{{"5", "1", "4"}}},
		{`SELECT id FROM "matches"."byRound" WHERE "region" = ? AND tournament = ?`, []types.AttributeValue{av.N("1"), av.S("w24")}, 2,
			[][]string{{"5", "1"}, {"4"}}},
		{`SELECT id FROM "matches"."byRound" WHERE tournament = 'w24' AND "region" = 1 AND round > 1`, nil, 1, [][]string{{"5"}, {"1"}, {"4"}, {}}},
		{`SELECT id FROM "matches"."byRound" WHERE tournament = 'w24' AND "region" = 1 AND round = 2 AND bracket >= 'm'`, nil, 1, [][]string{{"1"}, {}}},
		{`SELECT id FROM "matches"."byRound" WHERE tournament = 'w24' AND "region" = 1 AND round BETWEEN 2 AND 9 AND payload = 'p1'`, nil, 0, [][]string{{"1"}}},
		{`SELECT id FROM "matches"."byRound" WHERE tournament = 'w24' AND "region" = 1 AND bracket = 'lower'`, nil, 0, [][]string{{"5", "4"}}},
		{`SELECT id FROM "matches"."byRound" WHERE tournament = 'w24' AND "region" = 1 ORDER BY round DESC`, nil, 2, [][]string{{"4", "1"}, {"5"}}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, ids(t, tt.text, tt.limit, tt.params...)); diff != "" {
			t.Errorf("%s limit %d (-want +got):\n%s", tt.text, tt.limit, diff)
		}
	}
	// Without the region, a scan of the whole index filtered by the clause.
	got := ids(t, `SELECT id FROM "matches"."byRound" WHERE tournament = 'w24' AND round = 1`, 0)
	if diff := cmp.Diff([][]string{{"2"}}, got); diff != "" {
		t.Errorf("scan (-want +got):\n%s", diff)
	}
	_, err := db.ExecuteStatement(ctx, &dynamodb.ExecuteStatementInput{
		Statement: aws.String(`SELECT id FROM "matches"."byRound" WHERE tournament = 'w24' AND "region" = '1'`),
	})
	if got, want := errText(err), "ValidationException: Key attribute's data type should match its data type in table's schema: Key region"; got != want {
		t.Errorf("a partition key attribute of the wrong type: %q, want %q", got, want)
	}
}
