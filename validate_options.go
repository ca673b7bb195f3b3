package ddb

import (
	"reflect"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Options are checked before anything is sent: a call whose results could
// not be delivered, or whose options contradict each other, must fail
// before it changes anything.

// checkDestination reports a dst that option (its name, for the message)
// cannot decode an item into: nil, not a pointer, a nil pointer, or a
// pointer to a type the codec cannot decode.
func checkDestination(option string, dst any) error {
	if _, ok := dst.(*Item); ok && dst.(*Item) != nil {
		return nil
	}
	rv := reflect.ValueOf(dst)
	if !rv.IsValid() || rv.Kind() != reflect.Pointer || rv.IsNil() {
		goType := "nil"
		if rv.IsValid() {
			goType = rv.Type().String()
		}
		return invalid(option, "%s needs a non-nil pointer to decode into, got %s", option, goType)
	}
	if err := checkCodable(rv.Type().Elem(), format{}); err != nil {
		return &ValidationError{Field: option, Reason: option + ": cannot decode into " + rv.Type().String() + ": " + err.Error(), Err: err}
	}
	return nil
}

// checkCapacity reports a ConsumedCapacity option without a destination.
func checkCapacity(s *capacitySink) error {
	if s != nil && s.dst == nil {
		return invalid("ConsumedCapacity", "ConsumedCapacity needs a non-nil *Capacity")
	}
	return nil
}

// returnOptionNames names the Return options by the ReturnValues they ask
// for.
var returnOptionNames = map[types.ReturnValue]string{
	types.ReturnValueAllOld:     "ReturnOld",
	types.ReturnValueAllNew:     "ReturnNew",
	types.ReturnValueUpdatedOld: "ReturnUpdatedOld",
	types.ReturnValueUpdatedNew: "ReturnUpdatedNew",
}

// check reports the mistakes in the options of one write.
func (p *writeParams) check() error {
	if p.err != nil {
		return p.err
	}
	if p.ret != "" {
		if err := checkDestination(returnOptionNames[p.ret], p.dst); err != nil {
			return err
		}
	}
	if p.failed != nil || p.failedSet {
		if err := checkDestination("ReturnOldOnConditionFailure", p.failed); err != nil {
			return err
		}
	}
	return checkCapacity(p.capacity)
}

// setReturn records a Return option, rejecting a second one.
func (p *writeParams) setReturn(o returnOption) {
	if p.ret != "" && p.err == nil {
		p.err = invalid(returnOptionNames[o.ret], "%s and %s both ask for the returned item; give one", returnOptionNames[p.ret], returnOptionNames[o.ret])
	}
	p.ret, p.dst = o.ret, o.dst
}

// setExists records IfExists or IfNotExists, rejecting both together.
func (p *writeParams) setExists(o existsOption) {
	if p.exists != 0 && p.exists != int(o) && p.err == nil {
		p.err = invalid("", "IfExists and IfNotExists contradict each other")
	}
	p.exists = int(o)
}

// check reports the mistakes in the options of one read by key.
func (p *getParams) check() error { return checkCapacity(p.capacity) }

// check reports the mistakes in the options of a Query or Scan of s.
func (p *searchParams) check(s *Schema) error {
	if err := p.checkSegments(); err != nil {
		return err
	}
	if p.pageSize < 0 {
		return invalid("PageSize", "PageSize must be positive, got %d", p.pageSize)
	}
	if p.consistent && p.index != "" {
		if ix, ok := s.Index(p.index); ok && !ix.Local {
			return invalid(p.index, "index %s is a global secondary index, which offers no consistent reads; drop Consistent", p.index)
		}
	}
	return checkCapacity(p.capacity)
}
