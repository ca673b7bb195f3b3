package ddb

import (
	"testing"
	"time"

	"github.com/google/uuid"
)

// benchWallet is the wallet item of issue 5: two attributes.
type benchWallet struct {
	UserID  uuid.UUID `ddb:"user_id,hash"`
	Balance int       `ddb:"balance"`
}

// benchProfile is the 12-attribute item of issue 5: a nested map, a list, a
// string set, a number set, a time and a UUID among scalars.
type benchProfile struct {
	ID      uuid.UUID         `ddb:"id,hash"`
	Name    string            `ddb:"name"`
	Email   string            `ddb:"email"`
	Age     int               `ddb:"age"`
	Score   float64           `ddb:"score"`
	Active  bool              `ddb:"active"`
	Visits  int64             `ddb:"visits"`
	Created time.Time         `ddb:"created"`
	Attrs   map[string]string `ddb:"attrs"`
	History []string          `ddb:"history"`
	Tags    []string          `ddb:"tags,set"`
	Lucky   []int             `ddb:"lucky,set"`
}

func newBenchProfile() benchProfile {
	return benchProfile{
		ID: uuid.MustParse("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), Name: "Ana Lima", Email: "ana@example.com",
		Age: 37, Score: 98.25, Active: true, Visits: 1234567,
		Created: time.Date(2024, 2, 29, 12, 30, 0, 0, time.UTC),
		Attrs:   map[string]string{"plan": "pro", "theme": "dark", "lang": "pt"},
		History: []string{"login", "buy", "logout"},
		Tags:    []string{"vip", "beta"},
		Lucky:   []int{7, 13, 42},
	}
}

func BenchmarkMarshalWallet(b *testing.B) {
	w := benchWallet{UserID: uuid.New(), Balance: 1000}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Marshal(&w); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkUnmarshalWallet(b *testing.B) {
	item, err := Marshal(&benchWallet{UserID: uuid.New(), Balance: 1000})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		var w benchWallet
		if err := Unmarshal(item, &w); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMarshalProfile(b *testing.B) {
	p := newBenchProfile()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Marshal(&p); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkUnmarshalProfile(b *testing.B) {
	p := newBenchProfile()
	item, err := Marshal(&p)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		var out benchProfile
		if err := Unmarshal(item, &out); err != nil {
			b.Fatal(err)
		}
	}
}
