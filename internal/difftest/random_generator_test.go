package difftest

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/av"
)

// The generator of random scenarios for the expression language. Each
// scenario creates a table and, for a few items, writes the item (most of
// the time), updates it with random update and condition expressions and
// reads it back. Names and values always go through placeholders, so every
// expression parses; the semantic errors it makes (overlapping paths,
// operands of the wrong type, numbers out of range) are made on purpose,
// now and then.

// Pools the generator draws from. Small pools make paths exist and
// comparisons hold often enough to matter.
var (
	genTopNames = []string{"a", "b", "c", "n", "s", "l", "m", "ss", "ns", "bs", "x"}
	genMapKeys  = []string{"a", "b", "c", "x"}
	genStrings  = []string{"", "a", "ab", "abc", "b", "ba", "z", "A", "a b", "é", "😀"}
	// genNumbers are valid numbers at the edges of DynamoDB's: 38
	// significant digits, the largest and smallest magnitudes, negative
	// zero, exponents in both cases, trailing zeros.
	genNumbers = []string{"0", "-0", "1", "-1", "2", "1.5", "-2.5", "10", "100", "0.1", "0.2", "1E+2", "1e2", "1.0",
		"1E-130", "-1E-130", "1E+125", "9.9999999999999999999999999999999999999E+125", "-9.9999999999999999999999999999999999999E+125",
		"12345678901234567890123456789012345678", "0.00000000000000000000000000000000000001", "3.1415926535897932384626433832795028841"}
	genBinaries = []string{"", "a", "ab", "\x00", "\xff", "b"}
	// The set pools hold no two equal members (no "100" beside "1E+2")
	// and no empty ones, so that every subset is a valid set.
	genSetStrings  = []string{"a", "b", "c", "ab", "é"}
	genSetNumbers  = []string{"0", "1", "2", "3", "-1", "1.5", "10", "0.5"}
	genSetBinaries = []string{"a", "b", "ab", "\x00", "\xff"}
	genTypes       = []string{"S", "N", "B", "BOOL", "NULL", "SS", "NS", "BS", "L", "M"}
	genReturns     = []types.ReturnValue{types.ReturnValueNone, types.ReturnValueAllOld, types.ReturnValueUpdatedOld, types.ReturnValueAllNew, types.ReturnValueUpdatedNew}
)

// randomScenario returns the scenario that seed and index make: the same
// pair always makes the same scenario.
func randomScenario(seed, index uint64) Scenario {
	r := rand.New(rand.NewPCG(seed, index))
	sc := Scenario{Name: fmt.Sprintf("scenario-%d", index), Steps: []Step{hashTable("T")}}
	for i := range 1 + r.IntN(3) {
		key := item{"pk": av.S("i" + strconv.Itoa(i))}
		shape := randomItem(r)
		if r.IntN(8) > 0 {
			full := item{"pk": key["pk"]}
			for k, v := range shape {
				full[k] = v
			}
			sc.Steps = append(sc.Steps, Step{Name: "put", Compare: true, In: &dynamodb.PutItemInput{TableName: str("T"), Item: full}})
		}
		for range 2 + r.IntN(5) {
			sc.Steps = append(sc.Steps, randomUpdate(r, key, shape))
		}
		sc.Steps = append(sc.Steps, Step{Name: "get", Compare: true, In: &dynamodb.GetItemInput{TableName: str("T"), Key: key, ConsistentRead: aws.Bool(true)}})
	}
	return sc
}

// randomItem returns an item's attributes, without its key.
func randomItem(r *rand.Rand) item {
	it := item{}
	for range 3 + r.IntN(5) {
		it[pick(r, genTopNames)] = randomValue(r, 1+r.IntN(3))
	}
	return it
}

