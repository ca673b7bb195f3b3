package ddb

import (
	"fmt"
	"strings"
)

// timeFormat is how a time.Time is stored.
type timeFormat uint8

const (
	timeRFC3339     timeFormat = iota // S, RFC 3339 in UTC with nine fraction digits (the default)
	timeUnix                          // N, seconds since the Unix epoch (tag option unixtime)
	timeUnixMilli                     // N, milliseconds since the Unix epoch (tag option unixmilli)
	timeRFC3339Nano                   // S, time.RFC3339Nano in the time's own zone (tag option rfc3339nano)
)

// timeOptions are the tag options that select a time format.
var timeOptions = [...]string{timeUnix: "unixtime", timeUnixMilli: "unixmilli", timeRFC3339Nano: "rfc3339nano"}

// timeOption returns the time format the tag option opt selects, or false
// when it selects none.
func timeOption(opt string) (timeFormat, bool) {
	for tf, name := range timeOptions {
		if name != "" && name == opt {
			return timeFormat(tf), true
		}
	}
	return timeRFC3339, false
}

// String returns the tag option of the format; "" for the default.
func (tf timeFormat) String() string { return timeOptions[tf] }

// text reports whether times in the format are stored as S.
func (tf timeFormat) text() bool { return tf == timeRFC3339 || tf == timeRFC3339Nano }

// format holds the tag options that change how a value is encoded. Together
// with the Go type it selects a codec.
type format struct {
	set  bool       // encode a slice, array or map as SS, NS or BS
	time timeFormat // applies to every time.Time inside the value
}

// indexRole is a field's part in a secondary index, from a tag option
// lsi=NAME, gsi=NAME, gsi=NAME:hash or gsi=NAME:range, or for a global
// index's multi-attribute key gsi=NAME:hashN or gsi=NAME:rangeN, N from 1
// to 4 its place in the partition or sort key (hash is hash1, range is
// range1).
type indexRole struct {
	name     string // index name
	local    bool   // a local secondary index (lsi=)
	rangeKey bool   // the index's sort key; false for its partition key
	place    int    // the attribute's place in its key, from 0
}

// tagOptions is a parsed `ddb:"name,opt,..."` struct tag.
type tagOptions struct {
	name      string // attribute name; "" keeps the Go field name
	skip      bool   // ddb:"-"
	hash      bool   // table partition key
	rangeKey  bool   // table sort key
	omitEmpty bool
	format    format
	indexes   []indexRole
	role      fieldRole // version, created, updated or ttl (see field_roles.go)
}

// parseTag parses the value of a ddb struct tag.
func parseTag(tag string) (tagOptions, error) {
	if tag == "-" {
		return tagOptions{skip: true}, nil
	}
	name, rest, _ := strings.Cut(tag, ",")
	opts := tagOptions{name: name}
	for rest != "" {
		var opt string
		opt, rest, _ = strings.Cut(rest, ",")
		tf, isTime := timeOption(opt)
		switch {
		case opt == "hash":
			opts.hash = true
		case opt == "range":
			opts.rangeKey = true
		case opt == "omitempty":
			opts.omitEmpty = true
		case opt == "set":
			opts.format.set = true
		case isTime:
			if opts.format.time != timeRFC3339 {
				return tagOptions{}, fmt.Errorf("tag options %s and %s exclude each other", opts.format.time, opt)
			}
			opts.format.time = tf
		case roleNamed(opt) != roleNone:
			if opts.role != roleNone {
				return tagOptions{}, fmt.Errorf("tag options %s and %s exclude each other", opts.role, opt)
			}
			opts.role = roleNamed(opt)
		case strings.HasPrefix(opt, "lsi=") || strings.HasPrefix(opt, "gsi="):
			role, err := parseIndexRole(opt)
			if err != nil {
				return tagOptions{}, err
			}
			opts.indexes = append(opts.indexes, role)
		default:
			return tagOptions{}, fmt.Errorf("unknown tag option %q", opt)
		}
	}
	if opts.hash && opts.rangeKey {
		return tagOptions{}, fmt.Errorf("tag options hash and range exclude each other")
	}
	if err := opts.applyRole(); err != nil {
		return tagOptions{}, err
	}
	return opts, nil
}

// parseIndexRole parses lsi=NAME, gsi=NAME, gsi=NAME:hash or gsi=NAME:range,
// and gsi=NAME:hashN or gsi=NAME:rangeN.
func parseIndexRole(opt string) (indexRole, error) {
	kind, spec, _ := strings.Cut(opt, "=")
	name, part, hasPart := strings.Cut(spec, ":")
	role := indexRole{name: name, local: kind == "lsi", rangeKey: kind == "lsi"}
	if name == "" {
		return indexRole{}, fmt.Errorf("tag option %q has no index name", opt)
	}
	if n := len(part); n > 0 && part[n-1] >= '1' && part[n-1] <= '0'+maxKeyAttributes && (part[:n-1] == "hash" || part[:n-1] == "range") {
		if role.local {
			return indexRole{}, fmt.Errorf("tag option %q: only a global secondary index can have a multi-attribute key", opt)
		}
		role.place = int(part[n-1] - '1')
		part = part[:n-1]
	}
	switch {
	case !hasPart:
	case part == "range":
		role.rangeKey = true
	case part == "hash" && !role.local:
		role.rangeKey = false
	case part == "hash":
		return indexRole{}, fmt.Errorf("tag option %q: a local secondary index shares the table's partition key; only its sort key is tagged", opt)
	default:
		return indexRole{}, fmt.Errorf("tag option %q: key part must be hash or range, or hash1 to hash%d or range1 to range%d", opt, maxKeyAttributes, maxKeyAttributes)
	}
	return role, nil
}
