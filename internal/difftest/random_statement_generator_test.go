package difftest

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/av"
	"github.com/ddbkit/ddb/internal/dynamo"
)

// The generator of random scenarios for PartiQL. Each scenario creates a
// table T, hash-only or hash and range, with keys of any scalar type and
// now and then a global secondary index GSI, and runs statements against it:
// SELECTs of every shape, INSERTs, UPDATEs and DELETEs, statements with
// mistakes in them, batches and transactions. After every request that
// may write, a consistent Scan reads the table back, so that a silent
// difference in what was stored shows up.
//
// Statements are built with the expression generator's placeholders (#n
// for a name, :v for a value; see exprGen) and then written out as
// PartiQL (see partiqlText): names bare or quoted, values as literals or
// as ? parameters.
//
// Some requests are left out or not compared with DynamoDB Local, where
// Local is known to answer differently from DynamoDB (see the Local*
// reasons in deviations_test.go): ORDER BY on an index read or on the
// partition key of several partitions, sort key conditions written value
// first, projections of paths through list elements (other than to the
// element itself), ReturnValuesOnConditionCheckFailure in batches and
// transactions, MODIFIED OLD/NEW of updates of nested paths, batches that
// write one item twice, consistent reads of a global index, batch SELECTs
// without the full key, and the wording of some refusals. Others are
// written so as to avoid what DynamoDB Local gets wrong, or reports in an
// order nobody documents (see the comments where they are made): sort key
// conditions come last and, outside one partition, of the right type;
// index keys stay out of writes' paths and index reads' filters; a
// keys-only index is read without a filter; a key has at most one
// attribute of the wrong type; a transaction writes an item twice only
// before any UPDATE.

// The key attributes: pk and sk for the table, gk and gr for its index.
const (
	genHash      = "pk"
	genRange     = "sk"
	genIndexHash = "gk"
	genIndexRng  = "gr"
)

// genKeyValues are the values of keys of each type: few, so that statements
// meet existing items often.
var genKeyValues = map[string][]string{
	"S": {"a", "b", "ab", "c"},
	"N": {"1", "2", "10", "-1.5"},
	"B": {"a", "b", "\x00", "ab"},
}

// stmtSchema is the key schema of a scenario's table and index; a range
// type is "" when there is none, and index "" when there is no index.
type stmtSchema struct {
	hash, rng           string
	index               string
	indexHash, indexRng string
	keysOnly            bool // the index projects only the keys
}

// stmtGen builds one scenario's steps.
type stmtGen struct {
	r      *rand.Rand
	schema stmtSchema
	steps  []Step
	// shapes are the items the scenario has written (its attributes and
	// keys), for paths that exist often enough.
	shapes []item
	// tokens counts the ClientRequestTokens used so far.
	tokens int
}

// randomStatementScenario returns the scenario that seed and index make:
// the same pair always makes the same scenario.
func randomStatementScenario(seed, index uint64) Scenario {
	r := rand.New(rand.NewPCG(seed, index))
	g := &stmtGen{r: r}
	g.createTable()
	for range 3 + r.IntN(5) {
		g.add(g.insert(false), true)
	}
	for range 12 + r.IntN(12) {
		switch k := r.IntN(20); {
		case k < 7:
			g.add(g.selectStep(), false)
		case k < 9:
			g.add(g.insert(true), true)
		case k < 12:
			g.add(g.updateStep(), true)
		case k < 13:
			g.add(g.deleteStep(), true)
		case k < 15:
			g.add(g.mistake(), false)
		case k < 17:
			g.batch()
		default:
			g.transaction()
		}
	}
	return Scenario{Name: fmt.Sprintf("scenario-%d", index), Steps: g.steps}
}

// add appends a step and, if it may write, a Scan of the table.
func (g *stmtGen) add(st Step, writes bool) {
	g.steps = append(g.steps, st)
	if writes {
		g.steps = append(g.steps, Step{Name: "read back", Compare: true,
			In: &dynamodb.ScanInput{TableName: str("T"), ConsistentRead: aws.Bool(true)}})
	}
}

