package difftest

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/av"
)

// The generator of random scenarios for Query and Scan. Each scenario
// creates table T, keyed by the string pk and a sort key sk of a random
// type, most of the time with a local index "lsi" (pk, lk) and a global one
// "gsi" (gh, and gr more often than not) of random projections; writes a
// few dozen items, whose index keys are often missing (sparse indexes);
// then sends random Query and Scan calls, following LastEvaluatedKey when
// they set a Limit (see Step.Paged). Their filters and projections come
// from exprGen (see random_generator_test.go), over the paths of a stored
// item; their mistakes (a key condition of the wrong type, with an empty
// value or reversed bounds, begins_with of a number, a filter on a key,
// overlapping projections, a Select that does not fit, a strongly
// consistent read of a global index) are made now and then, on purpose.
//
// The items' keys are always of the right type: DynamoDB Local words the
// error of an index key of the wrong type its own way ("Type mismatch for
// Index Key" without naming the key, or "Invalid attribute value type";
// see the conformance suite).

// Pools the search generator draws from.
var (
	searchPartitions = []string{"p0", "p1", "p2"}
	searchKeyTypes   = []types.ScalarAttributeType{types.ScalarAttributeTypeS, types.ScalarAttributeTypeN, types.ScalarAttributeTypeB}
	searchKeyOps     = []string{"=", "<", "<=", ">", ">=", "BETWEEN", "begins_with"}
	searchSelects    = []types.Select{"", "", "", types.SelectCount, types.SelectAllAttributes, types.SelectSpecificAttributes, types.SelectAllProjectedAttributes}
	searchCapacities = []types.ReturnConsumedCapacity{"", "", types.ReturnConsumedCapacityNone, types.ReturnConsumedCapacityTotal, types.ReturnConsumedCapacityIndexes}
	searchProjection = []types.ProjectionType{types.ProjectionTypeAll, types.ProjectionTypeKeysOnly, types.ProjectionTypeInclude}
)

// searchKey is the key of a table or index: its attributes' names, rng ""
// if it has no sort key.
type searchKey struct{ hash, rng string }

// searchGen builds one scenario's searches.
type searchGen struct {
	r *rand.Rand
	// types holds the type of every key attribute, of the table and its
	// indexes.
	types map[string]types.ScalarAttributeType
	// keys holds the key of the table ("") and of each index, by name.
	keys  map[string]searchKey
	items []item
	// partialGSI and partialLSI say the global or local index projects
	// some attributes only.
	partialGSI, partialLSI bool
	// used holds the index keys the items have, by index (see indexKey).
	used map[string]bool
}

// randomSearchScenario returns the scenario that seed and index make: the
// same pair always makes the same scenario.
func randomSearchScenario(seed, index uint64) Scenario {
	r := rand.New(rand.NewPCG(seed, index))
	s := &searchGen{r: r,
		types: map[string]types.ScalarAttributeType{"pk": types.ScalarAttributeTypeS, "sk": pick(r, searchKeyTypes)},
		keys:  map[string]searchKey{"": {"pk", "sk"}}, used: map[string]bool{}}
	sc := Scenario{Name: fmt.Sprintf("scenario-%d", index), Steps: []Step{s.createTable()}}
	for range 20 + r.IntN(20) {
		sc.Steps = append(sc.Steps, s.put())
	}
	for range 12 + r.IntN(10) {
		if r.IntN(2) == 0 {
			sc.Steps = append(sc.Steps, s.query())
		} else {
			sc.Steps = append(sc.Steps, s.scan())
		}
	}
	return sc
}

