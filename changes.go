package ddb

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"maps"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	streamtypes "github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"

	"github.com/ddbkit/ddb/internal/dynamo"
)

// StreamsAPI is the DynamoDB Streams API that Changes reads with. Its
// methods have exactly the signatures of aws-sdk-go-v2's
// *dynamodbstreams.Client, which satisfies it; so does the embedded engine.
type StreamsAPI = dynamo.StreamsAPI

// WithStreams sets the Streams client Changes reads with, for a DB made with
// New from a DynamoDB client (Open builds one from the same configuration,
// and the embedded engine serves the Streams API itself).
func WithStreams(client StreamsAPI) Option {
	return func(db *DB) { db.streams = client }
}

// Streams returns the Streams client the DB reads changes with (see
// WithStreams), or nil when it has none, for calls the library does not
// wrap.
func (db *DB) Streams() StreamsAPI { return db.streams }

// ErrNoStreams reports that the DB has no Streams client (see WithStreams),
// or, for OnChange, a backend that cannot run code in-process.
var ErrNoStreams = errors.New("ddb: no DynamoDB Streams client for this DB")

// ErrNoStream reports a table without a stream enabled (see WithStream),
// or a stream Changes has read to its end after it was disabled or its
// table deleted.
var ErrNoStream = errors.New("ddb: the table has no stream")

// ChangeKind is what a change did to an item.
type ChangeKind string

// The kinds of change, DynamoDB Streams' eventName.
const (
	Inserted ChangeKind = "INSERT" // the item was created
	Modified ChangeKind = "MODIFY" // the item was replaced or updated
	Removed  ChangeKind = "REMOVE" // the item was deleted
)

// Change is one change of an item of a Table[T], read from the table's
// stream.
type Change[T any] struct {
	Kind ChangeKind
	// Keys holds the item's primary key attributes.
	Keys Item
	// Old and New are the item before and after the change, when the
	// stream's view type carries them (OLD_IMAGE, NEW_IMAGE or
	// NEW_AND_OLD_IMAGES) and the item existed then.
	Old, New *T
	// Sequence is the change's sequence number in its shard: numeric text,
	// increasing in commit order.
	Sequence string
	// Time is when the change was made (DynamoDB's
	// ApproximateCreationDateTime).
	Time time.Time
	// Expired is true for a deletion time to live made.
	Expired bool
	// Err is non-nil when Old or New failed to decode into T: that image
	// is nil (an image that decoded is still set) and Err, matching
	// *DecodeError with errors.As, says which image failed and why.
	// Changes yields the same error with the change.
	Err error
	// Position is where to resume to read the changes after this one:
	// store it (it marshals to text) and pass it to Changes later.
	Position Position
}

// Position is a place in a table's stream that Changes reads from; Changes
// refuses one of another table's stream. The zero
// Position is the oldest change the stream still holds (changes are kept
// for 24 hours); Latest is after the newest change; the Position of a
// Change is just after it. A Position marshals to and from JSON text, for
// the caller to store as a checkpoint.
type Position struct {
	// Stream is the ARN of the stream; empty for the table's current one.
	Stream string `json:"stream,omitempty"`
	// Shards holds, for each shard read, the sequence number of the last
	// change read from it.
	Shards map[string]string `json:"shards,omitempty"`
	// Latest starts after the newest change when no shard was read yet.
	Latest bool `json:"latest,omitempty"`
}

// Latest is the Position after the newest change of a stream.
var Latest = Position{Latest: true}

// MarshalText encodes p as JSON text.
func (p Position) MarshalText() ([]byte, error) {
	type plain Position
	return json.Marshal(plain(p))
}

// UnmarshalText decodes a Position MarshalText encoded.
func (p *Position) UnmarshalText(b []byte) error {
	type plain Position
	var q plain
	if err := json.Unmarshal(b, &q); err != nil {
		return fmt.Errorf("ddb: bad stream position: %w", err)
	}
	*p = Position(q)
	return nil
}

// ChangesOption configures Changes.
type ChangesOption func(*changesParams)

type changesParams struct {
	untilCaughtUp bool
	poll          time.Duration
	limit         int32
}

// UntilCaughtUp makes Changes stop once it has read every change committed
// before the read of each shard, instead of waiting for more.
func UntilCaughtUp() ChangesOption {
	return func(p *changesParams) { p.untilCaughtUp = true }
}

// PollInterval sets how long Changes waits before it reads shards again
// when it has read every change (default one second; DynamoDB allows each
// shard about five reads a second).
func PollInterval(d time.Duration) ChangesOption {
	return func(p *changesParams) { p.poll = d }
}

