package wirejson

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"strings"
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

// TestAppendStdString checks that AppendStdString writes what encoding/json
// writes with HTML escaping off, on random strings with every byte that
// needs an escape, U+2028 and U+2029, and invalid UTF-8.
func TestAppendStdString(t *testing.T) {
	alphabet := []string{"a", "Z", "~", "<", "&", "é", "😀", "\u2028", "\u2029", "\x7f", "\xff", "\xc3", "\xe2\x80", `"`, `\`, "\b", "\f", "\n", "\r", "\t", "\x00", "\x01", "\x1f"}
	rng := rand.New(rand.NewPCG(7, 8))
	for range 3000 {
		var s strings.Builder
		for range rng.IntN(40) {
			s.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s.String()); err != nil {
			t.Fatal(err)
		}
		if got := AppendStdString(nil, s.String()); string(got) != strings.TrimSuffix(want.String(), "\n") {
			t.Fatalf("AppendStdString(%q) = %s, encoding/json writes %s", s.String(), got, want.String())
		}
	}
}
