package ddb

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// ErrVersionConflict reports a write whose version check failed: the item
// changed, appeared or disappeared since it was read (see
// VersionConflictError). Read it again and redo the change.
var ErrVersionConflict = errors.New("ddb: version conflict")

// VersionConflictError reports a write of a versioned item (a field tagged
// version) whose item did not have the version expected: it changed since
// it was read, or it does not exist (which the error does not tell). It
// matches ErrVersionConflict and ErrConditionFailed, and unwraps to the
// service's *Error (for a transaction, with every action's reason).
type VersionConflictError struct {
	Op    string // the operation, e.g. "PutItem" or "TransactWriteItems"
	Table string
	// Action is, in a transaction, the index of the first action whose
	// version check failed; -1 outside transactions.
	Action int
	// Expected is the version the write required; 0 when it required that
	// the item have none (a new item).
	Expected int64
	Err      error
}

// Error names the operation, the table and the version expected.
func (e *VersionConflictError) Error() string {
	where := e.Op + " " + e.Table
	if e.Action >= 0 {
		where = fmt.Sprintf("%s: action %d on %s", e.Op, e.Action, e.Table)
	}
	if e.Expected == 0 {
		return "ddb: " + where + ": version conflict: the item exists, but was expected to be new"
	}
	return fmt.Sprintf("ddb: %s: version conflict: the item does not have version %d (it changed, or does not exist)", where, e.Expected)
}

// Is reports whether target is ErrVersionConflict or ErrConditionFailed.
func (e *VersionConflictError) Is(target error) bool {
	return target == ErrVersionConflict || target == ErrConditionFailed
}

// Unwrap returns the service error.
func (e *VersionConflictError) Unwrap() error { return e.Err }

// versionLock is the version check of one write: the item's version
// attribute must equal expected, or, for expected 0, be absent (a new item,
// or one written before the table had versions).
type versionLock struct {
	attr     string
	expected int64
	// alone says the write has no other condition, so that any failure of
	// its condition is a conflict; otherwise the write asks for the item
	// when its condition fails, to tell.
	alone bool
}

// condition returns the check as a condition; none for a nil lock.
func (l *versionLock) condition() Condition {
	if l == nil {
		return Condition{}
	}
	if l.expected == 0 {
		return Condition{templateNode{"attribute_not_exists(%s)", []operand{nameOperand(l.attr)}}}
	}
	return Condition{templateNode{"%s = %s", []operand{nameOperand(l.attr), valueOperand{numberValue(l.expected), valueSite{}}}}}
}

// holds reports whether old, the item as it was when a condition failed
// (nil when there was none), passes the check.
func (l *versionLock) holds(old Item) bool {
	v, err := versionIn(old, l.attr)
	return err == nil && v == l.expected
}

// conflict turns err, the failure of a write whose condition did not
// hold, into a *VersionConflictError when the version check is what failed;
// old is the item as it was, when the write asked for it. action is the
// index of a transaction's action, -1 otherwise.
func (l *versionLock) conflict(err error, op, table string, action int, old Item) error {
	if l == nil || !l.alone && l.holds(old) {
		return err
	}
	return &VersionConflictError{Op: op, Table: table, Action: action, Expected: l.expected, Err: err}
}

// versionIn returns the version item holds in attr, 0 when none.
func versionIn(item Item, attr string) (int64, error) {
	switch v := item[attr].(type) {
	case nil, *types.AttributeValueMemberNULL:
		return 0, nil
	case *types.AttributeValueMemberN:
		n, err := strconv.ParseInt(v.Value, 10, 64)
		if err != nil || n < 0 {
			return 0, invalid(attr, "version attribute %s holds %s, not a version", attr, v.Value)
		}
		return n, nil
	}
	return 0, invalid(attr, "version attribute %s is not a number", attr)
}

// versionGiven returns item, a put a batch sent, as it was given: with the
// version one below the next version the batch stored in it (see
// applyRoles), so that writing it again counts the version up once.
func (s *Schema) versionGiven(item Item) (Item, error) {
	f := s.roles.version
	if f == nil {
		return item, nil
	}
	v, err := versionIn(item, f.name)
	if err != nil || v == 0 {
		return item, err
	}
	given := maps.Clone(item)
	given[f.name] = numberValue(v - 1)
	return given, nil
}

type ignoreVersionOption struct{}

func (ignoreVersionOption) applyPut(p *writeParams)    { p.ignoreVersion = true }
func (ignoreVersionOption) applyUpdate(p *writeParams) { p.ignoreVersion = true }
func (ignoreVersionOption) applyDelete(p *writeParams) { p.ignoreVersion = true }

// IgnoreVersion turns the version check off for one write of a versioned
// item: the write succeeds whatever version the stored item has, and still
// counts a version up. An Update adds one to the stored version, so that
// every writer holding an older one fails. A Put cannot read the stored
// version: it stores the item's version plus one, which may be at or below
// the stored one (a Put of a new struct, version 0, stores 1), and then a
// writer holding the stored version does not fail and overwrites it. To
// force a change that others must notice, use Update with IgnoreVersion,
// or read the item and Put it with its version.
func IgnoreVersion() WriteOption { return ignoreVersionOption{} }

type ifVersionOption int64

func (o ifVersionOption) applyPut(p *writeParams) {
	if p.err == nil {
		p.err = invalid("IfVersion", "Put checks the version its item holds; IfVersion is for Update, Delete and Check")
	}
}
func (o ifVersionOption) applyUpdate(p *writeParams) { v := int64(o); p.ifVersion = &v }
func (o ifVersionOption) applyDelete(p *writeParams) { v := int64(o); p.ifVersion = &v }

// IfVersion makes an Update, a Delete or a transaction's Check of a
// versioned item conditional on the item still having version v, the one
// it was read with (0: the item must not exist). When it has another, the
// write fails with a *VersionConflictError. Put needs no option: it checks
// the version its item holds.
func IfVersion(v int64) WriteOption { return ifVersionOption(v) }

// Save writes *item as Put does and, when the write succeeds, stores in
// *item what the library wrote into it: the new version (a field tagged
// version) and the timestamps (created, updated). A versioned item can
// then be changed and saved again without reading it anew. Options: those
// of Put.
func (t *Table[T]) Save(ctx context.Context, item *T, opts ...PutOption) error {
	if item == nil {
		return t.fail("PutItem", invalid("item", "Save needs a non-nil item"))
	}
	written, err := t.put(ctx, item, opts)
	if err != nil {
		return err
	}
	if err := refresh(item, written); err != nil {
		return t.fail("PutItem", err)
	}
	return nil
}

// refresh stores the attributes the library wrote (version, timestamps)
// into dst, the item given to a write: a pointer to a struct, or to an
// Item, which receives them as they are.
func refresh(dst any, written Item) error {
	if len(written) == 0 {
		return nil
	}
	if p, ok := dst.(*Item); ok {
		if *p == nil {
			*p = Item{}
		}
		maps.Copy(*p, written)
		return nil
	}
	return Unmarshal(written, dst)
}
