package difftest

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/av"
)

// The generator of random scenarios for DynamoDB Streams. Each scenario
// creates a table T (keys of any type, hash-only or hash and range, now
// and then a global secondary index) with a stream of a random view type,
// writes to a few keys and finally reads the whole stream (see
// streamRead). The writes come from the generators of the item
// operations (writeGen) and of PartiQL (stmtGen), mistakes and failed
// conditions included, and from this one, which makes the writes that
// change nothing: a PutItem sent again, an update that sets an attribute
// to itself or removes a missing one. The Developer Guide (Capturing table
// activity with DynamoDB Streams): "If you perform a PutItem or UpdateItem
// operation that does not change any data in an item, then DynamoDB
// Streams will not write a stream record for that operation."

// streamViewTypes are the view types a scenario's stream is made with.
var streamViewTypes = []types.StreamViewType{types.StreamViewTypeKeysOnly, types.StreamViewTypeNewImage,
	types.StreamViewTypeOldImage, types.StreamViewTypeNewAndOldImages}

// streamGen builds one streams scenario; its table is the only one of its
// writeGen.
type streamGen struct {
	*writeGen
	t *wTable
	// puts and batches are the steps of the PutItems and BatchWriteItems
	// made, to send again.
	puts, batches []Step
	// items are the valid items put, whose keys and attributes the
	// updates follow.
	items []item
	// streamOn says whether the table's stream is enabled.
	streamOn bool
}

// randomStreamsScenario returns the scenario that seed and index make:
// the same pair always makes the same scenario.
func randomStreamsScenario(seed, index uint64) Scenario {
	r := rand.New(rand.NewPCG(seed, index^0x53747265616d)) // "Stream"
	g := &streamGen{writeGen: &writeGen{r: r}}
	g.t = g.newTable("T")
	g.tables = []*wTable{g.t}
	g.t.createTable.StreamSpecification = &types.StreamSpecification{StreamEnabled: aws.Bool(true), StreamViewType: pick(r, streamViewTypes)}
	g.steps = append(g.steps, Step{Name: "create T", In: g.t.createTable})
	g.streamOn = true
	for range 10 + r.IntN(15) {
		g.step()
	}
	read := &streamRead{TableName: "T", DeleteTable: r.IntN(3) == 0}
	if r.IntN(2) == 0 {
		read.Limit = int32(1 + r.IntN(5))
	}
	for range 1 + r.IntN(3) {
		read.Picks = append(read.Picks, r.IntN(1000))
	}
	g.steps = append(g.steps, Step{Name: "read the stream", Compare: true, In: read})
	return Scenario{Name: fmt.Sprintf("scenario-%d", index), Steps: g.steps}
}

// step adds a random write.
func (g *streamGen) step() {
	r, t := g.r, g.t
	switch k := r.IntN(31); {
	case k < 5:
		in := g.putItem(t)
		st := g.request(in)
		g.puts = append(g.puts, st)
		if _, big := in.Item["big"]; validItem(t, in.Item) && !big {
			// An item near the size limit is put and put again, but
			// not followed: DynamoDB Local refuses a transaction's
			// put of one over the limit where DynamoDB cancels the
			// transaction (localTransactItemSize), and the expression
			// generator knows nothing of its long string.
			g.items = append(g.items, in.Item)
		}
		g.steps = append(g.steps, st)
	case k < 8 && len(g.puts) > 0:
		g.putAgain()
	case k < 11:
		g.steps = append(g.steps, randomUpdate(r, g.key(t), g.shape()))
	case k < 15:
		g.unchangingUpdate()
	case k < 17:
		g.steps = append(g.steps, g.request(g.deleteItem(t)))
	case k < 19:
		st := g.request(g.batchWrite())
		if len(g.batches) > 0 && r.IntN(3) == 0 {
			st = g.batches[len(g.batches)-1] // its puts change nothing now
		}
		g.batches = append(g.batches, st)
		g.steps = append(g.steps, st)
	case k < 21:
		g.steps = append(g.steps, g.request(g.transactWrite()))
	case k < 23:
		g.unchangingTransaction()
	case k < 24:
		g.toggleStream()
	default:
		g.statement()
	}
}

// toggleStream disables the table's stream, or enables a new one of a
// random view type.
func (g *streamGen) toggleStream() {
	spec := &types.StreamSpecification{StreamEnabled: aws.Bool(!g.streamOn)}
	if !g.streamOn {
		spec.StreamViewType = pick(g.r, streamViewTypes)
	}
	g.streamOn = !g.streamOn
	g.steps = append(g.steps, Step{Name: fmt.Sprintf("stream enabled: %v", g.streamOn), LocalDiffers: localInstantUpdate,
		In: &dynamodb.UpdateTableInput{TableName: str("T"), StreamSpecification: spec}})
}