// randomValue returns a valid value; lists and maps nest up to depth.
func randomValue(r *rand.Rand, depth int) types.AttributeValue {
	kinds := 16
	if depth <= 0 {
		kinds = 12
	}
	switch k := r.IntN(kinds); {
	case k < 3:
		return av.S(pick(r, genStrings))
	case k < 6:
		return av.N(pick(r, genNumbers))
	case k == 6:
		return av.B(pick(r, genBinaries))
	case k == 7:
		return av.Bool(r.IntN(2) == 0)
	case k == 8:
		return av.Null()
	case k == 9:
		return av.SS(subset(r, genSetStrings)...)
	case k == 10:
		return av.NS(subset(r, genSetNumbers)...)
	case k == 11:
		return av.BS(subset(r, genSetBinaries)...)
	case k < 14:
		l := []types.AttributeValue{}
		for range r.IntN(4) {
			l = append(l, randomValue(r, depth-1))
		}
		return av.L(l...)
	}
	m := item{}
	for range r.IntN(4) {
		m[pick(r, genMapKeys)] = randomValue(r, depth-1)
	}
	return av.M(m)
}

// randomUpdate returns an UpdateItem of key, conditional more often than
// not, whose paths follow shape often enough to exist.
func randomUpdate(r *rand.Rand, key, shape item) Step {
	g := newExprGen(r, shape)
	in := &dynamodb.UpdateItemInput{TableName: str("T"), Key: key, ReturnValues: pick(r, genReturns)}
	update := g.update()
	in.UpdateExpression = &update
	if g.nested() && (in.ReturnValues == types.ReturnValueUpdatedOld || in.ReturnValues == types.ReturnValueUpdatedNew) {
		// DynamoDB answers only the nested paths written; DynamoDB Local
		// the whole top-level attribute (see localNestedUpdated).
		in.ReturnValues = types.ReturnValueAllNew
	}
	name := update
	if r.IntN(5) < 3 {
		cond := g.condition(2)
		in.ConditionExpression = &cond
		name += " IF " + cond
		if r.IntN(3) == 0 {
			in.ReturnValuesOnConditionCheckFailure = types.ReturnValuesOnConditionCheckFailureAllOld
		}
	}
	if len(g.names) > 0 {
		in.ExpressionAttributeNames = g.names
	}
	if len(g.values) > 0 {
		in.ExpressionAttributeValues = g.values
	}
	return Step{Name: name, Compare: true, In: in}
}

// exprGen builds one request's expressions.
type exprGen struct {
	r      *rand.Rand
	shape  item
	names  map[string]string // placeholder → name
	byName map[string]string // name → placeholder
	values item
	// targets are the paths the update expression's actions write, the
	// last inClause of them in the current clause.
	targets  [][]string
	inClause int
	// topOnly keeps the update's targets top-level; see update.
	topOnly bool
}

// newExprGen returns a generator of one request's expressions, whose paths
// follow shape.
func newExprGen(r *rand.Rand, shape item) *exprGen {
	return &exprGen{r: r, shape: shape, names: map[string]string{}, byName: map[string]string{}, values: item{}}
}

// nested reports whether the update writes a path below the top level.
func (g *exprGen) nested() bool {
	return slices.ContainsFunc(g.targets, func(t []string) bool { return len(t) > 1 })
}

// name returns the placeholder of an attribute name or map key.
func (g *exprGen) name(n string) string {
	if p, ok := g.byName[n]; ok {
		return p
	}
	p := "#n" + strconv.Itoa(len(g.names))
	g.names[p], g.byName[n] = n, p
	return p
}

// value returns a new placeholder for v.
func (g *exprGen) value(v types.AttributeValue) string {
	p := ":v" + strconv.Itoa(len(g.values))
	g.values[p] = v
	return p
}

