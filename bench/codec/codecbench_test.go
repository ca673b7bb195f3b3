package codec

import (
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/internal/wirejson"
)

// TestSameItems checks that the three libraries encode each sample to the
// same item and decode the ddb item back to the sample, so that the
// benchmarks compare equal work.
func TestSameItems(t *testing.T) {
	samples := []struct {
		name          string
		sample, empty func() any
	}{
		{"wallet", func() any { return newWallet() }, func() any { return new(wallet) }},
		{"profile", func() any { return newProfile() }, func() any { return new(profile) }},
	}
	for _, s := range samples {
		want, err := libraries[0].marshal(s.sample())
		if err != nil {
			t.Fatalf("%s: ddb: %v", s.name, err)
		}
		for _, lib := range libraries {
			item, err := lib.marshal(s.sample())
			if err != nil {
				t.Fatalf("%s: %s: %v", s.name, lib.name, err)
			}
			if diff := cmp.Diff(plainItem(want), plainItem(item)); diff != "" {
				t.Errorf("%s: %s encodes differently from ddb (-ddb +%s):\n%s", s.name, lib.name, lib.name, diff)
			}
			got := s.empty()
			if err := lib.unmarshal(want, got); err != nil {
				t.Fatalf("%s: %s: decoding the ddb item: %v", s.name, lib.name, err)
			}
			if diff := cmp.Diff(s.sample(), got, cmp.AllowUnexported(wallet{}, profile{})); diff != "" {
				t.Errorf("%s: %s decodes the ddb item differently (-want +got):\n%s", s.name, lib.name, diff)
			}
		}
	}
}

// TestSameJSON checks that the three libraries write each sample as the
// same JSON item and read ddb's JSON back to the sample, so that the JSON
// benchmarks compare equal work.
func TestSameJSON(t *testing.T) {
	for _, sample := range []struct {
		name          string
		sample, empty func() any
	}{
		{"wallet", func() any { return newWallet() }, func() any { return new(wallet) }},
		{"profile", func() any { return newProfile() }, func() any { return new(profile) }},
	} {
		want, err := libraries[0].marshalJSON(nil, sample.sample())
		if err != nil {
			t.Fatal(err)
		}
		for _, lib := range libraries {
			js, err := lib.marshalJSON(nil, sample.sample())
			if err != nil {
				t.Fatalf("%s: %s: %v", sample.name, lib.name, err)
			}
			if diff := cmp.Diff(plainItem(parseItem(t, want)), plainItem(parseItem(t, js))); diff != "" {
				t.Errorf("%s: %s writes other JSON than ddb (-ddb +%s):\n%s", sample.name, lib.name, lib.name, diff)
			}
			got := sample.empty()
			if err := lib.unmarshalJSON(want, got); err != nil {
				t.Fatalf("%s: %s: %v", sample.name, lib.name, err)
			}
			if diff := cmp.Diff(sample.sample(), got, cmp.AllowUnexported(wallet{}, profile{}), setsUnordered); diff != "" {
				t.Errorf("%s: %s reads ddb's JSON differently (-want +got):\n%s", sample.name, lib.name, diff)
			}
		}
	}
}

// setsUnordered makes go-cmp compare the slices that hold the profile's
// sets in any order: ddb writes sets sorted.
var setsUnordered = cmp.FilterPath(func(p cmp.Path) bool {
	f, ok := p.Last().(cmp.StructField)
	return ok && (f.Name() == "Tags" || f.Name() == "Lucky")
}, cmp.Options{cmpopts.SortSlices(func(a, b string) bool { return a < b }), cmpopts.SortSlices(func(a, b int) bool { return a < b })})

// parseItem reads the JSON of an item.
func parseItem(t *testing.T, js []byte) map[string]types.AttributeValue {
	t.Helper()
	var r wirejson.Reader
	r.Reset(string(js))
	item := r.Item()
	if err := r.Done(); err != nil {
		t.Fatalf("%v: %s", err, js)
	}
	return item
}

// TestCases checks that every case has a benchmark of every library.
func TestCases(t *testing.T) {
	for _, c := range Cases() {
		for _, lib := range Libraries {
			if c.Marshal[lib] == nil || c.Unmarshal[lib] == nil {
				t.Errorf("%s: no benchmark of %s", c.Name, lib)
			}
		}
	}
}

