package engine

import (
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/internal/av"
)

func TestTimeToLiveSettings(t *testing.T) {
	dir := t.TempDir()
	db, err := Open(Options{Dir: dir, TTLSweepInterval: -1})
	if err != nil {
		t.Fatal(err)
	}
	simpleTable(t, db, "ttl1")
	spec := func(name string, on bool) *types.TimeToLiveSpecification {
		return &types.TimeToLiveSpecification{AttributeName: aws.String(name), Enabled: aws.Bool(on)}
	}
	update := func(s *types.TimeToLiveSpecification) error {
		_, err := db.UpdateTimeToLive(ctx, &dynamodb.UpdateTimeToLiveInput{TableName: aws.String("ttl1"), TimeToLiveSpecification: s})
		return err
	}
	steps := []struct {
		name string
		spec *types.TimeToLiveSpecification
		want string
	}{
		{"no spec", nil, "ValidationException: 1 validation error detected: Value null at 'timeToLiveSpecification' failed to satisfy constraint: Member must not be null"},
		{"no name", &types.TimeToLiveSpecification{Enabled: aws.Bool(true)}, "ValidationException: 1 validation error detected: Value null at 'timeToLiveSpecification.attributeName' failed to satisfy constraint: Member must not be null"},
		{"empty name", spec("", true), "ValidationException: 1 validation error detected: Value '' at 'timeToLiveSpecification.attributeName' failed to satisfy constraint: Member must have length greater than or equal to 1"},
		{"disable disabled", spec("exp", false), "ValidationException: TimeToLive is already disabled"},
		{"enable", spec("exp", true), ""},
		{"enable again", spec("exp", true), "ValidationException: TimeToLive is already enabled"},
		{"other attribute", spec("exp2", true), "ValidationException: TimeToLive is active on a different AttributeName"},
		{"disable other attribute", spec("exp2", false), "ValidationException: TimeToLive is active on a different AttributeName"},
	}
	for _, st := range steps {
		if got := errText(update(st.spec)); got != st.want {
			t.Errorf("%s: got  %s\nwant %s", st.name, got, st.want)
		}
	}
	describe := func(db *DB) *types.TimeToLiveDescription {
		t.Helper()
		out, err := db.DescribeTimeToLive(ctx, &dynamodb.DescribeTimeToLiveInput{TableName: aws.String("ttl1")})
		if err != nil {
			t.Fatal(err)
		}
		return out.TimeToLiveDescription
	}
	enabled := &types.TimeToLiveDescription{TimeToLiveStatus: types.TimeToLiveStatusEnabled, AttributeName: aws.String("exp")}
	if diff := cmp.Diff(enabled, describe(db), cmpAV); diff != "" {
		t.Errorf("describe (-want +got):\n%s", diff)
	}

	// The setting survives a restart.
	db.Close()
	if db, err = Open(Options{Dir: dir, TTLSweepInterval: -1}); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if diff := cmp.Diff(enabled, describe(db), cmpAV); diff != "" {
		t.Errorf("describe after restart (-want +got):\n%s", diff)
	}
	if err := update(spec("exp", false)); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(&types.TimeToLiveDescription{TimeToLiveStatus: types.TimeToLiveStatusDisabled}, describe(db), cmpAV); diff != "" {
		t.Errorf("describe disabled (-want +got):\n%s", diff)
	}
	if _, err := db.DescribeTimeToLive(ctx, &dynamodb.DescribeTimeToLiveInput{TableName: aws.String("nothere")}); errText(err) != "ResourceNotFoundException: Requested resource not found: Table: nothere not found" {
		t.Errorf("missing table: got %s", errText(err))
	}
}

// TestTimeToLiveExpiry checks that the sweep deletes exactly the expired
// items, with their index rows.
func TestTimeToLiveExpiry(t *testing.T) {
	db, err := Open(Options{TTLSweepInterval: -1}) // the test sweeps by hand
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	mustCreate(t, db, indexedTableInput("ttl2"))
	if _, err := db.UpdateTimeToLive(ctx, &dynamodb.UpdateTimeToLiveInput{TableName: aws.String("ttl2"),
		TimeToLiveSpecification: &types.TimeToLiveSpecification{AttributeName: aws.String("exp"), Enabled: aws.Bool(true)}}); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	epoch := func(d time.Duration) types.AttributeValue { return av.N(strconv.FormatInt(now.Add(d).Unix(), 10)) }
	items := map[string]types.AttributeValue{
		"past":          epoch(-time.Hour),
		"future":        epoch(time.Hour),
		"ancient":       epoch(-6 * 365 * 24 * time.Hour),
		"string":        av.S("1"),
		"no expiry":     nil,
		"just expired":  epoch(-time.Second),
		"another past":  epoch(-24 * time.Hour),
		"far in future": epoch(1000 * time.Hour),
	}
	for name, exp := range items {
		it := item{"pk": av.S(name), "sk": av.N("1"), "g": av.S("x"), "l": av.S("y")}
		if exp != nil {
			it["exp"] = exp
		}
		put(t, db, "ttl2", it)
	}
	db.expire(now)
	kept := map[string]bool{"future": true, "ancient": true, "string": true, "no expiry": true, "far in future": true}
	for name := range items {
		if got := get(t, db, "ttl2", item{"pk": av.S(name), "sk": av.N("1")}) != nil; got != kept[name] {
			t.Errorf("item %q kept = %v, want %v", name, got, kept[name])
		}
	}
	for ix, rows := range indexRows(t, db, "ttl2") {
		if len(rows) != len(kept) {
			t.Errorf("index %s has %d rows, want %d", ix, len(rows), len(kept))
		}
	}
	if got := db.tables["ttl2"].stats.items.Load(); got != int64(len(kept)) {
		t.Errorf("item count = %d, want %d", got, len(kept))
	}
}

// TestTimeToLiveSweep checks that the background sweep runs.
func TestTimeToLiveSweep(t *testing.T) {
	db, err := Open(Options{TTLSweepInterval: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	simpleTable(t, db, "ttl3")
	if _, err := db.UpdateTimeToLive(ctx, &dynamodb.UpdateTimeToLiveInput{TableName: aws.String("ttl3"),
		TimeToLiveSpecification: &types.TimeToLiveSpecification{AttributeName: aws.String("exp"), Enabled: aws.Bool(true)}}); err != nil {
		t.Fatal(err)
	}
	put(t, db, "ttl3", item{"id": av.S("a"), "exp": av.N("1700000000")})
	deadline := time.Now().Add(5 * time.Second)
	for get(t, db, "ttl3", item{"id": av.S("a")}) != nil {
		if time.Now().After(deadline) {
			t.Fatal("the expired item was not deleted by the sweep")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
