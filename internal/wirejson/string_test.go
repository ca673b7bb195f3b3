package wirejson

import (
	"encoding/json"
	"math/rand/v2"
	"testing"
)

// TestAppendString checks JSON string escaping, around the eight-byte
// blocks that plainPrefix tests at once.
func TestAppendString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", `""`},
		{"plain ascii text, longer than eight", `"plain ascii text, longer than eight"`},
		{`abcdefg"`, `"abcdefg\""`},
		{`abcdefgh\`, `"abcdefgh\\"`},
		{"abcdefghijklmno\x01", `"abcdefghijklmno\u0001"`},
		{"tab\there\nnew\rline\x1f", `"tab\there\nnew\rline\u001f"`},
		{"\x7f~ ", "\"\x7f~ \""},
		{"héllo wörld, ünïcode", `"héllo wörld, ünïcode"`},
		{"bad \xff utf8 \xc3", `"bad ` + "\ufffd" + ` utf8 ` + "\ufffd" + `"`},
		{"12345678\"2345678\\", `"12345678\"2345678\\"`},
	}
	for _, tt := range tests {
		if got := string(AppendString(nil, tt.in)); got != tt.want {
			t.Errorf("AppendString(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// TestAppendStringRoundTrip checks that random valid UTF-8 strings, with the
// bytes that need escapes at every offset of the eight-byte blocks, decode
// back to themselves as JSON.
func TestAppendStringRoundTrip(t *testing.T) {
	alphabet := []rune("abcXYZ019 ~\x7f\"\\\n\r\t\x00\x01\x1féü€😀")
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		runes := make([]rune, rng.IntN(40))
		for i := range runes {
			runes[i] = alphabet[rng.IntN(len(alphabet))]
		}
		in := string(runes)
		buf := AppendString([]byte("prefix"), in)
		var out string
		if err := json.Unmarshal(buf[len("prefix"):], &out); err != nil || out != in {
			t.Fatalf("AppendString(%q) = %s, decodes to %q, %v", in, buf, out, err)
		}
	}
}

func TestAppendBlobAndStrings(t *testing.T) {
	if got := string(AppendBlob(nil, []byte{0, 1, 0xff})); got != `"AAH/"` {
		t.Errorf("AppendBlob = %s", got)
	}
	if got := string(AppendBlob(nil, nil)); got != `""` {
		t.Errorf("AppendBlob(nil) = %s", got)
	}
	if got := string(AppendStrings(nil, []string{"a", `"`})); got != `["a","\""]` {
		t.Errorf("AppendStrings = %s", got)
	}
	if got := string(AppendStrings(nil, nil)); got != `[]` {
		t.Errorf("AppendStrings(nil) = %s", got)
	}
}
