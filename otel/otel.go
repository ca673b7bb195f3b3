// Package ddbotel traces and measures the requests of a ddb.DB with
// OpenTelemetry, following its semantic conventions for DynamoDB: one
// client span per request, named after the operation and the table
// ("PutItem orders"), with the attributes db.system.name (aws.dynamodb),
// db.operation.name, db.collection.name, aws.dynamodb.table_names and, as
// the request has them, aws.dynamodb.index_name, consistent_read, limit,
// projection, select, scan_forward, segment, total_segments, count,
// scanned_count and consumed_capacity; the metric
// db.client.operation.duration; and counters of the consumed capacity,
// the client's retries and the items batches left unprocessed.
//
//	db, err := ddb.Open(ctx, url, ddb.WithHook(ddbotel.Hook()))
//
// It is a module of its own, so that programs that do not use
// OpenTelemetry do not depend on it.
package ddbotel

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"

	"github.com/ddbkit/ddb"
)

// instrumentation is the name of the tracer and the meter.
const instrumentation = "github.com/ddbkit/ddb/otel"

// Attributes of this library, beside the semantic conventions'.
const (
	attemptKey = attribute.Key("ddb.attempt") // the library's resend of a batch's unprocessed items: 2, 3, ...
	retriesKey = attribute.Key("ddb.retries") // the client's resends of the request
)

// Option configures Hook.
type Option func(*config)

type config struct {
	tracers trace.TracerProvider
	meters  metric.MeterProvider
}

// WithTracerProvider sets the provider of the tracer (default: the global
// one, otel.GetTracerProvider()).
func WithTracerProvider(p trace.TracerProvider) Option {
	return func(c *config) { c.tracers = p }
}

// WithMeterProvider sets the provider of the meter (default: the global
// one, otel.GetMeterProvider()).
func WithMeterProvider(p metric.MeterProvider) Option {
	return func(c *config) { c.meters = p }
}

// hook is the ddb.Hook Hook returns.
type hook struct {
	tracer      trace.Tracer
	duration    metric.Float64Histogram
	capacity    metric.Float64Counter
	retries     metric.Int64Counter
	unprocessed metric.Int64Counter
}

// Hook returns a ddb.Hook that traces every request of a DB and records
// its metrics (see the package documentation). An error in setting up the
// instruments (which the OpenTelemetry SDK does not make) goes to
// otel.Handle, and the hook still traces.
func Hook(opts ...Option) ddb.Hook {
	c := config{tracers: otel.GetTracerProvider(), meters: otel.GetMeterProvider()}
	for _, opt := range opts {
		opt(&c)
	}
	meter := c.meters.Meter(instrumentation)
	h := &hook{tracer: c.tracers.Tracer(instrumentation)}
	var errs [4]error
	h.duration, errs[0] = meter.Float64Histogram("db.client.operation.duration",
		metric.WithDescription("Duration of database client operations."), metric.WithUnit("s"),
		metric.WithExplicitBucketBoundaries(0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10))
	h.capacity, errs[1] = meter.Float64Counter("ddb.client.consumed_capacity",
		metric.WithDescription("Capacity units DynamoDB reports the requests consumed."), metric.WithUnit("{capacity_unit}"))
	h.retries, errs[2] = meter.Int64Counter("ddb.client.retries",
		metric.WithDescription("Requests the client sent again."), metric.WithUnit("{retry}"))
	h.unprocessed, errs[3] = meter.Int64Counter("ddb.client.unprocessed",
		metric.WithDescription("Writes and keys batch responses left unprocessed."), metric.WithUnit("{item}"))
	if err := errors.Join(errs[:]...); err != nil {
		otel.Handle(err)
	}
	return h
}

// spanName is "{operation} {table}", or the operation alone for requests
// that name no single table.
func spanName(call *ddb.CallInfo) string {
	if len(call.Tables) == 1 {
		return call.Operation + " " + call.Tables[0]
	}
	return call.Operation
}

