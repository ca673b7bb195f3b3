package ddbtest

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/ddbkit/ddb/engine"
)

// TestNamespacedTakesNilInputs calls every operation of the namespaced API
// with a nil input: like the SDK's client, it answers as for an empty
// input instead of panicking.
func TestNamespacedTakesNilInputs(t *testing.T) {
	e, err := engine.Open(engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	n := &namespaced{api: e, prefix: "T-1a2b3c4d."}
	ctxType := reflect.TypeFor[context.Context]()
	v := reflect.ValueOf(n)
	for i := range v.NumMethod() {
		m := v.Type().Method(i)
		if m.Type.NumIn() != 4 || m.Type.In(1) != ctxType || !m.Type.IsVariadic() {
			continue
		}
		call := func(in reflect.Value) (result string) {
			defer func() {
				if p := recover(); p != nil {
					t.Errorf("%s panicked: %v", m.Name, p)
				}
			}()
			out := v.Method(i).Call([]reflect.Value{reflect.ValueOf(t.Context()), in})
			return fmt.Sprintf("%v", out[1].Interface())
		}
		if nilIn, empty := call(reflect.Zero(m.Type.In(2))), call(reflect.New(m.Type.In(2).Elem())); nilIn != empty {
			t.Errorf("%s with a nil input: %s, with an empty one: %s", m.Name, nilIn, empty)
		}
	}
}

// A table name valid on its own that the prefix makes too long gets an
// error saying so.
func TestNamespacedLongName(t *testing.T) {
	e, err := engine.Open(engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	n := &namespaced{api: e, prefix: "TestLongName-b4f18888."}
	name := strings.Repeat("t", 250)
	_, err = n.CreateTable(t.Context(), &dynamodb.CreateTableInput{TableName: &name})
	if err == nil || !strings.Contains(err.Error(), "namespace prefix") || !strings.Contains(err.Error(), "at most 233 characters") {
		t.Errorf("CreateTable of a name the prefix makes too long: %v", err)
	}
}