// Changes reads the changes of the table's items from its stream, from
// position from on, as an iterator of typed changes. It reads every shard,
// a shard's parent before the shard, so that the changes of each item come
// in the order they were made; shards of different items may interleave.
// It waits for new changes until ctx ends (yielding ctx's error) or, with
// UntilCaughtUp, until it has read every change. When the stream is
// disabled or its table deleted, it reads the stream to its end and then
// stops: with UntilCaughtUp without error, else yielding an error that
// matches ErrNoStream. A change whose Old or New image fails to decode
// into T is yielded with its error (a *DecodeError, also the change's
// Err): that image is nil, but the other image, if it decoded, and its
// Kind, Keys, Sequence, Time and Position are set, and the iteration goes
// on after it. Any other error ends the iteration. Stopping the loop early is fine: resume later from
// the Position of the last change handled.
//
// It works with every backend that serves DynamoDB Streams: AWS, DynamoDB
// Local and ddb serve (for a DB from Open, or from New with WithStreams),
// and the embedded engine.
func (t *Table[T]) Changes(ctx context.Context, from Position, opts ...ChangesOption) iter.Seq2[Change[T], error] {
	p := changesParams{poll: time.Second}
	for _, o := range opts {
		o(&p)
	}
	return func(yield func(Change[T], error) bool) {
		r := &changeReader[T]{t: t, op: "Changes", p: p, pos: from}
		if err := r.run(ctx, yield); err != nil {
			var zero Change[T]
			yield(zero, err)
		}
	}
}

// changeReader is the state of one Changes iteration.
type changeReader[T any] struct {
	t *Table[T]
	// op names the reader's operation in its errors: Changes or OnChange.
	op  string
	p   changesParams
	pos Position
	// done holds the shards read to their end; iterators the iterator to
	// continue each open shard with.
	done      map[string]bool
	iterators map[string]*string
	stopped   bool
}

// run reads until the caller stops, ctx ends, or (UntilCaughtUp) every
// shard is read to its current end.
func (r *changeReader[T]) run(ctx context.Context, yield func(Change[T], error) bool) error {
	api := r.t.db.streams
	if api == nil {
		return ErrNoStreams
	}
	if r.pos.Stream != "" && streamTable(r.pos.Stream) != tableOf(r.t.schema.name) {
		return r.t.fail("Changes", invalid("Position", "the Position is of stream %q, not of a stream of this table", r.pos.Stream))
	}
	if r.pos.Stream == "" {
		if err := r.latest(ctx); err != nil {
			return err
		}
	}
	r.pos.Shards = maps.Clone(r.pos.Shards)
	if r.pos.Shards == nil {
		r.pos.Shards = map[string]string{}
	}
	r.done, r.iterators = map[string]bool{}, map[string]*string{}
	for {
		shards, status, err := r.describe(ctx, api)
		if err != nil {
			return err
		}
		read, closedAll, err := r.pass(ctx, api, shards, yield)
		if err != nil || r.stopped {
			return err
		}
		if closedAll && status != streamtypes.StreamStatusEnabled && status != streamtypes.StreamStatusEnabling {
			return r.ended()
		}
		if read == 0 {
			if r.p.untilCaughtUp {
				return nil
			}
			if err := sleep(ctx, r.p.poll); err != nil {
				return err
			}
		}
		r.pos.Latest = false
	}
}

// latest points the reader at the table's latest stream: the enabled one,
// or the one last disabled, which DynamoDB keeps readable for 24 hours.
// There is none when the table never had a stream; a disabled stream past
// its 24 hours, which DescribeStream no longer finds, counts as none too.
func (r *changeReader[T]) latest(ctx context.Context) error {
	desc, err := r.t.Describe(ctx)
	if err != nil {
		return err
	}
	if desc.LatestStreamArn == nil {
		return r.t.noStream("Changes")
	}
	r.pos.Stream = *desc.LatestStreamArn
	if desc.StreamSpecification != nil {
		return nil
	}
	_, err = r.t.db.streams.DescribeStream(ctx, &dynamodbstreams.DescribeStreamInput{StreamArn: desc.LatestStreamArn, Limit: aws.Int32(1)})
	if err = wrapError("DescribeStream", r.t.schema.name, err); errors.Is(err, ErrTableNotFound) {
		return r.t.noStream("Changes")
	}
	return err
}

// ended is what run returns once it has read a disabled stream to its
// end: nil with UntilCaughtUp, else an error matching ErrNoStream, since no
// change will come.
func (r *changeReader[T]) ended() error {
	if r.p.untilCaughtUp {
		return nil
	}
	return fmt.Errorf("ddb: Changes %s: stream %s was disabled or its table deleted, and is read to its end: %w", r.t.schema.name, r.pos.Stream, ErrNoStream)
}

