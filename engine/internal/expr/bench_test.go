package expr

import (
	"testing"

	"github.com/ddbkit/ddb/internal/av"
)

func BenchmarkConditionEval(b *testing.B) {
	c, err := NewParams(map[string]string{"#s": "s"}, item{":v": av.S("hello"), ":n": av.N("3")}).
		Condition("attribute_exists(m.x) AND #s = :v AND size(l) >= :n")
	if err != nil {
		b.Fatal(err)
	}
	it := sample()
	b.ReportAllocs()
	for b.Loop() {
		c.Eval(it)
	}
}

func BenchmarkConditionCompile(b *testing.B) {
	values := item{":v": av.S("hello"), ":n": av.N("3")}
	b.ReportAllocs()
	for b.Loop() {
		NewParams(map[string]string{"#s": "s"}, values).Condition("attribute_exists(m.x) AND #s = :v AND size(l) >= :n")
	}
}

func BenchmarkUpdateApply(b *testing.B) {
	u, err := NewParams(nil, updateValues).Update("SET a = :one, m.x = m.x + :one REMOVE l[0] ADD n :one")
	if err != nil {
		b.Fatal(err)
	}
	it := updateItem()
	b.ReportAllocs()
	for b.Loop() {
		u.Apply(it)
	}
}
