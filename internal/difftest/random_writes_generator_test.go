package difftest

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/av"
)

// The generator of random scenarios for the item operations: PutItem,
// DeleteItem, GetItem, BatchGetItem, BatchWriteItem, TransactWriteItems
// and TransactGetItems, on one or two tables with keys of every type and
// sometimes a global secondary index. Keys come from small pools, so that
// writes meet the items earlier ones wrote and conditions go both ways.
// After every write the tables are scanned, so that a difference in what
// was stored shows up even where the answers agree.
//
// A request makes at most one mistake on purpose (a key of the wrong
// shape, an invalid ReturnValues, a duplicate key in a batch, ...), and
// its conditions are then plain ones that cannot be wrong: when a request
// has two mistakes, DynamoDB does not document which one it reports, and
// DynamoDB Local and the engine may report the other (Local looks a put's
// table up and checks its keys before its condition expression; the
// engine, as dynalite's AWS-checked validation, after).
//
// Where DynamoDB Local is known to answer a mistake differently from
// DynamoDB, the step is not compared with it but declares DynamoDB's
// outcome (see writeGen.differs).

// wKey is a key attribute: its name and type.
type wKey struct {
	name string
	typ  types.ScalarAttributeType
}

// wTable is a table a scenario writes to.
type wTable struct {
	name        string
	hash        wKey
	sort        *wKey // nil for a hash-only table
	gsiHash     *wKey // the global secondary index's keys, if any
	gsiSort     *wKey
	shape       item // the attributes of an item written, for conditions
	createTable *dynamodb.CreateTableInput
}

// keys returns the table's key attributes.
func (t *wTable) keys() []wKey {
	if t.sort == nil {
		return []wKey{t.hash}
	}
	return []wKey{t.hash, *t.sort}
}

// indexKeys returns the index's key attributes.
func (t *wTable) indexKeys() []wKey {
	var ks []wKey
	for _, k := range []*wKey{t.gsiHash, t.gsiSort} {
		if k != nil {
			ks = append(ks, *k)
		}
	}
	return ks
}

// Pools of key values. Some numbers are equal to others ("1.0" and "1",
// "1E0"), so that a key is sometimes written in two forms.
var (
	wKeyStrings  = []string{"a", "b", "c", "é"}
	wKeyNumbers  = []string{"1", "2", "-3", "1.5", "1.0", "1E0", "15E-1"}
	wKeyBinaries = []string{"a", "b", "\x00"}
	wKeyTypes    = []types.ScalarAttributeType{types.ScalarAttributeTypeS, types.ScalarAttributeTypeN, types.ScalarAttributeTypeB}
	wAllReturns  = []types.ReturnValue{types.ReturnValueNone, types.ReturnValueAllOld, types.ReturnValueUpdatedOld, types.ReturnValueAllNew, types.ReturnValueUpdatedNew}
)

// writeGen builds one scenario.
type writeGen struct {
	r      *rand.Rand
	tables []*wTable
	// tokens are the transactions sent with a ClientRequestToken, to
	// send again.
	tokens []*dynamodb.TransactWriteItemsInput
	steps  []Step
	// known is the outcome declared for the request being built, where
	// DynamoDB Local's answer to it is known to differ from DynamoDB's.
	known *Step
}

// randomWritesScenario returns the scenario that seed and index make: the
// same pair always makes the same scenario.
func randomWritesScenario(seed, index uint64) Scenario {
	r := rand.New(rand.NewPCG(seed, index^0x5772697465)) // "Write": not the expression scenarios' stream
	g := &writeGen{r: r}
	for i := range 1 + r.IntN(2) {
		t := g.newTable(string(rune('T' + i)))
		g.tables = append(g.tables, t)
		g.steps = append(g.steps, Step{Name: "create " + t.name, In: t.createTable})
	}
	for range 8 + r.IntN(8) {
		g.step()
	}
	return Scenario{Name: fmt.Sprintf("scenario-%d", index), Steps: g.steps}
}

