package attr

import "testing"

func TestSize(t *testing.T) {
	// Sizes measured against DynamoDB Local: the largest padding string that
	// keeps a PutItem at 1 write capacity unit gives the size of the value.
	tests := []struct {
		v    av
		want int
	}{
		{&S{Value: ""}, 0},
		{&S{Value: "abc"}, 3},
		{&S{Value: "é"}, 2},
		{&B{Value: []byte("abc")}, 3},
		{&NULL{Value: true}, 1},
		{&BOOL{Value: true}, 1},
		{&N{Value: "0"}, 1},
		{&N{Value: "1"}, 2},
		{&N{Value: "12"}, 2},
		{&N{Value: "123"}, 3},
		{&N{Value: "1234"}, 3},
		{&N{Value: "12345"}, 4},
		{&N{Value: "10"}, 2},
		{&N{Value: "100"}, 2},
		{&N{Value: "0.1"}, 2},
		{&N{Value: "1.5"}, 3},
		{&N{Value: "1.05"}, 3},
		{&N{Value: "0.001"}, 2},
		{&N{Value: "123.456"}, 5},
		{&N{Value: "1000.01"}, 4},
		{&N{Value: "-1"}, 3},
		{&N{Value: "-12"}, 3},
		{&N{Value: "-123"}, 4},
		{&N{Value: "-0.5"}, 3},
		{&N{Value: "-100"}, 3},
		{&N{Value: "12345678901234567890123456789012345678"}, 20},
		{&N{Value: "-12345678901234567890123456789012345678"}, 21},
		{&N{Value: "1E+125"}, 2},
		{&N{Value: "1E-130"}, 2},
		{&SS{Value: []string{"a", "bc"}}, 3},
		{&NS{Value: []string{"1", "22"}}, 4},
		{&NS{Value: []string{"-1", "0"}}, 4},
		{&BS{Value: [][]byte{[]byte("a"), []byte("ab")}}, 3},
		{&L{}, 3},
		{&M{}, 3},
		{&L{Value: []av{&S{Value: "ab"}}}, 6},
		{&M{Value: map[string]av{"k": &S{Value: "ab"}}}, 7},
		{&L{Value: []av{&NULL{Value: true}, &BOOL{}}}, 7},
		{&L{Value: []av{&N{Value: "-1"}}}, 7},
		{&M{Value: map[string]av{"kk": &L{Value: []av{&N{Value: "1"}}}}}, 12},
	}
	for _, tt := range tests {
		if got := Size(tt.v); got != tt.want {
			t.Errorf("Size(%#v) = %d, want %d", tt.v, got, tt.want)
		}
	}
}

func TestItemSize(t *testing.T) {
	item := map[string]av{
		"pk":  &S{Value: "a"},
		"pad": &S{Value: "xxxx"},
		"é":   &N{Value: "12345"},
	}
	if got, want := ItemSize(item), (2+1)+(3+4)+(2+4); got != want {
		t.Errorf("ItemSize = %d, want %d", got, want)
	}
}