// Start starts the request's client span.
func (h *hook) Start(ctx context.Context, call *ddb.CallInfo) context.Context {
	attrs := append(commonAttributes(call), requestAttributes(call.Input)...)
	if len(call.Tables) > 0 {
		attrs = append(attrs, semconv.AWSDynamoDBTableNames(call.Tables...))
	}
	if call.Attempt > 1 {
		attrs = append(attrs, attemptKey.Int(call.Attempt))
	}
	ctx, _ = h.tracer.Start(ctx, spanName(call), trace.WithSpanKind(trace.SpanKindClient),
		trace.WithTimestamp(call.Start), trace.WithAttributes(attrs...))
	return ctx
}

// End ends the span and records the metrics.
func (h *hook) End(ctx context.Context, call *ddb.CallInfo) {
	span := trace.SpanFromContext(ctx)
	attrs := responseAttributes(call.Output)
	if call.Retries > 0 {
		attrs = append(attrs, retriesKey.Int(call.Retries))
	}
	if len(call.Capacity) > 0 {
		attrs = append(attrs, semconv.AWSDynamoDBConsumedCapacity(capacityJSON(call.Capacity)...))
	}
	common := commonAttributes(call)
	if call.Err != nil {
		errType := errorType(call.Err)
		attrs = append(attrs, semconv.ErrorTypeKey.String(errType))
		common = append(common, semconv.ErrorTypeKey.String(errType))
		span.RecordError(call.Err)
		span.SetStatus(codes.Error, call.Err.Error())
	}
	span.SetAttributes(attrs...)
	span.End(trace.WithTimestamp(call.Start.Add(call.Duration)))

	set := metric.WithAttributes(common...)
	h.duration.Record(ctx, call.Duration.Seconds(), set)
	if call.Retries > 0 {
		h.retries.Add(ctx, int64(call.Retries), set)
	}
	if call.Unprocessed > 0 {
		h.unprocessed.Add(ctx, int64(call.Unprocessed), set)
	}
	for _, c := range call.Capacity {
		h.capacity.Add(ctx, aws.ToFloat64(c.CapacityUnits), metric.WithAttributes(
			semconv.DBSystemNameAWSDynamoDB, semconv.DBOperationName(call.Operation), semconv.DBCollectionName(aws.ToString(c.TableName))))
	}
}

// commonAttributes are the attributes of both the span and the metrics.
func commonAttributes(call *ddb.CallInfo) []attribute.KeyValue {
	attrs := []attribute.KeyValue{semconv.DBSystemNameAWSDynamoDB, semconv.DBOperationName(call.Operation)}
	if len(call.Tables) == 1 {
		attrs = append(attrs, semconv.DBCollectionName(call.Tables[0]))
	}
	return attrs
}

