package wire

import (
	"errors"
	"math"
	"math/big"
	"time"

	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/document"
	smithytime "github.com/aws/smithy-go/time"
	"github.com/aws/smithy-go/traits"
)

// A shapeReader reads the JSON of the awsJson1_0 protocol for the SDK's
// generated deserializers (smithy.ShapeDeserializer): the responses of the
// operations without a reader of their own, the members the hand-written
// readers leave to it, and errors. It reads with the reader the
// hand-written operations use; its errors are the reader's sticky error.
type shapeReader struct {
	r      *reader
	frames []frame
	// member, when not empty, makes the first structure read a view of
	// one member whose name has been read already and whose value is at
	// the cursor (see reader.member).
	member string
}

// A frame is one open container.
type frame struct {
	schema *smithy.Schema // of a structure or union
	first  bool           // no element read yet
	view   string         // a one-member view: the member, "" once read
	done   bool           // a view whose member was read, or a null structure
}

var _ smithy.ShapeDeserializer = (*shapeReader)(nil)

func (d *shapeReader) push(f frame) { d.frames = append(d.frames, f) }

func (d *shapeReader) pop() { d.frames = d.frames[:len(d.frames)-1] }

func (d *shapeReader) top() *frame { return &d.frames[len(d.frames)-1] }

func (d *shapeReader) ReadNil(*smithy.Schema) (bool, error) {
	return d.r.Null(), d.r.Err()
}

// The scalar readers; each returns the reader's sticky error.

func (d *shapeReader) ReadInt8(_ *smithy.Schema, v *int8) error {
	return store(d, v, int8(d.r.integer(8)))
}
func (d *shapeReader) ReadInt16(_ *smithy.Schema, v *int16) error {
	return store(d, v, int16(d.r.integer(16)))
}
func (d *shapeReader) ReadInt32(_ *smithy.Schema, v *int32) error {
	return store(d, v, int32(d.r.integer(32)))
}
func (d *shapeReader) ReadInt64(_ *smithy.Schema, v *int64) error {
	return store(d, v, d.r.integer(64))
}
func (d *shapeReader) ReadBool(_ *smithy.Schema, v *bool) error { return store(d, v, d.r.Bool()) }
func (d *shapeReader) ReadString(_ *smithy.Schema, v *string) error {
	return store(d, v, d.r.String())
}
func (d *shapeReader) ReadFloat32(_ *smithy.Schema, v *float32) error {
	return store(d, v, float32(d.r.double()))
}
func (d *shapeReader) ReadFloat64(_ *smithy.Schema, v *float64) error {
	return store(d, v, d.r.double())
}

// store sets *v to x, a value just read, and returns the reader's sticky
// error.
func store[T any](d *shapeReader, v *T, x T) error {
	*v = x
	return d.r.Err()
}

// ReadBlob reads a base64 blob; a null leaves v unchanged.
func (d *shapeReader) ReadBlob(_ *smithy.Schema, v *[]byte) error {
	if !d.r.Null() {
		*v = d.r.Blob()
	}
	return d.r.Err()
}

// ReadTime reads a timestamp in the format its schema names, epoch seconds
// by default.
func (d *shapeReader) ReadTime(schema *smithy.Schema, v *time.Time) error {
	format := "epoch-seconds"
	if t, ok := smithy.SchemaTrait[*traits.TimestampFormat](schema); ok {
		format = t.Format
	}
	var err error
	switch format {
	case "date-time":
		*v, err = smithytime.ParseDateTime(d.r.String())
	case "http-date":
		*v, err = smithytime.ParseHTTPDate(d.r.String())
	default:
		if f := d.r.double(); d.r.Err() == nil {
			if math.IsNaN(f) || math.IsInf(f, 0) {
				err = errors.New("timestamp is not a finite number")
			} else {
				*v = smithytime.ParseEpochSeconds(f)
			}
		}
	}
	if err != nil {
		d.r.Fail(err)
	}
	return d.r.Err()
}

// ReadStruct opens a structure. A null structure reads as one without
// members.
func (d *shapeReader) ReadStruct(schema *smithy.Schema) error {
	if d.member != "" {
		d.push(frame{schema: schema, view: d.member})
		d.member = ""
		return d.r.Err()
	}
	if d.r.Null() {
		d.push(frame{done: true})
		return d.r.Err()
	}
	d.open('{', schema)
	return d.r.Err()
}

// open enters a container that opens with c at the cursor; schema is that of
// a structure or union, nil for a list or map.
func (d *shapeReader) open(c byte, schema *smithy.Schema) {
	d.r.Enter(c)
	d.push(frame{schema: schema, first: true})
}

