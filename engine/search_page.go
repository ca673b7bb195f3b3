package engine

import (
	"bytes"
	"math"
	"slices"
	"sync"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/internal/apierr"
	"github.com/ddbkit/ddb/engine/internal/attr"
	"github.com/ddbkit/ddb/engine/internal/expr"
	"github.com/ddbkit/ddb/internal/itemenc"
)

// maxPageBytes is how much item data one Query or Scan page reads at most:
// the page ends with the item that reaches 1 MB.
const maxPageBytes = 1 << 20

// source is what a Query or Scan reads: a table, or one of its indexes.
type source struct {
	t  *table
	ix *index // nil for the table itself
}

// id returns the keyspace of the source's rows.
func (s source) id() uint32 {
	if s.ix != nil {
		return s.ix.id
	}
	return s.t.id
}

// keys returns the source's key schema: its partition key attributes and
// its sort key attributes (several for a multi-attribute key).
func (s source) keys() (hash, rng []keyAttr) {
	if s.ix != nil {
		return s.ix.hash, s.ix.rng
	}
	return s.t.keySchema()
}

// rowKey returns the storage key of item's row in the source.
func (s source) rowKey(item map[string]types.AttributeValue) []byte {
	if s.ix != nil {
		return s.ix.rowKey(s.t, item)
	}
	return s.t.rowKey(item)
}

// startKeyAttrs returns the attributes of an ExclusiveStartKey or
// LastEvaluatedKey of the source: the table key, plus the index key.
func (s source) startKeyAttrs() []keyAttr {
	ks := []keyAttr{s.t.hash}
	if s.t.rng.name != "" {
		ks = append(ks, s.t.rng)
	}
	if s.ix != nil {
		for _, k := range slices.Concat(s.ix.hash, s.ix.rng) {
			if !s.t.isKey(k.name) {
				ks = append(ks, k)
			}
		}
	}
	return ks
}

// lastKey returns the LastEvaluatedKey naming the row whose encoding is
// row.
func (s source) lastKey(row []byte) (map[string]types.AttributeValue, error) {
	ks := s.startKeyAttrs()
	names := make([]string, len(ks))
	for i, a := range ks {
		names[i] = a.name
	}
	return decodeAttributes(row, itemenc.NewNames(names))
}

// Errors of an invalid ExclusiveStartKey.
var (
	errStartKeyInvalid = apierr.Validation("The provided starting key is invalid")
	errStartKeyType    = apierr.Validation("The provided starting key is invalid: The provided key element does not match the schema")
)

// startRow validates an ExclusiveStartKey and returns the storage key of the
// row it names (nil when esk is nil).
func (s source) startRow(esk map[string]types.AttributeValue) ([]byte, error) {
	if esk == nil {
		return nil, nil
	}
	ks := s.startKeyAttrs()
	if len(esk) != len(ks) {
		return nil, errStartKeyType // DynamoDB Local: "Exclusive Start Key must have same size as table's key schema"
	}
	esk, err := attr.NormalizeItem(esk)
	if err != nil {
		return nil, err
	}
	for _, k := range ks {
		v, ok := esk[k.name]
		if !ok {
			return nil, errStartKeyInvalid
		}
		if scalarType(v) != k.typ {
			return nil, errStartKeyType
		}
		if kind := emptyKind(v); kind != "" {
			return nil, s.emptyStartKeyError(kind, k.name)
		}
	}
	return s.rowKey(esk), nil
}

// emptyStartKeyError is the error of an ExclusiveStartKey whose key
// attribute name has an empty (kind "string" or "binary") value: the error
// an item with that key would get, as DynamoDB Local words it. For a
// partition key attribute, of the table or of the index, DynamoDB Local
// starts it with "The query can return at most one row and cannot be
// restarted." (probed on DynamoDB Local 2.9.30, for Query and Scan alike).
func (s source) emptyStartKeyError(kind, name string) error {
	reason := emptyKeyMessage(kind, name)
	if !s.t.isKey(name) {
		reason = emptyIndexKeyMessage(kind, s.ix.name, name)
	}
	msg := "The provided starting key is invalid: " + reason
	if s.isPartitionKey(name) {
		msg = "The query can return at most one row and cannot be restarted. " + msg
	}
	return apierr.Validation(msg)
}

// isPartitionKey reports whether name is a partition key attribute of the
// table or of the source's index.
func (s source) isPartitionKey(name string) bool {
	return name == s.t.hash.name || s.ix != nil && slices.ContainsFunc(s.ix.hash, func(k keyAttr) bool { return k.name == name })
}