// createTable returns the step that creates T, with random indexes.
func (s *searchGen) createTable() Step {
	r := s.r
	in := &dynamodb.CreateTableInput{TableName: str("T"), BillingMode: types.BillingModePayPerRequest,
		KeySchema: []types.KeySchemaElement{keyElem("pk", types.KeyTypeHash), keyElem("sk", types.KeyTypeRange)}}
	if r.IntN(3) > 0 {
		s.types["lk"], s.keys["lsi"] = pick(r, searchKeyTypes), searchKey{"pk", "lk"}
		proj := s.projection()
		s.partialLSI = proj.ProjectionType != types.ProjectionTypeAll
		in.LocalSecondaryIndexes = []types.LocalSecondaryIndex{{IndexName: str("lsi"),
			KeySchema: []types.KeySchemaElement{keyElem("pk", types.KeyTypeHash), keyElem("lk", types.KeyTypeRange)}, Projection: proj}}
	}
	if r.IntN(3) > 0 {
		s.types["gh"] = pick(r, searchKeyTypes[:2])
		key, schema := searchKey{hash: "gh"}, []types.KeySchemaElement{keyElem("gh", types.KeyTypeHash)}
		if r.IntN(3) > 0 {
			s.types["gr"], key.rng = pick(r, searchKeyTypes), "gr"
			schema = append(schema, keyElem("gr", types.KeyTypeRange))
		}
		s.keys["gsi"] = key
		proj := s.projection()
		s.partialGSI = proj.ProjectionType != types.ProjectionTypeAll
		in.GlobalSecondaryIndexes = []types.GlobalSecondaryIndex{{IndexName: str("gsi"), KeySchema: schema, Projection: proj}}
	}
	for _, name := range sortedKeys(s.types) {
		in.AttributeDefinitions = append(in.AttributeDefinitions, attrDef(name, s.types[name]))
	}
	return Step{Name: "create T", In: in}
}

// projection returns a random index projection.
func (s *searchGen) projection() *types.Projection {
	p := &types.Projection{ProjectionType: pick(s.r, searchProjection)}
	if p.ProjectionType == types.ProjectionTypeInclude {
		p.NonKeyAttributes = subset(s.r, genTopNames)
	}
	return p
}

// put returns a PutItem of a random item, which it remembers.
func (s *searchGen) put() Step {
	r := s.r
	it := randomItem(r)
	it["pk"] = av.S(pick(r, searchPartitions))
	it["sk"] = s.keyValue("sk")
	for _, idx := range sortedKeys(s.keys) {
		if idx != "" && r.IntN(4) > 0 {
			s.indexKey(it, idx, s.keys[idx])
		}
	}
	s.items = append(s.items, it)
	return Step{Name: "put", Compare: true, In: &dynamodb.PutItemInput{TableName: str("T"), Item: it}}
}

// indexKey gives it the key attributes of index idx that pk and sk do not
// give it, unless no value for them (in a few draws) makes a key no other
// item has in that index: DynamoDB does not define the order of items
// whose index keys are equal.
func (s *searchGen) indexKey(it item, idx string, key searchKey) {
	var own []string
	for _, name := range []string{key.hash, key.rng} {
		if name != "" && name != "pk" && name != "sk" {
			own = append(own, name)
		}
	}
	for range 10 {
		for _, name := range own {
			it[name] = s.keyValue(name)
		}
		id := idx + "\x00" + keyText(it[key.hash]) + "\x00" + keyText(it[key.rng])
		if !s.used[id] {
			s.used[id] = true
			return
		}
	}
	for _, name := range own {
		delete(it, name)
	}
}

// keyText returns a key value as text that tells apart exactly the
// values DynamoDB tells apart (numbers in canonical form).
func keyText(v types.AttributeValue) string {
	switch v := v.(type) {
	case *types.AttributeValueMemberS:
		return "S" + v.Value
	case *types.AttributeValueMemberN:
		return "N" + canonicalNumber(v.Value)
	case *types.AttributeValueMemberB:
		return "B" + string(v.Value)
	}
	return ""
}

// keyValue returns a random valid value of key attribute name.
func (s *searchGen) keyValue(name string) types.AttributeValue {
	switch s.types[name] {
	case types.ScalarAttributeTypeN:
		return av.N(pick(s.r, genNumbers))
	case types.ScalarAttributeTypeB:
		return av.B(pick(s.r, genBinaries[1:]))
	}
	return av.S(pick(s.r, genStrings[1:]))
}

// keyOperand returns a value to compare key attribute name with: most of
// the time one a stored item holds, now and then one of the wrong type.
func (s *searchGen) keyOperand(name string, safe bool) types.AttributeValue {
	r := s.r
	switch k := r.IntN(20); {
	case k == 0 && !safe:
		return randomValue(r, 0)
	case k < 14:
		if v, ok := pick(r, s.items)[name]; ok {
			return v
		}
	}
	return s.keyValue(name)
}

