package partiql

import (
	"slices"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/internal/attr"
	"github.com/ddbkit/ddb/engine/internal/expr"
	"github.com/ddbkit/ddb/internal/dynamo"
)

// Keys is the key schema a statement is bound against: the partition and
// sort key of the table it writes, or of the table or index it reads
// (Range is "" when there is no sort key), and their types ("S", "N" or
// "B"). An index with a multi-attribute key has its key attributes in
// IndexHash and IndexRange instead, in key schema order, and Hash "".
type Keys struct {
	Hash, HashType   string
	Range, RangeType string

	IndexHash, IndexRange []Key
}

// Key is one attribute of a multi-attribute key: its name and type.
type Key struct{ Name, Type string }

// Plan is a statement bound to its parameters and key schema: the
// DynamoDB operations that run it. A SELECT has Queries (one per partition
// its WHERE clause names, in the order to read them) or else a Scan (and
// see Get); a write has one of Put, Update, Delete and, for EXISTS, Check.
// Table names are the statement's.
type Plan struct {
	Queries []*dynamodb.QueryInput
	Scan    *dynamodb.ScanInput
	Put     *dynamodb.PutItemInput
	Update  *dynamodb.UpdateItemInput
	Delete  *dynamodb.DeleteItemInput
	Check   *types.ConditionCheck

	columns []column // a SELECT's projection; nil for SELECT *
	read    *binder  // a SELECT's binding, for Get
}

// column is one item of a SELECT's projection: the value at path, returned
// under name.
type column struct {
	name string
	path []step
}

// Project returns what a SELECT returns of an item it read: the item for
// SELECT *, else the value of each projected path under its name (the last
// name of the path and the indexes after it: a.b[1] is "b[1]"). It never
// returns nil for an item.
func (p *Plan) Project(item map[string]types.AttributeValue) map[string]types.AttributeValue {
	if p.columns == nil {
		return item
	}
	out := make(map[string]types.AttributeValue, len(p.columns))
	for _, c := range p.columns {
		if v := lookup(item, c.path); v != nil {
			out[c.name] = v
		}
	}
	return out
}

// lookup returns the value at path in item, or nil.
func lookup(item map[string]types.AttributeValue, path []step) types.AttributeValue {
	v := item[path[0].name]
	for _, s := range path[1:] {
		switch c := v.(type) {
		case *types.AttributeValueMemberM:
			if s.isIndex {
				return nil
			}
			v = c.Value[s.name]
		case *types.AttributeValueMemberL:
			if !s.isIndex || s.index >= len(c.Value) {
				return nil
			}
			v = c.Value[s.index]
		default:
			return nil
		}
	}
	return v
}

// errParameterCount is DynamoDB's error for a statement with more or fewer
// ? than Parameters.
var errParameterCount = semantic("Number of parameters in request and statement don't match.")

// Bind binds the statement to its parameters (validated by the operation
// that runs the plan) and to the key schema of what it reads or writes.
// Too many parameters are refused at once; a missing one where the binder
// reaches its place, as DynamoDB Local reports it.
func (s *Statement) Bind(params []types.AttributeValue, keys Keys) (*Plan, error) {
	if len(params) > s.params {
		return nil, errParameterCount
	}
	normalized, err := normalizeParams(params)
	if err != nil {
		return nil, err
	}
	b := &binder{s: s, params: normalized, sent: params, keys: keys}
	var p *Plan
	switch s.kind {
	case Select:
		p, err = b.read()
	case Insert:
		p, err = b.insert()
	case Update:
		p, err = b.update()
	case Delete:
		p, err = b.remove()
	default:
		p, err = b.exists()
	}
	if err == nil && len(params) < s.params {
		// Every parameter's place is reached; this guards the plan.
		return nil, errParameterCount
	}
	return p, err
}

// binder renders a statement's expressions as DynamoDB expressions with
// #name and :value placeholders.
type binder struct {
	s      *Statement
	params []types.AttributeValue // normalized
	sent   []types.AttributeValue // as sent, for the operands of conditions
	keys   Keys
	names  map[string]string // placeholder -> attribute name
	byName map[string]string // attribute name -> placeholder
	values map[string]types.AttributeValue
	// deferKeys has keyValue report a value of the wrong type (see
	// report) instead of failing, for a SELECT to return the error once
	// its expressions compiled.
	deferKeys bool
	deferred  error
	// deferredKey is the key attribute whose value is deferred's mistake.
	deferredKey string
}