// createTable adds the step that creates T.
func (g *stmtGen) createTable() {
	r := g.r
	scalar := []string{"S", "N", "B"}
	s := stmtSchema{hash: pick(r, scalar)}
	if r.IntN(3) > 0 {
		s.rng = pick(r, scalar)
	}
	in := &dynamodb.CreateTableInput{TableName: str("T"), BillingMode: types.BillingModePayPerRequest,
		AttributeDefinitions: []types.AttributeDefinition{attrDef(genHash, types.ScalarAttributeType(s.hash))},
		KeySchema:            []types.KeySchemaElement{keyElem(genHash, types.KeyTypeHash)}}
	if s.rng != "" {
		in.AttributeDefinitions = append(in.AttributeDefinitions, attrDef(genRange, types.ScalarAttributeType(s.rng)))
		in.KeySchema = append(in.KeySchema, keyElem(genRange, types.KeyTypeRange))
	}
	if r.IntN(3) == 0 {
		s.index, s.indexHash = "GSI", pick(r, []string{"S", "N"})
		projection := pick(r, []types.ProjectionType{types.ProjectionTypeAll, types.ProjectionTypeKeysOnly})
		s.keysOnly = projection == types.ProjectionTypeKeysOnly
		gsi := types.GlobalSecondaryIndex{IndexName: str(s.index),
			KeySchema:  []types.KeySchemaElement{keyElem(genIndexHash, types.KeyTypeHash)},
			Projection: &types.Projection{ProjectionType: projection}}
		in.AttributeDefinitions = append(in.AttributeDefinitions, attrDef(genIndexHash, types.ScalarAttributeType(s.indexHash)))
		if r.IntN(2) == 0 {
			s.indexRng = pick(r, []string{"S", "N"})
			gsi.KeySchema = append(gsi.KeySchema, keyElem(genIndexRng, types.KeyTypeRange))
			in.AttributeDefinitions = append(in.AttributeDefinitions, attrDef(genIndexRng, types.ScalarAttributeType(s.indexRng)))
		}
		in.GlobalSecondaryIndexes = []types.GlobalSecondaryIndex{gsi}
	}
	g.schema = s
	g.steps = append(g.steps, Step{Name: "create T", In: in})
}

// keyValue returns a value for a key of type typ: one of the pool's most
// of the time, of another type now and then (a mistake).
func (g *stmtGen) keyValue(typ string) types.AttributeValue {
	text := pick(g.r, genKeyValues[typ])
	if g.r.IntN(25) == 0 {
		// Not BOOL, which DynamoDB Local calls "Key attribute value
		// must be of type S, N, or B", a message DynamoDB's
		// documentation does not give.
		typ = pick(g.r, []string{"S", "N", "B"})
		text = pick(g.r, genKeyValues["N"])
	}
	return scalarValue(typ, text)
}

// poolValue returns a key value of type typ from the pool.
func (g *stmtGen) poolValue(typ string) types.AttributeValue {
	return scalarValue(typ, pick(g.r, genKeyValues[typ]))
}

// scalarValue returns the value of type typ ("S", "N" or "B") with the
// given text.
func scalarValue(typ, text string) types.AttributeValue {
	switch typ {
	case "N":
		return av.N(text)
	case "B":
		return av.B(text)
	}
	return av.S(text)
}

// remember adds the shape of an item written, without its primary key:
// paths through the key attributes would make conditions on them, and
// updates of them, that DynamoDB Local cannot handle (an InternalFailure,
// or a ConditionalCheckFailed for an update that sets the sort key).
func (g *stmtGen) remember(it item) {
	shape := maps.Clone(it)
	delete(shape, genHash)
	delete(shape, genRange)
	g.shapes = append(g.shapes, shape)
}

// shape returns the attributes of an item the scenario wrote, or none.
func (g *stmtGen) shape() item {
	if len(g.shapes) == 0 || g.r.IntN(6) == 0 {
		return item{}
	}
	return pick(g.r, g.shapes)
}

// exprs returns an expression generator over a written item's shape.
func (g *stmtGen) exprs() *exprGen {
	return &exprGen{r: g.r, shape: g.shape(), names: map[string]string{}, byName: map[string]string{}, values: item{}}
}

