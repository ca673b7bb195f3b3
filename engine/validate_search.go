package engine

import (
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/internal/apierr"
	"github.com/ddbkit/ddb/engine/internal/expr"
)

// checkKeyPaths rejects a filter or projection that reads into a key
// attribute of the table, or of any of its indexes, through a nested path
// (k.x or k[0]): key attributes are scalars. The filter is checked first.
func (t *table) checkKeyPaths(filter *expr.Condition, proj *expr.Projection) error {
	var paths []expr.Path
	if filter != nil {
		paths = filter.Paths()
	}
	if proj != nil {
		paths = append(paths, proj.Paths()...)
	}
	for _, p := range paths {
		if len(p) == 1 {
			continue
		}
		if kind := t.keyKind(p[0].Name); kind != "" {
			return apierr.Validation("Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: " + kind + ": " + p[0].Name)
		}
	}
	return nil
}

// keyKind returns how DynamoDB's messages call the key attribute name: "Key"
// for the table's, "IndexKey" for an index's, "" for other attributes.
func (t *table) keyKind(name string) string {
	if t.isKey(name) {
		return "Key"
	}
	for _, ix := range t.indexList() {
		if ix.isKey(name) {
			return "IndexKey"
		}
	}
	return ""
}

// checkFilterKeys rejects a Query filter on a key attribute of the source:
// key conditions belong in the KeyConditionExpression.
func (s source) checkFilterKeys(filter *expr.Condition) error {
	if filter == nil {
		return nil
	}
	names := filter.Attributes()
	hash, rng := s.keys()
	for _, k := range slices.Concat(hash, rng) {
		if slices.Contains(names, k.name) {
			return apierr.Validation("Filter Expression can only contain non-primary key attributes: Primary key attribute: " + k.name)
		}
	}
	return nil
}

// unprojected returns the names the source does not store, in the order
// given, or nil for the table itself and indexes that project every
// attribute.
func (s source) unprojected(names []string) []string {
	if s.ix == nil || s.ix.projection == types.ProjectionTypeAll {
		return nil
	}
	var out []string
	for _, name := range names {
		if !s.ix.projects(s.t, name) {
			out = append(out, name)
		}
	}
	return out
}

// checkFilterProjected rejects a Query filter on an index that reads
// attributes the index does not project.
func (s source) checkFilterProjected(filter *expr.Condition) error {
	if filter == nil {
		return nil
	}
	if missing := s.unprojected(filter.Attributes()); missing != nil {
		slices.Sort(missing)
		return invalidParam("Secondary index %s does not project one or more filter attributes: %s", s.ix.name, javaList(missing))
	}
	return nil
}

// checkProjected rejects a projection of attributes a global index does not
// project: unlike a local index, it cannot fetch them from the table. The
// message lists them in expr.JavaOrder (as DynamoDB Local does), where the
// filter's message sorts them.
func (s source) checkProjected(proj *expr.Projection) error {
	if proj == nil || s.ix == nil || !s.ix.global {
		return nil
	}
	if missing := s.unprojected(proj.Attributes()); missing != nil {
		return invalidParam("Global secondary index %s does not project %s", s.ix.name, javaList(expr.JavaOrder(missing)))
	}
	return nil
}

// javaList formats names as DynamoDB's messages print a list: [a, b].
func javaList(names []string) string {
	return "[" + strings.Join(names, ", ") + "]"
}