// searchPlan is one page read of a Query or Scan: a key range of a source and
// what to do with the rows in it. Its flags sit together, unpadded, which
// keeps it at 120 bytes.
type searchPlan struct {
	src        source
	start, end []byte // the rows in [start, end); end nil for no bound
	limit      int    // rows to read at most; 0 for no limit
	// maxBytes is how much the page reads at most (it ends with the row
	// that reaches it); 0 for maxPageBytes.
	maxBytes   int
	filter     *expr.Condition
	proj       *expr.Projection
	reverse    bool
	count      bool // Select COUNT: return no items
	fetch      bool // read the table item of each index row (LSI only); the filter sees it
	rowOutput  bool // when fetching, return the index row rather than the table item
	consistent bool
	// capacity is the request's ReturnConsumedCapacity: what its output
	// reports of the capacity the page used.
	capacity types.ReturnConsumedCapacity
}

// page is the result of a searchPlan.
type page struct {
	items   [][]byte // encoded; nil for Select COUNT
	count   int32
	scanned int32
	last    map[string]types.AttributeValue // nil when the range was exhausted
	used    usage
	read    int        // bytes of rows read, by DynamoDB's item size
	rows    *rowReader // holds the rows' bytes (see release)
}

// release recycles the memory of the page's rows once its items are no
// longer needed (decoded, say). Without it, they are left to the garbage
// collector, as when they are handed out.
func (pg *page) release() {
	pg.rows.reset()
	rowReaders.Put(pg.rows)
	pg.rows, pg.items = nil, nil
}

// searchPage reads one page of call c: rows in key order until the range
// ends, the limit is reached or 1 MB was read (of rows, and of the table
// items fetched for them), then the items of the page are filtered and
// projected. Rows stay in their storage encoding; only what the filter, the
// projection and the LastEvaluatedKey need is decoded. Only one page of rows
// (and of fetched items) is ever held in memory. It stops, failing, when c's
// context ends.
func (db *DB) searchPage(c call, p *searchPlan) (*page, error) {
	r := rowReaders.Get().(*rowReader)
	r.c, r.limit, r.maxBytes = c, p.limit, p.maxBytes
	if r.maxBytes == 0 {
		r.maxBytes = maxPageBytes
	}
	if p.fetch {
		r.fetch = func(row []byte) ([]byte, error) { return db.fetch(p, row) }
	}
	r.rows = slices.Grow(r.rows, rowsHint(p.limit))
	out := &page{rows: r}
	if err := db.readPage(out, p); err != nil {
		out.release()
		return nil, err
	}
	return out, nil
}

// readPage fills out with the page of p, out.rows ready to read its rows.
func (db *DB) readPage(out *page, p *searchPlan) error {
	r := out.rows
	err := db.store.Scan(p.start, p.end, p.reverse, r.add)
	if r.stop != nil {
		return r.stop
	}
	if err == nil {
		err = r.err
	}
	if err != nil {
		return apierr.Internal("cannot read the items: " + err.Error())
	}
	rows := r.rows
	out.scanned, out.read = int32(len(rows)), r.size+r.fetched
	units := capacityUnits(r.size, p.consistent)
	if p.src.ix != nil {
		out.used.indexes = map[*index]float64{p.src.ix: units}
	} else {
		out.used.table = units
	}
	if p.fetch {
		// Each item fetched from the table is charged on its own, its whole
		// size rounded up to 4 KB (as DynamoDB Local charges).
		out.used.table = float64(r.fetchedUnits)
		if !p.consistent {
			out.used.table /= 2
		}
	}
	if r.stopped {
		if out.last, err = p.src.lastKey(rows[len(rows)-1]); err != nil {
			return err
		}
	}
	filter, proj := newEncodedFilter(p.filter), newEncodedProjection(p.proj)
	// The page's items reuse the rows' slice: item i comes from row i or later.
	items := rows[:0]
	for i, row := range rows {
		item := row
		if p.fetch {
			if item = r.items[i]; item == nil {
				continue // deleted since the index row was read
			}
		}
		if ok, err := filter.holds(item); err != nil {
			return err
		} else if !ok {
			continue
		}
		if p.rowOutput {
			item = row
		}
		out.count++
		if p.count {
			continue
		}
		if item, err = proj.apply(item); err != nil {
			return err
		}
		items = append(items, item)
	}
	if !p.count {
		out.items = items
	}
	return nil
}

// fetch reads the table item of a local index's row, or nil when it was
// deleted since the row was read.
func (db *DB) fetch(p *searchPlan, row []byte) ([]byte, error) {
	t := p.src.t
	names := []string{t.hash.name}
	if t.rng.name != "" {
		names = append(names, t.rng.name)
	}
	key, err := decodeAttributes(row, itemenc.NewNames(names))
	if err != nil {
		return nil, err
	}
	return db.readEncoded(t.rowKey(key))
}

