package wire

import (
	"fmt"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/wirejson"
)

// A writer appends a request body. Its methods that take a member name
// write the member only when it is set, by the rules of the SDK's own
// serializers: a nil pointer, slice or map and an empty enum are left out;
// an empty but non-nil slice or map is written.
type writer struct {
	buf []byte
	// first reports that the innermost open object or array has no member
	// or element yet; afterKey that a member name was just written and its
	// value comes next.
	first, afterKey bool
	// err is the first value the body cannot carry: an attribute value
	// with no data type (nil), which the SDK would send as broken JSON.
	err error
}

// reset empties the writer for a new body.
func (w *writer) reset() {
	*w = writer{buf: w.buf[:0], first: true}
}

// sep writes what goes before a value: nothing after a member name, else a
// comma unless the value is the first of its array.
func (w *writer) sep() {
	if w.afterKey {
		w.afterKey = false
		return
	}
	if !w.first {
		w.buf = append(w.buf, ',')
	}
	w.first = false
}

// key writes a member name; its value must follow. Member names are the
// protocol's constant names or map keys.
func (w *writer) key(name string) {
	if !w.first {
		w.buf = append(w.buf, ',')
	}
	w.first = false
	w.buf = wirejson.AppendString(w.buf, name)
	w.buf = append(w.buf, ':')
	w.afterKey = true
}

// open starts an object or array value ('{' or '[').
func (w *writer) open(c byte) {
	w.sep()
	w.buf = append(w.buf, c)
	w.first = true
}

// close ends the innermost object or array ('}' or ']').
func (w *writer) close(c byte) {
	w.buf = append(w.buf, c)
	w.first = false
}

// object starts the object value of member name.
func (w *writer) object(name string) {
	w.key(name)
	w.open('{')
}

// array starts the array value of member name.
func (w *writer) array(name string) {
	w.key(name)
	w.open('[')
}

func (w *writer) stringValue(s string) {
	w.sep()
	w.buf = wirejson.AppendString(w.buf, s)
}

func (w *writer) blobValue(b []byte) {
	w.sep()
	w.buf = wirejson.AppendBlob(w.buf, b)
}

func (w *writer) boolValue(b bool) {
	w.sep()
	w.buf = strconv.AppendBool(w.buf, b)
}

func (w *writer) intValue(n int64) {
	w.sep()
	w.buf = strconv.AppendInt(w.buf, n, 10)
}

// str writes a string member if set.
func (w *writer) str(name string, s *string) {
	if s != nil {
		w.key(name)
		w.stringValue(*s)
	}
}

// enum writes an enum member if set.
func (w *writer) enum(name, s string) {
	if s != "" {
		w.key(name)
		w.stringValue(s)
	}
}

// boolean writes a Boolean member if set.
func (w *writer) boolean(name string, b *bool) {
	if b != nil {
		w.key(name)
		w.boolValue(*b)
	}
}

// int32 writes an Integer member if set.
func (w *writer) int32(name string, n *int32) {
	if n != nil {
		w.key(name)
		w.intValue(int64(*n))
	}
}

// strings writes a list of strings if set.
func (w *writer) strings(name string, l []string) {
	if l != nil {
		w.key(name)
		w.sep()
		w.buf = wirejson.AppendStrings(w.buf, l)
	}
}

// names writes a map of strings (expression attribute names) if set.
func (w *writer) names(name string, m map[string]string) {
	if m == nil {
		return
	}
	w.object(name)
	for k, v := range m {
		w.key(k)
		w.stringValue(v)
	}
	w.close('}')
}

// item writes a map of attribute values (an item, a key, expression
// values) if set.
func (w *writer) item(name string, m map[string]types.AttributeValue) {
	if m == nil {
		return
	}
	w.key(name)
	w.itemValue(name, m)
}

// itemValue writes a map of attribute values held by member name.
func (w *writer) itemValue(name string, m map[string]types.AttributeValue) {
	w.sep()
	var ok bool
	w.buf, ok = wirejson.AppendItem(w.buf, m)
	w.check(name, ok)
}

// attributeValue writes one attribute value if set.
func (w *writer) attributeValue(name string, v types.AttributeValue) {
	if v == nil {
		return
	}
	w.key(name)
	w.sep()
	var ok bool
	w.buf, ok = wirejson.AppendAttributeValue(w.buf, v)
	w.check(name, ok)
}

// attributeValues writes a list of attribute values if set.
func (w *writer) attributeValues(name string, l []types.AttributeValue) {
	if l == nil {
		return
	}
	w.array(name)
	for _, v := range l {
		w.sep()
		var ok bool
		w.buf, ok = wirejson.AppendAttributeValue(w.buf, v)
		w.check(name, ok)
	}
	w.close(']')
}

// items writes a list of maps of attribute values if set.
func (w *writer) items(name string, l []map[string]types.AttributeValue) {
	if l == nil {
		return
	}
	w.array(name)
	for _, m := range l {
		w.itemValue(name, m)
	}
	w.close(']')
}

// check records an error for member name unless ok.
func (w *writer) check(name string, ok bool) {
	if !ok {
		w.fail(fmt.Errorf("%s holds an attribute value with no data type (nil)", name))
	}
}

// fail records err unless an earlier error is already recorded.
func (w *writer) fail(err error) {
	if w.err == nil {
		w.err = err
	}
}
