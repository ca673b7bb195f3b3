package ddb

import (
	"go/token"

	"github.com/google/go-cmp/cmp"
)

// sdkCmp lets go-cmp compare SDK types, whose unexported fields carry no data.
var sdkCmp = cmp.FilterPath(func(p cmp.Path) bool {
	sf, ok := p.Last().(cmp.StructField)
	return ok && !token.IsExported(sf.Name())
}, cmp.Ignore())

// compiled is the outcome of building one request's expressions.
type compiled struct {
	Texts  []string
	Names  map[string]string
	Values Item
}

// compile builds parts as one request without a schema does.
func compile(parts ...exprPart) (compiled, error) { return compileFor(nil, parts...) }

// compileFor builds parts as one request on a table of schema s does.
func compileFor(s *Schema, parts ...exprPart) (compiled, error) {
	b := newExprBuilder(s)
	texts, err := b.build(parts...)
	return compiled{texts, b.attributeNames(), b.attributeValues()}, err
}