// streamTable returns the name of the table of the stream whose ARN is
// arn ("arn:...:table/NAME/stream/LABEL"), or "" when arn is not a stream
// ARN.
func streamTable(arn string) string {
	_, rest, ok := strings.Cut(arn, ":table/")
	if !ok {
		return ""
	}
	name, _, ok := strings.Cut(rest, "/stream/")
	if !ok {
		return ""
	}
	return name
}

// describe lists the stream's shards, every page, and its status.
func (r *changeReader[T]) describe(ctx context.Context, api StreamsAPI) ([]streamtypes.Shard, streamtypes.StreamStatus, error) {
	var shards []streamtypes.Shard
	in := &dynamodbstreams.DescribeStreamInput{StreamArn: aws.String(r.pos.Stream)}
	for {
		out, err := api.DescribeStream(ctx, in)
		if err != nil {
			return nil, "", wrapError("DescribeStream", r.t.schema.name, err)
		}
		shards = append(shards, out.StreamDescription.Shards...)
		if out.StreamDescription.LastEvaluatedShardId == nil {
			// Forget the shards the stream no longer holds.
			live := map[string]bool{}
			for _, sh := range shards {
				live[*sh.ShardId] = true
			}
			maps.DeleteFunc(r.pos.Shards, func(id, _ string) bool { return !live[id] })
			return shards, out.StreamDescription.StreamStatus, nil
		}
		in.ExclusiveStartShardId = out.StreamDescription.LastEvaluatedShardId
	}
}

// pass reads once every shard whose parent has been read to its end (or is
// no longer held). It returns how many changes it read and whether every
// shard is closed and read.
func (r *changeReader[T]) pass(ctx context.Context, api StreamsAPI, shards []streamtypes.Shard, yield func(Change[T], error) bool) (read int, closedAll bool, err error) {
	listed := map[string]bool{}
	for _, sh := range shards {
		listed[*sh.ShardId] = true
	}
	closedAll = true
	for progress := true; progress; {
		progress = false
		for _, sh := range shards {
			id := *sh.ShardId
			if r.done[id] {
				continue
			}
			if parent := aws.ToString(sh.ParentShardId); parent != "" && listed[parent] && !r.done[parent] {
				closedAll = false
				continue
			}
			n, finished, err := r.readShard(ctx, api, id, yield)
			read += n
			if err != nil || r.stopped {
				return read, false, err
			}
			if finished {
				r.done[id], progress = true, true
			} else {
				closedAll = false
			}
		}
	}
	return read, closedAll, nil
}

// readShard reads a shard until it has no more changes for now. finished
// reports a closed shard read to its end.
func (r *changeReader[T]) readShard(ctx context.Context, api StreamsAPI, id string, yield func(Change[T], error) bool) (read int, finished bool, err error) {
	it := r.iterators[id]
	if it == nil {
		in := &dynamodbstreams.GetShardIteratorInput{StreamArn: aws.String(r.pos.Stream), ShardId: aws.String(id), ShardIteratorType: streamtypes.ShardIteratorTypeTrimHorizon}
		switch last, ok := r.pos.Shards[id]; {
		case ok:
			in.ShardIteratorType, in.SequenceNumber = streamtypes.ShardIteratorTypeAfterSequenceNumber, aws.String(last)
		case r.pos.Latest:
			in.ShardIteratorType = streamtypes.ShardIteratorTypeLatest
		}
		out, err := api.GetShardIterator(ctx, in)
		if err != nil {
			return 0, false, wrapError("GetShardIterator", r.t.schema.name, err)
		}
		it = out.ShardIterator
	}
	for it != nil {
		out, err := api.GetRecords(ctx, &dynamodbstreams.GetRecordsInput{ShardIterator: it, Limit: nonZero(r.p.limit)})
		var expired *streamtypes.ExpiredIteratorException
		if errors.As(err, &expired) {
			delete(r.iterators, id) // start again from the position
			return read, false, nil
		}
		if err != nil {
			return read, false, wrapError("GetRecords", r.t.schema.name, err)
		}
		it = out.NextShardIterator
		r.iterators[id] = it
		for _, rec := range out.Records {
			c, ok, err := r.change(id, rec)
			read++
			if (ok || err != nil) && !yield(c, err) {
				r.stopped = true
				return read, false, nil
			}
		}
		if len(out.Records) == 0 {
			break
		}
	}
	return read, it == nil, nil
}

