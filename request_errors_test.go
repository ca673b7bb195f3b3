package ddb

import (
	"errors"
	"strings"
	"testing"
)

type pair struct {
	P string `ddb:"p,hash"`
	S int    `ddb:"s,range"`
	F any    `ddb:"f,omitempty"`
}

// TestRequestErrors checks requests that fail before reaching the backend
// (the nil API would panic if called).
func TestRequestErrors(t *testing.T) {
	pairs, err := NewTable[pair](New(nil), "pairs")
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	tests := []struct {
		name string
		err  error
		want string // the message, or its start when it ends in ": " (the codec's reason follows)
	}{
		{"hash-only key", func() error { _, err := pairs.Get(ctx, Key("a")); return err }(),
			"ddb: GetItem pairs: a key of this table has 2 values ([p s]), got 1"},
		{"key of the wrong type", func() error { _, err := pairs.Get(ctx, Key("a", "1")); return err }(),
			"ddb: GetItem pairs: key s must be of type N, got S"},
		{"unencodable key", pairs.Delete(ctx, Key("a", make(chan int))),
			"ddb: DeleteItem pairs: s: cannot encode (chan int): "},
		{"bad projection", func() error { _, err := pairs.Get(ctx, Key("a", 1), Project("x[")); return err }(),
			`ddb: GetItem pairs: path "x[": missing ']'`},
		{"unencodable item", pairs.Put(ctx, pair{P: "a", F: func() {}}),
			"ddb: PutItem pairs: cannot encode f (func()): "},
		{"bad condition", pairs.Put(ctx, pair{P: "a"}, If(Attr("a").In())),
			"ddb: PutItem pairs: condition IN needs at least one value"},
		{"empty update", pairs.Update(ctx, Key("a", 1), Update{}),
			"ddb: UpdateItem pairs: update has no changes"},
		{"bad update value", pairs.Update(ctx, Key("a", 1), Set("x", make(chan int))),
			"ddb: UpdateItem pairs: x: cannot encode (chan int): "},
	}
	for _, tt := range tests {
		if tt.err == nil || tt.err.Error() != tt.want && !(strings.HasSuffix(tt.want, ": ") && strings.HasPrefix(tt.err.Error(), tt.want)) {
			t.Errorf("%s: error\n got %v\nwant %s", tt.name, tt.err, tt.want)
		}
	}
	var ee *EncodeError
	if err := pairs.Put(ctx, pair{P: "a", F: func() {}}); !errors.As(err, &ee) {
		t.Errorf("the codec's error is not reachable in %v", err)
	}
}