// report records err, the error a SELECT returns once its WHERE clause
// compiled, unless an error was reported before it. A mistake of the value
// compared with key attribute key ("" for other errors) replaces that of
// another key it comes before in DynamoDB's order (keyOrder).
func (b *binder) report(key string, err error) {
	switch {
	case b.deferred == nil:
	case key == "" || b.deferredKey == "" || keyOrder([]string{b.deferredKey, key})[0] != key:
		return
	}
	b.deferred, b.deferredKey = err, key
}

// keyOrder returns the key attribute names in the order DynamoDB checks
// the types of the values a WHERE clause compares them with: that of a
// java.util.HashMap holding them (DynamoDB Local checks sk before pk, a
// before b), whatever the order of the clause or of the key schema.
func keyOrder(names []string) []string { return expr.JavaSetOrder(names) }

// name returns the placeholder of an attribute name.
func (b *binder) name(n string) string {
	if ph, ok := b.byName[n]; ok {
		return ph
	}
	if b.names == nil {
		b.names, b.byName = map[string]string{}, map[string]string{}
	}
	ph := "#" + strconv.Itoa(len(b.names))
	b.names[ph], b.byName[n] = n, ph
	return ph
}

// nestingMessage is the message of a value nested too deep, which DynamoDB
// reports for a parameter as for an attribute of an item.
const nestingMessage = "Nesting Levels have exceeded supported limits"

// normalizeParams validates the parameters and normalizes them as
// DynamoDB stores values, reporting the first invalid one with DynamoDB's
// message for an attribute of an item.
func normalizeParams(params []types.AttributeValue) ([]types.AttributeValue, error) {
	var out []types.AttributeValue
	for i, v := range params {
		n, err := attr.Normalize(v)
		if err != nil {
			e := apiError(Plain, err)
			if e.Message == nestingMessage {
				e.Message += ": Attributes in the item have nested levels beyond supported limit"
			}
			return nil, e
		}
		if n != v && out == nil {
			out = slices.Clone(params)
		}
		if out != nil {
			out[i] = n
		}
	}
	if out == nil {
		return params, nil
	}
	return out, nil
}

// placeholder returns a new placeholder for a value, which it validates
// and normalizes.
func (b *binder) placeholder(v types.AttributeValue) (string, error) {
	v, err := attr.Normalize(v)
	if err != nil {
		return "", apiError(Semantic, err)
	}
	return b.store(v), nil
}

// store returns a new placeholder for a valid value.
func (b *binder) store(v types.AttributeValue) string {
	if b.values == nil {
		b.values = map[string]types.AttributeValue{}
	}
	ph := ":" + strconv.Itoa(len(b.values))
	b.values[ph] = v
	return ph
}

// pathText renders a path node.
func (b *binder) pathText(n *node) (string, error) {
	var sb strings.Builder
	for i, s := range n.path {
		switch {
		case s.bad != nil:
			return "", semanticAt("Unexpected path component", s.bad.pos)
		case s.isIndex:
			sb.WriteString("[" + strconv.Itoa(s.index) + "]")
		default:
			if i > 0 {
				sb.WriteByte('.')
			}
			sb.WriteString(b.name(s.name))
		}
	}
	return sb.String(), nil
}

// names and values return the placeholder maps, nil when empty.
func (b *binder) attributeNames() map[string]string { return b.names }

func (b *binder) attributeValues() map[string]types.AttributeValue { return b.values }

// conjuncts flattens the ANDs at the top of a WHERE clause.
func conjuncts(n *node) []*node {
	if n == nil {
		return nil
	}
	if n.kind == nBinary && n.op == "AND" {
		return append(conjuncts(n.args[0]), conjuncts(n.args[1])...)
	}
	return []*node{n}
}

// keyName returns the name of a path that is a key attribute, or "".
func (b *binder) keyName(n *node) string {
	if n.kind != nPath || len(n.path) != 1 {
		return ""
	}
	name := n.path[0].name
	if name != "" && (name == b.keys.Hash || name == b.keys.Range || b.indexKey(name) != nil) {
		return name
	}
	return ""
}