// newTable returns a table of random key schema.
func (g *writeGen) newTable(name string) *wTable {
	r := g.r
	t := &wTable{name: name, hash: wKey{"pk", pick(r, wKeyTypes)}}
	if r.IntN(2) == 0 {
		t.sort = &wKey{"sk", pick(r, wKeyTypes)}
	}
	in := &dynamodb.CreateTableInput{TableName: str(name), BillingMode: types.BillingModePayPerRequest}
	if r.IntN(3) == 0 {
		t.gsiHash = &wKey{"gk", pick(r, wKeyTypes)}
		schema := []types.KeySchemaElement{keyElem("gk", types.KeyTypeHash)}
		if r.IntN(2) == 0 {
			t.gsiSort = &wKey{"gs", pick(r, wKeyTypes)}
			schema = append(schema, keyElem("gs", types.KeyTypeRange))
		}
		in.GlobalSecondaryIndexes = []types.GlobalSecondaryIndex{{IndexName: str("gsi"), KeySchema: schema,
			Projection: &types.Projection{ProjectionType: types.ProjectionTypeAll}}}
	}
	in.KeySchema = []types.KeySchemaElement{keyElem("pk", types.KeyTypeHash)}
	if t.sort != nil {
		in.KeySchema = append(in.KeySchema, keyElem("sk", types.KeyTypeRange))
	}
	for _, k := range append(t.keys(), t.indexKeys()...) {
		in.AttributeDefinitions = append(in.AttributeDefinitions, attrDef(k.name, k.typ))
	}
	t.createTable = in
	t.shape = randomItem(r)
	return t
}

// step adds a random request and the reads that check its effect.
func (g *writeGen) step() {
	r := g.r
	var in any
	var touched []*wTable
	t := pick(r, g.tables)
	switch k := r.IntN(20); {
	case k < 5:
		in, touched = g.putItem(t), []*wTable{t}
	case k < 8:
		in, touched = g.deleteItem(t), []*wTable{t}
	case k < 10:
		in = g.getItem(t)
	case k < 12:
		in = g.batchGet()
	case k < 15:
		in, touched = g.batchWrite(), g.tables
	case k < 19:
		in, touched = g.transactWrite(), g.tables
	default:
		in = g.transactGet()
	}
	g.steps = append(g.steps, g.request(in))
	// The table's items are compared whatever pages they come in: an item
	// of 400 KB puts the 1 MB limit where each backend's order does.
	for _, t := range touched {
		g.steps = append(g.steps, Step{Name: "scan " + t.name, Compare: true, Paged: true, Unordered: true,
			In: &dynamodb.ScanInput{TableName: str(t.name), ConsistentRead: aws.Bool(true)}})
	}
}

// request returns the step of a generated request: compared with
// DynamoDB Local's answer, or, where Local is known to answer it
// differently (see differs), with DynamoDB's outcome declared.
func (g *writeGen) request(in any) Step {
	st := Step{Name: describe(in), Compare: true, In: in}
	if g.known != nil {
		st.Compare, st.LocalDiffers, st.Err, st.Message = false, g.known.LocalDiffers, g.known.Err, g.known.Message
		g.known = nil
	}
	return st
}

// describe names a generated request for failure messages.
func describe(in any) string {
	return strings.TrimSuffix(strings.TrimPrefix(fmt.Sprintf("%T", in), "*dynamodb."), "Input")
}

// differs declares DynamoDB's outcome of the request being built, an
// error of code with message (if not ""), where DynamoDB Local answers
// differently for the reason why.
func (g *writeGen) differs(why, code, message string) {
	g.known = &Step{LocalDiffers: why, Err: code, Message: message}
}

// keyValue returns a value of the pool of type typ.
func (g *writeGen) keyValue(typ types.ScalarAttributeType) types.AttributeValue {
	switch typ {
	case types.ScalarAttributeTypeS:
		return av.S(pick(g.r, wKeyStrings))
	case types.ScalarAttributeTypeN:
		return av.N(pick(g.r, wKeyNumbers))
	}
	return av.B(pick(g.r, wKeyBinaries))
}

// otherType returns a value of a scalar type other than typ.
func (g *writeGen) otherType(typ types.ScalarAttributeType) types.AttributeValue {
	for {
		if t := pick(g.r, wKeyTypes); t != typ {
			return g.keyValue(t)
		}
	}
}

// key returns a valid key of t.
func (g *writeGen) key(t *wTable) item {
	k := item{}
	for _, a := range t.keys() {
		k[a.name] = g.keyValue(a.typ)
	}
	return k
}

// badKey returns a key of t with one mistake: an attribute of the wrong
// type, missing or empty, or (unless asItem) an extra attribute. It
// returns what it did.
func (g *writeGen) badKey(t *wTable, asItem bool) (item, string) {
	k := g.key(t)
	a := pick(g.r, t.keys())
	switch n := g.r.IntN(4); {
	case n == 0:
		k[a.name] = g.otherType(a.typ)
		return k, "key of the wrong type"
	case n == 1:
		delete(k, a.name)
		return k, "key attribute missing"
	case n == 2 && a.typ != types.ScalarAttributeTypeN:
		if a.typ == types.ScalarAttributeTypeS {
			k[a.name] = av.S("")
		} else {
			k[a.name] = av.B("")
		}
		return k, "empty key value"
	case !asItem:
		k["x"] = av.S("extra")
		return k, "extra key attribute"
	}
	k[a.name] = g.otherType(a.typ)
	return k, "key of the wrong type"
}

