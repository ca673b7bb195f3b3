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
// (k.x or k[0]): key attributes are scalars. The filter is checked first,
// each expression for the key attributes in keyOrder, as DynamoDB Local
// checks them.
func (t *table) checkKeyPaths(filter *expr.Condition, proj *expr.Projection) error {
	var filterPaths, projPaths []expr.Path
	if filter != nil {
		filterPaths = filter.Paths()
	}
	if proj != nil {
		projPaths = proj.Paths()
	}
	isNested := func(p expr.Path) bool { return len(p) > 1 }
	if !slices.ContainsFunc(filterPaths, isNested) && !slices.ContainsFunc(projPaths, isNested) {
		return nil // the common case, without listing the keys
	}
	keys := t.keyOrder()
	for _, paths := range [][]expr.Path{filterPaths, projPaths} {
		for _, name := range keys {
			nested := func(p expr.Path) bool { return len(p) > 1 && p[0].Name == name }
			if slices.ContainsFunc(paths, nested) {
				return apierr.Validation("Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: " + t.keyKind(name) + ": " + name)
			}
		}
	}
	return nil
}

// keyOrder returns the names of the key attributes of the table and then
// of its indexes, each partition key before its sort key: the order in
// which DynamoDB Local looks for a key attribute read by a nested path in
// an expression.
func (t *table) keyOrder() []string {
	var names []string
	add := func(ks []keyAttr) {
		for _, k := range ks {
			if !slices.Contains(names, k.name) {
				names = append(names, k.name)
			}
		}
	}
	add([]keyAttr{t.hash})
	if t.rng.name != "" {
		add([]keyAttr{t.rng})
	}
	for _, ix := range t.indexList() {
		add(ix.hash)
		add(ix.rng)
	}
	return names
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

// unprojected returns the names the source does not store, sorted, or nil
// for the table itself and indexes that project every attribute.
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
	slices.Sort(out)
	return out
}

// checkFilterProjected rejects a Query filter on an index that reads
// attributes the index does not project.
func (s source) checkFilterProjected(filter *expr.Condition) error {
	if filter == nil {
		return nil
	}
	if missing := s.unprojected(filter.Attributes()); missing != nil {
		return invalidParam("Secondary index %s does not project one or more filter attributes: %s", s.ix.name, javaList(missing))
	}
	return nil
}

// checkProjected rejects a projection of attributes a global index does not
// project: unlike a local index, it cannot fetch them from the table.
func (s source) checkProjected(proj *expr.Projection) error {
	if proj == nil || s.ix == nil || !s.ix.global {
		return nil
	}
	if missing := s.unprojected(proj.Attributes()); missing != nil {
		// Listed as a java.util.HashSet they were added to from the last
		// path to the first iterates them, as DynamoDB Local lists them
		// (where it lists a filter's sorted).
		var added []string
		paths := proj.Paths()
		for i := len(paths) - 1; i >= 0; i-- {
			if name := paths[i][0].Name; slices.Contains(missing, name) && !slices.Contains(added, name) {
				added = append(added, name)
			}
		}
		return invalidParam("Global secondary index %s does not project %s", s.ix.name, javaList(expr.JavaSetOrder(added)))
	}
	return nil
}

// javaList formats names as DynamoDB's messages print a list: [a, b].
func javaList(names []string) string {
	return "[" + strings.Join(names, ", ") + "]"
}
