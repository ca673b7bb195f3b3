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

// KeyCondition is a compiled KeyConditionExpression: an equality on the
// partition key, optionally and a condition on the sort key. Call Match with
// the key schema before using the fields.
type KeyCondition struct {
	PartitionName  string
	PartitionValue types.AttributeValue
	SortName       string // "" if none
	SortOp         SortOp
	SortValues     []types.AttributeValue // one value, two for SortBetween
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

// KeyCondition compiles a KeyConditionExpression. The first equality becomes
// the partition condition and the other condition the sort condition; Match
// corrects this against the table's key schema.
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
	if len(terms) > 2 {
		return nil, apierr.Validation("Conditions can be of length 1 or 2 only")
	}
	k := &KeyCondition{}
	if terms[0].op != SortEQ && len(terms) == 2 {
		terms[0], terms[1] = terms[1], terms[0]
	}
	if terms[0].op == SortEQ {
		k.PartitionName, k.PartitionValue = terms[0].name, terms[0].values[0]
		terms = terms[1:]
	}
	if len(terms) > 0 {
		k.SortName, k.SortOp, k.SortValues = terms[0].name, terms[0].op, terms[0].values
	}
	return k, nil
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

// Match checks the condition against the table's (or index's) key schema,
// rangeKey "" when there is none, with DynamoDB's messages, and puts the
// conditions in the partition and sort fields they belong to. Like DynamoDB
// (DynamoDB Local leaves the name out), a missed key names the key schema
// element the condition lacks.
func (k *KeyCondition) Match(hashKey, rangeKey string) error {
	if k.PartitionName != hashKey && k.SortName == hashKey && k.SortOp == SortEQ {
		k.PartitionName, k.SortName = k.SortName, k.PartitionName
		k.PartitionValue, k.SortValues = k.SortValues[0], []types.AttributeValue{k.PartitionValue}
	}
	switch {
	case rangeKey == "" && k.PartitionName != "" && k.SortName != "",
		k.PartitionName == "" && k.SortName == hashKey:
		return apierr.Validation("Query key condition not supported")
	case k.PartitionName != hashKey:
		return apierr.Validation("Query condition missed key schema element: " + hashKey)
	case k.SortName != "" && k.SortName != rangeKey:
		return apierr.Validation("Query condition missed key schema element: " + rangeKey)
	}
	return nil
}