// noIndexKeys returns an expression generator over a written item's shape
// without the index's keys, for writes and reads of the index. DynamoDB
// Local refuses a path through an index key (gk[0], gk.x) in a write's
// condition or update with "Key attributes must be scalars; ...", worded
// differently from one kind of statement to another ("Key pk" or "Key:
// pk", with or without the statement's place in a transaction), checked
// before some errors and after others; DynamoDB's documentation gives
// this refusal for Query and Scan only. And it takes a condition on an
// index key in a SELECT of the index (size(gr) > 2, attribute_type(gr,
// 'B')) for a key condition, refused with "Condition parameter type does
// not match schema type".
func (g *stmtGen) noIndexKeys() *exprGen {
	e := g.exprs()
	if _, ok := e.shape[genIndexHash]; ok {
		e.shape = maps.Clone(e.shape)
		delete(e.shape, genIndexHash)
		delete(e.shape, genIndexRng)
	}
	return e
}

// stmtStep makes an ExecuteStatement step of a statement written with
// e's placeholders.
func stmtStep(r *rand.Rand, name string, e *exprGen, text string) (Step, *dynamodb.ExecuteStatementInput) {
	statement, params := partiqlText(r, e, text)
	in := &dynamodb.ExecuteStatementInput{Statement: &statement, Parameters: params}
	return Step{Name: name + ": " + statement, Compare: true, In: in}, in
}

// itemKey returns a key of the table: its key attributes' names and
// values, the range key missing now and then (a mistake).
func (g *stmtGen) itemKey() item {
	key := item{genHash: g.keyValue(g.schema.hash)}
	if g.schema.rng != "" && g.r.IntN(30) > 0 {
		// Not both of the wrong type: DynamoDB Local then names the sort
		// key, in an order DynamoDB's documentation does not give.
		key[genRange] = g.keyValue(g.schema.rng)
		if dynamo.TypeOf(key[genHash]) != g.schema.hash {
			key[genRange] = g.poolValue(g.schema.rng)
		}
	}
	return key
}

// keyCondition writes the equalities of a key, in either order.
func keyCondition(e *exprGen, key item) string {
	var conds []string
	for _, k := range sortedKeys(key) {
		conds = append(conds, e.name(k)+" = "+e.value(key[k]))
	}
	if len(conds) == 2 && e.r.IntN(2) == 0 {
		conds[0], conds[1] = conds[1], conds[0]
	}
	return strings.Join(conds, " AND ")
}

// newItem returns an item to insert: a key, random attributes and, now
// and then, the index's keys.
func (g *stmtGen) newItem() item {
	r := g.r
	it := randomItem(r)
	for k, v := range g.itemKey() {
		it[k] = v
	}
	// The index's keys are always of the right types: DynamoDB Local
	// leaves the details out of its "Type mismatch for Index Key" message.
	if g.schema.index != "" && r.IntN(4) > 0 {
		it[genIndexHash] = g.poolValue(g.schema.indexHash)
		if g.schema.indexRng != "" && r.IntN(4) > 0 {
			it[genIndexRng] = g.poolValue(g.schema.indexRng)
		}
	}
	return it
}

// insert returns an INSERT step; asking, now and then, for the item that
// makes it fail when mistakes is set.
func (g *stmtGen) insert(mistakes bool) Step {
	e := g.exprs()
	it := g.newItem()
	g.remember(it)
	st, in := stmtStep(g.r, "insert", e, `INSERT INTO "T" VALUE `+itemText(e, it))
	if mistakes && g.r.IntN(4) == 0 {
		in.ReturnValuesOnConditionCheckFailure = types.ReturnValuesOnConditionCheckFailureAllOld
	}
	return st
}

// itemText writes an item as a PartiQL tuple of its attributes, in a
// random order, with placeholders for the values.
func itemText(e *exprGen, it item) string {
	names := sortedKeys(it)
	e.r.Shuffle(len(names), func(i, j int) { names[i], names[j] = names[j], names[i] })
	var attrs []string
	for _, n := range names {
		attrs = append(attrs, stringLiteral(n)+": "+e.value(it[n]))
	}
	return "{" + strings.Join(attrs, ", ") + "}"
}