// path returns a random document path: its elements (names and "[i]"),
// and the value shape holds there, if any. Most paths follow the shape;
// others name what may not exist, missing parents included, and list
// indexes run past the end.
func (g *exprGen) path() ([]string, types.AttributeValue) {
	r := g.r
	var cur types.AttributeValue
	var elems []string
	if keys := sortedKeys(g.shape); len(keys) > 0 && r.IntN(10) < 7 {
		elems = []string{pick(r, keys)}
		cur = g.shape[elems[0]]
	} else {
		elems = []string{pick(r, genTopNames)}
		cur = g.shape[elems[0]]
	}
	for depth := 0; depth < 3 && r.IntN(2) == 0; depth++ {
		switch v := cur.(type) {
		case *types.AttributeValueMemberM:
			k := pick(r, genMapKeys)
			if keys := sortedKeys(v.Value); len(keys) > 0 && r.IntN(4) > 0 {
				k = pick(r, keys)
			}
			elems, cur = append(elems, k), v.Value[k]
		case *types.AttributeValueMemberL:
			i := r.IntN(len(v.Value) + 2)
			elems, cur = append(elems, "["+strconv.Itoa(i)+"]"), nil
			if i < len(v.Value) {
				cur = v.Value[i]
			}
		default:
			if r.IntN(3) > 0 {
				return elems, cur
			}
			if r.IntN(2) == 0 {
				elems = append(elems, pick(r, genMapKeys))
			} else {
				elems = append(elems, "["+strconv.Itoa(r.IntN(3))+"]")
			}
			cur = nil
		}
	}
	return elems, cur
}

// pathText writes a path's elements with placeholders for its names.
func (g *exprGen) pathText(elems []string) string {
	var b strings.Builder
	for i, e := range elems {
		switch {
		case strings.HasPrefix(e, "["):
			b.WriteString(e)
		case i > 0:
			b.WriteString("." + g.name(e))
		default:
			b.WriteString(g.name(e))
		}
	}
	return b.String()
}

// target returns a path for an update action to write. It overlaps none
// of the paths the expression already writes, except now and then, on
// purpose, within one clause: across clauses DynamoDB Local names the
// wrong second path in its "Two document paths overlap" message (for
// "DELETE b :s SET ns = :v REMOVE c, b" it says "path one: [b], path two:
// [ns]"), a message DynamoDB's documentation does not spell out.
func (g *exprGen) target() string {
	elems := g.targetPath()
	for try := 0; try < 50 && g.overlaps(elems, len(g.targets)-g.inClause, try); try++ {
		elems = g.targetPath()
	}
	if g.overlaps(elems, len(g.targets)-g.inClause, 1) {
		elems = []string{"fresh" + strconv.Itoa(len(g.targets))}
	}
	g.targets = append(g.targets, elems)
	g.inClause++
	return g.pathText(elems)
}

// targetPath returns a path, top-level only when topOnly is set.
func (g *exprGen) targetPath() []string {
	elems, _ := g.path()
	if g.topOnly {
		return elems[:1]
	}
	return elems
}

// overlaps reports whether elems overlaps a path already written (one is
// a prefix of the other): always if the path is of an earlier clause
// (before index clause), else unless this is the first try and a draw
// allows it.
func (g *exprGen) overlaps(elems []string, clause, try int) bool {
	for i, t := range g.targets {
		n := min(len(t), len(elems))
		if slices.Equal(t[:n], elems[:n]) && (i < clause || try > 0 || g.r.IntN(20) > 0) {
			return true
		}
	}
	return false
}