// item returns a valid item of t: a key from the pool, random attributes
// and, most of the time if t has an index, its keys.
func (g *writeGen) item(t *wTable) item {
	r := g.r
	it := g.key(t)
	for k, v := range randomItem(r) {
		it[k] = v
	}
	for _, k := range t.indexKeys() {
		if r.IntN(3) > 0 {
			it[k.name] = g.keyValue(k.typ)
		}
	}
	return it
}

// badItem returns an item of t with one mistake, and what it is.
func (g *writeGen) badItem(t *wTable) (item, string) {
	r := g.r
	it := g.item(t)
	switch n := r.IntN(5); {
	case n <= 1 && t.gsiHash != nil:
		k := pick(r, t.indexKeys())
		switch {
		case n == 1 && k.typ == types.ScalarAttributeTypeB:
			it[k.name] = av.B("")
			return it, "empty index key"
		case n == 1 && k.typ == types.ScalarAttributeTypeS:
			it[k.name] = av.S("")
			return it, "empty index key"
		}
		// A number cannot be empty: an empty string is of the wrong type.
		it[k.name] = g.otherType(k.typ)
		return it, "index key of the wrong type"
	case n == 2:
		it[pick(r, genTopNames)] = pick(r, []types.AttributeValue{av.SS(), av.NS(), av.BS()})
		return it, "empty set"
	case n == 3:
		k, what := g.badKey(t, true)
		for _, a := range t.keys() {
			delete(it, a.name)
		}
		for n, v := range k {
			it[n] = v
		}
		return it, what
	}
	return g.bigItem(t, 1+r.IntN(5)), "item over the size limit"
}

// itemMessageDiffers marks the step of an item whose mistake (what badItem
// says) DynamoDB Local words differently from DynamoDB.
func (g *writeGen) itemMessageDiffers(what string) {
	switch what {
	case "key of the wrong type", "index key of the wrong type", "key attribute missing":
		g.differs(localItemMessages, validation, "")
	}
}

// maxItemSize is DynamoDB's item size limit.
const maxItemSize = 400 * 1024

// bigItem returns an item of t whose size is about maxItemSize-2+over
// bytes: a key and one long string. The size of a number key is an
// estimate, so the item may miss the limit by a byte or two either way.
func (g *writeGen) bigItem(t *wTable, over int) item {
	it := g.key(t)
	size := 0
	for n, v := range it {
		size += len(n)
		switch v := v.(type) {
		case *types.AttributeValueMemberS:
			size += len(v.Value)
		case *types.AttributeValueMemberB:
			size += len(v.Value)
		case *types.AttributeValueMemberN:
			size += len(strings.TrimLeft(v.Value, "-"))/2 + 1
		}
	}
	size += len("big")
	it["big"] = av.S(strings.Repeat("x", maxItemSize-2+over-size))
	return it
}

// condition returns a condition expression about items shaped like t's,
// with its names and values; now and then, and always if clean, it is
// one that cannot be wrong: whether the item exists.
func (g *writeGen) condition(t *wTable, clean bool) (string, map[string]string, item) {
	e := &exprGen{r: g.r, shape: t.shape, names: map[string]string{}, byName: map[string]string{}, values: item{}}
	var cond string
	switch k := g.r.IntN(4); {
	case k == 0 || clean && k > 1:
		cond = "attribute_not_exists(" + e.name(t.hash.name) + ")"
	case k == 1 || clean:
		cond = "attribute_exists(" + e.name(t.hash.name) + ")"
	default:
		cond = e.condition(1)
	}
	return cond, nilIfEmpty(e.names), nilIfEmptyItem(e.values)
}

// nilIfEmpty and nilIfEmptyItem return m, or nil if it is empty.
func nilIfEmpty(m map[string]string) map[string]string {
	if len(m) == 0 {
		return nil
	}
	return m
}

func nilIfEmptyItem(m item) item {
	if len(m) == 0 {
		return nil
	}
	return m
}