// selectStep returns a SELECT step.
func (g *stmtGen) selectStep() Step {
	r := g.r
	e := g.exprs()
	hash, rng, source := genHash, genRange, `"T"`
	hashType, rngType := g.schema.hash, g.schema.rng
	index := g.schema.index != "" && r.IntN(3) == 0
	if index {
		e = g.noIndexKeys()
		hash, rng, source = genIndexHash, genIndexRng, `"T"."GSI"`
		hashType, rngType = g.schema.indexHash, g.schema.indexRng
	}
	var conds []string
	single := false
	switch k := r.IntN(20); {
	case k < 11:
		conds, single = append(conds, e.name(hash)+" = "+e.value(g.keyValue(hashType))), true
	case k < 14:
		// Of the right type: DynamoDB Local answers a wrong one in an IN
		// or OR with Query's "Condition parameter type does not match
		// schema type", or with nothing.
		// Distinct: DynamoDB Local returns the items of a partition named
		// twice twice.
		perm := r.Perm(len(genKeyValues[hashType]))
		in := []string{e.value(scalarValue(hashType, genKeyValues[hashType][perm[0]])), e.value(scalarValue(hashType, genKeyValues[hashType][perm[1]]))}
		conds = append(conds, e.name(hash)+" IN ["+strings.Join(in, ", ")+"]")
	case k < 15:
		conds = append(conds, "("+e.name(hash)+" = "+e.value(g.poolValue(hashType))+" OR "+e.name(hash)+" = "+e.value(g.poolValue(hashType))+")")
	}
	many := len(conds) > 0 && !single
	rangeCond := ""
	if rngType != "" && r.IntN(3) > 0 {
		// Of the wrong type only in a Query of one partition: elsewhere
		// DynamoDB Local answers with Query's "Condition parameter type
		// does not match schema type" or, for some ORs of partitions, with
		// no items, where the engine scans with the condition as a filter.
		value := func() types.AttributeValue { return g.poolValue(rngType) }
		if single {
			value = func() types.AttributeValue { return g.keyValue(rngType) }
		}
		rangeCond = rangeCondition(e, rng, value)
		conds = append(conds, rangeCond)
	}
	// No filter on an index that projects only the keys: DynamoDB Local's
	// SELECT evaluates it on attributes the index does not hold, and
	// returns items it cannot have matched, where its Query refuses such
	// a filter ("Secondary index GSI does not project one or more filter
	// attributes"), as the engine refuses it for both.
	for range r.IntN(3) {
		if index && g.schema.keysOnly {
			break
		}
		conds = append(conds, partiqlCondition(e, 1))
	}
	r.Shuffle(len(conds), func(i, j int) { conds[i], conds[j] = conds[j], conds[i] })
	if i := slices.Index(conds, rangeCond); rangeCond != "" {
		// Last: DynamoDB Local drops a condition on the sort key written
		// before others ("x IS MISSING AND sk < 10 AND y IS MISSING"
		// returns an item whose sk is 10).
		conds[i], conds[len(conds)-1] = conds[len(conds)-1], conds[i]
	}
	text := "SELECT " + g.projection(e) + " FROM " + source
	if len(conds) > 0 {
		text += " WHERE " + strings.Join(conds, " AND ")
	}
	ordered := false
	switch {
	case single && !index && r.IntN(5) < 2:
		// ORDER BY the sort key, or the partition key of a hash-only
		// table, of one partition. (DynamoDB Local fails on ORDER BY of
		// an index read, and orders partitions the wrong way; see
		// localIndexOrder and localPartitionOrder.)
		by := genHash
		if g.schema.rng != "" {
			by = genRange
		}
		text += " ORDER BY " + e.name(by) + pick(r, []string{"", " ASC", " DESC"})
		ordered = true
	case !single && !many && !index && r.IntN(25) == 0:
		text += " ORDER BY " + e.name(genHash) // refused: no hash key condition
	}
	st, in := stmtStep(r, "select", e, text)
	// An index read is unordered: DynamoDB does not order the items of
	// one index key, and DynamoDB Local orders them otherwise than by the
	// table's key.
	st.Unordered = !single && !ordered || index
	if !many && !ordered && r.IntN(3) == 0 {
		// Not for several partitions: DynamoDB Local loses the partitions
		// after the first page of an IN, and scans for ORs; nor with ORDER
		// BY, whose second page DynamoDB Local fails with an
		// InternalFailure.
		in.Limit = aws.Int32(int32(1 + r.IntN(3)))
		st.Paged = true
	}
	if !index && r.IntN(5) == 0 {
		in.ConsistentRead = aws.Bool(true)
	}
	return st
}

// rangeCondition returns a condition on the range key rng, written name
// first (DynamoDB Local reverses a condition written value first; see
// localReversedKeyCondition).
func rangeCondition(e *exprGen, rng string, value func() types.AttributeValue) string {
	p := e.name(rng)
	switch k := e.r.IntN(8); {
	case k < 5:
		return p + " " + pick(e.r, []string{"=", "<", "<=", ">", ">="}) + " " + e.value(value())
	case k < 6:
		return p + " BETWEEN " + e.value(value()) + " AND " + e.value(value())
	}
	return "begins_with(" + p + ", " + e.value(value()) + ")"
}