// indexKey returns the attribute name of a multi-attribute key, or nil.
func (b *binder) indexKey(name string) *Key {
	for _, list := range [][]Key{b.keys.IndexHash, b.keys.IndexRange} {
		for i := range list {
			if list[i].Name == name {
				return &list[i]
			}
		}
	}
	return nil
}

// isIndexKey reports whether name is one of the attributes of a
// multi-attribute key.
func (b *binder) isIndexKey(keys []Key, name string) bool {
	return slices.ContainsFunc(keys, func(k Key) bool { return k.Name == name })
}

// keyType returns the type of key attribute name.
func (b *binder) keyType(name string) string {
	switch {
	case name == b.keys.Hash:
		return b.keys.HashType
	case b.indexKey(name) != nil:
		return b.indexKey(name).Type
	}
	return b.keys.RangeType
}

// keyValue evaluates the value compared with key attribute name, which
// must be of the key's type (see checkKeyType).
func (b *binder) keyValue(name string, n *node) (types.AttributeValue, error) {
	v, err := b.value(n, "root")
	if err != nil {
		return nil, err
	}
	return v, b.checkKeyType(name, v)
}

// checkKeyType checks that v, compared with key attribute name, is of the
// key's type: an error of the key, which cancels a transaction, for reads
// as for writes. With deferKeys, it reports the error instead.
func (b *binder) checkKeyType(name string, v types.AttributeValue) error {
	if dynamo.TypeOf(v) == b.keyType(name) {
		return nil
	}
	err := itemError("Key attribute's data type should match its data type in table's schema: Key " + name)
	if !b.deferKeys {
		return err
	}
	b.report(name, err)
	return nil
}

// keyValues evaluates the values nodes compared with the key attributes
// names, in written order, then checks their types in keyOrder.
func (b *binder) keyValues(names []string, nodes []*node) (map[string]types.AttributeValue, error) {
	key := make(map[string]types.AttributeValue, len(names))
	for i, name := range names {
		v, err := b.value(nodes[i], "root")
		if err != nil {
			return nil, err
		}
		key[name] = v
	}
	if !slices.ContainsFunc(names, func(name string) bool { return dynamo.TypeOf(key[name]) != b.keyType(name) }) {
		return key, nil
	}
	for _, name := range keyOrder(names) {
		if err := b.checkKeyType(name, key[name]); err != nil {
			return nil, err
		}
	}
	return key, nil
}

// keyEquality recognizes key = value (either way round) and returns the key
// attribute and the value node.
func (b *binder) keyEquality(n *node) (string, *node) {
	if n.kind != nBinary || n.op != "=" {
		return "", nil
	}
	l, r := n.args[0], n.args[1]
	if name := b.keyName(l); name != "" && isValue(r) {
		return name, r
	}
	if name := b.keyName(r); name != "" && isValue(l) {
		return name, l
	}
	return "", nil
}

// and joins conditions with AND.
func and(conds []string) string { return strings.Join(conds, " AND ") }

// conditions renders conjuncts, parenthesizing those that are ORs.
func (b *binder) conditions(nodes []*node) ([]string, error) {
	out := make([]string, len(nodes))
	for i, n := range nodes {
		c, err := b.condition(n)
		if err != nil {
			return nil, err
		}
		out[i] = wrap(c, n, "AND")
	}
	return out, nil
}

// itemKey splits a write's WHERE clause into the equalities on key
// attributes and the other conditions.
func (b *binder) itemKey() (equalities, rest []*node) {
	for _, c := range conjuncts(b.s.where) {
		if name, _ := b.keyEquality(c); name != "" {
			equalities = append(equalities, c)
		} else {
			rest = append(rest, c)
		}
	}
	return equalities, rest
}

// key returns the item's primary key from the equalities of a write's
// WHERE clause, which must be on each key attribute, each once.
func (b *binder) key(equalities []*node) (map[string]types.AttributeValue, error) {
	var values []*node
	var names []string
	for _, c := range equalities {
		name, v := b.keyEquality(c)
		if slices.Contains(names, name) {
			return nil, semantic("Multiple conditions on same key " + name + ". Only single item Update/Insert/Delete are supported")
		}
		names, values = append(names, name), append(values, v)
	}
	if !slices.Contains(names, b.keys.Hash) || b.keys.Range != "" && !slices.Contains(names, b.keys.Range) {
		return nil, semantic("Where clause does not contain a mandatory equality on all key attributes")
	}
	return b.keyValues(names, values)
}