// plainItem returns item as plain Go values tagged with their attribute
// type, set members sorted (sets are unordered), for comparison.
func plainItem(item map[string]types.AttributeValue) map[string]any {
	plain := make(map[string]any, len(item))
	for k, av := range item {
		plain[k] = plainValue(av)
	}
	return plain
}

func plainValue(av types.AttributeValue) any {
	switch m := av.(type) {
	case *types.AttributeValueMemberS:
		return [2]string{"S", m.Value}
	case *types.AttributeValueMemberN:
		return [2]string{"N", m.Value}
	case *types.AttributeValueMemberBOOL:
		return m.Value
	case *types.AttributeValueMemberSS:
		return append([]string{"SS"}, slices.Sorted(slices.Values(m.Value))...)
	case *types.AttributeValueMemberNS:
		return append([]string{"NS"}, slices.Sorted(slices.Values(m.Value))...)
	case *types.AttributeValueMemberL:
		list := make([]any, len(m.Value))
		for i, e := range m.Value {
			list[i] = plainValue(e)
		}
		return list
	case *types.AttributeValueMemberM:
		return plainItem(m.Value)
	}
	return av // a type the samples do not use: compared as is
}

func BenchmarkMarshal(b *testing.B) {
	for _, c := range Cases() {
		for _, lib := range Libraries {
			b.Run(c.Name+"/"+lib, c.Marshal[lib])
		}
	}
}

func BenchmarkUnmarshal(b *testing.B) {
	for _, c := range Cases() {
		for _, lib := range Libraries {
			b.Run(c.Name+"/"+lib, c.Unmarshal[lib])
		}
	}
}

// TestMarshalAllocations holds ddb.Marshal to its allocation budget: at most
// one allocation per attribute value plus one for the map.
func TestMarshalAllocations(t *testing.T) {
	wallet, profile := newWallet(), newProfile()
	for _, tt := range []struct {
		name  string
		v     any // boxed once, outside the measured calls
		attrs int
	}{
		{"the wallet", wallet, 2}, {"the profile", profile, 12},
		{"the wallet by value", *wallet, 2}, {"the profile by value", *profile, 12},
	} {
		allocs := testing.AllocsPerRun(100, func() {
			if _, err := ddb.Marshal(tt.v); err != nil {
				t.Fatal(err)
			}
		})
		if limit := float64(tt.attrs + 1); allocs > limit {
			t.Errorf("Marshal of %s: %v allocations, want at most %v", tt.name, allocs, limit)
		}
	}
}

// TestRFC3339NanoTimesAsOthersWrite checks that a time tagged rfc3339nano
// is stored as attributevalue (with its default options too) and
// guregu/dynamo store a time.Time, whatever its zone and fraction, so that
// keys and conditions find the items they wrote.
func TestRFC3339NanoTimesAsOthersWrite(t *testing.T) {
	type stamped struct {
		At time.Time `ddb:"at,rfc3339nano" dynamodbav:"at" dynamo:"at"`
	}
	marshals := append(slices.Clone(libraries), library{name: "attributevalue default", marshal: func(v any) (map[string]types.AttributeValue, error) {
		return attributevalue.MarshalMap(v)
	}})
	for _, at := range []time.Time{
		time.Date(2024, 1, 1, 0, 0, 1, 0, time.UTC),
		time.Date(2024, 1, 1, 0, 0, 1, 500_000_000, time.UTC),
		time.Date(2024, 1, 1, 9, 30, 0, 123_456_789, time.FixedZone("", 9*3600+1800)),
		time.Date(1999, 12, 31, 23, 59, 59, 10, time.FixedZone("", -5*3600)),
	} {
		want, err := ddb.Marshal(stamped{at})
		if err != nil {
			t.Fatal(err)
		}
		for _, lib := range marshals[1:] {
			item, err := lib.marshal(stamped{at})
			if err != nil {
				t.Fatalf("%s: %v", lib.name, err)
			}
			if diff := cmp.Diff(plainItem(want), plainItem(item)); diff != "" {
				t.Errorf("%v: %s stores it differently from ddb (-ddb +%s):\n%s", at, lib.name, lib.name, diff)
			}
		}
	}
}
