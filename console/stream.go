package console

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"net/http"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	streamtypes "github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"

	"github.com/ddbkit/ddb/internal/dynamo"
	"github.com/ddbkit/ddb/internal/itemio"
)

// streamCursor is where a reader of a table's stream is: the page keeps it
// between polls, so the server keeps no state.
type streamCursor struct {
	Arn string `json:"arn"`
	// Shards are the shards being read, by id.
	Shards map[string]*shardPos `json:"shards"`
	// Done lists the closed shards read to their end: their children may
	// be read.
	Done []string `json:"done"`
}

// shardPos is the position in one shard: the iterator for the next
// records, and what gets a new iterator when the old one expires: the last
// sequence number read, or before any, where reading the shard started (its
// trim horizon if Horizon, else its end as of the first poll).
type shardPos struct {
	Iterator string `json:"it"`
	Seq      string `json:"seq,omitempty"`
	Horizon  bool   `json:"horizon,omitempty"`
}

// pollRequest asks for the records written since the cursor; without one,
// reading starts at the stream's oldest record (From "oldest") or at its
// end ("latest", the default).
type pollRequest struct {
	Cursor *streamCursor `json:"cursor"`
	From   string        `json:"from"`
}

// streamRecord is a record as the page shows it: images in DynamoDB JSON.
type streamRecord struct {
	Event    string          `json:"event"`
	Seq      string          `json:"seq"`
	Shard    string          `json:"shard"`
	Time     *time.Time      `json:"time,omitempty"`
	Keys     json.RawMessage `json:"keys"`
	NewImage json.RawMessage `json:"newImage,omitempty"`
	OldImage json.RawMessage `json:"oldImage,omitempty"`
}

// pollAnswer is the answer to a poll.
type pollAnswer struct {
	Enabled  bool           `json:"enabled"`
	Message  string         `json:"message,omitempty"` // why there is nothing to read
	ViewType string         `json:"viewType,omitempty"`
	Records  []streamRecord `json:"records"`
	Cursor   *streamCursor  `json:"cursor,omitempty"`
	// Note tells of records lost between two polls: retention trimmed
	// them before they were read.
	Note string `json:"note,omitempty"`
}

// trimmedNote is the Note of a poll that found records trimmed.
const trimmedNote = "records older than 24 hours were trimmed while the view was paused: some may be missing"

// recordsPerCall is the Limit of each GetRecords call.
const recordsPerCall = 1000

// pollStream answers the records of a table's stream since the request's
// cursor, reading every shard once, and the cursor to poll with next.
// Shards are followed through their lineage: a child shard is read from its
// start once its parent has been read to its end.
func (h *Handler) pollStream(w http.ResponseWriter, r *http.Request) error {
	var req pollRequest
	if err := readJSON(r, &req); err != nil {
		return err
	}
	ans := pollAnswer{Records: []streamRecord{}}
	if h.streams == nil {
		ans.Message = "this backend serves no DynamoDB Streams API"
		writeJSON(w, http.StatusOK, ans)
		return nil
	}
	ctx := r.Context()
	desc, err := h.describe(ctx, r.PathValue("table"))
	if err != nil {
		return err
	}
	spec := desc.Table.StreamSpecification
	if spec == nil || spec.StreamEnabled == nil || !*spec.StreamEnabled || desc.Table.LatestStreamArn == nil {
		ans.Message = "the table's stream is off"
		writeJSON(w, http.StatusOK, ans)
		return nil
	}
	ans.Enabled, ans.ViewType = true, string(spec.StreamViewType)
	c := req.Cursor
	first := c == nil || c.Arn != *desc.Table.LatestStreamArn
	if first {
		c = &streamCursor{Arn: *desc.Table.LatestStreamArn}
	}
	if c.Shards == nil {
		c.Shards = map[string]*shardPos{}
	}
	shards, err := h.shards(ctx, c.Arn)
	if err != nil {
		return err
	}
	lost, err := h.startShards(ctx, c, shards, first && req.From != "oldest")
	if err != nil {
		return err
	}
	if lost {
		ans.Note = trimmedNote
	}
	for _, id := range slices.Sorted(maps.Keys(c.Shards)) {
		recs, trimmed, err := h.readShard(ctx, c, id)
		if err != nil {
			return err
		}
		if trimmed {
			ans.Note = trimmedNote
		}
		ans.Records = append(ans.Records, recs...)
	}
	ans.Cursor = c
	writeJSON(w, http.StatusOK, ans)
	return nil
}

// shards returns every shard of a stream.
func (h *Handler) shards(ctx context.Context, arn string) ([]streamtypes.Shard, error) {
	var shards []streamtypes.Shard
	in := &dynamodbstreams.DescribeStreamInput{StreamArn: &arn}
	for {
		out, err := h.streams.DescribeStream(ctx, in)
		if err != nil {
			return nil, err
		}
		shards = append(shards, out.StreamDescription.Shards...)
		if out.StreamDescription.LastEvaluatedShardId == nil {
			return shards, nil
		}
		in.ExclusiveStartShardId = out.StreamDescription.LastEvaluatedShardId
	}
}