// putAgain sends a PutItem made before again, most of the time the last
// one: an item replaced by an identical one, unless a write since changed
// it. Now and then its top-level numbers are written another way ("1.0"
// for "1"), which changes nothing either.
func (g *streamGen) putAgain() {
	st := g.puts[len(g.puts)-1]
	if g.r.IntN(3) == 0 {
		st = pick(g.r, g.puts)
	}
	st.Name = "PutItem again"
	if g.r.IntN(3) == 0 {
		again := *st.In.(*dynamodb.PutItemInput)
		again.Item = respell(again.Item)
		st.In = &again
	}
	g.steps = append(g.steps, st)
}

// respell returns the item written another way, the same item to
// DynamoDB: its integers with a fraction of zero ("1.0" for "1") and the
// members of its sets in the reverse order, at any depth.
func respell(it item) item {
	out := item{}
	for k, v := range it {
		out[k] = respellValue(v)
	}
	return out
}

// respellValue returns v written another way (see respell).
func respellValue(v types.AttributeValue) types.AttributeValue {
	integer := func(n string) string {
		if strings.Trim(n, "-0123456789") == "" {
			return n + ".0"
		}
		return n
	}
	switch v := v.(type) {
	case *types.AttributeValueMemberN:
		return av.N(integer(v.Value))
	case *types.AttributeValueMemberNS:
		members := make([]string, len(v.Value))
		for i, n := range v.Value {
			members[len(members)-1-i] = integer(n)
		}
		return av.NS(members...)
	case *types.AttributeValueMemberSS:
		members := slices.Clone(v.Value)
		slices.Reverse(members)
		return av.SS(members...)
	case *types.AttributeValueMemberBS:
		members := slices.Clone(v.Value)
		slices.Reverse(members)
		return &types.AttributeValueMemberBS{Value: members}
	case *types.AttributeValueMemberL:
		l := make([]types.AttributeValue, len(v.Value))
		for i, e := range v.Value {
			l[i] = respellValue(e)
		}
		return av.L(l...)
	case *types.AttributeValueMemberM:
		return av.M(respell(v.Value))
	}
	return v
}

// validItem reports whether it is an item t takes: with its keys, of the
// right types and not empty, and no empty set.
func validItem(t *wTable, it item) bool {
	for i, k := range append(t.keys(), t.indexKeys()...) {
		v, ok := it[k.name]
		switch {
		case !ok && i >= len(t.keys()): // an index key may be missing
		case !ok:
			return false
		default:
			if typ, empty := scalarOf(v); typ != k.typ || empty {
				return false
			}
		}
	}
	for _, v := range it {
		switch v := v.(type) {
		case *types.AttributeValueMemberSS:
			if len(v.Value) == 0 {
				return false
			}
		case *types.AttributeValueMemberNS:
			if len(v.Value) == 0 {
				return false
			}
		case *types.AttributeValueMemberBS:
			if len(v.Value) == 0 {
				return false
			}
		}
	}
	return true
}

// scalarOf returns the type of a scalar value ("" for any other) and
// whether it is empty.
func scalarOf(v types.AttributeValue) (types.ScalarAttributeType, bool) {
	switch v := v.(type) {
	case *types.AttributeValueMemberS:
		return types.ScalarAttributeTypeS, v.Value == ""
	case *types.AttributeValueMemberN:
		return types.ScalarAttributeTypeN, false
	case *types.AttributeValueMemberB:
		return types.ScalarAttributeTypeB, len(v.Value) == 0
	}
	return "", false
}

// shape returns the attributes of an item put before, without its keys,
// or none.
func (g *streamGen) shape() item {
	if len(g.items) == 0 {
		return item{}
	}
	return withoutKeys(pick(g.r, g.items), g.t)
}

// unchangingUpdate adds an UpdateItem of the key of an item put before
// (or of a missing item, now and then) that changes nothing if the item
// is still as it was put (see unchangingExpression). Now and then a
// condition that may fail comes with it.
func (g *streamGen) unchangingUpdate() {
	r := g.r
	e := &exprGen{r: r, names: map[string]string{}, byName: map[string]string{}, values: item{}}
	key, update, nested := g.unchangingExpression(e)
	in := &dynamodb.UpdateItemInput{TableName: str("T"), Key: key, UpdateExpression: &update, ReturnValues: pick(r, wAllReturns)}
	if nested && (in.ReturnValues == types.ReturnValueUpdatedOld || in.ReturnValues == types.ReturnValueUpdatedNew) {
		// DynamoDB Local answers the whole top-level attribute (see
		// localNestedUpdated).
		in.ReturnValues = types.ReturnValueAllNew
	}
	if r.IntN(4) == 0 {
		in.ConditionExpression = aws.String(pick(r, []string{"attribute_exists", "attribute_not_exists"}) + "(" + e.name(g.t.hash.name) + ")")
	}
	in.ExpressionAttributeNames, in.ExpressionAttributeValues = nilIfEmpty(e.names), nilIfEmptyItem(e.values)
	g.steps = append(g.steps, Step{Name: update, Compare: true, In: in})
}

