package wire

import (
	"errors"
	"math"
	"math/big"
	"time"

	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/document"
	"github.com/aws/smithy-go/encoding"
	smithytime "github.com/aws/smithy-go/time"
	"github.com/aws/smithy-go/traits"
)

// A shapeWriter writes the JSON of the awsJson1_0 protocol for the SDK's
// generated serializers (smithy.ShapeSerializer): the request bodies of the
// operations without a writer of their own, whose inputs (table
// definitions, settings) are many shapes, change with every SDK release and
// are sent rarely. It writes with the writer the hand-written operations
// use.
type shapeWriter struct {
	w *writer
	// objects holds, for each open container, whether it is an object (a
	// structure, map or union), whose values follow member names.
	objects []bool
}

var _ smithy.ShapeSerializer = (*shapeWriter)(nil)

// errUnsupportedShape is the error for a shape DynamoDB's API does not use
// and this writer therefore does not write.
var errUnsupportedShape = errors.New("unsupported shape (big number or document)")

// prefix writes the member name of a value inside a structure; map values
// and union members have their name written already.
func (s *shapeWriter) prefix(schema *smithy.Schema) {
	if s.w.afterKey || schema == nil {
		return
	}
	if n := len(s.objects); n > 0 && s.objects[n-1] {
		s.w.key(schema.MemberName())
	}
}

func (s *shapeWriter) push(c byte, object bool) {
	s.w.open(c)
	s.objects = append(s.objects, object)
}

func (s *shapeWriter) pop(c byte) {
	s.w.close(c)
	s.objects = s.objects[:len(s.objects)-1]
}

// Bytes returns the body written so far.
func (s *shapeWriter) Bytes() []byte { return s.w.buf }

func (s *shapeWriter) WriteInt8(schema *smithy.Schema, v int8)   { s.WriteInt64(schema, int64(v)) }
func (s *shapeWriter) WriteInt16(schema *smithy.Schema, v int16) { s.WriteInt64(schema, int64(v)) }
func (s *shapeWriter) WriteInt32(schema *smithy.Schema, v int32) { s.WriteInt64(schema, int64(v)) }

func (s *shapeWriter) WriteInt64(schema *smithy.Schema, v int64) {
	s.prefix(schema)
	s.w.intValue(v)
}

func (s *shapeWriter) WriteFloat32(schema *smithy.Schema, v float32) {
	s.writeFloat(schema, float64(v), 32)
}

func (s *shapeWriter) WriteFloat64(schema *smithy.Schema, v float64) {
	s.writeFloat(schema, v, 64)
}

// writeFloat writes a number, or NaN and the infinities as the strings the
// protocol spells them with.
func (s *shapeWriter) writeFloat(schema *smithy.Schema, v float64, bits int) {
	s.prefix(schema)
	switch {
	case math.IsNaN(v):
		s.w.stringValue("NaN")
	case math.IsInf(v, 1):
		s.w.stringValue("Infinity")
	case math.IsInf(v, -1):
		s.w.stringValue("-Infinity")
	default:
		s.w.sep()
		s.w.buf = encoding.EncodeFloat(s.w.buf, v, bits)
	}
}

func (s *shapeWriter) WriteBool(schema *smithy.Schema, v bool) {
	s.prefix(schema)
	s.w.boolValue(v)
}

func (s *shapeWriter) WriteString(schema *smithy.Schema, v string) {
	s.prefix(schema)
	s.w.stringValue(v)
}

func (s *shapeWriter) WriteBlob(schema *smithy.Schema, v []byte) {
	if v == nil {
		s.WriteNil(schema)
		return
	}
	s.prefix(schema)
	s.w.blobValue(v)
}

// WriteTime writes a timestamp in the format its schema names, epoch
// seconds by default.
func (s *shapeWriter) WriteTime(schema *smithy.Schema, v time.Time) {
	format := "epoch-seconds"
	if t, ok := smithy.SchemaTrait[*traits.TimestampFormat](schema); ok {
		format = t.Format
	}
	switch format {
	case "date-time":
		s.WriteString(schema, smithytime.FormatDateTime(v))
	case "http-date":
		s.WriteString(schema, smithytime.FormatHTTPDate(v))
	default:
		s.WriteFloat64(schema, smithytime.FormatEpochSeconds(v))
	}
}

func (s *shapeWriter) WriteNil(schema *smithy.Schema) {
	s.prefix(schema)
	s.w.sep()
	s.w.buf = append(s.w.buf, "null"...)
}

func (s *shapeWriter) WriteStruct(schema *smithy.Schema) {
	s.prefix(schema)
	s.push('{', true)
}

func (s *shapeWriter) CloseStruct() { s.pop('}') }

func (s *shapeWriter) WriteList(schema *smithy.Schema) {
	s.prefix(schema)
	s.push('[', false)
}

func (s *shapeWriter) CloseList() { s.pop(']') }

func (s *shapeWriter) WriteMap(schema *smithy.Schema) {
	s.prefix(schema)
	s.push('{', true)
}

// WriteKey writes a map key; the value follows.
func (s *shapeWriter) WriteKey(_ *smithy.Schema, key string) { s.w.key(key) }

func (s *shapeWriter) CloseMap() { s.pop('}') }

// WriteUnion opens a union value, {"<variant>": value}; the variant's value
// follows.
func (s *shapeWriter) WriteUnion(schema, variant *smithy.Schema) {
	s.prefix(schema)
	s.push('{', true)
	s.w.key(variant.MemberName())
}

func (s *shapeWriter) CloseUnion() { s.pop('}') }

func (s *shapeWriter) WriteBigInt(*smithy.Schema, *big.Int)         { s.unsupported() }
func (s *shapeWriter) WriteBigFloat(*smithy.Schema, *big.Float)     { s.unsupported() }
func (s *shapeWriter) WriteDocument(*smithy.Schema, document.Value) { s.unsupported() }
func (s *shapeWriter) unsupported()                                 { s.w.fail(errUnsupportedShape) }

// writeShape writes the members of in with the SDK's generated
// serializer, inside the body's object.
func writeShape[In interface{ SerializeMembers(smithy.ShapeSerializer) }](w *writer, in In) {
	in.SerializeMembers(&shapeWriter{w: w, objects: []bool{true}})
}
