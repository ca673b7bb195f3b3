package itemenc

import (
	"encoding/binary"
	"errors"
	"slices"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Item encoding: a version byte; the number of S values and of N values in
// the whole item (so that decoding allocates each kind in one block); the
// attribute count; then each attribute as its name and its value. A name or
// string is a uvarint length and the bytes; a value is a tag byte and its
// payload (see the tag constants). Numbers are stored as their canonical
// text, which is what decoding must produce anyway.
const itemVersion = 1

const (
	tagS     = 1 // string
	tagN     = 2 // string
	tagB     = 3 // string
	tagTrue  = 4
	tagFalse = 5
	tagNull  = 6
	tagL     = 7  // count, values
	tagM     = 8  // count, (name, value) pairs
	tagSS    = 9  // count, strings
	tagNS    = 10 // count, strings
	tagBS    = 11 // count, strings
)

// MaxDepth bounds the nesting that readers of the encoding accept, far
// above the 32 levels DynamoDB allows, so that corrupt input cannot
// exhaust the stack.
const MaxDepth = 100

// errCorruptItem reports bytes that AppendItem did not produce.
var errCorruptItem = errors.New("itemenc: corrupt item encoding")

// AppendItem appends the storage encoding of an item to dst. The item's
// values must be valid (as after the engine normalized them); attribute order in the
// encoding follows map iteration, so two encodings of one item may differ.
func AppendItem(dst []byte, item map[string]types.AttributeValue) []byte {
	var c itemCounts
	for k, v := range item {
		c.size += len(k) + binary.MaxVarintLen32
		c.add(v)
	}
	dst = slices.Grow(dst, 1+3*binary.MaxVarintLen32+c.size)
	dst = append(dst, itemVersion)
	dst = binary.AppendUvarint(dst, uint64(c.strings))
	dst = binary.AppendUvarint(dst, uint64(c.numbers))
	dst = binary.AppendUvarint(dst, uint64(len(item)))
	for k, v := range item {
		dst = appendString(dst, k)
		dst = appendValue(dst, v)
	}
	return dst
}

// itemCounts gathers what AppendItem writes in the header, and a bound on the
// encoding's size.
type itemCounts struct {
	strings, numbers, size int
}

func (c *itemCounts) add(v types.AttributeValue) {
	c.size += 1 + binary.MaxVarintLen32
	switch v := v.(type) {
	case *types.AttributeValueMemberS:
		c.strings++
		c.size += len(v.Value)
	case *types.AttributeValueMemberN:
		c.numbers++
		c.size += len(v.Value)
	case *types.AttributeValueMemberB:
		c.size += len(v.Value)
	case *types.AttributeValueMemberL:
		for _, e := range v.Value {
			c.add(e)
		}
	case *types.AttributeValueMemberM:
		for k, e := range v.Value {
			c.size += len(k) + binary.MaxVarintLen32
			c.add(e)
		}
	case *types.AttributeValueMemberSS:
		for _, s := range v.Value {
			c.size += len(s) + binary.MaxVarintLen32
		}
	case *types.AttributeValueMemberNS:
		for _, s := range v.Value {
			c.size += len(s) + binary.MaxVarintLen32
		}
	case *types.AttributeValueMemberBS:
		for _, b := range v.Value {
			c.size += len(b) + binary.MaxVarintLen32
		}
	}
}

func appendString[T string | []byte](dst []byte, s T) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(s)))
	return append(dst, s...)
}

func appendValue(dst []byte, v types.AttributeValue) []byte {
	switch v := v.(type) {
	case *types.AttributeValueMemberS:
		return appendString(append(dst, tagS), v.Value)
	case *types.AttributeValueMemberN:
		return appendString(append(dst, tagN), v.Value)
	case *types.AttributeValueMemberB:
		return appendString(append(dst, tagB), v.Value)
	case *types.AttributeValueMemberBOOL:
		if v.Value {
			return append(dst, tagTrue)
		}
		return append(dst, tagFalse)
	case *types.AttributeValueMemberNULL:
		return append(dst, tagNull)
	case *types.AttributeValueMemberL:
		dst = binary.AppendUvarint(append(dst, tagL), uint64(len(v.Value)))
		for _, e := range v.Value {
			dst = appendValue(dst, e)
		}
		return dst
	case *types.AttributeValueMemberM:
		dst = binary.AppendUvarint(append(dst, tagM), uint64(len(v.Value)))
		for k, e := range v.Value {
			dst = appendValue(appendString(dst, k), e)
		}
		return dst
	case *types.AttributeValueMemberSS:
		return appendStrings(append(dst, tagSS), v.Value)
	case *types.AttributeValueMemberNS:
		return appendStrings(append(dst, tagNS), v.Value)
	case *types.AttributeValueMemberBS:
		return appendStrings(append(dst, tagBS), v.Value)
	}
	panic("itemenc.AppendItem: invalid attribute value")
}

