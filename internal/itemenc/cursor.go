package itemenc

import (
	"unsafe"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Kind is the type of a value read by a Cursor.
type Kind uint8

// The kinds of values of an item encoding. KindInvalid is what a Cursor
// reads once the encoding turned out corrupt.
const (
	KindInvalid Kind = iota
	KindS
	KindN
	KindB
	KindBOOL
	KindNULL
	KindL
	KindM
	KindSS
	KindNS
	KindBS
)

// Cursor reads an item encoding (AppendItem's) one name or value at a time,
// in encoding order, for writers that turn stored items into another format
// (the server's JSON) without building SDK values. The caller walks the
// structure: Reset returns the attribute count, then each attribute is a
// Name and a Value; a list's Value is followed by its elements' Values, a
// map's by a Name and a Value per member, a set's by a Member per member.
//
// Corrupt input never panics: the first inconsistency makes every later
// read return zero values (KindInvalid for Value), and Done reports it. The
// strings a Cursor returns share memory with the encoding, which must not
// change while they are in use.
type Cursor struct {
	d itemDecoder
}

// Reset starts reading the encoding b and returns its attribute count.
func (c *Cursor) Reset(b []byte) int {
	c.d = itemDecoder{s: unsafe.String(unsafe.SliceData(b), len(b)), pos: 1, partial: true}
	if len(b) == 0 || b[0] != itemVersion {
		c.d.fail()
		return 0
	}
	c.d.count(2) // the S and N value counts, which a cursor does not need
	c.d.count(2)
	return c.d.count(2)
}

// Name reads an attribute name or a map member's name.
func (c *Cursor) Name() string {
	return c.d.readString()
}

// Member reads a member of a set: a string, a number's text, or a binary
// value's bytes.
func (c *Cursor) Member() string {
	return c.d.readString()
}

// Value reads the next value. For S and N, text is the string or the
// number's text; for B, the bytes; for BOOL, "true" or "". For L, n is the
// count of elements that follow; for M, of members (name and value); for
// SS, NS and BS, of set members.
func (c *Cursor) Value() (kind Kind, text string, n int) {
	return c.d.header()
}

// Fail marks the encoding corrupt, for a caller that finds it so (nesting
// deeper than any stored item has, say).
func (c *Cursor) Fail() {
	c.d.fail()
}

// Done reports whether the whole encoding was read without finding it
// corrupt.
func (c *Cursor) Done() error {
	if c.d.err == nil && c.d.pos != len(c.d.s) {
		c.d.fail()
	}
	return c.d.err
}

// AttributeValue returns as an SDK attribute value the value whose kind,
// text and count Value has just read, reading its elements or members:
// for a reader that needs one value in that form. Strings share memory
// with the encoding; binaries are copies. It returns nil once the
// encoding is found corrupt.
func (c *Cursor) AttributeValue(kind Kind, text string, n int) types.AttributeValue {
	return c.d.build(kind, text, n, 0)
}

// Skip reads the elements or members of the value whose kind and count
// Value has just read, without returning them.
func (c *Cursor) Skip(kind Kind, n int) {
	c.d.skipRest(kind, n, 0)
}
