package ddb_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb"
)

// node is an item that can refer to itself.
type node struct {
	ID   string `ddb:"id,hash"`
	Next *node  `ddb:"next"`
	Any  any    `ddb:"any"`
}

// selfReferences returns items that refer to themselves, with the path at
// which encoding them stops.
func selfReferences() []struct {
	name string
	item any
	path string
} {
	n := &node{ID: "a"}
	n.Next = n
	m := map[string]any{"id": "a"}
	m["self"] = m
	list := []any{nil}
	list[0] = list
	var x any
	x = &x
	return []struct {
		name string
		item any
		path string
	}{
		{"struct", n, strings.Repeat("next.", 31) + "next"},
		{"map", m, strings.Repeat("self.", 31) + "self"},
		{"list", &node{ID: "a", Any: list}, "any" + strings.Repeat("[0]", 31)},
		{"interface", &node{ID: "a", Any: x}, "any"},
		{"interface in a list", &node{ID: "a", Any: []any{x}}, "any[0]"},
	}
}

// TestSelfReferenceFailsToEncode checks that every encoder refuses an item
// that refers to itself with an *EncodeError naming where it stopped,
// rather than overflowing the stack.
func TestSelfReferenceFailsToEncode(t *testing.T) {
	for _, tt := range selfReferences() {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ddb.Marshal(tt.item)
			checkEncodeError(t, "Marshal", err, tt.path)
			_, err = ddb.AppendItemJSON(nil, tt.item)
			checkEncodeError(t, "AppendItemJSON", err, tt.path)
			_, err = ddb.MarshalValue(tt.item)
			checkEncodeError(t, "MarshalValue", err, "")
		})
	}
}

// checkEncodeError checks that err, the error of call, is an *EncodeError
// at path ("": any path).
func checkEncodeError(t *testing.T, call string, err error, path string) {
	t.Helper()
	var ee *ddb.EncodeError
	switch {
	case !errors.As(err, &ee):
		t.Errorf("%s: %v, want an *EncodeError", call, err)
	case path != "" && ee.Path != path:
		t.Errorf("%s: error at %q, want at %q: %v", call, ee.Path, path, err)
	}
}

// TestSelfReferenceInWrites checks that puts, and the values of updates and
// conditions, refuse a value that refers to itself on every backend.
func TestSelfReferenceInWrites(t *testing.T) {
	forEachTable(t, "nodes", func(t *testing.T, nodes *ddb.Table[node]) {
		ctx, key := t.Context(), ddb.Key("a")
		for _, tt := range selfReferences() {
			n, ok := tt.item.(*node)
			if !ok {
				continue
			}
			if err := nodes.Put(ctx, *n); !errors.As(err, new(*ddb.EncodeError)) {
				t.Errorf("%s: Put: %v, want an *EncodeError", tt.name, err)
			}
			if err := nodes.Update(ctx, key, ddb.Set("next", n)); !errors.As(err, new(*ddb.EncodeError)) {
				t.Errorf("%s: Update: %v, want an *EncodeError", tt.name, err)
			}
			cond := ddb.If(ddb.Attr("next").Equal(n))
			if err := nodes.Update(ctx, key, ddb.Set("any", 1), cond); !errors.As(err, new(*ddb.EncodeError)) {
				t.Errorf("%s: Update with a condition: %v, want an *EncodeError", tt.name, err)
			}
		}
	})
}

// TestNestingLimit checks that the codec refuses lists nested deeper than
// DynamoDB stores, as the engine refuses them, and encodes those at the
// limit.
func TestNestingLimit(t *testing.T) {
	forEachTable(t, "nested", func(t *testing.T, nodes *ddb.Table[node]) {
		for _, depth := range []int{31, 32} {
			v, av := nestedLists(depth)
			fits := depth == 31
			if err := nodes.Put(t.Context(), node{ID: "a", Any: v}); (err == nil) != fits || !fits && !errors.As(err, new(*ddb.EncodeError)) {
				t.Errorf("Put of %d nested lists: %v", depth, err)
			}
			if err := nodes.Put(t.Context(), node{ID: "a", Any: av}); (err == nil) != fits {
				t.Errorf("Put of %d nested lists as attribute values, which the codec leaves to the engine: %v", depth, err)
			}
		}
	})
}

// nestedLists returns "x" in n nested lists, as Go values and as attribute
// values.
func nestedLists(n int) (any, types.AttributeValue) {
	var v any = "x"
	var av types.AttributeValue = &types.AttributeValueMemberS{Value: "x"}
	for range n {
		v, av = []any{v}, &types.AttributeValueMemberL{Value: []types.AttributeValue{av}}
	}
	return v, av
}
