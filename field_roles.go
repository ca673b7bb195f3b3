package ddb

import (
	"fmt"
	"reflect"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// fieldRole is the part the library plays in a field's value, declared by
// a tag option: optimistic locking (version), automatic timestamps
// (created, updated) and time to live (ttl).
type fieldRole uint8

const (
	roleNone    fieldRole = iota
	roleVersion           // an integer the library counts up on every write and checks (version.go)
	roleCreated           // the time the item was first written (timestamps.go)
	roleUpdated           // the time of the item's last write (timestamps.go)
	roleTTL               // the item's expiry time, the table's time-to-live attribute (ttl.go)
)

var roleNames = [...]string{roleNone: "", roleVersion: "version", roleCreated: "created", roleUpdated: "updated", roleTTL: "ttl"}

func (r fieldRole) String() string { return roleNames[r] }

// roleNamed returns the role a tag option declares, roleNone for others.
func roleNamed(opt string) fieldRole {
	for r, name := range roleNames {
		if r != int(roleNone) && name == opt {
			return fieldRole(r)
		}
	}
	return roleNone
}

// applyRole completes the options of a field with a role: a ttl field is
// stored as seconds since the Unix epoch, as DynamoDB's time to live reads
// it, and left out while zero (a zero time would be an expiry long past).
func (o *tagOptions) applyRole() error {
	if o.role != roleTTL {
		return nil
	}
	if o.format.time != timeRFC3339 && o.format.time != timeUnix {
		return fmt.Errorf("tag option ttl stores seconds since the Unix epoch, as time to live needs; drop %s", o.format.time)
	}
	o.format.time = timeUnix
	o.omitEmpty = true
	return nil
}

// checkRoleType reports a field of type t that cannot have role: the
// times (created, updated, ttl) need a time.Time or *time.Time. It runs
// before the tag options are checked, as ttl implies unixtime.
func checkRoleType(t reflect.Type, role fieldRole) error {
	switch role {
	case roleCreated, roleUpdated, roleTTL:
		if t != timeType && !(t.Kind() == reflect.Pointer && t.Elem() == timeType) {
			return fmt.Errorf("tag option %s needs a time.Time or *time.Time field, not %s", role, t)
		}
	}
	return nil
}

// itemRoles are the fields of an item type that have a role, nil where
// none has.
type itemRoles struct {
	version, created, updated, ttl *fieldInfo
}

// any reports whether a field has a role the writes act on (ttl is only
// read).
func (r *itemRoles) any() bool {
	return r.version != nil || r.created != nil || r.updated != nil
}

// rolesOf finds the fields of info with a role and checks them: one field
// per role, of a type that fits it, outside the table's key (checkItemType
// has checked that its name is a document path by itself).
func rolesOf(info *structInfo) (itemRoles, error) {
	var r itemRoles
	for _, f := range info.fields {
		var slot **fieldInfo
		switch f.role {
		case roleNone:
			continue
		case roleVersion:
			slot = &r.version
			if !isInteger(f.typ) {
				return r, &fieldError{f.goName, f.name, fmt.Sprintf("tag option version needs an integer field, not %s", f.typ)}
			}
		case roleCreated, roleUpdated, roleTTL:
			slot = map[fieldRole]**fieldInfo{roleCreated: &r.created, roleUpdated: &r.updated, roleTTL: &r.ttl}[f.role]
			if err := checkRoleType(f.typ, f.role); err != nil {
				return r, &fieldError{f.goName, f.name, err.Error()}
			}
		}
		switch {
		case *slot != nil:
			return r, &fieldError{f.goName, f.name, fmt.Sprintf("second field tagged %s (the first is %s)", f.role, (*slot).goName)}
		case f.hash || f.rangeKey:
			return r, &fieldError{f.goName, f.name, fmt.Sprintf("a key attribute cannot be tagged %s: the library writes it on updates, and keys never change", f.role)}
		}
		*slot = f
	}
	return r, nil
}

// isInteger reports whether t is a signed or unsigned integer type.
func isInteger(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return true
	}
	return false
}

// declareRoles records the roles of s's item type in s, and the ttl field
// as the table's time-to-live attribute (which WithTTL may also name, but
// not differently).
func (s *Schema) declareRoles(label func(attr string) string) error {
	roles, err := rolesOf(s.item)
	if err != nil {
		fe := err.(*fieldError)
		return &SchemaError{Table: s.name, Field: fe.label(), Reason: fe.reason}
	}
	s.roles = roles
	if f := roles.ttl; f != nil {
		if s.cfg.ttl != "" && s.cfg.ttl != f.name {
			return &SchemaError{Table: s.name, Field: label(f.name), Reason: fmt.Sprintf("tagged ttl, but WithTTL names %q", s.cfg.ttl)}
		}
		s.cfg.ttl = f.name
	}
	return nil
}

// declareEntityRoles records the roles of the fields of an entity of the
// table host in s, the entity's schema: versions and timestamps work as
// for a table's items; a ttl field must be the table's time-to-live
// attribute, which the table's declaration enables.
func (s *Schema) declareEntityRoles(host *Schema) error {
	if err := s.declareRoles(strconv.Quote); err != nil {
		return err
	}
	if f := s.roles.ttl; f != nil && host.cfg.ttl != f.name {
		return &SchemaError{Table: s.name, Field: f.goName, Reason: fmt.Sprintf("tagged ttl, but the table declares no time to live on %q (WithTTL(%[1]q))", f.name)}
	}
	return nil
}

// WithClock sets the clock of the timestamps the library writes (fields
// tagged created and updated) and of the expiry times HideExpired compares
// with (default time.Now): tests fix the time with it.
func WithClock(now func() time.Time) Option {
	return func(db *DB) { db.clock = now }
}

// Now returns the time of the DB's clock (WithClock; default time.Now),
// the time the library stamps created and updated fields with and compares
// expiry times with: code that computes an expiry time, or any time it
// compares with those, takes it from here, so that tests that fix the
// clock see consistent times.
func (db *DB) Now() time.Time {
	if db.clock == nil {
		return time.Now()
	}
	return db.clock()
}

// numberValue returns the N attribute value of n.
func numberValue(n int64) types.AttributeValue {
	return &types.AttributeValueMemberN{Value: fmt.Sprint(n)}
}