// compiled is an expression a statement renders to: the request
// parameter that would carry it (ConditionExpression, UpdateExpression
// or ProjectionExpression), and its text ("" for none).
type compiled struct{ param, text string }

// compile compiles the expressions a statement renders to, in order, as
// DynamoDB does before it checks the values compared with key attributes:
// their errors, such as an operand of the wrong type, come first. Their
// messages leave out the "Invalid Parameter: " the statement has no
// parameter for.
func (b *binder) compile(exprs ...compiled) error {
	p := expr.NewParams(b.names, b.values)
	for _, e := range exprs {
		if e.text == "" {
			continue
		}
		var err error
		switch e.param {
		case "UpdateExpression":
			_, err = p.Update(e.text)
		case "ProjectionExpression":
			_, err = p.Projection(e.text)
		default:
			_, err = p.Condition(e.text)
		}
		if err != nil {
			ae := apiError(Semantic, err)
			ae.Message = strings.TrimPrefix(ae.Message, "Invalid "+e.param+": ")
			return ae
		}
	}
	return nil
}

// existing is the condition that the item exists.
func (b *binder) existing() string { return "attribute_exists(" + b.name(b.keys.Hash) + ")" }

// insert binds INSERT INTO t VALUE {...}: a put that requires the item not
// to exist.
func (b *binder) insert() (*Plan, error) {
	v := b.s.value
	if v.kind != nStruct {
		return nil, semanticAt("Unsupported format in item expression. Please use struct format {...} to express item values for insert statement.", v.pos)
	}
	m, err := b.item(v)
	if err != nil {
		return nil, err
	}
	if nestedTooDeep(v, attr.MaxNesting+1) { // the item is a level
		return nil, itemError(nestingMessage)
	}
	item := m.(*types.AttributeValueMemberM).Value
	for _, k := range []string{b.keys.Hash, b.keys.Range} {
		if k == "" {
			continue
		}
		kv, ok := item[k]
		switch {
		case !ok:
			return nil, itemError("Key attribute should be present in the item: Key " + k)
		case dynamo.TypeOf(kv) != b.keyType(k):
			return nil, itemError("Key attribute's data type should match its data type in table's schema: Key " + k)
		}
	}
	cond := "attribute_not_exists(" + b.name(b.keys.Hash) + ")"
	return &Plan{Put: &dynamodb.PutItemInput{
		TableName: &b.s.table, Item: item, ConditionExpression: &cond, ExpressionAttributeNames: b.attributeNames(),
	}}, nil
}

// update binds UPDATE: an update of an existing item, under the WHERE
// clause's other conditions. As DynamoDB Local does, it renders and
// compiles the WHERE clause before it renders the actions, and checks the
// key last.
func (b *binder) update() (*Plan, error) {
	equalities, rest := b.itemKey()
	conds, err := b.conditions(rest)
	if err != nil {
		return nil, err
	}
	// An UPDATE reports a missing parameter of its key with the WHERE
	// clause, before its actions, as DynamoDB Local does, though it
	// checks the key itself last.
	sent := len(b.params)
	if anyParam(equalities, func(i int) bool { return i >= sent }) {
		return nil, errParameterCount
	}
	cond := and(append([]string{b.existing()}, conds...))
	before := b.compiledBefore()
	if !before {
		if err := b.compile(compiled{"ConditionExpression", cond}); err != nil {
			return nil, err
		}
	}
	text, actions, err := b.actions()
	if err != nil {
		return nil, err
	}
	if !before {
		if err := b.compileActions(text, actions); err != nil {
			return nil, err
		}
		b.rememberCompiled()
	}
	key, err := b.key(equalities)
	if err != nil {
		return nil, err
	}
	return &Plan{Update: &dynamodb.UpdateItemInput{
		TableName: &b.s.table, Key: key, UpdateExpression: &text, ConditionExpression: &cond,
		ExpressionAttributeNames: b.attributeNames(), ExpressionAttributeValues: b.attributeValues(),
		ReturnValues: returnValues[b.s.returning],
	}}, nil
}

