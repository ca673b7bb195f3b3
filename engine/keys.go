package engine

import (
	"encoding/binary"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/internal/attr"
)

// The store holds two kinds of keys, told apart by their first byte:
//
//	metaPrefix | ...              catalog records and the id sequence
//	dataPrefix | id (4 bytes BE)  the rows of one table or index
//
// Each table and each index owns a keyspace id that is never reused, so the
// rows of a deleted table can never be mistaken for a new table's.
const (
	metaPrefix = 0x00
	dataPrefix = 0x01
)

// catalogKeyPrefix prefixes the catalog record of every table.
var catalogKeyPrefix = []byte{metaPrefix, 'T'}

// nextIDKey holds the next free keyspace id.
var nextIDKey = []byte{metaPrefix, 'N'}

// clockKey holds how far the clock was moved ahead of its source
// (Clock.Advance and Clock.Set), in nanoseconds, big-endian.
var clockKey = []byte{metaPrefix, 'C'}

// catalogKey is the key of the catalog record of the named table.
func catalogKey(name string) []byte {
	return append(append([]byte(nil), catalogKeyPrefix...), name...)
}

// keyspace returns the prefix of every row of keyspace id.
func keyspace(id uint32) []byte {
	return appendKeyspace(nil, id)
}

// appendKeyspace appends the prefix of the rows of keyspace id to dst.
func appendKeyspace(dst []byte, id uint32) []byte {
	return binary.BigEndian.AppendUint32(append(dst, dataPrefix), id)
}

// rowKeyCap is the capacity a row key is built in: room for the keys of
// most items, so that building one allocates once.
const rowKeyCap = 64

// keyspaceEnd returns the first key after keyspace id.
func keyspaceEnd(id uint32) []byte {
	return keyspace(id + 1)
}

// hash32 is the 32-bit FNV-1a hash of an encoded partition key. It places a
// partition in the keyspace, so a parallel scan segment is a hash range.
func hash32(encodedPK []byte) uint32 {
	h := uint32(2166136261)
	for _, c := range encodedPK {
		h ^= uint32(c)
		h *= 16777619
	}
	return h
}

// appendPartition appends hash32(pk) | key(pk) to dst: the prefix shared by
// every row of one partition. The disk store groups rows by their first
// storage.PrefixLen bytes (dataPrefix, keyspace id, hash) for its bloom
// filters, so a Query reads only the tables that hold its partition. A
// multi-attribute partition key is its values in key schema order, hashed
// together; the encodings are self-delimiting, so the concatenation names
// one partition.
func appendPartition(dst []byte, pk ...types.AttributeValue) []byte {
	n := len(dst)
	dst = binary.BigEndian.AppendUint32(dst, 0)
	for _, v := range pk {
		dst = attr.AppendKey(dst, v)
	}
	binary.BigEndian.PutUint32(dst[n:], hash32(dst[n+4:]))
	return dst
}

// partitionPrefix returns the prefix of the rows of keyspace id whose
// partition key is pk (several values for a multi-attribute key).
func partitionPrefix(id uint32, pk ...types.AttributeValue) []byte {
	return appendPartition(appendKeyspace(make([]byte, 0, rowKeyCap), id), pk...)
}

// prefixEnd returns the smallest key greater than every key with the given
// prefix, or nil when there is none.
func prefixEnd(prefix []byte) []byte {
	end := append([]byte(nil), prefix...)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i] != 0xff {
			end[i]++
			return end[:i+1]
		}
	}
	return nil
}