// expected returns a legacy Expected map about items shaped like t's;
// if clean, one that cannot be wrong: whether the item exists.
func (g *writeGen) expected(t *wTable, clean bool) (map[string]types.ExpectedAttributeValue, types.ConditionalOperator) {
	r := g.r
	if clean {
		exp := pick(r, []types.ExpectedAttributeValue{{Exists: aws.Bool(false)},
			{ComparisonOperator: types.ComparisonOperatorNull}, {ComparisonOperator: types.ComparisonOperatorNotNull}})
		return map[string]types.ExpectedAttributeValue{t.hash.name: exp}, ""
	}
	exp := map[string]types.ExpectedAttributeValue{}
	for range 1 + r.IntN(2) {
		name := pick(r, append(sortedKeys(t.shape), t.hash.name))
		at := t.shape[name]
		if at == nil {
			at = randomValue(r, 0)
		}
		switch r.IntN(5) {
		case 0:
			exp[name] = types.ExpectedAttributeValue{Exists: aws.Bool(false)}
		case 1:
			exp[name] = types.ExpectedAttributeValue{Value: at}
		case 2:
			exp[name] = types.ExpectedAttributeValue{ComparisonOperator: pick(r, []types.ComparisonOperator{types.ComparisonOperatorNull, types.ComparisonOperatorNotNull})}
		default:
			op := pick(r, []types.ComparisonOperator{types.ComparisonOperatorEq, types.ComparisonOperatorNe, types.ComparisonOperatorLt, types.ComparisonOperatorGe, types.ComparisonOperatorContains, types.ComparisonOperatorBeginsWith})
			if _, ok := at.(*types.AttributeValueMemberS); !ok && op != types.ComparisonOperatorEq && op != types.ComparisonOperatorNe {
				// A value of a type the operator does not take is a
				// mistake, and two of them in one map are reported in
				// the order DynamoDB Local reads the map, which
				// depends on the client.
				at = av.S(pick(r, genStrings))
			}
			exp[name] = types.ExpectedAttributeValue{ComparisonOperator: op, AttributeValueList: []types.AttributeValue{at}}
		}
	}
	var op types.ConditionalOperator
	if len(exp) > 1 && r.IntN(3) > 0 {
		op = pick(r, []types.ConditionalOperator{types.ConditionalOperatorAnd, types.ConditionalOperatorOr})
	}
	return exp, op
}

// writeCondition is a single-item write's condition: an expression or
// legacy Expected, or both (a mistake), or none.
type writeCondition struct {
	expr     *string
	names    map[string]string
	values   item
	expected map[string]types.ExpectedAttributeValue
	op       types.ConditionalOperator
	onFail   types.ReturnValuesOnConditionCheckFailure
}

// writeCondition returns a random condition for a write to t: clean
// (see condition) if the request makes a mistake elsewhere. mistake says
// whether the condition makes the request's mistake (both kinds of
// condition, an unused name or value).
func (g *writeGen) writeCondition(t *wTable, mistake, clean bool) writeCondition {
	r := g.r
	clean = clean || mistake
	var c writeCondition
	switch k := r.IntN(10); {
	case k < 5:
		cond, names, values := g.condition(t, clean)
		c.expr, c.names, c.values = &cond, names, values
	case k < 7:
		c.expected, c.op = g.expected(t, clean)
	}
	if mistake {
		switch r.IntN(4) {
		case 0:
			if c.expr == nil {
				cond, names, values := g.condition(t, true)
				c.expr, c.names, c.values = &cond, names, values
			}
			if c.expected == nil {
				c.expected, c.op = g.expected(t, true)
			}
		case 1:
			c.names = withName(c.names, "#unused", "u")
		case 2: // ConditionalOperator beside one condition
			c.expr, c.names, c.values = nil, nil, nil
			c.expected, _ = g.expected(t, true)
			c.op = types.ConditionalOperatorAnd
			g.differs(localConditionalOperatorOne, validation, "ConditionalOperator can only be used when Filter or Expected has two or more elements")
		default:
			c.values = withValue(c.values, ":unused", av.S("u"))
		}
	}
	if r.IntN(3) == 0 {
		c.onFail = types.ReturnValuesOnConditionCheckFailureAllOld
	}
	return c
}

// withName and withValue return m with one more entry.
func withName(m map[string]string, k, v string) map[string]string {
	out := map[string]string{k: v}
	for n, e := range m {
		out[n] = e
	}
	return out
}

func withValue(m item, k string, v types.AttributeValue) item {
	out := item{k: v}
	for n, e := range m {
		out[n] = e
	}
	return out
}

// returnValues returns a ReturnValues for PutItem or DeleteItem: NONE or
// ALL_OLD, or, if mistake, one of the others.
func (g *writeGen) returnValues(mistake bool) types.ReturnValue {
	if mistake {
		return pick(g.r, wAllReturns[2:])
	}
	return pick(g.r, []types.ReturnValue{"", types.ReturnValueNone, types.ReturnValueAllOld})
}

// mistake draws which of n kinds of mistakes a request makes: -1 (none)
// most of the time.
func (g *writeGen) mistake(n int) int {
	if g.r.IntN(3) > 0 {
		return -1
	}
	return g.r.IntN(n)
}