// actions renders an UPDATE's actions as an update expression, and each
// action alone as one, in the order written. The update expression lists
// the actions in the reverse of that order (its clauses in the order they
// then come), as DynamoDB Local's translation does: of two overlapping
// paths it names the later one written first, and of two failing actions
// on attributes its update walk cannot order otherwise (see
// expr.Update.evaluationOrder) it reports the one written first.
func (b *binder) actions() (string, []compiled, error) {
	keywords := [...]string{"SET ", "REMOVE ", "ADD ", "DELETE "}
	var clauses [len(keywords)][]string
	var last [len(keywords)]int // the index of each clause's last action
	each := make([]compiled, 0, len(b.s.actions))
	for i, a := range b.s.actions {
		target, err := b.pathText(a.path)
		if err != nil {
			return "", nil, err
		}
		clause, text := 1, ""
		if a.value != nil {
			if clause, text, err = b.assignment(a); err != nil {
				return "", nil, err
			}
		}
		clauses[clause], last[clause] = append(clauses[clause], target+text), i
		each = append(each, compiled{"UpdateExpression", keywords[clause] + target + text})
	}
	// Reversed, the clauses come in the order of their last actions.
	order := [len(keywords)]int{0, 1, 2, 3}
	slices.SortFunc(order[:], func(x, y int) int { return last[y] - last[x] })
	var update []string
	for _, c := range order {
		if len(clauses[c]) > 0 {
			slices.Reverse(clauses[c])
			update = append(update, keywords[c]+strings.Join(clauses[c], ", "))
		}
	}
	return strings.Join(update, " "), each, nil
}

// compileActions compiles an UPDATE's actions: the whole update, and, if
// that fails, each action alone in the order written. Of the actions whose
// operands are wrong, DynamoDB Local names the first written (where
// UpdateItem's names the last); an update that fails only whole
// (overlapping paths) fails so. An update that compiles whole compiles
// action by action too, so the first wrong action is looked for only on
// failure.
func (b *binder) compileActions(update string, each []compiled) error {
	if err := b.compile(compiled{"UpdateExpression", update}); err != nil {
		if aerr := b.compile(each...); aerr != nil {
			return aerr
		}
		return err
	}
	return nil
}

// remove binds DELETE: a delete under the WHERE clause's other conditions.
func (b *binder) remove() (*Plan, error) {
	equalities, rest := b.itemKey()
	conds, err := b.conditions(rest)
	if err != nil {
		return nil, err
	}
	if err := b.compileOnce(func() error { return b.compile(compiled{"ConditionExpression", and(conds)}) }); err != nil {
		return nil, err
	}
	key, err := b.key(equalities)
	if err != nil {
		return nil, err
	}
	in := &dynamodb.DeleteItemInput{TableName: &b.s.table, Key: key, ReturnValues: returnValues[b.s.returning]}
	if len(conds) > 0 {
		cond := and(conds)
		in.ConditionExpression = &cond
		in.ExpressionAttributeNames, in.ExpressionAttributeValues = b.attributeNames(), b.attributeValues()
	}
	return &Plan{Delete: in}, nil
}

// exists binds EXISTS(SELECT ...): a check that the item exists and meets
// the WHERE clause's other conditions, of which there must be one.
func (b *binder) exists() (*Plan, error) {
	equalities, rest := b.itemKey()
	conds, err := b.conditions(rest)
	if err != nil {
		return nil, err
	}
	cond := and(append([]string{b.existing()}, conds...))
	if err := b.compileOnce(func() error { return b.compile(compiled{"ConditionExpression", cond}) }); err != nil {
		return nil, err
	}
	key, err := b.key(equalities)
	if err != nil {
		return nil, err
	}
	if len(rest) == 0 {
		return nil, semantic("EXISTS() must contain a single item read with additional condition")
	}
	return &Plan{Check: &types.ConditionCheck{
		TableName: &b.s.table, Key: key, ConditionExpression: &cond,
		ExpressionAttributeNames: b.attributeNames(), ExpressionAttributeValues: b.attributeValues(),
	}}, nil
}
