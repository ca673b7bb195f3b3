package ddb

import (
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"
)

// ordersDef is a valid explicit declaration the error cases start from.
func ordersDef() Definition {
	return Definition{
		Fields: []Field{
			{Name: "customer", Type: TypeString},
			{Name: "order_id", Type: TypeString},
			{Name: "placed", Type: TypeNumber},
			{Name: "status", Type: TypeString},
			{Name: "lines", Type: TypeList},
			{Name: "note"},
		},
		HashKey:  "customer",
		RangeKey: "order_id",
		Indexes: []Index{
			{Name: "by_placed", Local: true, RangeKey: "placed"},
			{Name: "by_status", HashKey: "status", RangeKey: "placed"},
		},
	}
}

func TestNewSchema(t *testing.T) {
	s, err := NewSchema("orders", ordersDef(), Provisioned(5, 6), WithIndex("by_status", ProjectKeysOnly()), WithTTL("placed"))
	if err != nil {
		t.Fatal(err)
	}
	if s.Name() != "orders" || s.HashKey() != "customer" || s.RangeKey() != "order_id" || s.TTL() != "placed" {
		t.Errorf("got name %q keys %q %q ttl %q", s.Name(), s.HashKey(), s.RangeKey(), s.TTL())
	}
	want := []Index{
		{Name: "by_placed", Local: true, HashKey: "customer", RangeKey: "placed", Projection: Projection{Type: types.ProjectionTypeAll}},
		{Name: "by_status", HashKey: "status", RangeKey: "placed", Projection: Projection{Type: types.ProjectionTypeKeysOnly}, Throughput: &Throughput{5, 6}},
	}
	if diff := cmp.Diff(want, s.Indexes()); diff != "" {
		t.Errorf("Indexes (-want +got):\n%s", diff)
	}
	if ix, ok := s.Index("by_status"); !ok || ix.HashKey != "status" {
		t.Errorf("Index(by_status) = %+v, %v", ix, ok)
	}
	if got := s.Throughput(); got == nil || *got != (Throughput{5, 6}) {
		t.Errorf("Throughput() = %v", got)
	}
	if s.Stream() != "" {
		t.Errorf("Stream() = %q", s.Stream())
	}
	onDemand, err := NewSchema("orders", ordersDef(), Provisioned(1, 1), OnDemand(),
		WithIndex("by_status", ProjectKeysOnly(), ProjectAll()), WithStream(types.StreamViewTypeKeysOnly))
	if err != nil {
		t.Fatal(err)
	}
	ix, _ := onDemand.Index("by_status")
	if onDemand.Throughput() != nil || ix.Throughput != nil || ix.Projection.Type != types.ProjectionTypeAll || onDemand.Stream() != types.StreamViewTypeKeysOnly {
		t.Errorf("later options do not win: throughput %v, index %+v, stream %q", onDemand.Throughput(), ix, onDemand.Stream())
	}
	if got := s.Type("lines"); got != TypeList {
		t.Errorf("Type(lines) = %q", got)
	}
	s.Indexes()[1].Throughput.Read = 99
	if ix, _ := s.Index("by_status"); ix.Throughput.Read != 5 {
		t.Error("Indexes returned the schema's own throughput")
	}
}

func TestNewSchemaErrors(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(*Definition)
		opts   []TableOption
		table  string
		reason string // a fragment of the message
	}{
		{"bad table name", nil, nil, "x", "table name must be 3 to 255"},
		{"ARN of an index", nil, nil, "arn:aws:dynamodb:us-east-1:123456789012:table/orders/index/by_status", "or a table's ARN"},
		{"no hash key", func(d *Definition) { d.HashKey = "" }, nil, "", "no hash key"},
		{"unknown hash key", func(d *Definition) { d.HashKey = "nope" }, nil, "", `"nope": hash key is not among the fields`},
		{"hash key of a non-key type", func(d *Definition) { d.HashKey = "lines" }, nil, "", `"lines": hash key must have type S, N or B, not L`},
		{"hash key without a type", func(d *Definition) { d.HashKey = "note" }, nil, "", `"note": hash key must have type S, N or B`},
		{"same hash and range key", func(d *Definition) { d.RangeKey = "customer" }, nil, "", `"customer": cannot be both`},
		{"duplicate field", func(d *Definition) { d.Fields = append(d.Fields, Field{Name: "status", Type: TypeNumber}) }, nil, "", `"status": attribute name declared twice`},
		{"unnamed field", func(d *Definition) { d.Fields = append(d.Fields, Field{}) }, nil, "", "a field has no name"},
		{"index key of a non-key type", func(d *Definition) { d.Indexes[1].RangeKey = "lines" }, nil, "", `"lines": range key of index by_status must have type S, N or B`},
		{"index without hash key", func(d *Definition) { d.Indexes[1].HashKey = "" }, nil, "", `"placed": index by_status has a range key but no hash key`},
		{"local index on a hash-only table", func(d *Definition) { d.RangeKey = ""; d.Indexes = d.Indexes[:1] }, nil, "", "needs a table with a range key"},
		{"local index with another hash key", func(d *Definition) { d.Indexes[0].HashKey = "status" }, nil, "", "must share the table's hash key"},
		{"local index without range key", func(d *Definition) { d.Indexes[0].RangeKey = "" }, nil, "", "by_placed has no range key"},
		{"duplicate index", func(d *Definition) { d.Indexes[1].Name = "by_placed" }, nil, "", "index by_placed declared twice"},
		{"bad index name", func(d *Definition) { d.Indexes[1].Name = "by status" }, nil, "", `index name "by status" must be 3 to 255 characters`},
		{"options for an unknown index", nil, []TableOption{WithIndex("by_nothing", ProjectKeysOnly())}, "", `WithIndex("by_nothing"): the declaration has no index`},
		{"include without attributes", nil, []TableOption{WithIndex("by_status", ProjectInclude())}, "", "INCLUDE projection needs attributes"},
		{"index throughput on demand", nil, []TableOption{WithIndex("by_status", IndexThroughput(1, 1))}, "", "on-demand billing"},
		{"local index throughput", nil, []TableOption{Provisioned(1, 1), WithIndex("by_placed", IndexThroughput(1, 1))}, "", "cannot have its own throughput"},
		{"ttl of a non-number", nil, []TableOption{WithTTL("status")}, "", `"status": time-to-live attribute must have type N`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			def := ordersDef()
			if tt.edit != nil {
				tt.edit(&def)
			}
			table := tt.table
			if table == "" {
				table = "orders"
			}
			_, err := NewSchema(table, def, tt.opts...)
			var se *SchemaError
			if !errors.As(err, &se) {
				t.Fatalf("got %v, want a *SchemaError", err)
			}
			if !strings.Contains(err.Error(), tt.reason) || !strings.HasPrefix(err.Error(), "ddb: table "+table+": ") {
				t.Errorf("error %q does not contain %q", err, tt.reason)
			}
		})
	}
}