// putItem returns a PutItem of t.
func (g *writeGen) putItem(t *wTable) *dynamodb.PutItemInput {
	m := g.mistake(3)
	it := g.item(t)
	big := g.r.IntN(8) == 0
	var what string
	if m == 0 {
		it, what = g.badItem(t)
	} else if big {
		it = g.bigItem(t, -2+g.r.IntN(3))
	}
	c := g.writeCondition(t, m == 1, m >= 0 || big)
	if m != 0 {
		t.shape = withoutKeys(it, t)
	}
	g.itemMessageDiffers(what)
	return &dynamodb.PutItemInput{TableName: str(t.name), Item: it, ReturnValues: g.returnValues(m == 2),
		ConditionExpression: c.expr, ExpressionAttributeNames: c.names, ExpressionAttributeValues: c.values,
		Expected: c.expected, ConditionalOperator: c.op, ReturnValuesOnConditionCheckFailure: c.onFail}
}

// withoutKeys returns it without the key attributes of t and its index,
// for expressions to follow. (DynamoDB Local refuses an update expression
// that reads a path inside an index key attribute, such as gk[1], with
// "Key attributes must be scalars; list random access '[]' and map lookup
// '.' are not allowed: IndexKey: gk", which DynamoDB documents for Query
// and Scan only: left out until someone checks it against DynamoDB.)
func withoutKeys(it item, t *wTable) item {
	out := item{}
	for k, v := range it {
		out[k] = v
	}
	for _, k := range append(t.keys(), t.indexKeys()...) {
		delete(out, k.name)
	}
	return out
}

// deleteItem returns a DeleteItem of t.
func (g *writeGen) deleteItem(t *wTable) *dynamodb.DeleteItemInput {
	m := g.mistake(3)
	key := g.key(t)
	if m == 0 {
		key, _ = g.badKey(t, false)
	}
	c := g.writeCondition(t, m == 1, m >= 0)
	return &dynamodb.DeleteItemInput{TableName: str(t.name), Key: key, ReturnValues: g.returnValues(m == 2),
		ConditionExpression: c.expr, ExpressionAttributeNames: c.names, ExpressionAttributeValues: c.values,
		Expected: c.expected, ConditionalOperator: c.op, ReturnValuesOnConditionCheckFailure: c.onFail}
}

// projection returns a projection expression of paths of items shaped
// like t's, or "" for none, with its names; mistake adds an unused name.
func (g *writeGen) projection(t *wTable, mistake bool) (*string, map[string]string) {
	if g.r.IntN(2) == 0 && !mistake {
		return nil, nil
	}
	e := &exprGen{r: g.r, shape: t.shape, names: map[string]string{}, byName: map[string]string{}, values: item{}}
	var paths, seen []string
	for range 1 + g.r.IntN(3) {
		elems, _ := e.path()
		if g.r.IntN(4) == 0 {
			elems = []string{t.hash.name}
		}
		if p := strings.Join(elems, "."); !containsPrefix(seen, p) {
			seen = append(seen, p)
			paths = append(paths, e.pathText(elems))
		}
	}
	names := e.names
	if mistake {
		names = withName(names, "#unused", "u")
	}
	return aws.String(strings.Join(paths, ", ")), nilIfEmpty(names)
}

// containsPrefix reports whether p overlaps one of paths: one is the
// other or its prefix (a mistake the projection does not make).
func containsPrefix(paths []string, p string) bool {
	for _, q := range paths {
		if strings.HasPrefix(p, q) || strings.HasPrefix(q, p) {
			return true
		}
	}
	return false
}

// getItem returns a GetItem of t.
func (g *writeGen) getItem(t *wTable) *dynamodb.GetItemInput {
	m := g.mistake(2)
	key := g.key(t)
	if m == 0 {
		key, _ = g.badKey(t, false)
	}
	proj, names := g.projection(t, m == 1)
	return &dynamodb.GetItemInput{TableName: str(t.name), Key: key, ConsistentRead: g.consistent(),
		ProjectionExpression: proj, ExpressionAttributeNames: names}
}

// consistent returns a random ConsistentRead.
func (g *writeGen) consistent() *bool {
	switch g.r.IntN(3) {
	case 0:
		return nil
	case 1:
		return aws.Bool(false)
	}
	return aws.Bool(true)
}

// distinctKeys returns up to n keys of t, no two alike (in the numbers'
// canonical forms).
func (g *writeGen) distinctKeys(t *wTable, n int) []item {
	seen := map[string]bool{}
	var keys []item
	for range 4 * n {
		k := g.key(t)
		if id := keyID(k); !seen[id] {
			seen[id] = true
			keys = append(keys, k)
		}
		if len(keys) == n {
			break
		}
	}
	return keys
}

