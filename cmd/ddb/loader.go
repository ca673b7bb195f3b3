package main

import (
	"context"
	"errors"
	"fmt"
	"hash"
	"hash/fnv"
	"maps"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"

	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/cmd/ddb/internal/progress"
	"github.com/ddbkit/ddb/internal/number"
)

// batchSize is DynamoDB's limit of writes in one BatchWriteItem request.
const batchSize = 25

// flushIdle is how long a worker holds a partial batch while no item
// comes (a slow input) before it writes it.
const flushIdle = 100 * time.Millisecond

// row is an item to write and where it came from.
type row struct {
	n    int64 // its position in the input, counted from 1
	item ddb.Item
	key  string // its key, one text per key value
	hash uint64 // of the item (see itemHash), for checkpoints
	size int64  // bytes, for progress
}

// loader writes items to a table with parallel batch writes. Each item
// goes to the worker its key hashes to, so that the writes of one key
// happen in the input's order whatever the parallelism; a worker sends
// batches of up to 25 items with the library's BatchWrite, which retries
// the items DynamoDB leaves unprocessed.
type loader struct {
	table   *ddb.Table[ddb.Item]
	api     ddb.API
	keys    []string
	workers []chan row
	wg      sync.WaitGroup
	ctx     context.Context
	cancel  context.CancelCauseFunc
	written *tracker // may be nil
	bar     *progress.Bar
}

// startLoader starts workers that write to table; written, if not nil,
// learns of every row written, and bar counts them.
func startLoader(ctx context.Context, table *ddb.Table[ddb.Item], api ddb.API, keys []string, workers int, written *tracker, bar *progress.Bar) *loader {
	l := &loader{table: table, api: api, keys: keys, written: written, bar: bar}
	l.ctx, l.cancel = context.WithCancelCause(ctx)
	for range workers {
		ch := make(chan row, 2*batchSize)
		l.workers = append(l.workers, ch)
		l.wg.Go(func() { l.work(ch) })
	}
	return l
}

// put queues a row. It fails once the loader has failed (or ctx ended),
// with the error that stopped it.
func (l *loader) put(r row) error {
	h := fnv.New32a()
	h.Write([]byte(r.key))
	select {
	case l.workers[int(h.Sum32()%uint32(len(l.workers)))] <- r:
		return nil
	case <-l.ctx.Done():
		return context.Cause(l.ctx)
	}
}

// close writes the rows queued and waits for the workers. It returns the
// first error that stopped a worker.
func (l *loader) close() error {
	for _, ch := range l.workers {
		close(ch)
	}
	l.wg.Wait()
	err := context.Cause(l.ctx)
	l.cancel(nil)
	return err
}

// work is a worker: it gathers the rows it receives into batches and
// writes them. Once a write fails it only drains its queue, so that put
// never blocks.
func (l *loader) work(in <-chan row) {
	var batch []row
	idle := time.NewTimer(flushIdle)
	defer idle.Stop()
	flush := func() bool {
		if len(batch) == 0 {
			return true
		}
		err := l.write(batch)
		batch = batch[:0]
		if err != nil {
			l.cancel(err)
			return false
		}
		return true
	}
	defer func() {
		for range in {
		}
	}()
	for {
		select {
		case r, ok := <-in:
			switch {
			case !ok:
				flush()
				return
			case l.ctx.Err() != nil:
				return
			}
			batch = appendRow(batch, r)
			if len(batch) >= batchSize && !flush() {
				return
			}
		case <-idle.C:
			if !flush() {
				return
			}
		}
		idle.Reset(flushIdle)
	}
}

// appendRow adds a row to a batch. A row whose key the batch already
// holds replaces that row's item, as writing both in order would (one
// request may not write a key twice); the batch keeps the replaced row,
// without its item, so that both rows are recorded as written.
func appendRow(batch []row, r row) []row {
	for i := range batch {
		if batch[i].item != nil && batch[i].key == r.key {
			prev := batch[i]
			batch[i] = r
			return append(batch, row{n: prev.n, hash: prev.hash})
		}
	}
	return append(batch, r)
}

// A batch that DynamoDB throttles as a whole (after the client's own
// retries), or whose items it leaves unprocessed after the library's, is
// sent again up to throttleRetries times in a row, after a random pause
// below throttleBase doubled each time and capped at throttleMax: an
// import outlasts a table's throttling instead of giving up in seconds.
// Its puts replace whole items, so sending them again writes the same.
const (
	throttleRetries = 10
	throttleBase    = 100 * time.Millisecond
	throttleMax     = 10 * time.Second
)

// throttleBackoff is the pause before the attempt that follows the given
// number of throttled ones ("full jitter").
func throttleBackoff(throttled int) time.Duration {
	ceiling := min(throttleBase<<throttled, throttleMax)
	return rand.N(ceiling) + 1
}