// projection returns what a SELECT projects: * or a few paths. A path
// goes through a list element only to end there (see
// localProjectionRenumbering).
func (g *stmtGen) projection(e *exprGen) string {
	if g.r.IntN(3) == 0 {
		return "*"
	}
	var paths []string
	var chosen [][]string
	n := 1 + g.r.IntN(3)
	for range n {
		elems, _ := e.path()
		if i := slices.IndexFunc(elems, func(s string) bool { return strings.HasPrefix(s, "[") }); i >= 0 {
			elems = elems[:i+1]
		}
		if g.r.IntN(8) == 0 {
			elems = []string{pick(g.r, []string{genHash, genRange, genIndexHash})}
		}
		if n > 2 && slices.ContainsFunc(chosen, func(c []string) bool { return overlap(c, elems) }) {
			// DynamoDB Local names the wrong second path of an overlap
			// among more than two paths (as in update expressions; see
			// exprGen.target).
			continue
		}
		chosen = append(chosen, elems)
		paths = append(paths, e.pathText(elems))
	}
	return strings.Join(paths, ", ")
}

// partiqlCondition returns a condition on non-key attributes: one of the
// expression generator's, or an IS [NOT] MISSING test, nested in AND, OR
// and NOT up to depth.
func partiqlCondition(e *exprGen, depth int) string {
	r := e.r
	switch k := r.IntN(10); {
	case depth > 0 && k < 1:
		return "(" + partiqlCondition(e, depth-1) + " AND " + partiqlCondition(e, depth-1) + ")"
	case depth > 0 && k < 2:
		return "(" + partiqlCondition(e, depth-1) + " OR " + partiqlCondition(e, depth-1) + ")"
	case depth > 0 && k < 3:
		return "NOT " + partiqlCondition(e, depth-1)
	case k < 5:
		elems, _ := e.path()
		return e.pathText(elems) + pick(r, []string{" IS MISSING", " IS NOT MISSING"})
	}
	return e.condition(0)
}

// writeKey returns the WHERE clause of a write of key, with a condition
// on other attributes now and then.
func (g *stmtGen) writeKey(e *exprGen, key item) (string, bool) {
	where := " WHERE " + keyCondition(e, key)
	if g.r.IntN(5) < 2 {
		return where + " AND " + partiqlCondition(e, 1), true
	}
	return where, false
}

// updateStep returns an UPDATE step.
func (g *stmtGen) updateStep() Step {
	r := g.r
	e := g.noIndexKeys()
	n := 1 + r.IntN(3)
	e.topOnly = n > 1
	var clauses []string
	for i := range n {
		var clause string
		switch k := r.IntN(10); {
		case k < 5:
			clause = "SET " + e.action("SET")
		case k < 7 || n > 1:
			// set_add and set_delete (ADD and DELETE) alone, as in
			// exprGen.update: beside other actions, DynamoDB Local
			// reports their errors first, in an order DynamoDB's
			// documentation does not give.
			clause = "REMOVE " + e.action("REMOVE")
		default:
			t := e.target()
			v := randomSet(r)
			if r.IntN(8) == 0 {
				v = randomValue(r, 1)
			}
			clause = "SET " + t + " = " + pick(r, []string{"set_add", "set_delete"}) + "(" + t + ", " + e.value(v) + ")"
		}
		if i > 0 && strings.HasPrefix(clause, "SET ") && strings.HasPrefix(clauses[len(clauses)-1], "SET ") && r.IntN(2) == 0 {
			clauses[len(clauses)-1] += ", " + strings.TrimPrefix(clause, "SET ")
			continue
		}
		clauses = append(clauses, clause)
	}
	if r.IntN(30) == 0 {
		clauses = append(clauses, "SET "+e.name(genHash)+" = "+e.value(g.keyValue(g.schema.hash))) // a key: refused
	}
	where, cond := g.writeKey(e, g.itemKey())
	returning := pick(r, []string{"", "", "", " RETURNING ALL OLD *", " RETURNING ALL NEW *", " RETURNING MODIFIED OLD *", " RETURNING MODIFIED NEW *"})
	if e.nested() && strings.Contains(returning, "MODIFIED") {
		returning = " RETURNING ALL NEW *" // see localNestedUpdated
	}
	st, in := stmtStep(r, "update", e, `UPDATE "T" `+strings.Join(clauses, " ")+where+returning)
	if cond && r.IntN(3) == 0 {
		in.ReturnValuesOnConditionCheckFailure = types.ReturnValuesOnConditionCheckFailureAllOld
	}
	return st
}