// unchangingTransaction adds a TransactWriteItems of writes that change
// nothing if the items are still as they were put: puts of items put
// before and updates as unchangingUpdate makes, each of its own item, and
// now and then a write that does change something.
func (g *streamGen) unchangingTransaction() {
	r := g.r
	in := &dynamodb.TransactWriteItemsInput{}
	seen := map[string]bool{}
	for range 1 + r.IntN(3) {
		var action types.TransactWriteItem
		var key item
		switch k := r.IntN(5); {
		case k < 2 && len(g.items) > 0:
			it := pick(r, g.items)
			action.Put, key = &types.Put{TableName: str("T"), Item: it}, g.keyOf(it)
		case k < 4:
			e := &exprGen{r: r, names: map[string]string{}, byName: map[string]string{}, values: item{}}
			var update string
			key, update, _ = g.unchangingExpression(e)
			action.Update = &types.Update{TableName: str("T"), Key: key, UpdateExpression: &update,
				ExpressionAttributeNames: nilIfEmpty(e.names), ExpressionAttributeValues: nilIfEmptyItem(e.values)}
		default:
			key = g.key(g.t)
			action.Delete = &types.Delete{TableName: str("T"), Key: key}
		}
		if !seen[keyID(key)] {
			seen[keyID(key)] = true
			in.TransactItems = append(in.TransactItems, action)
		}
	}
	g.steps = append(g.steps, Step{Name: "TransactWriteItems that changes little", Compare: true, In: in})
}

// keyOf returns the key of an item of the table.
func (g *streamGen) keyOf(it item) item {
	key := item{}
	for _, k := range g.t.keys() {
		key[k.name] = it[k.name]
	}
	return key
}

// unchangingExpression returns the key of an item put before (or, now and
// then, of a missing item) and an update expression, written with e's
// placeholders, that changes nothing if the item is still as it was put:
// it sets an attribute to itself, to its value (written another way, see
// respell), to itself plus zero or to itself and an empty list; it
// removes a missing attribute, top-level or nested; it adds to a set
// members it holds, or zero to a number; it deletes from a set members it
// does not hold.
func (g *streamGen) unchangingExpression(e *exprGen) (key item, update string, nested bool) {
	r := g.r
	key, shape := g.key(g.t), item{}
	if len(g.items) > 0 && r.IntN(5) > 0 {
		it := pick(r, g.items)
		key, shape = g.keyOf(it), withoutKeys(it, g.t)
	}
	names := sortedKeys(shape)
	if len(names) == 0 {
		return key, "REMOVE " + e.name("missing"), false
	}
	a := pick(r, names)
	v := shape[a]
	switch r.IntN(8) {
	case 0:
		return key, "SET " + e.name(a) + " = " + e.name(a), false
	case 1:
		return key, "SET " + e.name(a) + " = " + e.value(respellValue(v)), false
	case 2:
		return key, "SET " + e.name(a) + " = if_not_exists(" + e.name(a) + ", " + e.value(randomValue(r, 1)) + ")", false
	case 3:
		switch v.(type) {
		case *types.AttributeValueMemberN:
			return key, pick(r, []string{"ADD " + e.name(a) + " " + e.value(av.N("0")), "SET " + e.name(a) + " = " + e.name(a) + " + " + e.value(av.N("0"))}), false
		case *types.AttributeValueMemberL:
			return key, "SET " + e.name(a) + " = list_append(" + e.name(a) + ", " + e.value(av.L()) + ")", false
		case *types.AttributeValueMemberM:
			return key, "REMOVE " + e.name(a) + "." + e.name("missing"), true
		}
	case 4:
		if set := sameKindSet(r, v, true); set != nil {
			return key, "ADD " + e.name(a) + " " + e.value(set), false
		}
	case 5:
		if set := sameKindSet(r, v, false); set != nil {
			return key, "DELETE " + e.name(a) + " " + e.value(set), false
		}
	case 6:
		if m, ok := v.(*types.AttributeValueMemberM); ok && len(m.Value) > 0 {
			b := e.name(a) + "." + e.name(pick(r, sortedKeys(m.Value)))
			return key, "SET " + b + " = " + b, true
		}
	}
	return key, "REMOVE " + e.name("missing"), false
}