// exprGen returns an expression generator for a read of index idx, whose
// paths follow a stored item, without its key attributes most of the time.
func (s *searchGen) exprGen(idx string) *exprGen {
	shape := item{}
	// Never for a global index that projects some attributes only: of a
	// projection reading into a key attribute and reading one the index
	// does not project, DynamoDB Local reports the second mistake first,
	// the engine the first.
	withKeys := s.r.IntN(5) == 0 && (idx != "gsi" || !s.partialGSI)
	for k, v := range pick(s.r, s.items) {
		if _, key := s.types[k]; withKeys || !key {
			shape[k] = v
		}
	}
	return newExprGen(s.r, shape)
}

// index returns the name of the table ("") or one of its indexes.
func (s *searchGen) index() string {
	return pick(s.r, sortedKeys(s.keys))
}

// searchParts are the parameters Query and Scan share.
type searchParts struct {
	filter, projection *string
	sel                types.Select
	limit              *int32
	consistent         *bool
	capacity           types.ReturnConsumedCapacity
	// clean says the request must make no other mistake (see parts).
	clean bool
}

// parts returns random shared parameters, their expressions written with
// g, with a filter now and then if filtered is set.
//
// Where DynamoDB Local and the engine check two mistakes in a different
// order, a request makes one of them alone: a strongly consistent read of
// a global index, or a Select that does not fit the projection or the
// index, goes with no filter, a projection of the partition key if any and
// a key condition without mistakes (clean). Local reports either before
// what the expressions get wrong, the engine after.
func (s *searchGen) parts(g *exprGen, idx string, filtered bool) searchParts {
	r := s.r
	var p searchParts
	switch r.IntN(8) {
	case 0:
		p.consistent = aws.Bool(true)
	case 1:
		p.consistent = aws.Bool(false)
	}
	p.capacity = pick(r, searchCapacities)
	if r.IntN(2) == 0 {
		p.limit = aws.Int32(int32(1 + r.IntN(6)))
	}
	projected := r.IntN(3) == 0
	if !p.gsiConsistent(idx) {
		p.sel = pick(r, searchSelects)
	}
	if p.gsiConsistent(idx) || s.selectMistake(p.sel, idx, projected) {
		p.clean = true
		if projected {
			p.projection = aws.String(g.name("pk"))
		}
		return p
	}
	if r.IntN(2) == 0 && filtered {
		p.filter = aws.String(g.condition(2))
	}
	if projected {
		p.projection = aws.String(s.projectionExpr(g))
	}
	if idx == "lsi" && s.partialLSI && (p.filter != nil || p.projection != nil || p.sel == types.SelectAllAttributes) {
		// A read of a local index that may need attributes it does not
		// project fetches them from the table items, and DynamoDB
		// charges those reads (Developer Guide, "Local secondary
		// indexes", read activity); DynamoDB Local charges a Scan none,
		// and the engine charges its own way (see TestLocalIndexFetches
		// in package engine): its cost is not compared.
		p.capacity = ""
	}
	return p
}

// gsiConsistent reports whether the parameters ask for a strongly
// consistent read of the global index idx: a mistake.
func (p searchParts) gsiConsistent(idx string) bool {
	return idx == "gsi" && aws.ToBool(p.consistent)
}

// selectMistake reports whether Select sel is a mistake for a read of
// index idx ("" the table), with a projection if projected is set.
func (s *searchGen) selectMistake(sel types.Select, idx string, projected bool) bool {
	switch sel {
	case types.SelectSpecificAttributes:
		return !projected
	case types.SelectAllProjectedAttributes:
		return projected || idx == ""
	case types.SelectAllAttributes:
		return projected || idx == "gsi" && s.partialGSI
	case types.SelectCount:
		return projected
	}
	return false
}

// projectionExpr returns a projection expression of one to three paths,
// or of two that overlap or conflict (a mistake). DynamoDB Local does not
// name the second of two such paths among more: of "a, s, a" it says
// "path one: [a], path two: [s]".
func (s *searchGen) projectionExpr(g *exprGen) string {
	var paths [][]string
	for range 1 + s.r.IntN(3) {
		elems, _ := g.path()
		for _, p := range paths {
			if clash(p, elems) {
				paths = [][]string{p}
				break
			}
		}
		paths = append(paths, elems)
		if len(paths) == 2 && clash(paths[0], paths[1]) {
			break
		}
	}
	texts := make([]string, len(paths))
	for i, elems := range paths {
		texts[i] = g.pathText(elems)
	}
	return strings.Join(texts, ", ")
}