// deleteStep returns a DELETE step.
func (g *stmtGen) deleteStep() Step {
	e := g.noIndexKeys()
	where, cond := g.writeKey(e, g.itemKey())
	st, in := stmtStep(g.r, "delete", e, `DELETE FROM "T"`+where+pick(g.r, []string{"", " RETURNING ALL OLD *"}))
	if cond && g.r.IntN(3) == 0 {
		in.ReturnValuesOnConditionCheckFailure = types.ReturnValuesOnConditionCheckFailureAllOld
	}
	return st
}

// mistake returns a statement with one mistake: of syntax, a missing
// table, an unknown function or the wrong number of parameters.
func (g *stmtGen) mistake() Step {
	r := g.r
	e := g.exprs()
	key := keyCondition(e, g.itemKey())
	switch r.IntN(6) {
	case 0:
		st, _ := stmtStep(r, "a missing table", e, pick(r, []string{`SELECT * FROM "nope" WHERE `, `DELETE FROM "nope" WHERE `, `UPDATE "nope" SET x = 1 WHERE `})+key)
		return st
	case 1:
		// DynamoDB Local words this its own way (localStatementMessages).
		st, _ := stmtStep(r, "an unknown function", e, `SELECT * FROM "T" WHERE `+key+" AND "+pick(r, []string{"upper", "lower", "char_length", "exists"})+"(a) = 1")
		st.Compare, st.Err, st.LocalDiffers = false, validation, localStatementMessages
		return st
	case 2:
		st, in := stmtStep(r, "a parameter missing", e, `SELECT * FROM "T" WHERE `+key+" AND a = ?")
		if len(in.Parameters) > 0 && r.IntN(2) == 0 {
			// Never an empty list, which DynamoDB refuses for its length
			// ("1 validation error detected: ...") and DynamoDB Local
			// takes for none (see localShapeValidation).
			in.Parameters = slices.Clip(in.Parameters[:len(in.Parameters)-1])
			if len(in.Parameters) == 0 {
				in.Parameters = nil
			}
		}
		return st
	case 3:
		st, in := stmtStep(r, "a parameter too many", e, `SELECT * FROM "T" WHERE `+key)
		in.Parameters = append(in.Parameters, av.S("x"))
		st.Compare, st.Err, st.LocalDiffers = false, validation, localExtraParameters
		return st
	}
	// A statement broken inside, where DynamoDB's parser gives up
	// quoting the statement, as DynamoDB Local does.
	text := pick(r, []string{
		`SELECT FROM "T" WHERE ` + key,
		`SELECT * "T" WHERE ` + key,
		`SELECT * FROM "T" WHERE (` + key,
		`SELECT * FROM "T" WHERE ` + key + ` AND a IN [1, 2`,
		`SELECT a,, b FROM "T" WHERE ` + key,
		`UPDATE "T" SET = 1 WHERE ` + key,
		`DELETE "T" WHERE ` + key,
		`INSERT INTO "T" VALUE {'a': 1`,
		`SELECT * FROM "T" WHERE ` + key + ` AND a = `,
	})
	st, _ := stmtStep(r, "a syntax error", e, text)
	return st
}

