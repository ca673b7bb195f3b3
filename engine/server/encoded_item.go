package server

import (
	"github.com/ddbkit/ddb/engine/internal/apierr"
	"github.com/ddbkit/ddb/internal/itemenc"
)

// encodedItem appends the JSON of an item in the engine's storage encoding
// (itemenc.AppendItem), byte for byte what item appends for the decoded item
// when its attributes come in the same order. A corrupt encoding is the
// engine's internal error for it, and what was appended is then garbage.
func (e *encoder) encodedItem(b []byte) error {
	var err error
	if e.buf, err = itemenc.AppendItemJSON(e.buf, b); err != nil {
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