// clash reports whether two paths overlap (one starts the other) or
// conflict (one indexes a list where the other names a map key).
func clash(a, b []string) bool {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return strings.HasPrefix(a[i], "[") != strings.HasPrefix(b[i], "[")
		}
	}
	return true
}

// query returns a random Query step.
func (s *searchGen) query() Step {
	r := s.r
	idx := s.index()
	g := s.exprGen(idx)
	key := s.keys[idx]
	p := s.parts(g, idx, true)
	safe := p.clean
	conds := []string{g.name(key.hash) + " = " + g.value(s.keyOperand(key.hash, safe))}
	op := ""
	if key.rng != "" && r.IntN(3) > 0 {
		var cond string
		cond, op = s.rangeCondition(g, key.rng, safe)
		conds = append(conds, cond)
		if r.IntN(4) == 0 {
			conds[0], conds[1] = conds[1], conds[0]
		}
	}
	in := &dynamodb.QueryInput{TableName: str("T"), KeyConditionExpression: aws.String(strings.Join(conds, " AND ")),
		FilterExpression: p.filter, ProjectionExpression: p.projection, Select: p.sel, Limit: p.limit,
		ConsistentRead: p.consistent, ReturnConsumedCapacity: p.capacity}
	if idx != "" {
		in.IndexName = aws.String(idx)
	}
	backward := r.IntN(3) == 0
	if backward {
		in.ScanIndexForward = aws.Bool(false)
	}
	if idx == "" && (op == "BETWEEN" || op == "<=" && !backward || op == ">=" && backward) {
		// DynamoDB Local leaves out the LastEvaluatedKey of a page of a
		// table that ends on the sort key value the key condition reaches
		// last, inclusive; the engine answers one whenever Limit ends a
		// page, as DynamoDB may (see TestQuerySortKeyOrder in package
		// engine). Such queries of a table are not paged.
		in.Limit = nil
	}
	if len(g.names) > 0 {
		in.ExpressionAttributeNames = g.names
	}
	if len(g.values) > 0 {
		in.ExpressionAttributeValues = g.values
	}
	return Step{Name: "query", Compare: true, Paged: in.Limit != nil, In: in}
}

// rangeCondition returns a key condition on sort key name, which may be a
// mistake unless safe is set, and its operator as it applies to the key
// (":v < sk" is "sk > :v").
func (s *searchGen) rangeCondition(g *exprGen, name string, safe bool) (string, string) {
	r := s.r
	p := g.name(name)
	ops := searchKeyOps
	if safe {
		ops = ops[:5]
	}
	switch op := pick(r, ops); op {
	case "BETWEEN": // the bounds in either order: reversed is an error
		return p + " BETWEEN " + g.value(s.keyOperand(name, safe)) + " AND " + g.value(s.keyOperand(name, safe)), op
	case "begins_with": // of a number: an error
		return "begins_with(" + p + ", " + g.value(s.keyOperand(name, safe)) + ")", op
	default:
		if r.IntN(4) == 0 {
			mirrored := map[string]string{"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "="}[op]
			return g.value(s.keyOperand(name, safe)) + " " + op + " " + p, mirrored
		}
		return p + " " + op + " " + g.value(s.keyOperand(name, safe)), op
	}
}

// scan returns a random Scan step, parallel now and then.
func (s *searchGen) scan() Step {
	r := s.r
	idx := s.index()
	g := s.exprGen(idx)
	// DynamoDB Local evaluates the filter of a Scan of a global index on
	// the table's items, attributes the index does not project included;
	// DynamoDB reads the index alone, whose items lack them.
	p := s.parts(g, idx, idx != "gsi" || !s.partialGSI)
	in := &dynamodb.ScanInput{TableName: str("T"), FilterExpression: p.filter, ProjectionExpression: p.projection,
		Select: p.sel, Limit: p.limit, ConsistentRead: p.consistent, ReturnConsumedCapacity: p.capacity}
	if idx != "" {
		in.IndexName = aws.String(idx)
	}
	if r.IntN(4) == 0 {
		in.Segment, in.TotalSegments = aws.Int32(0), aws.Int32(int32(1+r.IntN(4)))
	}
	if len(g.names) > 0 {
		in.ExpressionAttributeNames = g.names
	}
	if len(g.values) > 0 {
		in.ExpressionAttributeValues = g.values
	}
	return Step{Name: "scan", Compare: true, Paged: p.limit != nil || in.TotalSegments != nil, In: in}
}