// batch adds a BatchExecuteStatement step: of reads or of writes, each of
// its own item (a batch that writes an item twice is written first by
// DynamoDB Local, then refused; see localBatchWritesFirst), now and then
// mixed, or over the limit of 25 statements.
func (g *stmtGen) batch() {
	r := g.r
	n := 1 + r.IntN(6)
	over := r.IntN(15) == 0
	if over {
		n = 26 + r.IntN(4)
	}
	reads := r.IntN(2) == 0
	mixed := r.IntN(12) == 0
	in := &dynamodb.BatchExecuteStatementInput{}
	seen := map[string]bool{}
	var names []string
	for i := range n {
		read := reads != (mixed && i == n-1)
		e := g.exprs()
		if !read {
			e = g.noIndexKeys()
		}
		key := g.fullKey()
		if k := render(key); seen[k] && !over {
			continue
		} else {
			seen[k] = true
		}
		var text string
		switch {
		case read:
			// Without other conditions: DynamoDB's message for them,
			// recorded from AWS, differs from DynamoDB Local's (see
			// localStatementMessages).
			text = "SELECT " + g.projection(e) + ` FROM "T" WHERE ` + keyCondition(e, key)
		default:
			text = g.write(e, key)
		}
		statement, params := partiqlText(r, e, text)
		req := types.BatchStatementRequest{Statement: &statement, Parameters: params}
		if read && r.IntN(3) == 0 {
			req.ConsistentRead = aws.Bool(true)
		}
		in.Statements = append(in.Statements, req)
		names = append(names, statement)
	}
	st := Step{Name: "batch: " + strings.Join(names, "; "), Compare: true, In: in}
	if over {
		st.Compare, st.Err, st.LocalDiffers = false, validation, localStatementMessages
	}
	g.add(st, !reads || mixed)
}

// fullKey returns a key of the table with every key attribute, of the
// right types.
func (g *stmtGen) fullKey() item {
	key := item{genHash: g.poolValue(g.schema.hash)}
	if g.schema.rng != "" {
		key[genRange] = g.poolValue(g.schema.rng)
	}
	return key
}

// write returns an INSERT, UPDATE or DELETE of key, with a condition now
// and then, or a statement on a missing table.
func (g *stmtGen) write(e *exprGen, key item) string {
	r := g.r
	switch k := r.IntN(20); {
	case k < 7:
		it := g.newItem()
		for _, k := range []string{genHash, genRange} {
			delete(it, k)
		}
		for k, v := range key {
			it[k] = v
		}
		g.remember(it)
		return `INSERT INTO "T" VALUE ` + itemText(e, it)
	case k < 13:
		where, _ := g.writeKey(e, key)
		return `UPDATE "T" SET ` + e.action("SET") + where
	case k < 19:
		where, _ := g.writeKey(e, key)
		return `DELETE FROM "T"` + where
	}
	return `DELETE FROM "nope" WHERE ` + keyCondition(e, key)
}

// transaction adds an ExecuteTransaction step: writes (and EXISTS
// checks) or reads, each of its own item, now and then two of one item
// or with a ClientRequestToken, which the step after it reuses.
func (g *stmtGen) transaction() {
	r := g.r
	reads := r.IntN(4) == 0
	in := &dynamodb.ExecuteTransactionInput{}
	seen := map[string]bool{}
	var names []string
	updates := false
	for range 1 + r.IntN(4) {
		e := g.exprs()
		if !reads {
			e = g.noIndexKeys()
		}
		key := g.fullKey()
		// Two statements of one item are refused, but not after an
		// UPDATE: DynamoDB Local applies an UPDATE as it reads the
		// transaction, so that its runtime error (an operand of the wrong
		// type) comes first, an order DynamoDB's documentation does not
		// give.
		if k := render(key); seen[k] && (updates || r.IntN(4) > 0) {
			continue
		} else {
			seen[k] = true
		}
		var text string
		switch {
		case reads:
			text = "SELECT " + g.projection(e) + ` FROM "T" WHERE ` + keyCondition(e, key)
		case r.IntN(6) == 0:
			text = `EXISTS(SELECT * FROM "T" WHERE ` + keyCondition(e, key) + " AND " + partiqlCondition(e, 1) + ")"
		default:
			text = g.write(e, key)
			updates = updates || strings.HasPrefix(text, "UPDATE")
		}
		statement, params := partiqlText(r, e, text)
		in.TransactStatements = append(in.TransactStatements, types.ParameterizedStatement{Statement: &statement, Parameters: params})
		names = append(names, statement)
	}
	st := Step{Name: "transaction: " + strings.Join(names, "; "), Compare: true, In: in}
	if r.IntN(5) > 0 {
		g.add(st, !reads)
		return
	}
	g.tokens++
	in.ClientRequestToken = str("token-" + strconv.Itoa(g.tokens))
	g.add(st, !reads)
	again := *in
	if key := g.fullKey(); r.IntN(3) == 0 && len(in.TransactStatements) > 0 && !seen[render(key)] {
		// The token with other statements: refused. They act on items of
		// their own: DynamoDB Local runs two statements of one item where
		// DynamoDB refuses them (see localTransactSameItem), which would
		// decide the answer instead of the token.
		e := g.exprs()
		statement, params := partiqlText(r, e, `DELETE FROM "T" WHERE `+keyCondition(e, key))
		again.TransactStatements = slices.Clone(in.TransactStatements)
		again.TransactStatements[0] = types.ParameterizedStatement{Statement: &statement, Parameters: params}
	}
	g.add(Step{Name: "the token again: " + st.Name, Compare: true, In: &again}, !reads)
}