// requestAttributes are the conventions' attributes of a request. A
// batch of one operation is a single operation for them: it gets no
// db.operation.batch.size, which the conventions say should never be 1.
func requestAttributes(in any) []attribute.KeyValue {
	var attrs []attribute.KeyValue
	add := func(kv attribute.KeyValue, present bool) {
		if present {
			attrs = append(attrs, kv)
		}
	}
	switch in := in.(type) {
	case *dynamodb.GetItemInput:
		add(semconv.AWSDynamoDBConsistentRead(aws.ToBool(in.ConsistentRead)), in.ConsistentRead != nil)
		add(semconv.AWSDynamoDBProjection(aws.ToString(in.ProjectionExpression)), in.ProjectionExpression != nil)
	case *dynamodb.QueryInput:
		add(semconv.AWSDynamoDBIndexName(aws.ToString(in.IndexName)), in.IndexName != nil)
		add(semconv.AWSDynamoDBConsistentRead(aws.ToBool(in.ConsistentRead)), in.ConsistentRead != nil)
		add(semconv.AWSDynamoDBLimit(int(aws.ToInt32(in.Limit))), in.Limit != nil)
		add(semconv.AWSDynamoDBProjection(aws.ToString(in.ProjectionExpression)), in.ProjectionExpression != nil)
		add(semconv.AWSDynamoDBSelect(string(in.Select)), in.Select != "")
		add(semconv.AWSDynamoDBScanForward(aws.ToBool(in.ScanIndexForward)), in.ScanIndexForward != nil)
	case *dynamodb.ScanInput:
		add(semconv.AWSDynamoDBIndexName(aws.ToString(in.IndexName)), in.IndexName != nil)
		add(semconv.AWSDynamoDBConsistentRead(aws.ToBool(in.ConsistentRead)), in.ConsistentRead != nil)
		add(semconv.AWSDynamoDBLimit(int(aws.ToInt32(in.Limit))), in.Limit != nil)
		add(semconv.AWSDynamoDBProjection(aws.ToString(in.ProjectionExpression)), in.ProjectionExpression != nil)
		add(semconv.AWSDynamoDBSelect(string(in.Select)), in.Select != "")
		add(semconv.AWSDynamoDBSegment(int(aws.ToInt32(in.Segment))), in.Segment != nil)
		add(semconv.AWSDynamoDBTotalSegments(int(aws.ToInt32(in.TotalSegments))), in.TotalSegments != nil)
	case *dynamodb.BatchWriteItemInput:
		n := 0
		for _, reqs := range in.RequestItems {
			n += len(reqs)
		}
		add(semconv.DBOperationBatchSize(n), n != 1)
	case *dynamodb.BatchGetItemInput:
		n := 0
		for _, r := range in.RequestItems {
			n += len(r.Keys)
		}
		add(semconv.DBOperationBatchSize(n), n != 1)
	}
	return attrs
}

// responseAttributes are the conventions' attributes of a response.
func responseAttributes(out any) []attribute.KeyValue {
	switch out := out.(type) {
	case *dynamodb.QueryOutput:
		return []attribute.KeyValue{semconv.AWSDynamoDBCount(int(out.Count)), semconv.AWSDynamoDBScannedCount(int(out.ScannedCount))}
	case *dynamodb.ScanOutput:
		return []attribute.KeyValue{semconv.AWSDynamoDBCount(int(out.Count)), semconv.AWSDynamoDBScannedCount(int(out.ScannedCount))}
	}
	return nil
}

// capacityJSON serializes each consumed capacity report as the
// conventions ask, leaving out what DynamoDB did not report.
func capacityJSON(reports []types.ConsumedCapacity) []string {
	out := make([]string, len(reports))
	for i, r := range reports {
		out[i] = string(jsonOf(reflect.ValueOf(r)))
	}
	return out
}

// jsonOf renders a value of the SDK's capacity types as JSON, without the
// nil fields and the unexported ones.
func jsonOf(v reflect.Value) []byte {
	switch v.Kind() {
	case reflect.Pointer:
		return jsonOf(v.Elem())
	case reflect.Struct:
		fields := map[string]json.RawMessage{}
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if !f.IsExported() || v.Field(i).IsZero() {
				continue
			}
			fields[f.Name] = jsonOf(v.Field(i))
		}
		b, _ := json.Marshal(fields)
		return b
	case reflect.Map:
		entries := map[string]json.RawMessage{}
		for it := v.MapRange(); it.Next(); {
			entries[it.Key().String()] = jsonOf(it.Value())
		}
		b, _ := json.Marshal(entries)
		return b
	}
	b, _ := json.Marshal(v.Interface())
	return b
}

// errorType is the error.type of an error: DynamoDB's error code, or the
// Go type of other errors.
func errorType(err error) string {
	var apiErr smithy.APIError
	switch {
	case errors.As(err, &apiErr):
		return apiErr.ErrorCode()
	case errors.Is(err, context.Canceled):
		return "context.Canceled"
	case errors.Is(err, context.DeadlineExceeded):
		return "context.DeadlineExceeded"
	}
	return fmt.Sprintf("%T", err)
}