func appendStrings[T string | []byte](dst []byte, members []T) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(members)))
	for _, m := range members {
		dst = appendString(dst, m)
	}
	return dst
}

// DecodeItem decodes an item written by AppendItem. The result does not share
// memory with b. Corrupt input is an error, never a panic.
func DecodeItem(b []byte) (map[string]types.AttributeValue, error) {
	if len(b) == 0 || b[0] != itemVersion {
		return nil, errCorruptItem
	}
	d := itemDecoder{s: string(b), pos: 1}
	nStrings, nNumbers := d.count(2), d.count(2)
	if d.err != nil {
		return nil, d.err
	}
	d.strings = make([]types.AttributeValueMemberS, nStrings)
	d.numbers = make([]types.AttributeValueMemberN, nNumbers)
	item := d.attributes(0)
	if d.err == nil && (d.pos != len(d.s) || len(d.strings) != 0 || len(d.numbers) != 0) {
		d.err = errCorruptItem
	}
	if d.err != nil {
		return nil, d.err
	}
	return item, nil
}

// DecodeAttributes decodes the attributes of an item encoding whose names
// are listed, and skips the others: what evaluating an expression or
// naming a key needs of a stored item, without decoding the rest. Names
// not in the item are absent from the result, which does not share memory
// with b. Corrupt input is an error, never a panic.
func DecodeAttributes(b []byte, names Names) (map[string]types.AttributeValue, error) {
	if len(b) == 0 || b[0] != itemVersion {
		return nil, errCorruptItem
	}
	d := itemDecoder{s: string(b), pos: 1, partial: true}
	d.count(2) // the S and N value counts, for whole items only
	d.count(2)
	n := d.count(2)
	m := make(map[string]types.AttributeValue, min(n, len(names.list)))
	for range n {
		k := d.readString()
		if names.has(k) {
			m[k] = d.value(0)
		} else {
			d.skip(0)
		}
	}
	if d.err == nil && d.pos != len(d.s) {
		d.err = errCorruptItem
	}
	if d.err != nil {
		return nil, d.err
	}
	return m, nil
}

// Names is a set of top-level attribute names for DecodeAttributes. Make
// it once per request with NewNames: for many names it holds a map, as an
// item may have thousands of attributes and a projection name a thousand.
type Names struct {
	list []string
	set  map[string]struct{}
}

// namesScanMax is the most names a Names scans rather than hashes.
const namesScanMax = 16

// NewNames returns the set of names.
func NewNames(names []string) Names {
	n := Names{list: names}
	if len(names) > namesScanMax {
		n.set = make(map[string]struct{}, len(names))
		for _, name := range names {
			n.set[name] = struct{}{}
		}
	}
	return n
}

func (n Names) has(name string) bool {
	if n.set != nil {
		_, ok := n.set[name]
		return ok
	}
	return slices.Contains(n.list, name)
}

// itemDecoder reads an item encoding. Names, strings and numbers are
// substrings of s, a single copy of the input; S and N values come from
// preallocated blocks.
type itemDecoder struct {
	s       string
	pos     int
	err     error
	strings []types.AttributeValueMemberS
	numbers []types.AttributeValueMemberN
	// partial tells that only some attributes or values are decoded (by
	// DecodeAttributes, or a Cursor's AttributeValue): S and N values are
	// allocated one by one, as the blocks are not sized for them.
	partial bool
}

func (d *itemDecoder) fail() {
	if d.err == nil {
		d.err = errCorruptItem
	}
	d.pos = len(d.s)
}

func (d *itemDecoder) uvarint() int {
	var x uint64
	for shift := 0; shift < 35; shift += 7 {
		if d.pos >= len(d.s) {
			break
		}
		c := d.s[d.pos]
		d.pos++
		x |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return int(x)
		}
	}
	d.fail()
	return 0
}

// count reads a count of things that each take at least minBytes of the
// rest of the input.
func (d *itemDecoder) count(minBytes int) int {
	n := d.uvarint()
	if n > (len(d.s)-d.pos)/minBytes {
		d.fail()
		return 0
	}
	return n
}

func (d *itemDecoder) readString() string {
	n := d.uvarint()
	if n > len(d.s)-d.pos {
		d.fail()
		return ""
	}
	s := d.s[d.pos : d.pos+n]
	d.pos += n
	return s
}

func (d *itemDecoder) readByte() byte {
	if d.pos >= len(d.s) {
		d.fail()
		return 0
	}
	c := d.s[d.pos]
	d.pos++
	return c
}