// keyID returns a string that is the same for equal keys.
func keyID(k item) string {
	var b strings.Builder
	for _, n := range sortedKeys(k) {
		b.WriteString(n + "=")
		switch v := k[n].(type) {
		case *types.AttributeValueMemberN:
			b.WriteString("N" + canonicalNumber(v.Value))
		case *types.AttributeValueMemberS:
			b.WriteString("S" + strconv.Quote(v.Value))
		case *types.AttributeValueMemberB:
			b.WriteString("B" + strconv.Quote(string(v.Value)))
		}
		b.WriteString(";")
	}
	return b.String()
}

// numberedKeys returns n distinct keys of t beyond the pools.
func numberedKeys(t *wTable, n int) []item {
	keys := make([]item, n)
	for i := range keys {
		k := item{}
		for _, a := range t.keys() {
			switch a.typ {
			case types.ScalarAttributeTypeN:
				k[a.name] = av.Int(100 + i)
			case types.ScalarAttributeTypeS:
				k[a.name] = av.S("k" + strconv.Itoa(i))
			default:
				k[a.name] = av.B("k" + strconv.Itoa(i))
			}
		}
		keys[i] = k
	}
	return keys
}

// batchGet returns a BatchGetItem of one or both tables.
func (g *writeGen) batchGet() *dynamodb.BatchGetItemInput {
	r := g.r
	m := g.mistake(5)
	reqs := map[string]types.KeysAndAttributes{}
	for _, t := range g.tables {
		if len(reqs) > 0 && r.IntN(2) == 0 {
			continue
		}
		keys := g.distinctKeys(t, 1+r.IntN(4))
		proj, names := g.projection(t, false)
		reqs[t.name] = types.KeysAndAttributes{Keys: keys, ConsistentRead: g.consistent(), ProjectionExpression: proj, ExpressionAttributeNames: names}
	}
	t := pick(r, g.tables)
	ka := reqs[t.name]
	if len(ka.Keys) == 0 {
		ka.Keys = []item{g.key(t)}
	}
	switch m {
	case 0: // the same key twice
		ka.Keys = append(ka.Keys, ka.Keys[0])
	case 1: // more than 100 keys
		if len(g.tables) == 1 {
			ka.Keys = numberedKeys(t, 101)
			g.differs(localModelValidation, validation, "")
			break
		}
		for _, o := range g.tables {
			reqs[o.name] = types.KeysAndAttributes{Keys: numberedKeys(o, 51)}
		}
		ka = reqs[t.name]
	case 2:
		reqs["missing"] = types.KeysAndAttributes{Keys: []item{g.key(t)}}
	case 3:
		k, _ := g.badKey(t, false)
		ka.Keys = append(ka.Keys, k)
	case 4:
		ka.Keys = nil
		g.differs(localModelValidation, validation, "")
	}
	if m != 2 {
		reqs[t.name] = ka
	}
	return &dynamodb.BatchGetItemInput{RequestItems: reqs}
}

// batchWrite returns a BatchWriteItem of one or both tables.
func (g *writeGen) batchWrite() *dynamodb.BatchWriteItemInput {
	r := g.r
	m := g.mistake(6)
	reqs := map[string][]types.WriteRequest{}
	for _, t := range g.tables {
		if len(reqs) > 0 && r.IntN(2) == 0 {
			continue
		}
		var wr []types.WriteRequest
		for _, k := range g.distinctKeys(t, 1+r.IntN(4)) {
			if r.IntN(3) == 0 {
				wr = append(wr, delReq(k))
				continue
			}
			it := g.item(t)
			for n, v := range k {
				it[n] = v
			}
			wr = append(wr, putReq(it))
		}
		reqs[t.name] = wr
	}
	t := pick(r, g.tables)
	wr := reqs[t.name]
	if len(wr) == 0 {
		wr = []types.WriteRequest{delReq(g.key(t))}
	}
	switch m {
	case 0: // a put and a delete, or two puts, of one item
		k := g.key(t)
		it := g.item(t)
		for n, v := range k {
			it[n] = v
		}
		second := putReq(it)
		if r.IntN(2) == 0 {
			second = delReq(k)
		}
		wr = append(wr, putReq(it), second)
	case 1: // more than 25 requests
		if len(g.tables) == 1 {
			wr = nil
			for _, k := range numberedKeys(t, 26) {
				wr = append(wr, putReq(k))
			}
			g.differs(localModelValidation, validation, "")
			break
		}
		for _, o := range g.tables {
			reqs[o.name] = nil
			for _, k := range numberedKeys(o, 13) {
				reqs[o.name] = append(reqs[o.name], delReq(k))
			}
		}
		wr = reqs[t.name]
	case 2:
		reqs["missing"] = []types.WriteRequest{delReq(g.key(t))}
	case 3:
		if r.IntN(2) == 0 {
			k, _ := g.badKey(t, false)
			wr = append(wr, delReq(k))
		} else {
			// A put without a key attribute is the pending difference
			// of the Batches scenario's "put without the key" step.
			it, what := g.badItem(t)
			for what == "key attribute missing" {
				it, what = g.badItem(t)
			}
			g.itemMessageDiffers(what)
			wr = append(wr, putReq(it))
		}
	case 4:
		wr = []types.WriteRequest{}
	case 5:
		wr = append(wr, types.WriteRequest{})
	}
	if m != 2 {
		reqs[t.name] = wr
	}
	return &dynamodb.BatchWriteItemInput{RequestItems: reqs}
}