// pause waits for d, or fails with ctx's cause when ctx ends first.
func pause(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

// write writes a batch and records its rows as written.
func (l *loader) write(batch []row) error {
	items := make([]ddb.Item, 0, len(batch))
	var bytes int64
	for _, r := range batch {
		if r.item != nil {
			items = append(items, r.item)
			bytes += r.size
		}
	}
	for throttled := 0; ; throttled++ {
		err := l.table.BatchWrite().Put(items...).Run(l.ctx)
		if err == nil {
			break
		}
		if !errors.Is(err, ddb.ErrThrottled) && !errors.Is(err, ddb.ErrUnprocessed) || throttled == throttleRetries {
			return l.explain(batch, err)
		}
		if err := pause(l.ctx, throttleBackoff(throttled)); err != nil {
			return callError("write to "+l.table.Name(), err)
		}
	}
	l.written.mark(batch)
	l.bar.Add(int64(len(items)), bytes)
	return nil
}

// explain finds which row of a batch DynamoDB refused, when it refused the
// batch as invalid, by writing its items one at a time; other errors are
// returned as they are.
func (l *loader) explain(batch []row, err error) error {
	var api smithy.APIError
	if !errors.As(err, &api) || api.ErrorCode() != "ValidationException" {
		return callError("write to "+l.table.Name(), err)
	}
	for _, r := range batch {
		if r.item == nil {
			continue
		}
		_, perr := l.api.PutItem(l.ctx, &dynamodb.PutItemInput{TableName: aws.String(l.table.Name()), Item: r.item})
		if perr != nil {
			what := "the item with key " + keyText(r.item, l.keys)
			if r.n > 0 {
				what = fmt.Sprintf("row %d (key %s)", r.n, keyText(r.item, l.keys))
			}
			return callError(what, perr)
		}
	}
	return callError("write to "+l.table.Name(), err)
}

// keyString returns the key of an item as one text per key value: the
// same number written two ways (1, 1.0) gives the same text.
func keyString(item ddb.Item, keys []string) string {
	var b strings.Builder
	for _, name := range keys {
		switch v := item[name].(type) {
		case *types.AttributeValueMemberS:
			b.WriteString("S" + strconv.Itoa(len(v.Value)) + ":" + v.Value)
		case *types.AttributeValueMemberN:
			b.WriteString("N" + canonicalNumber(v.Value) + ";")
		case *types.AttributeValueMemberB:
			b.WriteString("B" + strconv.Itoa(len(v.Value)) + ":" + string(v.Value))
		}
	}
	return b.String()
}

// canonicalNumber returns one text for every writing of a number's value.
func canonicalNumber(s string) string {
	var d number.Decimal
	if number.Parse(s, &d) != nil {
		return s
	}
	return fmt.Sprintf("%t %d %x", d.Neg, d.Adj, d.Digits[:min(d.N, number.MaxDigits)])
}

// tracker follows which rows of an input are written, to know how many
// lead the input with every one written: the position a checkpoint
// records. It keeps a digest of those rows, to tell on resumption whether
// they are still what the input holds.
type tracker struct {
	mu     sync.Mutex
	next   int64            // the first row not known to be written
	done   map[int64]uint64 // rows after next that are written, with their hashes
	digest uint64           // the sum of the hashes of the rows before next
}

// newTracker returns a tracker of an input whose first rows are written
// already, with digest.
func newTracker(rows int64, digest uint64) *tracker {
	return &tracker{next: rows + 1, done: map[int64]uint64{}, digest: digest}
}

// mark records rows as written.
func (t *tracker) mark(rows []row) {
	if t == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, r := range rows {
		t.done[r.n] = r.hash
	}
	for {
		h, ok := t.done[t.next]
		if !ok {
			return
		}
		delete(t.done, t.next)
		t.digest += h
		t.next++
	}
}

// position returns how many rows lead the input with every one written,
// and their digest.
func (t *tracker) position() (rows int64, digest uint64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.next - 1, t.digest
}

// itemHash hashes an item's attributes, names and values, in name order.
func itemHash(item ddb.Item) uint64 {
	h := hasher{h: fnv.New64a()}
	h.item(item)
	return h.h.Sum64()
}

// hasher writes items to a hash, each value with its type and lengths so
// that different items write different bytes.
type hasher struct {
	h   hash.Hash64
	buf []byte
}

// text writes a tagged, length-prefixed text.
func (x *hasher) text(tag, s string) {
	x.buf = append(x.buf[:0], tag...)
	x.buf = strconv.AppendInt(x.buf, int64(len(s)), 10)
	x.buf = append(x.buf, ':')
	x.buf = append(x.buf, s...)
	x.h.Write(x.buf)
}

func (x *hasher) item(item ddb.Item) {
	x.text("M", strconv.Itoa(len(item)))
	for _, name := range slices.Sorted(maps.Keys(item)) {
		x.text("", name)
		x.value(item[name])
	}
}

func (x *hasher) value(v types.AttributeValue) {
	switch v := v.(type) {
	case *types.AttributeValueMemberS:
		x.text("S", v.Value)
	case *types.AttributeValueMemberN:
		x.text("N", v.Value)
	case *types.AttributeValueMemberB:
		x.text("B", string(v.Value))
	case *types.AttributeValueMemberBOOL:
		x.text("BOOL", strconv.FormatBool(v.Value))
	case *types.AttributeValueMemberNULL:
		x.text("NULL", "")
	case *types.AttributeValueMemberSS:
		x.text("SS", strconv.Itoa(len(v.Value)))
		for _, s := range v.Value {
			x.text("", s)
		}
	case *types.AttributeValueMemberNS:
		x.text("NS", strconv.Itoa(len(v.Value)))
		for _, s := range v.Value {
			x.text("", s)
		}
	case *types.AttributeValueMemberBS:
		x.text("BS", strconv.Itoa(len(v.Value)))
		for _, b := range v.Value {
			x.text("", string(b))
		}
	case *types.AttributeValueMemberL:
		x.text("L", strconv.Itoa(len(v.Value)))
		for _, e := range v.Value {
			x.value(e)
		}
	case *types.AttributeValueMemberM:
		x.item(v.Value)
	}
}