// ReadStructMember returns the schema of the next member of the structure,
// skipping null members and members the schema does not know, or nil after
// the last one.
func (d *shapeReader) ReadStructMember() (*smithy.Schema, error) {
	f := d.top()
	if f.done {
		d.pop()
		return nil, d.r.Err()
	}
	if f.view != "" {
		m := memberSchema(f.schema, f.view)
		f.view, f.done = "", true
		switch {
		case d.r.Null():
		case m == nil:
			d.r.Skip()
		default:
			return m, d.r.Err()
		}
		d.pop()
		return nil, d.r.Err()
	}
	return d.nextMember(f)
}

// nextMember returns the schema of the next non-null member, one that its
// schema knows, of the structure or union of f, the top frame, skipping the
// others, or nil after the last one.
func (d *shapeReader) nextMember(f *frame) (*smithy.Schema, error) {
	for d.r.More('}', f.first) {
		f.first = false
		m := memberSchema(f.schema, d.r.Key())
		switch {
		case m == nil:
			d.r.Skip()
		case d.r.Null():
		default:
			return m, d.r.Err()
		}
	}
	d.pop()
	return nil, d.r.Err()
}

// memberSchema returns the schema of the member of s named name, or nil.
func memberSchema(s *smithy.Schema, name string) *smithy.Schema {
	if m := s.Member(name); m != nil {
		return m
	}
	return messageMember(s, name)
}

// messageMember returns the schema of the message member of s when s is an
// error and name is its other spelling, or nil: errors spell their message
// member "message" or "Message" whichever way they are modeled, as the SDK
// reads them.
func messageMember(s *smithy.Schema, name string) *smithy.Schema {
	var alt string
	switch name {
	case "message":
		alt = "Message"
	case "Message":
		alt = "message"
	default:
		return nil
	}
	if _, ok := smithy.SchemaTrait[*traits.Error](s); !ok {
		return nil
	}
	return s.Member(alt)
}

// ReadUnion returns the schema of the next non-null member of a union,
// opening it on the first call, or nil after the last one.
func (d *shapeReader) ReadUnion(schema *smithy.Schema) (*smithy.Schema, error) {
	if n := len(d.frames); n == 0 || d.frames[n-1].schema != schema {
		if d.r.Null() {
			return nil, d.r.Err()
		}
		d.open('{', schema)
	}
	return d.nextMember(d.top())
}

func (d *shapeReader) ReadList(*smithy.Schema) error {
	d.open('[', nil)
	return d.r.Err()
}

// ReadListItem reports whether the list has another element.
func (d *shapeReader) ReadListItem(*smithy.Schema) (bool, error) {
	f := d.top()
	if d.r.More(']', f.first) {
		f.first = false
		return true, d.r.Err()
	}
	d.pop()
	return false, d.r.Err()
}

func (d *shapeReader) ReadMap(*smithy.Schema) error {
	d.open('{', nil)
	return d.r.Err()
}

// ReadMapKey returns the next key of the map, whose value follows.
func (d *shapeReader) ReadMapKey(*smithy.Schema) (string, bool, error) {
	f := d.top()
	if d.r.More('}', f.first) {
		f.first = false
		return d.r.Key(), true, d.r.Err()
	}
	d.pop()
	return "", false, d.r.Err()
}

func (d *shapeReader) ReadBigInt(*smithy.Schema, *big.Int) error { return d.unsupported() }

func (d *shapeReader) ReadBigFloat(*smithy.Schema, *big.Float) error { return d.unsupported() }

func (d *shapeReader) ReadDocument(*smithy.Schema, *document.Value) error { return d.unsupported() }

func (d *shapeReader) unsupported() error {
	d.r.Fail(errUnsupportedShape)
	return d.r.Err()
}

// member reads the value at the cursor, of the member name of out (whose
// name the caller has read), with the SDK's generated deserializer for
// out: the hand-written readers leave it the members they do not handle
// themselves, so that every member the SDK decodes is decoded.
func (r *reader) member(out smithy.Deserializable, name string) {
	d := shapeReader{r: r, member: name}
	if err := out.Deserialize(&d); err != nil {
		r.Fail(err)
	}
}

// readShape reads a whole response body into out with the SDK's generated
// deserializer.
func readShape[Out smithy.Deserializable](r *reader, out Out) {
	if err := out.Deserialize(&shapeReader{r: r}); err != nil {
		r.Fail(err)
	}
}
