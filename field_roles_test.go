package ddb

import (
	"errors"
	"testing"
	"time"
)

type (
	versionOfText struct {
		ID string `ddb:"id,hash"`
		V  string `ddb:"v,version"`
	}
	twoVersions struct {
		ID string `ddb:"id,hash"`
		A  int    `ddb:"a,version"`
		B  uint32 `ddb:"b,version"`
	}
	createdOfInt struct {
		ID string `ddb:"id,hash"`
		At int64  `ddb:"at,created"`
	}
	versionedKey struct {
		ID int `ddb:"id,hash,version"`
	}
	dottedRole struct {
		ID string    `ddb:"id,hash"`
		At time.Time `ddb:"meta.at,updated"`
	}
	ttlOfInt struct {
		ID  string `ddb:"id,hash"`
		Exp int64  `ddb:"exp,ttl"`
	}
	expiring struct {
		ID  string     `ddb:"id,hash"`
		Exp *time.Time `ddb:"exp,ttl"`
	}
)

func TestRoleDeclarationErrors(t *testing.T) {
	tests := []struct {
		name    string
		schema  func() (*Schema, error)
		message string
	}{
		{"version of a string", func() (*Schema, error) { return SchemaFor[versionOfText]("t_1") },
			`ddb: table t_1: versionOfText.V ("v"): tag option version needs an integer field, not string`},
		{"two versions", func() (*Schema, error) { return SchemaFor[twoVersions]("t_1") },
			`ddb: table t_1: twoVersions.B ("b"): second field tagged version (the first is twoVersions.A)`},
		{"created of an int", func() (*Schema, error) { return SchemaFor[createdOfInt]("t_1") },
			`ddb: table t_1: createdOfInt.At ("at"): tag option created needs a time.Time or *time.Time field, not int64`},
		{"ttl of an int", func() (*Schema, error) { return SchemaFor[ttlOfInt]("t_1") },
			`ddb: table t_1: ttlOfInt.Exp ("exp"): tag option ttl needs a time.Time or *time.Time field, not int64`},
		{"versioned key", func() (*Schema, error) { return SchemaFor[versionedKey]("t_1") },
			`ddb: table t_1: versionedKey.ID ("id"): a key attribute cannot be tagged version: the library writes it on updates, and keys never change`},
		{"dotted name", func() (*Schema, error) { return SchemaFor[dottedRole]("t_1") },
			`ddb: table t_1: dottedRole.At ("meta.at"): attribute name "meta.at" holds '.', '[' or ']', which document paths (Attr, Project, Set) read as nesting: no expression could name the attribute`},
		{"ttl and WithTTL", func() (*Schema, error) { return SchemaFor[expiring]("t_1", WithTTL("other")) },
			`ddb: table t_1: expiring.Exp ("exp"): tagged ttl, but WithTTL names "other"`},
	}
	for _, tt := range tests {
		s, err := tt.schema()
		var se *SchemaError
		if !errors.As(err, &se) || err.Error() != tt.message {
			t.Errorf("%s: %v, %v\nwant %s", tt.name, s, err, tt.message)
		}
	}
	s, err := SchemaFor[expiring]("t_1")
	if err != nil || s.TTL() != "exp" || s.roles.ttl == nil {
		t.Errorf("a *time.Time tagged ttl: %v, %v", s, err)
	}
}