// transactWrite returns a TransactWriteItems of one to four actions, or
// one sent with a ClientRequestToken before, again or with other actions.
func (g *writeGen) transactWrite() *dynamodb.TransactWriteItemsInput {
	r := g.r
	if len(g.tokens) > 0 && r.IntN(4) == 0 {
		prev := pick(r, g.tokens)
		if r.IntN(2) == 0 {
			return prev // the same request, which changes nothing
		}
		other := g.transaction(3)
		other.ClientRequestToken = prev.ClientRequestToken // IdempotentParameterMismatchException
		return other
	}
	m := g.mistake(3)
	in := g.transaction(m)
	if m < 0 && r.IntN(4) == 0 {
		in.ClientRequestToken = aws.String("token-" + strconv.Itoa(len(g.tokens)))
		g.tokens = append(g.tokens, in)
	}
	return in
}

// transaction returns a TransactWriteItems of one to four actions that
// makes mistake m: none (-1), two actions on one item (0), a key (1) or
// an item (2) that is not valid, or none but with plain conditions (3),
// for a request whose mistake is elsewhere (a token sent before with
// other actions: DynamoDB Local reports an invalid condition first, the
// engine the token, in an order DynamoDB does not document).
func (g *writeGen) transaction(m int) *dynamodb.TransactWriteItemsInput {
	r := g.r
	in := &dynamodb.TransactWriteItemsInput{}
	seen := map[string]bool{}
	for range 1 + r.IntN(4) {
		t := pick(r, g.tables)
		key := g.key(t)
		id := t.name + "/" + keyID(key)
		if seen[id] {
			continue
		}
		seen[id] = true
		in.TransactItems = append(in.TransactItems, g.transactAction(t, key, m >= 0))
	}
	switch m {
	case 0:
		// The second action is a check that fails, so that DynamoDB
		// Local, which runs both, writes nothing either.
		t, key := g.actionTarget(in.TransactItems[0])
		names := map[string]string{"#k": t.hash.name}
		in.TransactItems = append(in.TransactItems, types.TransactWriteItem{ConditionCheck: &types.ConditionCheck{TableName: str(t.name), Key: key,
			ConditionExpression: str("attribute_exists(#k) AND attribute_not_exists(#k)"), ExpressionAttributeNames: names}})
		g.differs(localTransactSameItem, validation, "Transaction request cannot include multiple operations on one item")
	case 1:
		t := pick(r, g.tables)
		k, what := g.badKey(t, false)
		in.TransactItems = append(in.TransactItems, types.TransactWriteItem{Delete: &types.Delete{TableName: str(t.name), Key: k}})
		if what != "empty key value" {
			g.differs(localTransactKey, "TransactionCanceledException", "")
		}
	case 2:
		t := pick(r, g.tables)
		it, what := g.badItem(t)
		// No capture from DynamoDB says whether a transaction's Put of an
		// item without a key attribute fails the request or cancels the
		// transaction (DynamoDB Local does the former, the engine the
		// latter, as for a key of the wrong type), so it is not made.
		for what == "key attribute missing" {
			it, what = g.badItem(t)
		}
		switch what {
		case "key of the wrong type", "index key of the wrong type":
			g.differs(localTransactKey, "TransactionCanceledException", "")
		case "item over the size limit":
			it = g.bigItem(t, 8) // over the limit, whatever the size of a number key
			g.differs(localTransactItemSize, "TransactionCanceledException", "")
		}
		in.TransactItems = append(in.TransactItems, types.TransactWriteItem{Put: &types.Put{TableName: str(t.name), Item: it}})
	}
	return in
}

