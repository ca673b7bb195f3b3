package ddbotel_test

import (
	"errors"
	"io"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/ddbkit/ddb"
	_ "github.com/ddbkit/ddb/embedded"
	"github.com/ddbkit/ddb/examples/shop"
	ddbotel "github.com/ddbkit/ddb/otel"
)

// TestTraceOfTheShop traces the shop example's flow on the embedded engine
// inside a span of the application's: every request is a client span
// child of it, named and described after the conventions, with the index
// of the queries that read one, and the failure of a stale save.
func TestTraceOfTheShop(t *testing.T) {
	spans := tracetest.NewSpanRecorder()
	provider := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans))
	db, err := ddb.Open(t.Context(), "mem://", ddb.WithHook(ddbotel.Hook(ddbotel.WithTracerProvider(provider))))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	ctx, root := provider.Tracer("shop").Start(t.Context(), "shop flow")
	if err := shop.Demo(ctx, db, io.Discard); err != nil {
		t.Fatal(err)
	}
	s, err := shop.Declare(db)
	if err != nil {
		t.Fatal(err)
	}
	stale, err := s.Customers.Get(ctx, ddb.Key("ann"))
	if err != nil {
		t.Fatal(err)
	}
	stale.Version--
	if err := s.Customers.Save(ctx, &stale); !errors.Is(err, ddb.ErrVersionConflict) {
		t.Fatalf("stale save: %v, want a version conflict", err)
	}
	root.End()

	ended := spans.Ended()
	if len(ended) < 10 {
		t.Fatalf("%d spans", len(ended))
	}
	names := map[string]int{}
	for _, span := range ended {
		if span == ended[len(ended)-1] {
			break // the root
		}
		names[span.Name()]++
		if span.Parent().SpanID() != root.SpanContext().SpanID() || span.SpanContext().TraceID() != root.SpanContext().TraceID() {
			t.Errorf("span %s is not a child of the flow's span", span.Name())
		}
		set := attribute.NewSet(span.Attributes()...)
		if v, _ := set.Value("db.system.name"); v.AsString() != "aws.dynamodb" {
			t.Errorf("span %s: db.system.name %q", span.Name(), v.AsString())
		}
		if v, _ := set.Value("aws.dynamodb.table_names"); !slices.Equal(v.AsStringSlice(), []string{shop.TableName}) {
			t.Errorf("span %s: table names %q", span.Name(), v.AsStringSlice())
		}
	}
	if got := ended[len(ended)-1]; got.Name() != "shop flow" {
		t.Fatalf("last span %s, want the flow's", got.Name())
	}
	// The flow's requests: creating the table and the index, the
	// customers' saves, the orders' transactions (a version conflict
	// retries one), reads of the customers and orders, queries of the
	// partition and of gsi1.
	for _, name := range []string{"CreateTable shop", "UpdateTable shop", "PutItem shop", "TransactWriteItems shop",
		"GetItem shop", "Query shop", "UpdateItem shop", "DescribeTable shop"} {
		if names[name] == 0 {
			t.Errorf("no span %s among %v", name, names)
		}
	}

	var indexes []string
	for _, span := range ended {
		set := attribute.NewSet(span.Attributes()...)
		if ix, ok := set.Value("aws.dynamodb.index_name"); ok && span.Name() == "Query shop" {
			indexes = append(indexes, ix.AsString())
		}
	}
	if diff := cmp.Diff([]string{"gsi1", "gsi1", "by_email"}, indexes); diff != "" {
		t.Errorf("indexes queried (-want +got):\n%s", diff)
	}

	conflict := ended[len(ended)-2]
	set := attribute.NewSet(conflict.Attributes()...)
	errType, _ := set.Value("error.type")
	if conflict.Name() != "PutItem shop" || conflict.Status().Code != codes.Error || errType.AsString() != "ConditionalCheckFailedException" {
		t.Errorf("the stale save's span: %s %v %q", conflict.Name(), conflict.Status(), errType.AsString())
	}
}