// startShards starts reading the shards that can be: at the stream's end
// for a first poll from the latest records (closed shards are then done
// already), else from the start of every shard whose parent is read to its
// end or gone. Shards no longer in the stream are forgotten: lost reports
// one that was being read, which retention removed before it was read to
// its end.
func (h *Handler) startShards(ctx context.Context, c *streamCursor, shards []streamtypes.Shard, latest bool) (lost bool, err error) {
	present := map[string]bool{}
	for _, s := range shards {
		present[*s.ShardId] = true
	}
	c.Done = slices.DeleteFunc(c.Done, func(id string) bool { return !present[id] })
	for id := range c.Shards {
		if !present[id] {
			delete(c.Shards, id)
			lost = true
		}
	}
	for _, s := range shards {
		id := *s.ShardId
		if c.Shards[id] != nil || slices.Contains(c.Done, id) {
			continue
		}
		closed := s.SequenceNumberRange != nil && s.SequenceNumberRange.EndingSequenceNumber != nil
		var typ streamtypes.ShardIteratorType
		switch {
		case latest && closed:
			c.Done = append(c.Done, id)
			continue
		case latest:
			typ = streamtypes.ShardIteratorTypeLatest
		case s.ParentShardId == nil || !present[*s.ParentShardId] || slices.Contains(c.Done, *s.ParentShardId):
			typ = streamtypes.ShardIteratorTypeTrimHorizon
		default:
			continue // its parent is still being read
		}
		it, err := h.iterator(ctx, c.Arn, id, typ, "")
		if err != nil {
			return lost, err
		}
		c.Shards[id] = &shardPos{Iterator: it, Horizon: typ == streamtypes.ShardIteratorTypeTrimHorizon}
	}
	return lost, nil
}

// iterator returns a shard iterator.
func (h *Handler) iterator(ctx context.Context, arn, shard string, typ streamtypes.ShardIteratorType, seq string) (string, error) {
	in := &dynamodbstreams.GetShardIteratorInput{StreamArn: &arn, ShardId: &shard, ShardIteratorType: typ}
	if seq != "" {
		in.SequenceNumber = &seq
	}
	out, err := h.streams.GetShardIterator(ctx, in)
	if err != nil {
		return "", err
	}
	if out.ShardIterator == nil {
		return "", errors.New("GetShardIterator returned no iterator")
	}
	return *out.ShardIterator, nil
}

// readShard reads the records of a shard available now with one GetRecords
// call, moving the shard to Done when it is closed and read to its end. An
// expired iterator is renewed after the last record read, or where reading
// the shard started if none was. A position retention has trimmed moves to
// the shard's trim horizon: trimmed reports records lost.
func (h *Handler) readShard(ctx context.Context, c *streamCursor, id string) (recs []streamRecord, trimmed bool, err error) {
	pos := c.Shards[id]
	out, err := h.records(ctx, pos)
	var expired *streamtypes.ExpiredIteratorException
	if errors.As(err, &expired) {
		typ := streamtypes.ShardIteratorTypeLatest
		switch {
		case pos.Seq != "":
			typ = streamtypes.ShardIteratorTypeAfterSequenceNumber
		case pos.Horizon:
			typ = streamtypes.ShardIteratorTypeTrimHorizon
		}
		if pos.Iterator, err = h.iterator(ctx, c.Arn, id, typ, pos.Seq); err == nil {
			out, err = h.records(ctx, pos)
		}
	}
	var trim *streamtypes.TrimmedDataAccessException
	if errors.As(err, &trim) {
		trimmed = true
		pos.Seq, pos.Horizon = "", true
		if pos.Iterator, err = h.iterator(ctx, c.Arn, id, streamtypes.ShardIteratorTypeTrimHorizon, ""); err == nil {
			out, err = h.records(ctx, pos)
		}
	}
	if err != nil {
		return nil, trimmed, err
	}
	recs = make([]streamRecord, 0, len(out.Records))
	for _, rec := range out.Records {
		sr, err := toStreamRecord(rec, id)
		if err != nil {
			return nil, trimmed, err
		}
		recs = append(recs, sr)
		pos.Seq = sr.Seq
	}
	if out.NextShardIterator == nil {
		delete(c.Shards, id)
		c.Done = append(c.Done, id)
	} else {
		pos.Iterator = *out.NextShardIterator
	}
	return recs, trimmed, nil
}

// records calls GetRecords at a shard position.
func (h *Handler) records(ctx context.Context, pos *shardPos) (*dynamodbstreams.GetRecordsOutput, error) {
	limit := int32(recordsPerCall)
	return h.streams.GetRecords(ctx, &dynamodbstreams.GetRecordsInput{ShardIterator: &pos.Iterator, Limit: &limit})
}

// toStreamRecord converts a record of the Streams API.
func toStreamRecord(rec streamtypes.Record, shard string) (streamRecord, error) {
	sr := streamRecord{Event: string(rec.EventName), Shard: shard, Keys: json.RawMessage("{}")}
	d := rec.Dynamodb
	if d == nil {
		return sr, nil
	}
	if d.SequenceNumber != nil {
		sr.Seq = *d.SequenceNumber
	}
	sr.Time = d.ApproximateCreationDateTime
	for _, img := range []struct {
		item map[string]streamtypes.AttributeValue
		dst  *json.RawMessage
	}{{d.Keys, &sr.Keys}, {d.NewImage, &sr.NewImage}, {d.OldImage, &sr.OldImage}} {
		if img.item == nil {
			continue
		}
		text, err := itemio.Marshal(itemio.DynamoJSON, dynamo.FromStreamItem(img.item), "")
		if err != nil {
			return sr, err
		}
		*img.dst = text
	}
	return sr, nil
}
