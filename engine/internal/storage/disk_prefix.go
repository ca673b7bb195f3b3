package storage

import (
	"bytes"
	"errors"

	"github.com/cockroachdb/pebble/v2"
	"github.com/cockroachdb/pebble/v2/bloom"
	"github.com/cockroachdb/pebble/v2/sstable"
	"github.com/cockroachdb/pebble/v2/sstable/colblk"
)

// The disk store groups keys by prefix, so that a scan of one group can
// skip the tables that hold none of its keys: a key of at least PrefixLen
// bytes that starts with PrefixMarker belongs to the group named by its
// first PrefixLen bytes; any other key is a group of its own. The engine
// lays out the rows of a partition under one such prefix (engine/keys.go).
const (
	PrefixMarker = 0x01
	PrefixLen    = 9
)

// splitKey returns the length of key's group prefix (Pebble's
// Comparer.Split).
func splitKey(key []byte) int {
	if len(key) >= PrefixLen && key[0] == PrefixMarker {
		return PrefixLen
	}
	return len(key)
}

// prefixSuccessor appends to dst the smallest group prefix greater than the
// prefix p (Pebble's Comparer.ImmediateSuccessor). Keys order bytewise, so
// after a whole-key prefix comes the key with a zero byte appended, which
// is a prefix too; after a PrefixLen prefix, every longer key with its
// bytes is in its group, so the next prefix is p with its last byte that is
// not 0xff incremented and the rest cut.
func prefixSuccessor(dst, p []byte) []byte {
	if len(p) != PrefixLen || p[0] != PrefixMarker {
		return append(append(dst, p...), 0)
	}
	i := PrefixLen - 1
	for p[i] == 0xff { // stops at p[0], PrefixMarker
		i--
	}
	dst = append(dst, p[:i+1]...)
	dst[len(dst)-1]++
	return dst
}

// diskComparer orders keys as bytes.Compare does, as every store's
// directory has always been ordered: its name, which Pebble records in the
// directory and checks at open, stays that of Pebble's default comparer.
// Only Split is new; it decides which prefix the bloom filter of a table
// records and which keys a prefix seek sees, never the order.
var diskComparer = func() *pebble.Comparer {
	c := *pebble.DefaultComparer
	c.Split = splitKey
	c.ImmediateSuccessor = prefixSuccessor
	return &c
}()

// The key schemas of the store's tables (Pebble's columnar format stores a
// key as its prefix and suffix columns, split by the schema's comparer).
// Tables written before the store grouped keys by prefix name the default
// schema, which splits nothing; they are read with it. New tables split
// keys at diskComparer's prefix, under a name of their own.
var (
	wholeKeySchema  = colblk.DefaultKeySchema(pebble.DefaultComparer, 16)
	prefixKeySchema = func() pebble.KeySchema {
		ks := colblk.DefaultKeySchema(diskComparer, 16)
		ks.Name = "ddb.PrefixKeySchema(9,16)"
		return ks
	}()
	diskKeySchemas = sstable.MakeKeySchemas(&wholeKeySchema, &prefixKeySchema)
)

// diskFilter is the Bloom filter every table keeps of its keys' prefixes
// (diskBloomBits each, about 1% false positives).
var diskFilter pebble.FilterPolicy = prefixFilter{bloom.FilterPolicy(diskBloomBits)}

// prefixFilter is Pebble's Bloom filter under a name of its own. A table
// records the name of its filter, and Pebble consults only the filters
// whose name it is configured with; the store's tables written before
// keys were grouped by prefix carry Bloom filters of whole keys under
// Pebble's name, which a prefix must not be looked up in.
type prefixFilter struct{ bloom.FilterPolicy }

func (prefixFilter) Name() string { return "ddb.PrefixBloomFilter" }

// withPrefixes sets o up to read and write the store's tables: its
// comparer, key schemas and a prefix filter in every table of every level.
func withPrefixes(o *pebble.Options) *pebble.Options {
	o.Comparer = diskComparer
	o.KeySchema = prefixKeySchema.Name
	o.KeySchemas = diskKeySchemas
	for i := range o.Levels {
		o.Levels[i].FilterPolicy = diskFilter
		o.Levels[i].FilterType = pebble.TableFilter
	}
	o.Experimental.SpanPolicyFunc = inlineValues
	return o
}

// inlineValues keeps every value beside its key in the table's data
// blocks. Pebble would otherwise move the value of every key but the first
// of a prefix to the table's value blocks, a layout for the older versions
// of a key that readers skip; the rows of a partition are read together,
// and a Query would read both kinds of block.
func inlineValues([]byte) (pebble.SpanPolicy, []byte, error) {
	return pebble.SpanPolicy{DisableValueSeparationBySuffix: true}, nil, nil
}

// samePrefix returns whether every key of [start, end) has the group
// prefix of start, so that a scan may seek by prefix.
func samePrefix(start, end []byte) bool {
	n := splitKey(start)
	return n == PrefixLen && len(end) >= n && bytes.Equal(start[:n], end[:n])
}

// scanDB calls fn for each key of db in [start, end) (forwards, or
// backwards when reverse) until fn returns false, and reports whether fn
// asked for more.
func scanDB(db *pebble.DB, start, end []byte, reverse bool, fn func(key, value []byte) bool) (more bool, err error) {
	// A forward scan of one group's keys seeks by prefix, which skips the
	// tables whose filters say they hold none, in every level (Pebble
	// skips the last level's filters unless told; a group that is not in
	// the last level is then found without reading it). Pebble cannot
	// seek by prefix backwards.
	prefix := !reverse && samePrefix(start, end)
	it, err := db.NewIter(&pebble.IterOptions{LowerBound: start, UpperBound: end, UseL6Filters: prefix})
	if err != nil {
		return false, err
	}
	first, next := it.First, it.Next
	switch {
	case reverse:
		first, next = it.Last, it.Prev
	case prefix:
		first = func() bool { return it.SeekPrefixGE(start) }
	}
	more = true
	for ok := first(); ok; ok = next() {
		if more = fn(it.Key(), it.Value()); !more {
			break
		}
	}
	return more, errors.Join(it.Error(), it.Close())
}