// actionTarget returns the table and key of a transaction's action.
func (g *writeGen) actionTarget(a types.TransactWriteItem) (*wTable, item) {
	var name *string
	var key item
	switch {
	case a.Put != nil:
		name = a.Put.TableName
		key = item{}
		for _, k := range g.table(*name).keys() {
			key[k.name] = a.Put.Item[k.name]
		}
	case a.Update != nil:
		name, key = a.Update.TableName, a.Update.Key
	case a.Delete != nil:
		name, key = a.Delete.TableName, a.Delete.Key
	default:
		name, key = a.ConditionCheck.TableName, a.ConditionCheck.Key
	}
	return g.table(*name), key
}

// table returns the table named name.
func (g *writeGen) table(name string) *wTable {
	for _, t := range g.tables {
		if t.name == name {
			return t
		}
	}
	panic("difftest: no table " + name)
}

// transactAction returns a random action of a transaction on key of t;
// clean makes its expressions ones that cannot be wrong.
func (g *writeGen) transactAction(t *wTable, key item, clean bool) types.TransactWriteItem {
	r := g.r
	var expr *string
	var names map[string]string
	var values item
	if r.IntN(2) == 0 {
		cond, n, v := g.condition(t, clean)
		expr, names, values = &cond, n, v
	}
	var onFail types.ReturnValuesOnConditionCheckFailure
	if r.IntN(3) == 0 {
		onFail = types.ReturnValuesOnConditionCheckFailureAllOld
	}
	switch r.IntN(4) {
	case 0:
		it := g.item(t)
		for n, v := range key {
			it[n] = v
		}
		t.shape = withoutKeys(it, t)
		return types.TransactWriteItem{Put: &types.Put{TableName: str(t.name), Item: it, ConditionExpression: expr,
			ExpressionAttributeNames: names, ExpressionAttributeValues: values, ReturnValuesOnConditionCheckFailure: onFail}}
	case 1:
		e := &exprGen{r: r, shape: t.shape, names: map[string]string{}, byName: map[string]string{}, values: item{}}
		for n, v := range names {
			e.names[n], e.byName[v] = v, n
		}
		for n, v := range values {
			e.values[n] = v
		}
		var update string
		if clean {
			update = "SET " + e.name(pick(r, genTopNames)) + " = " + e.value(randomValue(r, 1))
		} else {
			update = "SET " + e.target() + " = " + e.operand(false)
		}
		return types.TransactWriteItem{Update: &types.Update{TableName: str(t.name), Key: key, UpdateExpression: &update,
			ConditionExpression: expr, ExpressionAttributeNames: nilIfEmpty(e.names), ExpressionAttributeValues: nilIfEmptyItem(e.values),
			ReturnValuesOnConditionCheckFailure: onFail}}
	case 2:
		return types.TransactWriteItem{Delete: &types.Delete{TableName: str(t.name), Key: key, ConditionExpression: expr,
			ExpressionAttributeNames: names, ExpressionAttributeValues: values, ReturnValuesOnConditionCheckFailure: onFail}}
	}
	if expr == nil {
		cond, n, v := g.condition(t, clean)
		expr, names, values = &cond, n, v
	}
	return types.TransactWriteItem{ConditionCheck: &types.ConditionCheck{TableName: str(t.name), Key: key, ConditionExpression: expr,
		ExpressionAttributeNames: names, ExpressionAttributeValues: values, ReturnValuesOnConditionCheckFailure: onFail}}
}

// transactGet returns a TransactGetItems of one to four items.
func (g *writeGen) transactGet() *dynamodb.TransactGetItemsInput {
	r := g.r
	m := g.mistake(3)
	in := &dynamodb.TransactGetItemsInput{}
	seen := map[string]bool{}
	for range 1 + r.IntN(4) {
		t := pick(r, g.tables)
		key := g.key(t)
		if id := t.name + "/" + keyID(key); !seen[id] {
			seen[id] = true
			proj, names := g.projection(t, false)
			in.TransactItems = append(in.TransactItems, types.TransactGetItem{Get: &types.Get{TableName: str(t.name), Key: key,
				ProjectionExpression: proj, ExpressionAttributeNames: names}})
		}
	}
	switch m {
	case 0:
		in.TransactItems = append(in.TransactItems, in.TransactItems[0])
	case 1:
		t := pick(r, g.tables)
		in.TransactItems = append(in.TransactItems, types.TransactGetItem{Get: &types.Get{TableName: str("missing"), Key: g.key(t)}})
	case 2:
		t := pick(r, g.tables)
		proj, names := g.projection(t, true)
		in.TransactItems = append(in.TransactItems, types.TransactGetItem{Get: &types.Get{TableName: str(t.name), Key: g.key(t),
			ProjectionExpression: proj, ExpressionAttributeNames: names}})
	}
	return in
}