// change decodes a record of shard id, and moves the position past it.
// The change of an item of another entity type (see NewEntity) is skipped:
// ok is false. An image that fails to decode is left nil and its error
// returned with the rest of the change, its Position included.
func (r *changeReader[T]) change(id string, rec streamtypes.Record) (c Change[T], ok bool, err error) {
	sr := rec.Dynamodb
	c = Change[T]{
		Kind:     ChangeKind(rec.EventName),
		Keys:     dynamo.FromStreamItem(sr.Keys),
		Sequence: aws.ToString(sr.SequenceNumber),
		Time:     aws.ToTime(sr.ApproximateCreationDateTime),
		Expired:  rec.UserIdentity != nil && aws.ToString(rec.UserIdentity.Type) == "Service",
	}
	r.pos.Shards[id] = c.Sequence
	ok, err = r.images(&c, sr)
	if ok || err != nil {
		c.Position = Position{Stream: r.pos.Stream, Shards: maps.Clone(r.pos.Shards)}
	}
	return c, ok, err
}

// images decodes the record's images into c.Old and c.New. ok is false
// for an item of another entity type. An image that fails to decode is
// left nil, the other one still decoded; err, also set as c.Err, holds
// the failures.
func (r *changeReader[T]) images(c *Change[T], sr *streamtypes.StreamRecord) (ok bool, err error) {
	if sr.OldImage == nil && sr.NewImage == nil {
		_, err := r.t.schema.admit(c.Keys)
		return err == nil, nil
	}
	var errs []error
	for _, img := range []struct {
		name string
		src  map[string]streamtypes.AttributeValue
		dst  **T
	}{{"Old", sr.OldImage, &c.Old}, {"New", sr.NewImage, &c.New}} {
		if img.src == nil {
			continue
		}
		item, err := r.t.schema.admit(dynamo.FromStreamItem(img.src))
		if err != nil {
			return false, nil
		}
		v := new(T)
		if err := decodeInto(item, v); err != nil {
			errs = append(errs, annotate(img.name+" image", err))
			continue
		}
		*img.dst = v
	}
	if len(errs) > 0 {
		c.Err = r.t.fail(r.op, errors.Join(errs...))
	}
	return true, c.Err
}

// nonZero returns a pointer to n, or nil for 0.
func nonZero(n int32) *int32 {
	if n == 0 {
		return nil
	}
	return &n
}

// sleep waits for d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}

// OnChange registers fn to run in-process for every change committed to
// the table from now on, with the embedded engine (see engine.DB.OnChange
// for when it runs: synchronously, after the write's commit, before the
// write returns; with concurrent writers, call DB.WaitChanges before
// checking what fn did). A change whose Old or New image fails to decode
// into T is handed to fn too, with that image nil and the change's Err
// saying why. It returns the function that removes fn. A table
// without a stream returns an error matching ErrNoStream. Other backends,
// which cannot run fn in-process, return an error matching ErrNoStreams:
// read Changes instead.
func (t *Table[T]) OnChange(fn func(Change[T])) (stop func(), err error) {
	n, ok := t.db.backend.(dynamo.ChangeNotifier)
	if !ok {
		return nil, fmt.Errorf("ddb: OnChange %s: %w", t.schema.name, errNotInProcess{})
	}
	r := &changeReader[T]{t: t, op: "OnChange", pos: Position{Shards: map[string]string{}}}
	stop, err = n.OnChange(t.schema.name, func(rec streamtypes.Record) {
		if c, ok, err := r.change("", rec); ok || err != nil {
			c.Position = Position{}
			fn(c)
		}
	})
	if err = wrapError("OnChange", t.schema.name, err); errors.Is(err, ErrValidation) {
		return nil, t.noStream("OnChange") // the engine's answer for a table without a stream
	}
	return stop, err
}

// noStream returns the error of op on a table without a stream.
func (t *Table[T]) noStream(op string) error {
	return fmt.Errorf("ddb: %s %s: %w", op, t.schema.name, ErrNoStream)
}

// errNotInProcess is OnChange's error on a backend that cannot run
// handlers in-process; it matches ErrNoStreams.
type errNotInProcess struct{}

// Error says what the backend cannot do and what to do instead.
func (errNotInProcess) Error() string {
	return "ddb: only the embedded engine runs change handlers in-process: read Changes instead"
}

// Is reports whether target is ErrNoStreams.
func (errNotInProcess) Is(target error) bool { return target == ErrNoStreams }

// WaitChanges returns once every function registered with Table.OnChange
// has been handed every change committed before the call. A write made by
// a lone writer has been handled when it returns; a test that wrote from
// several goroutines calls WaitChanges before it checks what its handlers
// did. It does nothing on backends without in-process handlers, and must
// not be called from a handler.
func (db *DB) WaitChanges() {
	if n, ok := db.backend.(dynamo.ChangeNotifier); ok {
		n.WaitChanges()
	}
}
