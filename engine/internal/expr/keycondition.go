package expr

import (
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/internal/apierr"
)

// SortOp is the operator of a key condition on the sort key.
type SortOp uint8

// Sort key operators.
const (
	SortEQ SortOp = iota
	SortLT
	SortLE
	SortGT
	SortGE
	SortBetween
	SortBeginsWith
)

// KeyCondition is a compiled KeyConditionExpression: equalities on the
// partition key attributes, optionally and conditions on the sort key
// attributes. Call Match with the key schema before using the fields.
type KeyCondition struct {
	// Partition holds the value of each partition key attribute, in key
	// schema order.
	Partition []types.AttributeValue
	// SortEqual holds the values of the sort key attributes before SortName
	// (a multi-attribute sort key), which the condition fixes.
	SortEqual  []types.AttributeValue
	SortName   string // the last sort key attribute with a condition; "" if none
	SortOp     SortOp
	SortValues []types.AttributeValue // one value, two for SortBetween

	terms []keyTerm
}

// keyTerm is one condition of a key condition expression.
type keyTerm struct {
	name   string
	op     SortOp
	values []types.AttributeValue
}

var keyOps = map[condKind]SortOp{
	condEqual: SortEQ, condLess: SortLT, condLessEqual: SortLE, condGreater: SortGT, condGreaterEqual: SortGE,
	condBetween: SortBetween, condBeginsWith: SortBeginsWith,
}

// mirrored is the operator with its operands swapped (:v < k is k > :v).
var mirrored = map[SortOp]SortOp{SortEQ: SortEQ, SortLT: SortGT, SortLE: SortGE, SortGT: SortLT, SortGE: SortLE}

var keyOpNames = map[condKind]string{
	condOr: "OR", condNot: "NOT", condIn: "IN", condNotEqual: "<>", condExists: fnAttributeExists,
	condNotExists: fnAttributeNotExists, condType: fnAttributeType, condContains: fnContains,
}

// KeyCondition compiles a KeyConditionExpression. Which conditions are
// on the partition and which on the sort key is for Match to tell, against
// the key schema of the table or index read.
func (p *Params) KeyCondition(text string) (*KeyCondition, error) {
	c, err := p.condition(kindKeyCondition, text)
	if err != nil {
		return nil, err
	}
	var terms []keyTerm
	if msg := collectKeyTerms(c, &terms); msg != "" {
		return nil, apierr.Validation(msg)
	}
	for i, t := range terms {
		for _, u := range terms[:i] {
			if u.name == t.name {
				return nil, apierr.Validation("KeyConditionExpressions must only contain one condition per key")
			}
		}
	}
	return &KeyCondition{terms: terms}, nil
}

// collectKeyTerms flattens the conjunction c into terms, rejecting what a key
// condition cannot contain.
func collectKeyTerms(c *Condition, terms *[]keyTerm) string {
	if c.kind == condAnd {
		for _, kid := range c.kids {
			if msg := collectKeyTerms(kid, terms); msg != "" {
				return msg
			}
		}
		return ""
	}
	if name, bad := keyOpNames[c.kind]; bad {
		return "Invalid operator used in KeyConditionExpression: " + name
	}
	t := keyTerm{op: keyOps[c.kind]}
	for i, o := range c.operands {
		switch o.kind {
		case opValue:
			t.values = append(t.values, o.value)
			continue
		case opPath:
		default:
			return "KeyConditionExpressions cannot contain nested operations"
		}
		if len(o.path) > 1 {
			return "Invalid KeyConditionExpression: KeyConditionExpressions cannot have conditions on nested attributes"
		}
		if t.name != "" {
			return "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition"
		}
		if i > 0 {
			switch t.op {
			case SortBeginsWith:
				return "Invalid condition in KeyConditionExpression: begins_with operator must have the key attribute as its first operand"
			case SortBetween:
				return "Invalid condition in KeyConditionExpression: BETWEEN operator must have the key attribute as its first operand"
			}
			t.op = mirrored[t.op]
		}
		t.name = o.path[0].Name
	}
	if t.name == "" {
		return "Invalid condition in KeyConditionExpression: No key attribute specified"
	}
	*terms = append(*terms, t)
	return ""
}

