package partiql

import (
	"sync"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// paramTypes packs the types of a statement's parameters, four bits each
// (see typeCode), for up to maxPackedParams parameters.
type paramTypes uint64

// maxPackedParams is how many parameter types a paramTypes holds.
const maxPackedParams = 16

// maxCachedSignatures bounds how many parameter type signatures a
// statement remembers; a statement sent with more keeps compiling.
const maxCachedSignatures = 64

// packParamTypes returns the types of params, or false if there are too
// many to pack.
func packParamTypes(params []types.AttributeValue) (paramTypes, bool) {
	if len(params) > maxPackedParams {
		return 0, false
	}
	var packed paramTypes
	for i, v := range params {
		packed |= paramTypes(typeCode(v)) << (4 * i)
	}
	return packed, true
}

// typeCode numbers the ten data types from 1; 0 is no value.
func typeCode(v types.AttributeValue) uint8 {
	switch v.(type) {
	case *types.AttributeValueMemberS:
		return 1
	case *types.AttributeValueMemberN:
		return 2
	case *types.AttributeValueMemberB:
		return 3
	case *types.AttributeValueMemberSS:
		return 4
	case *types.AttributeValueMemberNS:
		return 5
	case *types.AttributeValueMemberBS:
		return 6
	case *types.AttributeValueMemberM:
		return 7
	case *types.AttributeValueMemberL:
		return 8
	case *types.AttributeValueMemberNULL:
		return 9
	case *types.AttributeValueMemberBOOL:
		return 10
	}
	return 0
}

// compileCache remembers the parameter types with which a statement's
// expressions compiled when it was bound: a SELECT's projection and WHERE
// clause (see binder.compileWhere), the condition of an UPDATE, DELETE or
// EXISTS and an UPDATE's actions. A statement sent again with parameters of
// the same types skips those compiles, which depend on the parameters'
// types only, except where a parameter is a bound of BETWEEN (the bounds
// are compared) or the type name of attribute_type: such a statement is
// never cached. The reads and writes the statement becomes compile their
// own expressions.
type compileCache struct {
	once    sync.Once
	byValue bool // the compiles depend on parameter values

	mu       sync.RWMutex
	compiled map[paramTypes]struct{}
}

// compileOnce runs compile, which compiles the statement's expressions,
// unless they compiled before with parameters of the types of b's.
func (b *binder) compileOnce(compile func() error) error {
	if b.compiledBefore() {
		return nil
	}
	if err := compile(); err != nil {
		return err
	}
	b.rememberCompiled()
	return nil
}

// compiledBefore reports whether the statement's expressions compiled
// before with parameters of the types of b's.
func (b *binder) compiledBefore() bool {
	signature, packed := packParamTypes(b.params)
	if !packed {
		return false
	}
	c := &b.s.compiled
	c.once.Do(func() { c.byValue = b.s.valueChecked() })
	if c.byValue {
		return false
	}
	c.mu.RLock()
	_, ok := c.compiled[signature]
	c.mu.RUnlock()
	return ok
}

// rememberCompiled records that the statement's expressions compiled with
// parameters of the types of b's.
func (b *binder) rememberCompiled() {
	signature, packed := packParamTypes(b.params)
	if !packed {
		return
	}
	c := &b.s.compiled
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.compiled == nil {
		c.compiled = make(map[paramTypes]struct{})
	}
	if len(c.compiled) < maxCachedSignatures {
		c.compiled[signature] = struct{}{}
	}
}

// valueChecked reports whether compiling the statement's expressions looks
// at the value of a parameter and not only at its type: a parameter in a
// BETWEEN or in a call of attribute_type.
func (s *Statement) valueChecked() bool {
	if valueChecked(s.where) {
		return true
	}
	for _, a := range s.actions {
		if a.value != nil && valueChecked(a.value) {
			return true
		}
	}
	return false
}

// valueChecked reports whether expression n holds a parameter in a BETWEEN
// or in a call of attribute_type.
func valueChecked(n *node) bool {
	if n == nil {
		return false
	}
	if (n.kind == nBetween || n.kind == nCall && n.op == "attribute_type") && anyParam(n.args, func(int) bool { return true }) {
		return true
	}
	for _, a := range n.args {
		if valueChecked(a) {
			return true
		}
	}
	return false
}