// rowReader collects the rows of one page from a storage scan, in their
// storage encoding, and the table items of a local index's rows when it
// fetches them. Readers are recycled (rowReaders) with the chunks their
// rows were copied into.
type rowReader struct {
	c      call
	rows   [][]byte // slices of chunks, which never move
	chunks [][]byte // chunks[:used] hold rows, the last one is being filled
	used   int
	size   int // of the rows, by DynamoDB's item size
	limit  int
	// maxBytes is the size of rows and fetched items that ends the page.
	maxBytes int
	// fetch, when set, reads the table item of an index row (nil when it
	// is absent); items[i] is then the item of rows[i].
	fetch   func(row []byte) ([]byte, error)
	items   [][]byte
	fetched int // size of the fetched items, by DynamoDB's item size
	// fetchedUnits is the strongly consistent read units of the fetched
	// items, each rounded up to 4 KB.
	fetchedUnits int
	stopped      bool  // by the limit or the page size
	stop         error // returned as is: the call's error, when its context ended, or a fetch's
	err          error
}

// rowReaders recycles row readers: a Query or Scan through the Go API
// decodes its items and releases its page, so that the next one copies
// its rows without allocating.
var rowReaders = sync.Pool{New: func() any { return new(rowReader) }}

// reset empties the reader for another page, keeping its chunks.
func (r *rowReader) reset() {
	for i := range r.chunks[:r.used] {
		r.chunks[i] = r.chunks[i][:0]
	}
	clear(r.rows)
	clear(r.items)
	*r = rowReader{rows: r.rows[:0], chunks: r.chunks, items: r.items[:0]}
}

// Chunks of rows double from minChunk to maxChunk bytes: a page of a few
// rows takes one small allocation, a 1 MB page a few large ones, and no
// row is ever copied twice.
const (
	minChunk = 8 << 10
	maxChunk = 256 << 10
)

// add keeps one row, and its table item when fetching; it stops the scan
// at the limit, once the page read its maxBytes, or when the call's context ends.
func (r *rowReader) add(_, v []byte) bool {
	if n := len(r.rows); n%checkEvery == checkEvery-1 {
		if r.stop = r.c.check(); r.stop != nil {
			return false
		}
	}
	size, err := attr.EncodedItemSize(v)
	if err != nil {
		r.err = err
		return false
	}
	r.rows = append(r.rows, r.copyRow(v))
	r.size += size
	if r.fetch != nil && !r.addItem(v) {
		return false
	}
	r.stopped = len(r.rows) == r.limit || r.size+r.fetched >= r.maxBytes
	return !r.stopped
}

// addItem fetches the table item of index row v and keeps it, counting
// its size; it reports whether that succeeded.
func (r *rowReader) addItem(v []byte) bool {
	item, err := r.fetch(v)
	if err == nil && item != nil {
		var size int
		if size, err = encodedSize(item); err == nil {
			r.fetched += size
			r.fetchedUnits += (size + readUnitSize - 1) / readUnitSize
		}
	}
	if err != nil {
		r.stop = err
		return false
	}
	r.items = append(r.items, item)
	return true
}

// copyRow copies v into the chunk being filled, or the next one with room
// (a chunk kept from an earlier page, or a new one), and returns the copy.
func (r *rowReader) copyRow(v []byte) []byte {
	for r.used == 0 || cap(r.chunks[r.used-1])-len(r.chunks[r.used-1]) < len(v) {
		if r.used < len(r.chunks) && cap(r.chunks[r.used]) >= len(v) {
			r.used++
			continue
		}
		size := minChunk
		if r.used > 0 {
			size = min(2*cap(r.chunks[r.used-1]), maxChunk)
		}
		chunk := make([]byte, 0, max(size, len(v)))
		if r.used < len(r.chunks) {
			r.chunks[r.used] = chunk // in place of one too small
		} else {
			r.chunks = append(r.chunks, chunk)
		}
		r.used++
	}
	chunk := &r.chunks[r.used-1]
	start := len(*chunk)
	*chunk = append(*chunk, v...)
	return (*chunk)[start:len(*chunk):len(*chunk)]
}

// rowsHint is how many rows to make room for before reading a page: the
// limit, within reason.
func rowsHint(limit int) int {
	if limit <= 0 || limit > 256 {
		return 64
	}
	return limit
}

// capacityUnits returns the read units of reading size bytes of rows in one
// Query or Scan: the total rounded up to 4 KB once, none for nothing read.
func capacityUnits(size int, consistent bool) float64 {
	u := math.Ceil(float64(size) / readUnitSize)
	if !consistent {
		u /= 2
	}
	return u
}

// after returns the smallest key greater than k.
func after(k []byte) []byte {
	return append(bytes.Clone(k), 0)
}