// Errors of key conditions that do not fit the key schema.
var errKeyConditionNotSupported = apierr.Validation("Query key condition not supported")

// missedKey is the error of a key condition without a condition on name.
func missedKey(name string) error {
	return apierr.Validation("Query condition missed key schema element: " + name)
}

// Match checks the condition against the key schema of the table or index
// read (its partition key attributes, then its sort key attributes, none
// when it has no sort key), with DynamoDB's messages, and fills in the
// fields. Like DynamoDB (DynamoDB Local leaves the name out), a missed key
// names the key schema element the condition lacks.
func (k *KeyCondition) Match(hash, rng []string) error {
	if len(hash) == 1 && len(rng) <= 1 {
		rangeKey := ""
		if len(rng) == 1 {
			rangeKey = rng[0]
		}
		return k.matchSingle(hash[0], rangeKey)
	}
	return k.matchMulti(hash, rng)
}

// matchSingle matches a key schema of one partition key attribute and at
// most one sort key attribute. The first equality is taken for the
// partition condition, the other condition for the sort condition, then
// corrected against the schema.
func (k *KeyCondition) matchSingle(hashKey, rangeKey string) error {
	terms := k.terms
	if len(terms) > 2 {
		return apierr.Validation("Conditions can be of length 1 or 2 only")
	}
	if terms[0].op != SortEQ && len(terms) == 2 {
		terms = []keyTerm{terms[1], terms[0]}
	}
	var part keyTerm
	if terms[0].op == SortEQ {
		part, terms = terms[0], terms[1:]
	}
	var sort keyTerm
	if len(terms) > 0 {
		sort = terms[0]
	}
	if part.name != hashKey && sort.name == hashKey && sort.op == SortEQ {
		part, sort = sort, part
	}
	switch {
	case rangeKey == "" && part.name != "" && sort.name != "",
		part.name == "" && sort.name == hashKey:
		return errKeyConditionNotSupported
	case part.name != hashKey:
		return missedKey(hashKey)
	case sort.name != "" && sort.name != rangeKey:
		return missedKey(rangeKey)
	}
	k.Partition = part.values
	k.SortName, k.SortOp, k.SortValues = sort.name, sort.op, sort.values
	return nil
}

// matchMulti matches a multi-attribute key schema (a global secondary
// index's). Every partition key attribute needs an equality; the sort key
// attributes take conditions left to right without a gap, equalities but
// for the last one given, which may be any key comparison.
func (k *KeyCondition) matchMulti(hash, rng []string) error {
	byName := make(map[string]keyTerm, len(k.terms))
	for _, t := range k.terms {
		byName[t.name] = t
	}
	k.Partition = k.Partition[:0]
	for _, name := range hash {
		t, ok := byName[name]
		if !ok {
			return missedKey(name)
		}
		if t.op != SortEQ {
			return errKeyConditionNotSupported
		}
		k.Partition = append(k.Partition, t.values[0])
		delete(byName, name)
	}
	var sorts []keyTerm
	missed := ""
	for _, name := range rng {
		t, ok := byName[name]
		switch {
		case !ok && missed == "":
			missed = name
		case ok && missed != "":
			return missedKey(missed)
		case ok:
			sorts = append(sorts, t)
			delete(byName, name)
		}
	}
	if len(byName) > 0 {
		if missed != "" {
			return missedKey(missed)
		}
		return errKeyConditionNotSupported
	}
	k.SortEqual, k.SortName = nil, ""
	for i, t := range sorts {
		if i < len(sorts)-1 {
			if t.op != SortEQ {
				return errKeyConditionNotSupported
			}
			k.SortEqual = append(k.SortEqual, t.values[0])
			continue
		}
		k.SortName, k.SortOp, k.SortValues = t.name, t.op, t.values
	}
	return nil
}
