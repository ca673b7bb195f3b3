package itemio

import "io"

// quotedCRLFReader passes CSV text through, doubling the carriage return of
// each "\r\n" inside a quoted field: encoding/csv reads every "\r\n" as
// "\n", even inside quotes, and "\r\r\n" as "\r\n", so the field keeps the
// text it was written with. (Columns in encoding/csv's errors count the
// added bytes.)
type quotedCRLFReader struct {
	r      io.Reader
	in     []byte
	out    []byte // expanded from in, not yet read
	buf    []byte // backs out
	err    error  // of r, once out is read
	quoted bool   // inside a quoted field
	cr     bool   // the last byte was "\r"
}

func newQuotedCRLFReader(r io.Reader) *quotedCRLFReader {
	return &quotedCRLFReader{r: r, in: make([]byte, 32<<10)}
}

func (q *quotedCRLFReader) Read(p []byte) (int, error) {
	for len(q.out) == 0 {
		if q.err != nil {
			return 0, q.err
		}
		n, err := q.r.Read(q.in)
		q.err = err
		q.out = q.expand(q.in[:n])
	}
	n := copy(p, q.out)
	q.out = q.out[n:]
	return n, nil
}

// expand returns in with the "\r" of a quoted "\r\n" doubled.
func (q *quotedCRLFReader) expand(in []byte) []byte {
	out := q.buf[:0]
	for _, b := range in {
		switch {
		case b == '"':
			q.quoted = !q.quoted // a doubled quote toggles twice
		case b == '\n' && q.quoted && q.cr:
			out = append(out, '\r')
		}
		q.cr = b == '\r'
		out = append(out, b)
	}
	q.buf = out
	return out
}
