package ddb

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// GetOption configures Get.
type GetOption interface{ applyGet(*getParams) }

// PutOption configures Put.
type PutOption interface{ applyPut(*writeParams) }

// UpdateOption configures Update.
type UpdateOption interface{ applyUpdate(*writeParams) }

// DeleteOption configures Delete.
type DeleteOption interface{ applyDelete(*writeParams) }

// applyAll returns the settings opts make, applying each with apply (a
// method expression such as PutOption.applyPut). Without options it
// allocates nothing.
func applyAll[O, P any](opts []O, apply func(O, *P)) P {
	if len(opts) == 0 {
		var zero P
		return zero
	}
	p := new(P)
	for _, opt := range opts {
		apply(opt, p)
	}
	return *p
}

// getParams are the settings of one read by key (Get, BatchGet, GetTx).
type getParams struct {
	consistent  bool
	projection  []string
	capacity    *capacitySink
	reportOther bool  // ReportOtherTypes
	hideExpired *bool // HideExpired or ShowExpired; nil for the table's default
}

// writeParams are the settings of one write.
type writeParams struct {
	cond      Condition
	exists    int // +1: the item must exist; -1: it must not; 0: either
	ret       types.ReturnValue
	dst       any  // receives the returned attributes
	failed    any  // receives the item when the condition fails
	failedSet bool // ReturnOldOnConditionFailure was given (failed may be a nil mistake)
	capacity  *capacitySink
	err       error // a contradiction between options (see check)

	ifVersion     *int64       // IfVersion
	ignoreVersion bool         // IgnoreVersion
	lock          *versionLock // the version check, set by applyRoles
	guard         *Schema      // the entity whose items alone the write may act on (see Schema.typeGuard), set by applyRoles
}

// condition returns the write's condition: the If conditions, the
// existence requirement on the table's hash key, the version check and the
// entity type check.
func (p *writeParams) condition(s *Schema) Condition {
	cond := And(p.cond, p.lock.condition(), p.guard.typeCondition())
	switch p.exists {
	case 1:
		return And(cond, Condition{templateNode{"attribute_exists(%s)", []operand{nameOperand(s.def.HashKey)}}})
	case -1:
		return And(cond, Condition{templateNode{"attribute_not_exists(%s)", []operand{nameOperand(s.def.HashKey)}}})
	}
	return cond
}

// ReadOption is an option every read (Get, Query, Scan, BatchGet) accepts.
type ReadOption interface {
	GetOption
	QueryOption
	ScanOption
	BatchGetOption
}

type consistentOption struct{}

func (consistentOption) applyGet(p *getParams)      { p.consistent = true }
func (consistentOption) applyBatchGet(p *getParams) { p.consistent = true }
func (consistentOption) applyQuery(p *searchParams) { p.consistent = true }
func (consistentOption) applyScan(p *searchParams)  { p.consistent = true }

// Consistent makes a read strongly consistent (DynamoDB's ConsistentRead;
// global secondary indexes do not offer it).
func Consistent() ReadOption { return consistentOption{} }

// consistentRead is the ConsistentRead setting of a read: true, or nil for
// DynamoDB's default.
func consistentRead(consistent bool) *bool {
	if !consistent {
		return nil
	}
	return aws.Bool(true)
}

type projectOption []string

func (o projectOption) applyGet(p *getParams)      { p.projection = append(p.projection, o...) }
func (o projectOption) applyBatchGet(p *getParams) { p.projection = append(p.projection, o...) }
func (o projectOption) applyQuery(p *searchParams) { p.projection = append(p.projection, o...) }
func (o projectOption) applyScan(p *searchParams)  { p.projection = append(p.projection, o...) }

// Project reads only the attributes or nested elements at the given document
// paths (see Attr); the rest of the returned item is left zero. A read of
// an entity (see NewEntity) also reads its key attributes and its type
// attribute, and fills in the fields its key templates name from the keys
// (each field a key's text determines), so those fields are set as well.
func Project(paths ...string) ReadOption { return projectOption(paths) }

type ifOption struct{ cond Condition }

func (o ifOption) applyPut(p *writeParams)    { p.cond = And(p.cond, o.cond) }
func (o ifOption) applyUpdate(p *writeParams) { p.cond = And(p.cond, o.cond) }
func (o ifOption) applyDelete(p *writeParams) { p.cond = And(p.cond, o.cond) }

// WriteOption is an option every write (Put, Update, Delete) accepts.
type WriteOption interface {
	PutOption
	UpdateOption
	DeleteOption
}

// If makes a write conditional: it fails with an error matching
// ErrConditionFailed unless cond holds for the item as it is before the
// write. Several If options must all hold.
func If(cond Condition) WriteOption { return ifOption{cond} }

type existsOption int

func (o existsOption) applyPut(p *writeParams)    { p.setExists(o) }
func (o existsOption) applyUpdate(p *writeParams) { p.setExists(o) }
func (o existsOption) applyDelete(p *writeParams) { p.setExists(o) }

// IfExists makes a write fail with ErrConditionFailed when the item does
// not exist (so Update does not create it and Put only replaces).
func IfExists() WriteOption { return existsOption(1) }

// IfNotExists makes a write fail with ErrConditionFailed when the item
// exists (so Put never overwrites and Update only creates).
func IfNotExists() WriteOption { return existsOption(-1) }

type returnOption struct {
	ret types.ReturnValue
	dst any
}

func (o returnOption) applyPut(p *writeParams)    { p.setReturn(o) }
func (o returnOption) applyUpdate(p *writeParams) { p.setReturn(o) }
func (o returnOption) applyDelete(p *writeParams) { p.setReturn(o) }

// ReturnOld decodes the item as it was before the write into dst, a pointer
// as for Unmarshal (*Item receives the raw item). When there was no item,
// dst is left unchanged: pass a pointer to a nil pointer to tell.
func ReturnOld(dst any) WriteOption { return returnOption{types.ReturnValueAllOld, dst} }

type failedOption struct{ dst any }

func (o failedOption) applyPut(p *writeParams)    { p.failed, p.failedSet = o.dst, true }
func (o failedOption) applyUpdate(p *writeParams) { p.failed, p.failedSet = o.dst, true }
func (o failedOption) applyDelete(p *writeParams) { p.failed, p.failedSet = o.dst, true }

// ReturnOldOnConditionFailure decodes into dst, as for ReturnOld, the item
// that made the write's condition fail, saving a read to see why.
func ReturnOldOnConditionFailure(dst any) WriteOption { return failedOption{dst} }

// ReturnNew decodes the item as it is after an update into dst.
func ReturnNew(dst any) UpdateOption { return returnOption{types.ReturnValueAllNew, dst} }

// ReturnUpdatedOld decodes into dst the attributes an update changed, as
// they were before it.
func ReturnUpdatedOld(dst any) UpdateOption {
	return returnOption{types.ReturnValueUpdatedOld, dst}
}

// ReturnUpdatedNew decodes into dst the attributes an update changed, as
// they are after it.
func ReturnUpdatedNew(dst any) UpdateOption {
	return returnOption{types.ReturnValueUpdatedNew, dst}
}