// sameKindSet returns, for a set v, a set of the same type: of members of
// v if in, else of members of its pool v does not hold. It returns nil if
// v is not a set or no such member exists.
func sameKindSet(r *rand.Rand, v types.AttributeValue, in bool) types.AttributeValue {
	choose := func(members, pool []string) []string {
		var out []string
		for _, m := range pool {
			if slices.Contains(members, m) == in && r.IntN(2) == 0 {
				out = append(out, m)
			}
		}
		return out
	}
	switch v := v.(type) {
	case *types.AttributeValueMemberSS:
		if m := choose(v.Value, genSetStrings); len(m) > 0 {
			return av.SS(m...)
		}
	case *types.AttributeValueMemberNS:
		if m := choose(v.Value, genSetNumbers); len(m) > 0 {
			return av.NS(m...)
		}
	case *types.AttributeValueMemberBS:
		members := make([]string, len(v.Value))
		for i, b := range v.Value {
			members[i] = string(b)
		}
		if m := choose(members, genSetBinaries); len(m) > 0 {
			return av.BS(m...)
		}
	}
	return nil
}

// statement adds a PartiQL write (an INSERT, UPDATE or DELETE), a batch of
// them or a transaction of them and EXISTS checks, each of its own item.
// Their conditions are plain ones about the item's attributes, which fail
// now and then: an INSERT of an item that exists, an UPDATE of one that
// does not, a check that cancels the transaction. (The statement
// generator's mistakes, two in a statement now and then, would make
// differences of their own, not of the stream.)
func (g *streamGen) statement() {
	r := g.r
	kind := r.IntN(3) // a statement, a batch, a transaction
	n := 1
	if kind > 0 {
		n = 1 + r.IntN(4)
	}
	seen := map[string]bool{}
	var texts []string
	var params [][]types.AttributeValue
	for range n {
		key := g.key(g.t)
		if seen[keyID(key)] {
			continue
		}
		seen[keyID(key)] = true
		e := &exprGen{r: r, shape: g.shape(), names: map[string]string{}, byName: map[string]string{}, values: item{}}
		text, p := partiqlText(r, e, g.statementText(e, key, kind == 2))
		texts, params = append(texts, text), append(params, p)
	}
	name := "statements: " + strings.Join(texts, "; ")
	var in any
	switch kind {
	case 0:
		in = &dynamodb.ExecuteStatementInput{Statement: &texts[0], Parameters: params[0]}
	case 1:
		batch := &dynamodb.BatchExecuteStatementInput{}
		for i := range texts {
			batch.Statements = append(batch.Statements, types.BatchStatementRequest{Statement: &texts[i], Parameters: params[i]})
		}
		in = batch
	default:
		tx := &dynamodb.ExecuteTransactionInput{}
		for i := range texts {
			tx.TransactStatements = append(tx.TransactStatements, types.ParameterizedStatement{Statement: &texts[i], Parameters: params[i]})
		}
		if r.IntN(3) == 0 {
			// Sent again, with its token: it changes nothing again.
			tx.ClientRequestToken = aws.String(fmt.Sprintf("statements-%d", len(g.steps)))
			g.steps = append(g.steps, Step{Name: name, Compare: true, In: tx})
			name = "again: " + name
		}
		in = tx
	}
	g.steps = append(g.steps, Step{Name: name, Compare: true, In: in})
}

// statementText returns a write of key, or, if check, now and then an
// EXISTS check of it, written with e's placeholders.
func (g *streamGen) statementText(e *exprGen, key item, check bool) string {
	r := g.r
	where := " WHERE " + keyCondition(e, key)
	if r.IntN(4) == 0 {
		where += " AND " + e.name(pick(r, genTopNames)) + pick(r, []string{" IS MISSING", " IS NOT MISSING"})
	}
	switch k := r.IntN(10); {
	case k < 3:
		it := g.item(g.t)
		for n, v := range key {
			it[n] = v
		}
		return `INSERT INTO "T" VALUE ` + itemText(e, it)
	case k < 6:
		a := e.name(pick(r, genTopNames))
		switch r.IntN(3) {
		case 0:
			return `UPDATE "T" SET ` + a + " = " + a + where
		case 1:
			return `UPDATE "T" REMOVE ` + a + where
		}
		return `UPDATE "T" SET ` + a + " = " + e.value(randomValue(r, 1)) + where
	case k < 8 || !check:
		return `DELETE FROM "T"` + where
	}
	return `EXISTS(SELECT * FROM "T"` + where + ")"
}