// update returns an update expression of one to three clauses.
//
// Two kinds of requests are left out, because DynamoDB Local and the
// engine report different errors for them and the documentation does not
// say which error comes first: an ADD or DELETE clause beside another
// clause (ADD of a number to a string, in Local's words "An operand in
// the update expression has an incorrect data type", beside a SET that
// reads a missing attribute, for the engine "The provided expression
// refers to an attribute that does not exist in the item"), and nested
// paths in an update of more than one action (a path that cannot be
// written, "The document path provided in the update expression is
// invalid for update" for the engine, beside either error above, which
// Local reports first).
func (g *exprGen) update() string {
	r := g.r
	kinds := []string{"SET", "REMOVE", "ADD", "DELETE"}
	r.Shuffle(len(kinds), func(i, j int) { kinds[i], kinds[j] = kinds[j], kinds[i] })
	kinds = kinds[:1+r.IntN(3)]
	if i := slices.IndexFunc(kinds, func(k string) bool { return k == "ADD" || k == "DELETE" }); i >= 0 {
		kinds = kinds[i : i+1]
	}
	counts := make([]int, len(kinds))
	total := 0
	for i := range kinds {
		counts[i] = 1 + r.IntN(2)
		total += counts[i]
	}
	g.topOnly = total > 1
	var clauses []string
	for i, kind := range kinds {
		var actions []string
		g.inClause = 0
		for range counts[i] {
			actions = append(actions, g.action(kind))
		}
		clauses = append(clauses, kind+" "+strings.Join(actions, ", "))
	}
	return strings.Join(clauses, " ")
}

// action returns one action of a clause of the given kind.
func (g *exprGen) action(kind string) string {
	r := g.r
	switch kind {
	case "REMOVE":
		return g.target()
	case "ADD":
		t := g.target()
		switch k := r.IntN(10); {
		case k < 5:
			return t + " " + g.value(av.N(pick(r, genNumbers)))
		case k < 9:
			return t + " " + g.value(randomSet(r))
		default: // neither a number nor a set
			return t + " " + g.value(randomValue(r, 1))
		}
	case "DELETE":
		t := g.target()
		if r.IntN(7) == 0 {
			return t + " " + g.value(randomValue(r, 1))
		}
		return t + " " + g.value(randomSet(r))
	}
	t := g.target()
	return t + " = " + g.setValue()
}

// setValue returns the right-hand side of a SET action.
func (g *exprGen) setValue() string {
	r := g.r
	switch k := r.IntN(20); {
	case k < 7:
		return g.operand(false)
	case k < 11:
		return g.setOperand(true) + pick(r, []string{" + ", " - "}) + g.setOperand(true)
	case k < 14:
		elems, _ := g.path()
		return "if_not_exists(" + g.pathText(elems) + ", " + g.operand(false) + ")"
	default:
		return "list_append(" + g.listOperand() + ", " + g.listOperand() + ")"
	}
}

// setOperand returns an operand of + or -: a number most of the time.
func (g *exprGen) setOperand(numeric bool) string {
	if g.r.IntN(5) == 0 {
		elems, _ := g.path()
		return "if_not_exists(" + g.pathText(elems) + ", " + g.operand(numeric) + ")"
	}
	return g.operand(numeric)
}

// operand returns a path or a value placeholder; numeric makes the value
// a number most of the time.
func (g *exprGen) operand(numeric bool) string {
	r := g.r
	if r.IntN(2) == 0 {
		elems, _ := g.path()
		return g.pathText(elems)
	}
	if numeric && r.IntN(6) > 0 {
		return g.value(av.N(pick(r, genNumbers)))
	}
	return g.value(randomValue(r, 2))
}

// listOperand returns an operand of list_append: a list most of the time.
func (g *exprGen) listOperand() string {
	r := g.r
	if r.IntN(2) == 0 {
		elems, _ := g.path()
		return g.pathText(elems)
	}
	if r.IntN(6) == 0 {
		return g.value(randomValue(r, 1))
	}
	l := []types.AttributeValue{}
	for range r.IntN(3) {
		l = append(l, randomValue(r, 1))
	}
	return g.value(av.L(l...))
}

