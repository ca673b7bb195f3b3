package attr

import "testing"

func TestEqual(t *testing.T) {
	tests := []struct {
		name string
		a, b av
		want bool
	}{
		{"same string", &S{Value: "a"}, &S{Value: "a"}, true},
		{"different string", &S{Value: "a"}, &S{Value: "b"}, false},
		{"string and number", &S{Value: "1"}, &N{Value: "1"}, false},
		{"numbers by value", &N{Value: "1"}, &N{Value: "1.0"}, true},
		{"different numbers", &N{Value: "1"}, &N{Value: "1.01"}, false},
		{"binary", &B{Value: []byte{1, 2}}, &B{Value: []byte{1, 2}}, true},
		{"nil and empty binary", &B{}, &B{Value: []byte{}}, true},
		{"different binary", &B{Value: []byte{1}}, &B{Value: []byte{2}}, false},
		{"bool", &BOOL{Value: true}, &BOOL{Value: true}, true},
		{"different bool", &BOOL{Value: true}, &BOOL{Value: false}, false},
		{"null", &NULL{Value: true}, &NULL{Value: true}, true},
		{"list", &L{Value: []av{&S{Value: "a"}, &N{Value: "1"}}}, &L{Value: []av{&S{Value: "a"}, &N{Value: "1.0"}}}, true},
		{"list order matters", &L{Value: []av{&S{Value: "a"}, &S{Value: "b"}}}, &L{Value: []av{&S{Value: "b"}, &S{Value: "a"}}}, false},
		{"list length", &L{Value: []av{&S{Value: "a"}}}, &L{}, false},
		{"map", &M{Value: map[string]av{"a": &N{Value: "1"}}}, &M{Value: map[string]av{"a": &N{Value: "1"}}}, true},
		{"map keys", &M{Value: map[string]av{"a": &N{Value: "1"}}}, &M{Value: map[string]av{"b": &N{Value: "1"}}}, false},
		{"map values", &M{Value: map[string]av{"a": &N{Value: "1"}}}, &M{Value: map[string]av{"a": &N{Value: "2"}}}, false},
		{"string set order", &SS{Value: []string{"a", "b"}}, &SS{Value: []string{"b", "a"}}, true},
		{"string set members", &SS{Value: []string{"a", "b"}}, &SS{Value: []string{"a", "c"}}, false},
		{"string set size", &SS{Value: []string{"a"}}, &SS{Value: []string{"a", "b"}}, false},
		{"number set by value", &NS{Value: []string{"1", "2"}}, &NS{Value: []string{"2.0", "1"}}, true},
		{"binary set order", &BS{Value: [][]byte{{1}, {2}}}, &BS{Value: [][]byte{{2}, {1}}}, true},
		{"binary set members", &BS{Value: [][]byte{{1}, {2}}}, &BS{Value: [][]byte{{1}, {3}}}, false},
		{"string set and list", &SS{Value: []string{"a"}}, &L{Value: []av{&S{Value: "a"}}}, false},
		{"nil", nil, nil, false},
	}
	for _, tt := range tests {
		if got := Equal(tt.a, tt.b); got != tt.want {
			t.Errorf("%s: Equal = %v, want %v", tt.name, got, tt.want)
		}
		if got := Equal(tt.b, tt.a); got != tt.want {
			t.Errorf("%s: Equal reversed = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestCompare(t *testing.T) {
	tests := []struct {
		a, b   av
		want   int
		wantOK bool
	}{
		{&S{Value: "a"}, &S{Value: "b"}, -1, true},
		{&S{Value: "B"}, &S{Value: "a"}, -1, true},
		{&S{Value: "é"}, &S{Value: "z"}, 1, true},
		{&N{Value: "10"}, &N{Value: "9"}, 1, true},
		{&N{Value: "-1"}, &N{Value: "-1.0"}, 0, true},
		{&B{Value: []byte{0xff}}, &B{Value: []byte{0x01, 0x00}}, 1, true},
		{&S{Value: "1"}, &N{Value: "1"}, 0, false},
		{&BOOL{}, &BOOL{}, 0, false},
		{&SS{Value: []string{"a"}}, &SS{Value: []string{"a"}}, 0, false},
	}
	for _, tt := range tests {
		got, ok := Compare(tt.a, tt.b)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("Compare(%#v, %#v) = %d, %v; want %d, %v", tt.a, tt.b, got, ok, tt.want, tt.wantOK)
		}
	}
}
