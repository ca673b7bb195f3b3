package ddbotel_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/ddbkit/ddb"
	ddbotel "github.com/ddbkit/ddb/otel"
)

// Order is the item of the tests' table.
type Order struct {
	Customer string `ddb:"customer,hash"`
	ID       int    `ddb:"id,range"`
	Status   string `ddb:"status,gsi=by_status"`
}

// telemetry is an in-memory OpenTelemetry SDK.
type telemetry struct {
	spans   *tracetest.SpanRecorder
	metrics *sdkmetric.ManualReader
	hook    ddb.Hook
}

func newTelemetry() *telemetry {
	spans := tracetest.NewSpanRecorder()
	metrics := sdkmetric.NewManualReader()
	hook := ddbotel.Hook(
		ddbotel.WithTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans))),
		ddbotel.WithMeterProvider(sdkmetric.NewMeterProvider(sdkmetric.WithReader(metrics))))
	return &telemetry{spans, metrics, hook}
}

// backend answers PutItem and Query as DynamoDB would for the tests'
// table: a put of an item whose key exists under IfNotExists fails, a
// query finds what was put; both report their consumed capacity.
// (TestTraceOfTheShop traces
// a whole application on the embedded engine; the library's own tests run
// hooks against every backend.)
type backend struct {
	ddb.API
	items map[string]ddb.Item
}

func (b *backend) PutItem(_ context.Context, in *dynamodb.PutItemInput, _ ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error) {
	key := in.Item["customer"].(*types.AttributeValueMemberS).Value + "/" + in.Item["id"].(*types.AttributeValueMemberN).Value
	if _, ok := b.items[key]; ok && in.ConditionExpression != nil {
		return nil, &types.ConditionalCheckFailedException{Message: aws.String("The conditional request failed")}
	}
	b.items[key] = in.Item
	return &dynamodb.PutItemOutput{ConsumedCapacity: &types.ConsumedCapacity{TableName: in.TableName, CapacityUnits: aws.Float64(2)}}, nil
}

func (b *backend) Query(_ context.Context, in *dynamodb.QueryInput, _ ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error) {
	var items []ddb.Item
	for _, item := range b.items {
		items = append(items, item)
	}
	return &dynamodb.QueryOutput{Items: items, Count: int32(len(items)), ScannedCount: int32(len(items)),
		ConsumedCapacity: &types.ConsumedCapacity{TableName: in.TableName, CapacityUnits: aws.Float64(0.5)}}, nil
}

// openOrders returns the orders table of a backend, observed by hook.
func openOrders(hook ddb.Hook) *ddb.Table[Order] {
	orders, err := ddb.NewTable[Order](ddb.New(&backend{items: map[string]ddb.Item{}}, ddb.WithHook(hook)), "orders")
	if err != nil {
		log.Fatal(err)
	}
	return orders
}

// attrs returns the attributes of a span as texts, sorted, without those
// whose value changes from run to run.
func attrs(kvs []attribute.KeyValue) []string {
	var out []string
	for _, kv := range kvs {
		out = append(out, string(kv.Key)+"="+kv.Value.Emit())
	}
	slices.Sort(out)
	return out
}