// condition returns a condition expression; depth bounds its nesting.
func (g *exprGen) condition(depth int) string {
	r := g.r
	if depth > 0 {
		switch r.IntN(10) {
		case 0, 1:
			return "(" + g.condition(depth-1) + " AND " + g.condition(depth-1) + ")"
		case 2, 3:
			return "(" + g.condition(depth-1) + " OR " + g.condition(depth-1) + ")"
		case 4:
			return "NOT (" + g.condition(depth-1) + ")"
		}
	}
	elems, at := g.path()
	p := g.pathText(elems)
	switch r.IntN(10) {
	case 0, 1:
		return g.condOperand(p, at) + " " + pick(r, []string{"=", "<>", "<", "<=", ">", ">="}) + " " + g.condOperand(p, at)
	case 2:
		return g.condOperand(p, at) + " BETWEEN " + g.nearValue(at) + " AND " + g.nearValue(at)
	case 3:
		in := make([]string, 1+r.IntN(4))
		for i := range in {
			in[i] = g.nearValue(at)
		}
		return g.condOperand(p, at) + " IN (" + strings.Join(in, ", ") + ")"
	case 4:
		return "attribute_exists(" + p + ")"
	case 5:
		return "attribute_not_exists(" + p + ")"
	case 6:
		t := pick(r, genTypes)
		if r.IntN(12) == 0 {
			t = "X" // not a type: an error
		}
		return "attribute_type(" + p + ", " + g.value(av.S(t)) + ")"
	case 7:
		if r.IntN(3) == 0 {
			return "begins_with(" + p + ", " + g.value(av.B(pick(r, genBinaries[1:]))) + ")"
		}
		return "begins_with(" + p + ", " + g.value(av.S(pick(r, genStrings))) + ")"
	case 8:
		return "contains(" + p + ", " + g.condOperand(p, at) + ")"
	}
	return "size(" + p + ") " + pick(r, []string{"=", "<>", "<", "<=", ">", ">="}) + " " + g.value(av.N(strconv.Itoa(r.IntN(5))))
}

// condOperand returns an operand of a comparison about path p, which holds
// at: the path itself, its size, another path or a value near at.
func (g *exprGen) condOperand(p string, at types.AttributeValue) string {
	switch g.r.IntN(6) {
	case 0, 1:
		return p
	case 2:
		return "size(" + p + ")"
	case 3:
		elems, _ := g.path()
		return g.pathText(elems)
	}
	return g.nearValue(at)
}

// nearValue returns a value placeholder: at itself (if there is one), an
// element of it (if it has one: a shape may hold an empty set, made on
// purpose), or a random value.
func (g *exprGen) nearValue(at types.AttributeValue) string {
	r := g.r
	if at != nil && r.IntN(2) == 0 {
		switch v := at.(type) {
		case *types.AttributeValueMemberSS:
			if len(v.Value) > 0 && r.IntN(2) == 0 {
				return g.value(av.S(pick(r, v.Value)))
			}
		case *types.AttributeValueMemberNS:
			if len(v.Value) > 0 && r.IntN(2) == 0 {
				return g.value(av.N(pick(r, v.Value)))
			}
		case *types.AttributeValueMemberL:
			if len(v.Value) > 0 && r.IntN(2) == 0 {
				return g.value(pick(r, v.Value))
			}
		}
		return g.value(at)
	}
	return g.value(randomValue(r, 1))
}

// randomSet returns a string, number or binary set.
func randomSet(r *rand.Rand) types.AttributeValue {
	switch r.IntN(3) {
	case 0:
		return av.SS(subset(r, genSetStrings)...)
	case 1:
		return av.NS(subset(r, genSetNumbers)...)
	}
	return av.BS(subset(r, genSetBinaries)...)
}

// pick returns a random element of s.
func pick[T any](r *rand.Rand, s []T) T { return s[r.IntN(len(s))] }

// subset returns one to three distinct elements of s.
func subset(r *rand.Rand, s []string) []string {
	perm := r.Perm(len(s))[:1+r.IntN(3)]
	out := make([]string, len(perm))
	for i, j := range perm {
		out[i] = s[j]
	}
	return out
}

// sortedKeys returns m's keys in order, so that draws from them are
// reproducible.
func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