// placeholderRE matches the placeholders of a statement in the making:
// a name (after a dot or not) or a value.
var placeholderRE = regexp.MustCompile(`\.?#n\d+|:v\d+`)

// partiqlText writes out a statement made with e's placeholders: names
// bare or quoted, map keys after a dot as .name or ['name'], values as
// literals or as ? parameters (binary values, which have no literal,
// always). It returns the statement and its parameters, in order.
func partiqlText(r *rand.Rand, e *exprGen, text string) (string, []types.AttributeValue) {
	var params []types.AttributeValue
	out := placeholderRE.ReplaceAllStringFunc(text, func(p string) string {
		if strings.HasPrefix(p, ":") {
			return valueText(r, e.values[p], &params, false)
		}
		dot := strings.HasPrefix(p, ".")
		name := e.names[strings.TrimPrefix(p, ".")]
		switch k := r.IntN(6); {
		case dot && k == 0:
			return "[" + stringLiteral(name) + "]"
		case dot && k == 1:
			return `."` + name + `"`
		case k == 1:
			return `"` + name + `"`
		case dot:
			return "." + name
		}
		return name
	})
	return out, params
}

// valueText writes v as a PartiQL literal, or as ? with v added to params.
// Inside a list, map or set (nested) a parameter is a mistake, made now
// and then: rarely, as the error it makes hides most others, which
// DynamoDB may report first.
func valueText(r *rand.Rand, v types.AttributeValue, params *[]types.AttributeValue, nested bool) string {
	param := func() string {
		*params = append(*params, v)
		return "?"
	}
	if nested && r.IntN(40) == 0 || !nested && (hasBinary(v) || r.IntN(5) == 0) {
		return param()
	}
	switch v := v.(type) {
	case *types.AttributeValueMemberS:
		return stringLiteral(v.Value)
	case *types.AttributeValueMemberN:
		return v.Value
	case *types.AttributeValueMemberBOOL:
		return pick(r, []string{strconv.FormatBool(v.Value), strings.ToUpper(strconv.FormatBool(v.Value))})
	case *types.AttributeValueMemberNULL:
		return pick(r, []string{"null", "NULL"})
	case *types.AttributeValueMemberSS:
		return "<<" + joinTexts(v.Value, stringLiteral) + ">>"
	case *types.AttributeValueMemberNS:
		return "<<" + joinTexts(v.Value, func(s string) string { return s }) + ">>"
	case *types.AttributeValueMemberL:
		return "[" + joinTexts(v.Value, func(e types.AttributeValue) string { return valueText(r, e, params, true) }) + "]"
	case *types.AttributeValueMemberM:
		keys := sortedKeys(v.Value)
		return "{" + joinTexts(keys, func(k string) string { return stringLiteral(k) + ": " + valueText(r, v.Value[k], params, true) }) + "}"
	}
	return param()
}

// hasBinary reports whether v is or holds a binary value or set, which
// have no literals.
func hasBinary(v types.AttributeValue) bool {
	switch v := v.(type) {
	case *types.AttributeValueMemberB, *types.AttributeValueMemberBS:
		return true
	case *types.AttributeValueMemberL:
		return slices.ContainsFunc(v.Value, hasBinary)
	case *types.AttributeValueMemberM:
		for _, e := range v.Value {
			if hasBinary(e) {
				return true
			}
		}
	}
	return false
}

// joinTexts writes each element of s with text, separated by commas.
func joinTexts[T any](s []T, text func(T) string) string {
	texts := make([]string, len(s))
	for i, e := range s {
		texts[i] = text(e)
	}
	return strings.Join(texts, ", ")
}

// stringLiteral writes s as a PartiQL string literal.
func stringLiteral(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// overlap reports whether one path is a prefix of the other.
func overlap(a, b []string) bool {
	n := min(len(a), len(b))
	return slices.Equal(a[:n], b[:n])
}