// attributes reads a count and that many (name, value) pairs.
func (d *itemDecoder) attributes(depth int) map[string]types.AttributeValue {
	return d.members(d.count(2), depth)
}

// members reads n (name, value) pairs: an item's attributes or a map's
// members at nesting depth.
func (d *itemDecoder) members(n, depth int) map[string]types.AttributeValue {
	m := make(map[string]types.AttributeValue, n)
	for range n {
		k := d.readString()
		v := d.value(depth)
		if d.err != nil {
			return nil
		}
		m[k] = v
	}
	return m
}

// header reads what a value starts with: its kind and, for S, N and B, its
// text (for BOOL, "true" or ""); for L, M and sets, the count of elements,
// members or set members that follow.
func (d *itemDecoder) header() (kind Kind, text string, n int) {
	switch d.readByte() {
	case tagS:
		return KindS, d.readString(), 0
	case tagN:
		return KindN, d.readString(), 0
	case tagB:
		return KindB, d.readString(), 0
	case tagTrue:
		return KindBOOL, "true", 0
	case tagFalse:
		return KindBOOL, "", 0
	case tagNull:
		return KindNULL, "", 0
	case tagL:
		return KindL, "", d.count(1)
	case tagM:
		return KindM, "", d.count(2)
	case tagSS:
		return KindSS, "", d.count(1)
	case tagNS:
		return KindNS, "", d.count(1)
	case tagBS:
		return KindBS, "", d.count(1)
	}
	d.fail()
	return KindInvalid, "", 0
}

// value reads a value at nesting depth.
func (d *itemDecoder) value(depth int) types.AttributeValue {
	kind, text, n := d.header()
	return d.build(kind, text, n, depth)
}

// build returns the value whose header was read, reading its elements or
// members; nil once the encoding is found corrupt.
func (d *itemDecoder) build(kind Kind, text string, n, depth int) types.AttributeValue {
	if (kind == KindL || kind == KindM) && depth >= MaxDepth {
		d.fail()
		return nil
	}
	var v types.AttributeValue
	switch kind {
	case KindS:
		if s := nextValue(d, &d.strings); s != nil {
			s.Value = text
			v = s
		}
	case KindN:
		if num := nextValue(d, &d.numbers); num != nil {
			num.Value = text
			v = num
		}
	case KindB:
		v = &types.AttributeValueMemberB{Value: []byte(text)}
	case KindBOOL:
		v = &types.AttributeValueMemberBOOL{Value: text != ""}
	case KindNULL:
		v = &types.AttributeValueMemberNULL{Value: true}
	case KindL:
		l := make([]types.AttributeValue, n)
		for i := range l {
			l[i] = d.value(depth + 1)
		}
		v = &types.AttributeValueMemberL{Value: l}
	case KindM:
		v = &types.AttributeValueMemberM{Value: d.members(n, depth+1)}
	case KindSS:
		v = &types.AttributeValueMemberSS{Value: d.readStrings(n)}
	case KindNS:
		v = &types.AttributeValueMemberNS{Value: d.readStrings(n)}
	case KindBS:
		bs := make([][]byte, n)
		for i := range bs {
			bs[i] = []byte(d.readString())
		}
		v = &types.AttributeValueMemberBS{Value: bs}
	}
	if v == nil || d.err != nil {
		d.fail()
		return nil
	}
	return v
}

// nextValue returns the S or N value to decode into: the next one of its
// preallocated block, or a new one when only some attributes are decoded.
// It returns nil when the block is used up: the counts are corrupt.
func nextValue[T any](d *itemDecoder, block *[]T) *T {
	if d.partial {
		return new(T)
	}
	if len(*block) == 0 {
		return nil
	}
	v := &(*block)[0]
	*block = (*block)[1:]
	return v
}

// readStrings reads the n members of a set.
func (d *itemDecoder) readStrings(n int) []string {
	members := make([]string, n)
	for i := range members {
		members[i] = d.readString()
	}
	return members
}

// skip reads a value without building it.
func (d *itemDecoder) skip(depth int) {
	kind, _, n := d.header()
	d.skipRest(kind, n, depth)
}

// skipRest reads the elements or members of a value whose header was read.
func (d *itemDecoder) skipRest(kind Kind, n, depth int) {
	switch kind {
	case KindL, KindM:
		if depth >= MaxDepth {
			d.fail()
			return
		}
		for range n {
			if kind == KindM {
				d.readString()
			}
			d.skip(depth + 1)
		}
	case KindSS, KindNS, KindBS:
		for range n {
			d.readString()
		}
	}
}
