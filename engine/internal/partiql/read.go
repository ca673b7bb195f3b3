package partiql

import (
	"slices"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/internal/attr"
)

// partitionValue is the placeholder of the partition key value in each
// Query of a SELECT.
const partitionValue = ":pk"

// sortOperators maps the comparisons a sort key condition may use to
// their mirror image (v < sk is sk > v).
var sortOperators = map[string]string{"=": "=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}

// read binds a SELECT: a Query of each partition its WHERE clause selects
// with an equality or IN on the partition key (with the first condition on
// the sort key a key condition can express, and the rest as a filter), or
// else a Scan filtered by the whole WHERE clause.
func (b *binder) read() (*Plan, error) {
	b.deferKeys = true
	p, err := b.readPlan()
	if err == nil {
		err = b.deferred
	}
	if err != nil {
		return nil, err
	}
	return p, nil
}

// compileWhere compiles a SELECT's projection, then renders its WHERE
// clause from left to right and compiles it as one condition: the mistakes
// DynamoDB Local reports before those of the values compared with key
// attributes and of ORDER BY, in its order (the reads the clause becomes
// render it in another). A clause the reads can render renders as a
// condition. It reads neither the table's keys nor, but for BETWEEN and
// attribute_type, the parameters' values: readPlan runs it once per
// parameter types (see compileCache).
func (b *binder) compileWhere() error {
	own := &binder{s: b.s, params: b.params, sent: b.sent, deferKeys: true}
	if !b.s.star {
		projection, err := own.paths(b.s.columns)
		if err != nil {
			return nil // the plan's projection reports it
		}
		if err := own.compile(compiled{"ProjectionExpression", projection}); err != nil {
			return err
		}
	}
	if b.s.where == nil {
		return nil
	}
	where, err := own.condition(b.s.where)
	if err != nil {
		return err
	}
	return own.compile(compiled{"ConditionExpression", where})
}

// readPlan binds a SELECT as read describes.
func (b *binder) readPlan() (*Plan, error) {
	p := &Plan{read: &binder{s: b.s, params: b.params, keys: b.keys}}
	projection, err := b.projection(p)
	if err != nil {
		return nil, err
	}
	if err := b.compileOnce(b.compileWhere); err != nil {
		return nil, err
	}
	desc, byHash, err := b.orderBy()
	if err != nil {
		return nil, err
	}
	conds := conjuncts(b.s.where)
	if len(b.keys.IndexHash) > 0 {
		return p, b.indexRead(p, conds, projection, desc)
	}
	var partitions []types.AttributeValue
	for i, c := range conds {
		values, err := b.partitions(c)
		if err != nil {
			return nil, err
		}
		if values != nil {
			partitions, conds = values, slices.Delete(slices.Clone(conds), i, i+1)
			break
		}
	}
	if partitions == nil {
		if len(b.s.order) > 0 {
			b.report("", errOrderWithoutPartition)
		}
		return p, b.scan(p, projection)
	}
	if byHash != 0 {
		slices.SortStableFunc(partitions, func(x, y types.AttributeValue) int {
			c, _ := attr.Compare(x, y)
			return c * byHash
		})
	}
	keyCond := b.name(b.keys.Hash) + " = " + partitionValue
	for i, c := range conds {
		sortCond, err := b.sortCondition(c, b.keys.Range)
		if err != nil {
			return nil, err
		}
		if sortCond != "" {
			keyCond += " AND " + sortCond
			conds = slices.Delete(slices.Clone(conds), i, i+1)
			break
		}
	}
	filters, err := b.conditions(conds)
	if err != nil {
		return nil, err
	}
	for _, pv := range partitions {
		values := make(map[string]types.AttributeValue, len(b.values)+1)
		for k, v := range b.values {
			values[k] = v
		}
		values[partitionValue] = pv
		q := &dynamodb.QueryInput{
			TableName: &b.s.table, IndexName: optional(b.s.index), KeyConditionExpression: &keyCond,
			FilterExpression: optional(and(filters)), ProjectionExpression: optional(projection),
			ExpressionAttributeNames: b.attributeNames(), ExpressionAttributeValues: values,
		}
		if desc {
			q.ScanIndexForward = new(bool)
		}
		p.Queries = append(p.Queries, q)
	}
	return p, nil
}

// indexRead binds a SELECT of an index with a multi-attribute key: a Query
// when the WHERE clause has an equality on every partition key attribute
// (its key condition those, then the equalities on the sort key attributes
// from the first on, then the first condition a key condition can express
// on the next one; the rest is the filter), else a Scan.
func (b *binder) indexRead(p *Plan, conds []*node, projection string, desc bool) error {
	var keyConds []string
	// take removes the first condition that render renders and adds it to
	// the key condition.
	take := func(render func(c *node) (string, error)) (bool, error) {
		for i, c := range conds {
			text, err := render(c)
			if err != nil || text != "" {
				if text != "" {
					keyConds, conds = append(keyConds, text), slices.Delete(slices.Clone(conds), i, i+1)
				}
				return text != "", err
			}
		}
		return false, nil
	}
	equality := func(name string) func(c *node) (string, error) {
		return func(c *node) (string, error) {
			if key, _ := b.keyEquality(c); key != name {
				return "", nil
			}
			return b.sortCondition(c, name)
		}
	}
	for _, k := range b.keys.IndexHash {
		if !slices.ContainsFunc(conds, func(c *node) bool { name, _ := b.keyEquality(c); return name == k.Name }) {
			if len(b.s.order) > 0 {
				b.report("", errOrderWithoutPartition)
			}
			return b.scan(p, projection)
		}
	}
	for _, k := range b.keys.IndexHash {
		if _, err := take(equality(k.Name)); err != nil {
			return err
		}
	}
	for _, k := range b.keys.IndexRange {
		found, err := take(equality(k.Name))
		if err != nil {
			return err
		}
		if found {
			continue
		}
		if _, err := take(func(c *node) (string, error) { return b.sortCondition(c, k.Name) }); err != nil {
			return err
		}
		break
	}
	filters, err := b.conditions(conds)
	if err != nil {
		return err
	}
	keyCond := and(keyConds)
	q := &dynamodb.QueryInput{
		TableName: &b.s.table, IndexName: optional(b.s.index), KeyConditionExpression: &keyCond,
		FilterExpression: optional(and(filters)), ProjectionExpression: optional(projection),
		ExpressionAttributeNames: b.attributeNames(), ExpressionAttributeValues: b.attributeValues(),
	}
	if desc {
		q.ScanIndexForward = new(bool)
	}
	p.Queries = []*dynamodb.QueryInput{q}
	return nil
}

// scan sets the plan's Scan, filtered by the whole WHERE clause.
func (b *binder) scan(p *Plan, projection string) error {
	var filter string
	if b.s.where != nil {
		var err error
		if filter, err = b.condition(b.s.where); err != nil {
			return err
		}
	}
	p.Scan = &dynamodb.ScanInput{
		TableName: &b.s.table, IndexName: optional(b.s.index),
		FilterExpression: optional(filter), ProjectionExpression: optional(projection),
		ExpressionAttributeNames: b.attributeNames(), ExpressionAttributeValues: b.attributeValues(),
	}
	return nil
}

// optional returns a pointer to s, or nil for "".
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// projection renders the paths of a SELECT as a projection expression and
// records the plan's columns; "" for SELECT *.
func (b *binder) projection(p *Plan) (string, error) {
	if b.s.star {
		return "", nil
	}
	for _, c := range b.s.columns {
		name := columnName(c.path)
		for _, seen := range p.columns {
			if seen.name == name {
				return "", semantic("Duplicate identifiers in select clause: " + name)
			}
		}
		p.columns = append(p.columns, column{name: name, path: c.path})
	}
	return b.paths(b.s.columns)
}

// paths renders the paths of a SELECT as a projection expression, last
// first: so DynamoDB lists them, as its messages about overlapping paths
// show ("path one" is the later path).
func (b *binder) paths(nodes []*node) (string, error) {
	texts := make([]string, len(nodes))
	for i, n := range nodes {
		text, err := b.pathText(n)
		if err != nil {
			return "", err
		}
		texts[len(nodes)-1-i] = text
	}
	return strings.Join(texts, ", "), nil
}

// columnName is the name a projected path is returned under: its last
// name and the list indexes after it.
func columnName(path []step) string {
	i := len(path) - 1
	for path[i].isIndex {
		i--
	}
	name := path[i].name
	for _, s := range path[i+1:] {
		name += "[" + strconv.Itoa(s.index) + "]"
	}
	return name
}

// errOrderWithoutPartition is the error of ORDER BY in a SELECT that does
// not name its partitions.
var errOrderWithoutPartition = semantic("Must have at least one non-optional hash key condition in WHERE clause when using ORDER BY clause.")

// orderBy checks ORDER BY and returns whether the sort key is in
// descending order, and the order of the partitions: 1 ascending, -1
// descending by the partition key, 0 as the WHERE clause lists them. On an
// index with a multi-attribute key, ORDER BY names its key attributes: one
// partition is read, and the sort key attributes go one way (the last one
// named decides).
func (b *binder) orderBy() (desc bool, byHash int, err error) {
	if len(b.s.order) > 0 && b.s.where == nil {
		return false, 0, semantic("Must have WHERE clause in the statement when using ORDER BY clause.")
	}
	for _, k := range b.s.order {
		n := k.path
		if n.kind != nPath || len(n.path) != 1 || n.paren {
			return false, 0, semantic("Argument to ORDER BY must be of type VariableReference. Type: " + orderText(n))
		}
		switch name := n.path[0].name; {
		case b.isIndexKey(b.keys.IndexHash, name):
		case b.isIndexKey(b.keys.IndexRange, name):
			desc = k.desc
		case name == b.keys.Hash:
			byHash = 1
			if k.desc {
				byHash = -1
			}
		case name == b.keys.Range && name != "":
			desc = k.desc
		default:
			return false, 0, semantic("Variable reference " + name + " in ORDER BY clause must be part of the primary key")
		}
	}
	return desc, byHash, nil
}

// orderText shows an ORDER BY argument that is not an attribute name.
func orderText(n *node) string {
	if n.kind == nLiteral && n.op != "" {
		return n.op
	}
	return nodeText(n)
}

// partitions returns the partition key values a WHERE clause condition
// selects: an equality, an IN list, or ORs of equalities on the partition
// key; nil for any other condition, and for a key schema without one
// partition key attribute (Keys.Hash "": a multi-attribute key).
func (b *binder) partitions(c *node) ([]types.AttributeValue, error) {
	if b.keys.Hash == "" {
		return nil, nil
	}
	var values []*node
	switch {
	case c.kind == nIn && !c.not && b.keyName(c.args[0]) == b.keys.Hash && c.args[1].kind == nList && len(c.args[1].args) > 0:
		values = c.args[1].args
		if !slices.ContainsFunc(values, isValue) || slices.ContainsFunc(values, func(n *node) bool { return !isValue(n) }) {
			return nil, nil
		}
	case c.kind == nBinary && c.op == "OR":
		for _, leaf := range disjuncts(c) {
			name, v := b.keyEquality(leaf)
			if name != b.keys.Hash {
				return nil, nil
			}
			values = append(values, v)
		}
	default:
		name, v := b.keyEquality(c)
		if name != b.keys.Hash {
			return nil, nil
		}
		values = []*node{v}
	}
	var out []types.AttributeValue
	for _, n := range values {
		v, err := b.keyValue(b.keys.Hash, n)
		if err != nil {
			return nil, err
		}
		if !slices.ContainsFunc(out, func(w types.AttributeValue) bool { return attr.Equal(v, w) }) {
			out = append(out, v)
		}
	}
	return out, nil
}

// disjuncts flattens a tree of ORs.
func disjuncts(n *node) []*node {
	if n.kind == nBinary && n.op == "OR" {
		return append(disjuncts(n.args[0]), disjuncts(n.args[1])...)
	}
	return []*node{n}
}

// sortCondition renders a condition on sort key attribute rng that a key
// condition can express (a comparison, BETWEEN or begins_with against
// values), or returns "".
func (b *binder) sortCondition(c *node, rng string) (string, error) {
	if rng == "" {
		return "", nil
	}
	var args []*node
	var render func(ops []string) string
	switch {
	case c.kind == nBinary && sortOperators[c.op] != "":
		l, r := c.args[0], c.args[1]
		switch {
		case b.keyName(l) == rng && isValue(r):
			args = []*node{r}
			render = func(ops []string) string { return b.name(rng) + " " + c.op + " " + ops[0] }
		case b.keyName(r) == rng && isValue(l):
			args = []*node{l}
			render = func(ops []string) string { return b.name(rng) + " " + sortOperators[c.op] + " " + ops[0] }
		}
	case c.kind == nBetween && !c.not && b.keyName(c.args[0]) == rng && isValue(c.args[1]) && isValue(c.args[2]):
		args = c.args[1:]
		render = func(ops []string) string { return b.name(rng) + " BETWEEN " + ops[0] + " AND " + ops[1] }
	case c.kind == nCall && c.op == "begins_with" && len(c.args) == 2 && b.keyName(c.args[0]) == rng && isValue(c.args[1]):
		args = c.args[1:]
		render = func(ops []string) string { return "begins_with(" + b.name(rng) + ", " + ops[0] + ")" }
	}
	if render == nil {
		return "", nil
	}
	ops := make([]string, len(args))
	for i, a := range args {
		v, err := b.keyValue(rng, a)
		if err != nil {
			return "", err
		}
		if ops[i], err = b.placeholder(v); err != nil {
			return "", err
		}
	}
	return render(ops), nil
}

// Get returns a SELECT's read as the Get of TransactGetItems, or nil
// unless it reads the table and its WHERE clause is exactly an equality on
// each key attribute, as a transaction or a batch requires.
func (p *Plan) Get() (*types.Get, error) {
	if p.read == nil {
		return nil, nil
	}
	return p.read.get()
}

// get returns the Get of a bound SELECT, or nil.
func (b *binder) get() (*types.Get, error) {
	if b.s.index != "" {
		return nil, nil
	}
	var names []string
	var values []*node
	for _, c := range conjuncts(b.s.where) {
		name, v := b.keyEquality(c)
		if name == "" || slices.Contains(names, name) {
			// Not a Get; the values before are checked all the same.
			_, err := b.keyValues(names, values)
			return nil, err
		}
		names, values = append(names, name), append(values, v)
	}
	key, err := b.keyValues(names, values)
	if err != nil {
		return nil, err
	}
	if key[b.keys.Hash] == nil || b.keys.Range != "" && key[b.keys.Range] == nil {
		return nil, nil
	}
	g := &types.Get{TableName: &b.s.table, Key: key}
	if !b.s.star {
		// The projection alone, with placeholders of its own.
		own := &binder{s: b.s}
		text, err := own.paths(b.s.columns)
		if err != nil {
			return nil, err
		}
		g.ProjectionExpression, g.ExpressionAttributeNames = &text, own.attributeNames()
	}
	return g, nil
}
