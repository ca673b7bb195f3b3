package ddb

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// ErrSchemaMismatch reports that an existing table differs from the
// table's declaration (see SchemaDriftError).
var ErrSchemaMismatch = errors.New("ddb: existing table differs from its declaration")

// DifferenceKind names what a Difference is about.
type DifferenceKind string

// The kinds of difference between a table and its declaration.
const (
	DiffKeySchema       DifferenceKind = "key schema"       // the table's keys (names, roles, attribute types)
	DiffIndexMissing    DifferenceKind = "index missing"    // declared, not in the table
	DiffIndexUndeclared DifferenceKind = "index undeclared" // in the table, not declared
	DiffIndexKind       DifferenceKind = "index kind"       // local in one, global in the other
	DiffIndexKeySchema  DifferenceKind = "index key schema" // an index's keys (names, roles, attribute types)
	DiffProjection      DifferenceKind = "projection"       // an index's projection
	DiffTTL             DifferenceKind = "time to live"     // the time-to-live attribute, or none
	DiffStream          DifferenceKind = "stream"           // the stream view type, or none
)

// Difference is one way an existing table differs from its declaration.
// Declared and Actual describe the two sides ("none" when a side has no
// such thing).
type Difference struct {
	Kind     DifferenceKind
	Index    string // the index concerned, "" for the table itself
	Declared string
	Actual   string
}

// String describes the difference, e.g. `index by_status missing: declared
// [status HASH S] ALL, actual none`.
func (d Difference) String() string {
	what := string(d.Kind)
	switch {
	case d.Index != "" && d.Kind == DiffIndexMissing:
		what = "index " + d.Index + " missing"
	case d.Index != "" && d.Kind == DiffIndexUndeclared:
		what = "index " + d.Index + " undeclared"
	case d.Index != "":
		what = "index " + d.Index + ": " + what
	}
	return fmt.Sprintf("%s: declared %s, actual %s", what, d.Declared, d.Actual)
}

// SchemaDriftError reports every difference Create found between an
// existing table and its declaration. It matches ErrSchemaMismatch.
// Create returns it when the key schema differs (the table cannot serve
// the declaration), and for any difference under StrictSchema; otherwise
// it logs each difference as a warning.
type SchemaDriftError struct {
	Table       string
	Differences []Difference
}

// Error lists the differences.
func (e *SchemaDriftError) Error() string {
	texts := make([]string, len(e.Differences))
	for i, d := range e.Differences {
		texts[i] = d.String()
	}
	return fmt.Sprintf("%s: table %s: %s", ErrSchemaMismatch, e.Table, strings.Join(texts, "; "))
}

// Is reports whether target is ErrSchemaMismatch.
func (e *SchemaDriftError) Is(target error) bool { return target == ErrSchemaMismatch }

// drift compares an existing table, as DescribeTable and DescribeTimeToLive
// report it (ttl may be nil when unknown), with the declaration, and
// returns every difference: key schema (with the key attributes' types),
// index names, kinds, key schemas and projections, time to live and stream.
// Billing and throughput are not compared.
func (s *Schema) drift(desc *types.TableDescription, ttl *types.TimeToLiveDescription) []Difference {
	declared := s.CreateTableInput()
	var diffs []Difference
	add := func(kind DifferenceKind, index, want, got string) {
		if want != got {
			diffs = append(diffs, Difference{kind, index, want, got})
		}
	}
	add(DiffKeySchema, "", keySchemaText(declared.KeySchema, declared.AttributeDefinitions),
		keySchemaText(desc.KeySchema, desc.AttributeDefinitions))

	actual := map[string]liveIndex{}
	for _, ix := range desc.GlobalSecondaryIndexes {
		actual[aws.ToString(ix.IndexName)] = liveIndex{false, ix.KeySchema, ix.Projection}
	}
	for _, ix := range desc.LocalSecondaryIndexes {
		actual[aws.ToString(ix.IndexName)] = liveIndex{true, ix.KeySchema, ix.Projection}
	}
	for _, ix := range s.def.Indexes {
		want := liveIndex{ix.Local, indexKeySchema(ix), ix.Projection.sdk()}
		got, ok := actual[ix.Name]
		delete(actual, ix.Name)
		if !ok {
			diffs = append(diffs, Difference{DiffIndexMissing, ix.Name, want.text(declared.AttributeDefinitions), "none"})
			continue
		}
		add(DiffIndexKind, ix.Name, want.kind(), got.kind())
		add(DiffIndexKeySchema, ix.Name, keySchemaText(want.keys, declared.AttributeDefinitions), keySchemaText(got.keys, desc.AttributeDefinitions))
		add(DiffProjection, ix.Name, projectionText(want.projection), projectionText(got.projection))
	}
	undeclared := make([]string, 0, len(actual))
	for name := range actual {
		undeclared = append(undeclared, name)
	}
	slices.Sort(undeclared)
	for _, name := range undeclared {
		diffs = append(diffs, Difference{DiffIndexUndeclared, name, "none", actual[name].text(desc.AttributeDefinitions)})
	}

	if ttl != nil {
		got := "none"
		if ttlOn(ttl) {
			got = aws.ToString(ttl.AttributeName)
		}
		add(DiffTTL, "", orNone(s.cfg.ttl), got)
	}
	got := "none"
	if spec := desc.StreamSpecification; spec != nil && aws.ToBool(spec.StreamEnabled) {
		got = string(spec.StreamViewType)
	}
	add(DiffStream, "", orNone(string(s.cfg.stream)), got)
	return diffs
}

// liveIndex is the part of an index that drift compares.
type liveIndex struct {
	local      bool
	keys       []types.KeySchemaElement
	projection *types.Projection
}

func (ix liveIndex) kind() string {
	if ix.local {
		return "local"
	}
	return "global"
}

// text describes the index, e.g. "global [status HASH S] KEYS_ONLY".
func (ix liveIndex) text(defs []types.AttributeDefinition) string {
	return ix.kind() + " " + keySchemaText(ix.keys, defs) + " " + projectionText(ix.projection)
}

// projectionText describes a projection, e.g. "INCLUDE [a b]" (the
// attributes sorted: their order carries no meaning).
func projectionText(p *types.Projection) string {
	if p == nil {
		return "none"
	}
	if len(p.NonKeyAttributes) == 0 {
		return string(p.ProjectionType)
	}
	attrs := slices.Sorted(slices.Values(p.NonKeyAttributes))
	return fmt.Sprintf("%s %v", p.ProjectionType, attrs)
}

// attributeTypes maps attribute names to their defined types.
func attributeTypes(defs []types.AttributeDefinition) map[string]types.ScalarAttributeType {
	m := make(map[string]types.ScalarAttributeType, len(defs))
	for _, d := range defs {
		m[aws.ToString(d.AttributeName)] = d.AttributeType
	}
	return m
}

// keySchemaText lists key schema elements with their attribute types, e.g.
// "[owner HASH S, id RANGE N]".
func keySchemaText(keys []types.KeySchemaElement, defs []types.AttributeDefinition) string {
	typeOf := attributeTypes(defs)
	parts := make([]string, len(keys))
	for i, k := range keys {
		name := aws.ToString(k.AttributeName)
		parts[i] = fmt.Sprintf("%s %s %s", name, k.KeyType, typeOf[name])
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
