package server

import (
	"context"
	"os"
	"os/exec"
	"reflect"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// lockedDecoder returns decoderFor(t) with compileMu held, as a test calls
// it outside any operation while other tests' operations may be compiling.
func lockedDecoder(t reflect.Type) decodeFn {
	compileMu.Lock()
	defer compileMu.Unlock()
	return decoderFor(t)
}

// freshProcessEnv marks the process TestCodecsCompiledOnFirstCall runs
// itself in, where no other test has called an operation yet.
const freshProcessEnv = "DDB_SERVER_TEST_FRESH_PROCESS"

// An operation compiles its codecs on its first call: a process that has
// served nothing holds none of them, and one that has served ListTables
// holds those of ListTables only.
func TestCodecsCompiledOnFirstCall(t *testing.T) {
	if os.Getenv(freshProcessEnv) == "" {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCodecsCompiledOnFirstCall$", "-test.count=1")
		cmd.Env = append(os.Environ(), freshProcessEnv+"=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("in a fresh process: %v\n%s", err, out)
		}
		return
	}
	compiledOps := func() (names []string) {
		compileMu.Lock()
		defer compileMu.Unlock()
		for name, in := range map[string]reflect.Type{
			"ListTables": reflect.TypeFor[dynamodb.ListTablesInput](),
			"PutItem":    reflect.TypeFor[dynamodb.PutItemInput](),
			"Query":      reflect.TypeFor[dynamodb.QueryInput](),
		} {
			if decoders[in] != nil {
				names = append(names, name)
			}
		}
		return names
	}
	if names := compiledOps(); len(names) != 0 {
		t.Fatalf("codecs of %v compiled before any call", names)
	}
	f := &fake{out: &dynamodb.ListTablesOutput{TableNames: []string{"a"}}}
	e := &encoder{}
	if err := operations["ListTables"](context.Background(), f, []byte(`{}`), nil, e); err != nil {
		t.Fatal(err)
	}
	if got, want := string(e.buf), `{"TableNames":["a"]}`; got != want {
		t.Errorf("ListTables wrote %s, want %s", got, want)
	}
	if names := compiledOps(); len(names) != 1 || names[0] != "ListTables" {
		t.Errorf("codecs of %v compiled after a ListTables call, want [ListTables]", names)
	}
}

// Operations called for the first time at once compile their codecs
// without racing on the shared maps (run with -race).
func TestFirstCallsAtOnce(t *testing.T) {
	var wg sync.WaitGroup
	for name, op := range operations {
		wg.Go(func() {
			if err := op(context.Background(), &fake{}, []byte(`{}`), nil, &encoder{}); err != nil {
				t.Errorf("%s: %v", name, err)
			}
		})
	}
	wg.Wait()
}
