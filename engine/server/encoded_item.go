package server

import (
	"unsafe"

	"github.com/ddbkit/ddb/engine/internal/apierr"
	"github.com/ddbkit/ddb/engine/internal/attr"
)

// encodedItem appends the JSON of an item in the engine's storage encoding
// (attr.AppendItem), byte for byte what item appends for the decoded item
// when its attributes come in the same order. A corrupt encoding is the
// engine's internal error for it, and what was appended is then garbage.
func (e *encoder) encodedItem(b []byte) error {
	var c attr.Cursor
	n := c.Reset(b)
	e.encodedMembers(&c, n, 0)
	if err := c.Done(); err != nil {
		return apierr.Internal("cannot decode the item: " + err.Error())
	}
	return nil
}

// encodedItems appends a list of encoded items (Query and Scan's Items).
func (e *encoder) encodedItems(items [][]byte) error {
	e.buf = append(e.buf, '[')
	for i, item := range items {
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		if err := e.encodedItem(item); err != nil {
			return err
		}
	}
	e.buf = append(e.buf, ']')
	return nil
}

// encodedTables appends lists of encoded items by table name
// (BatchGetItem's Responses).
func (e *encoder) encodedTables(tables map[string][][]byte) error {
	e.buf = append(e.buf, '{')
	first := true
	for name, items := range tables {
		e.key(name, first)
		first = false
		if err := e.encodedItems(items); err != nil {
			return err
		}
	}
	e.buf = append(e.buf, '}')
	return nil
}

// encodedItemResponses appends a list of item responses, each {} for no
// item or {"Item": item} (TransactGetItems' Responses).
func (e *encoder) encodedItemResponses(items [][]byte) error {
	e.buf = append(e.buf, '[')
	for i, item := range items {
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		if item == nil {
			e.buf = append(e.buf, "{}"...)
			continue
		}
		e.buf = append(e.buf, `{"Item":`...)
		if err := e.encodedItem(item); err != nil {
			return err
		}
		e.buf = append(e.buf, '}')
	}
	e.buf = append(e.buf, ']')
	return nil
}

// encodedMembers appends n names and values as a JSON object: an item's
// attributes, or a map's members at nesting depth.
func (e *encoder) encodedMembers(c *attr.Cursor, n, depth int) {
	e.buf = append(e.buf, '{')
	for i := range n {
		e.key(c.Name(), i == 0)
		e.encodedValue(c, depth)
	}
	e.buf = append(e.buf, '}')
}

// encodedValue appends one value as attributeValue does.
func (e *encoder) encodedValue(c *attr.Cursor, depth int) {
	kind, text, n := c.Value()
	if (kind == attr.KindL || kind == attr.KindM) && depth >= attr.MaxNesting {
		c.Fail() // deeper than any item stored
		return
	}
	switch kind {
	case attr.KindS:
		e.buf = append(e.buf, `{"S":`...)
		e.string(text)
	case attr.KindN:
		e.buf = append(e.buf, `{"N":`...)
		e.string(text)
	case attr.KindB:
		e.buf = append(e.buf, `{"B":`...)
		e.blob(bytesOf(text))
	case attr.KindBOOL:
		if text != "" {
			e.buf = append(e.buf, `{"BOOL":true`...)
		} else {
			e.buf = append(e.buf, `{"BOOL":false`...)
		}
	case attr.KindNULL:
		e.buf = append(e.buf, `{"NULL":true`...)
	case attr.KindSS, attr.KindNS:
		if kind == attr.KindSS {
			e.buf = append(e.buf, `{"SS":[`...)
		} else {
			e.buf = append(e.buf, `{"NS":[`...)
		}
		for i := range n {
			if i > 0 {
				e.buf = append(e.buf, ',')
			}
			e.string(c.Member())
		}
		e.buf = append(e.buf, ']')
	case attr.KindBS:
		e.buf = append(e.buf, `{"BS":[`...)
		for i := range n {
			if i > 0 {
				e.buf = append(e.buf, ',')
			}
			e.blob(bytesOf(c.Member()))
		}
		e.buf = append(e.buf, ']')
	case attr.KindL:
		e.buf = append(e.buf, `{"L":[`...)
		for i := range n {
			if i > 0 {
				e.buf = append(e.buf, ',')
			}
			e.encodedValue(c, depth+1)
		}
		e.buf = append(e.buf, ']')
	case attr.KindM:
		e.buf = append(e.buf, `{"M":`...)
		e.encodedMembers(c, n, depth+1)
	default:
		return // corrupt: c reports it
	}
	e.buf = append(e.buf, '}')
}

// bytesOf returns the bytes of s without copying them, for reading only.
func bytesOf(s string) []byte {
	return unsafe.Slice(unsafe.StringData(s), len(s))
}
