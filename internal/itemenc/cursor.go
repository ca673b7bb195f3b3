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
	c.d = itemDecoder{s: unsafe.String(unsafe.SliceData(b), len(b)), pos: 1}
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
	switch c.d.readByte() {
	case tagS:
		return KindS, c.d.readString(), 0
	case tagN:
		return KindN, c.d.readString(), 0
	case tagB:
		return KindB, c.d.readString(), 0
	case tagTrue:
		return KindBOOL, "true", 0
	case tagFalse:
		return KindBOOL, "", 0
	case tagNull:
		return KindNULL, "", 0
	case tagL:
		return KindL, "", c.d.count(1)
	case tagM:
		return KindM, "", c.d.count(2)
	case tagSS:
		return KindSS, "", c.d.count(1)
	case tagNS:
		return KindNS, "", c.d.count(1)
	case tagBS:
		return KindBS, "", c.d.count(1)
	}
	c.d.fail()
	return KindInvalid, "", 0
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
	return c.attributeValue(kind, text, n, 0)
}

func (c *Cursor) attributeValue(kind Kind, text string, n, depth int) types.AttributeValue {
	if (kind == KindL || kind == KindM) && depth >= MaxDepth {
		c.Fail()
		return nil
	}
	switch kind {
	case KindS:
		return &types.AttributeValueMemberS{Value: text}
	case KindN:
		return &types.AttributeValueMemberN{Value: text}
	case KindB:
		return &types.AttributeValueMemberB{Value: []byte(text)}
	case KindBOOL:
		return &types.AttributeValueMemberBOOL{Value: text != ""}
	case KindNULL:
		return &types.AttributeValueMemberNULL{Value: true}
	case KindL:
		l := make([]types.AttributeValue, n)
		for i := range l {
			k, t, m := c.Value()
			l[i] = c.attributeValue(k, t, m, depth+1)
		}
		return c.valid(&types.AttributeValueMemberL{Value: l})
	case KindM:
		m := make(map[string]types.AttributeValue, n)
		for range n {
			name := c.Name()
			k, t, count := c.Value()
			m[name] = c.attributeValue(k, t, count, depth+1)
		}
		return c.valid(&types.AttributeValueMemberM{Value: m})
	case KindSS:
		return c.valid(&types.AttributeValueMemberSS{Value: c.members(n)})
	case KindNS:
		return c.valid(&types.AttributeValueMemberNS{Value: c.members(n)})
	case KindBS:
		bs := make([][]byte, n)
		for i := range bs {
			bs[i] = []byte(c.Member())
		}
		return c.valid(&types.AttributeValueMemberBS{Value: bs})
	}
	return nil
}

// members reads the n members of a set.
func (c *Cursor) members(n int) []string {
	s := make([]string, n)
	for i := range s {
		s[i] = c.Member()
	}
	return s
}

// valid returns v, or nil when the encoding turned out corrupt while v was
// read.
func (c *Cursor) valid(v types.AttributeValue) types.AttributeValue {
	if c.d.err != nil {
		return nil
	}
	return v
}

// Skip reads the elements or members of the value whose kind and count
// Value has just read, without returning them.
func (c *Cursor) Skip(kind Kind, n int) {
	c.skip(kind, n, 0)
}

func (c *Cursor) skip(kind Kind, n, depth int) {
	switch kind {
	case KindL, KindM:
		if depth >= MaxDepth {
			c.Fail()
			return
		}
		for range n {
			if kind == KindM {
				c.Name()
			}
			k, _, m := c.Value()
			c.skip(k, m, depth+1)
		}
	case KindSS, KindNS, KindBS:
		for range n {
			c.Member()
		}
	}
}