func TestTraceOfPutAndQuery(t *testing.T) {
	ctx := t.Context()
	tel := newTelemetry()
	parentTracer := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(tel.spans)).Tracer("app")
	orders := openOrders(tel.hook)

	ctx, parent := parentTracer.Start(ctx, "place order")
	if err := orders.Put(ctx, Order{Customer: "ann", ID: 1, Status: "open"}); err != nil {
		t.Fatal(err)
	}
	err := orders.Put(ctx, Order{Customer: "ann", ID: 1, Status: "open"}, ddb.IfNotExists())
	if !errors.Is(err, ddb.ErrConditionFailed) {
		t.Fatal(err)
	}
	if _, err := orders.Query(ctx, ddb.Partition("open"), ddb.OnIndex("by_status"), ddb.PageSize(10)).Collect(10); err != nil {
		t.Fatal(err)
	}
	parent.End()

	var got []string
	for _, s := range tel.spans.Ended() {
		if s.Name() == "place order" {
			continue
		}
		if s.Parent().SpanID() != parent.SpanContext().SpanID() {
			t.Errorf("span %s is not a child of the caller's", s.Name())
		}
		if s.SpanKind() != trace.SpanKindClient || s.StartTime().IsZero() || !s.EndTime().After(s.StartTime()) {
			t.Errorf("span %s: kind %v, from %v to %v", s.Name(), s.SpanKind(), s.StartTime(), s.EndTime())
		}
		got = append(got, fmt.Sprintf("%s %s %v", s.Name(), s.Status().Code, attrs(s.Attributes())))
	}
	capacity := func(units string) string {
		return `aws.dynamodb.consumed_capacity=["{\"CapacityUnits\":` + units + `,\"TableName\":\"orders\"}"]`
	}
	want := []string{
		fmt.Sprintf("PutItem orders %s %v", codes.Unset, []string{capacity("2"), `aws.dynamodb.table_names=["orders"]`,
			"db.collection.name=orders", "db.operation.name=PutItem", "db.system.name=aws.dynamodb"}),
		fmt.Sprintf("PutItem orders %s %v", codes.Error, []string{`aws.dynamodb.table_names=["orders"]`,
			"db.collection.name=orders", "db.operation.name=PutItem", "db.system.name=aws.dynamodb", "error.type=ConditionalCheckFailedException"}),
		fmt.Sprintf("Query orders %s %v", codes.Unset, []string{capacity("0.5"), "aws.dynamodb.count=1", "aws.dynamodb.index_name=by_status",
			"aws.dynamodb.limit=10", "aws.dynamodb.scanned_count=1", `aws.dynamodb.table_names=["orders"]`,
			"db.collection.name=orders", "db.operation.name=Query", "db.system.name=aws.dynamodb"}),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("spans (-want +got):\n%s", diff)
	}

	var rm metricdata.ResourceMetrics
	if err := tel.metrics.Collect(ctx, &rm); err != nil {
		t.Fatal(err)
	}
	counts := map[string]uint64{}
	units := 0.0
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			switch data := m.Data.(type) {
			case metricdata.Histogram[float64]:
				for _, p := range data.DataPoints {
					op, _ := p.Attributes.Value("db.operation.name")
					errType, _ := p.Attributes.Value("error.type")
					counts[strings.TrimSpace(m.Name+" "+op.AsString()+" "+errType.AsString())] += p.Count
				}
			case metricdata.Sum[float64]:
				for _, p := range data.DataPoints {
					units += p.Value
				}
			}
		}
	}
	for _, key := range []string{"db.client.operation.duration PutItem", "db.client.operation.duration PutItem ConditionalCheckFailedException", "db.client.operation.duration Query"} {
		if counts[key] != 1 {
			t.Errorf("%s recorded %d times; all: %v", key, counts[key], counts)
		}
	}
	if units < 1.5 {
		t.Errorf("consumed capacity counted: %v", units)
	}
}

// Example traces a Put and a Query into an in-memory span recorder.
func Example() {
	ctx := context.Background()
	spans := tracetest.NewSpanRecorder()
	tracer := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans))
	orders := openOrders(ddbotel.Hook(ddbotel.WithTracerProvider(tracer)))

	if err := orders.Put(ctx, Order{Customer: "ann", ID: 1, Status: "open"}); err != nil {
		log.Fatal(err)
	}
	if _, err := orders.Query(ctx, ddb.Partition("ann")).Collect(10); err != nil {
		log.Fatal(err)
	}
	for _, s := range spans.Ended() {
		attrs := attribute.NewSet(s.Attributes()...)
		system, _ := attrs.Value("db.system.name")
		op, _ := attrs.Value("db.operation.name")
		tables, _ := attrs.Value("aws.dynamodb.table_names")
		fmt.Println(s.Name(), s.SpanKind(), system.AsString(), op.AsString(), tables.AsStringSlice())
	}
	// Output:
	// PutItem orders client aws.dynamodb PutItem [orders]
	// Query orders client aws.dynamodb Query [orders]
}

// batchBackend accepts every batch write.
type batchBackend struct{ ddb.API }

func (batchBackend) BatchWriteItem(context.Context, *dynamodb.BatchWriteItemInput, ...func(*dynamodb.Options)) (*dynamodb.BatchWriteItemOutput, error) {
	return &dynamodb.BatchWriteItemOutput{}, nil
}

// A batch of one operation is no batch for the conventions: its span has
// no db.operation.batch.size.
func TestBatchSizeAttribute(t *testing.T) {
	ctx := t.Context()
	tel := newTelemetry()
	orders, err := ddb.NewTable[Order](ddb.New(batchBackend{}, ddb.WithHook(tel.hook)), "orders")
	if err != nil {
		t.Fatal(err)
	}
	if err := orders.BatchWrite().Put(Order{Customer: "ann", ID: 1}).Run(ctx); err != nil {
		t.Fatal(err)
	}
	if err := orders.BatchWrite().Put(Order{Customer: "ann", ID: 1}, Order{Customer: "ann", ID: 2}).Run(ctx); err != nil {
		t.Fatal(err)
	}
	var sizes []string
	for _, s := range tel.spans.Ended() {
		size := "none"
		for _, kv := range s.Attributes() {
			if kv.Key == "db.operation.batch.size" {
				size = kv.Value.Emit()
			}
		}
		sizes = append(sizes, size)
	}
	if diff := cmp.Diff([]string{"none", "2"}, sizes); diff != "" {
		t.Errorf("batch sizes of the spans (-want +got):\n%s", diff)
	}
}
