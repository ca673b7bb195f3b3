package difftest

import (
	"context"
	"encoding/base64"
	"maps"
	"math/big"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	streamtypes "github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"

	"github.com/ddbkit/ddb/internal/av"
	"github.com/ddbkit/ddb/internal/dynamo"
	"github.com/ddbkit/ddb/internal/testbackend"
)

// Where DynamoDB Local's streams answer otherwise than DynamoDB documents,
// or DynamoDB documents nothing, streamRead records what both must agree
// on (see each place):
//   - the records of different items written by one request come in no
//     documented order, so records are compared item by item (byItem);
//   - ExpiredIteratorException's message is not documented, and DynamoDB
//     Local sends none: only the code is compared (errorText);
//   - a LATEST iterator of an empty open shard misses the next record on
//     DynamoDB Local when another table's record took the shard's first
//     sequence number, so it is asked of the engine alone
//     (localLatestOfEmptyShard).
// (UpdateTable's answers, ACTIVE at once on DynamoDB Local, are those of
// localInstantUpdate; ApproximateCreationDateTime is compared for its
// presence only, as Local rounds it down to the minute.)

// streamRead is a step (a script) that reads the streams of one of the
// scenario's tables through the Streams API: every shard of every stream
// from TRIM_HORIZON to its end; then, in its latest stream, iterators of
// every kind at the sequence numbers the records hold, some requests that
// must fail, and LATEST and AFTER_SEQUENCE_NUMBER iterators taken before
// one more write; and, if asked, the stream again after DeleteTable. What it
// records leaves out what differs by nature between two backends (event
// ids, sequence numbers, shard ids, times): records are compared in
// order, field by field; a position in the stream by the index of its
// record.
type streamRead struct {
	TableName string
	// Limit is the Limit of the GetRecords calls that read the stream
	// (0: none).
	Limit int32
	// Picks choose the records whose sequence numbers the iterators
	// start at, each modulo the number of records.
	Picks []int
	// DeleteTable deletes the table at the end and reads its stream
	// again.
	DeleteTable bool
}

// maxStreamPages bounds the pages a read of one shard takes.
const maxStreamPages = 200

// streamPosition is what play knows of a backend's stream as it reads it.
type streamPosition struct {
	arn    string
	shards []string // shard ids, in the order DescribeStream gives them
	seqs   []string // the records' sequence numbers, in stream order
	shard  []string // the shard of each record
	// openShard says which shards DescribeStream described open.
	openShard map[string]bool
}

func (s *streamRead) play(ctx context.Context, r run) any {
	api, streams := r.backend.API, r.backend.Streams
	table := aws.String(r.ns.prefix + s.TableName)
	desc, err := api.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: table})
	if err != nil {
		return r.ns.errorTree(err)
	}
	res := map[string]any{}
	// Every stream the table has had, in the order they were made (their
	// ARNs end in their creation times), each read whole.
	ls, err := streams.ListStreams(ctx, &dynamodbstreams.ListStreamsInput{TableName: table})
	if err != nil {
		res["ListStreams"] = errorText(err)
		return res
	}
	var arns []string
	for _, st := range ls.Streams {
		arns = append(arns, aws.ToString(st.StreamArn))
	}
	slices.Sort(arns)
	res["ListStreams by one"] = listByOne(ctx, r, table, arns)
	var all []any
	var latest *streamPosition
	var older []*streamPosition
	for _, arn := range arns {
		read, p := s.readStream(ctx, r, arn)
		all = append(all, read)
		if arn == aws.ToString(desc.Table.LatestStreamArn) {
			latest = p
		} else {
			older = append(older, p)
		}
	}
	res["Streams"] = all
	if latest == nil {
		res["LatestStreamArn"] = "not listed"
		return res
	}
	iterators := s.iterators(ctx, r, latest)
	for i, o := range older {
		// A sequence number of another stream of the table.
		if len(o.seqs) > 0 && len(latest.shards) > 0 {
			iterators["at a sequence number of stream "+strconv.Itoa(i)] = latest.at(ctx, r, streamtypes.ShardIteratorTypeAtSequenceNumber,
				latest.shards[len(latest.shards)-1], o.seqs[len(o.seqs)-1])
		}
		// The iterators of a disabled stream, whose shards are closed.
		res["Iterators of stream "+strconv.Itoa(i)] = s.iterators(ctx, r, o)
	}
	res["Iterators"] = iterators
	res["After a write"] = s.afterWrite(ctx, r, latest, desc.Table)
	if s.DeleteTable {
		res["After DeleteTable"] = s.afterDelete(ctx, r, latest)
	}
	return res
}

// readStream reads a stream whole, every shard from TRIM_HORIZON to its
// end, and returns what it found and its position.
func (s *streamRead) readStream(ctx context.Context, r run, arn string) (map[string]any, *streamPosition) {
	p := &streamPosition{arn: arn, openShard: map[string]bool{}}
	res := map[string]any{}
	sd, err := r.backend.Streams.DescribeStream(ctx, &dynamodbstreams.DescribeStreamInput{StreamArn: &p.arn})
	if err != nil {
		res["DescribeStream"] = p.errorText(err)
		return res, p
	}
	sdesc := sd.StreamDescription
	res["StreamStatus"], res["StreamViewType"] = string(sdesc.StreamStatus), string(sdesc.StreamViewType)
	res["KeySchema"], res["More"] = r.ns.output(sdesc.KeySchema), sdesc.LastEvaluatedShardId != nil
	var shards, records []any
	var items []string // the item of each record
	for _, sh := range sdesc.Shards {
		id := aws.ToString(sh.ShardId)
		p.shards = append(p.shards, id)
		closed := sh.SequenceNumberRange != nil && sh.SequenceNumberRange.EndingSequenceNumber != nil
		p.openShard[id] = !closed
		shard := map[string]any{"parent": sh.ParentShardId != nil, "closed": closed}
		shards = append(shards, shard)
		it, err := r.backend.Streams.GetShardIterator(ctx, &dynamodbstreams.GetShardIteratorInput{StreamArn: &p.arn, ShardId: &id,
			ShardIteratorType: streamtypes.ShardIteratorTypeTrimHorizon})
		if err != nil {
			shard["GetShardIterator"] = p.errorText(err)
			continue
		}
		recs, ended, problem := s.readShard(ctx, r, p, it.ShardIterator)
		shard["records"], shard["ended"] = len(recs), ended
		if problem != "" {
			shard["GetRecords"] = problem
		}
		for _, rec := range recs {
			p.seqs = append(p.seqs, aws.ToString(rec.Dynamodb.SequenceNumber))
			p.shard = append(p.shard, id)
			records = append(records, s.record(r.ns, rec))
			items = append(items, keyID(dynamo.FromStreamItem(rec.Dynamodb.Keys)))
		}
	}
	res["Shards"] = shards
	if n := len(p.shards); n > 0 {
		sd, err := r.backend.Streams.DescribeStream(ctx, &dynamodbstreams.DescribeStreamInput{StreamArn: &p.arn, Limit: aws.Int32(1),
			ExclusiveStartShardId: &p.shards[n-1]})
		if err != nil {
			res["after the last shard"] = p.errorText(err)
		} else {
			res["after the last shard"] = map[string]any{"shards": len(sd.StreamDescription.Shards), "next": sd.StreamDescription.LastEvaluatedShardId != nil}
		}
	}
	// DynamoDB orders the records of each item as its changes; those of
	// different items written by one request (a batch or a transaction)
	// come in no documented order, and DynamoDB Local's differs from the
	// engine's. Records are compared item by item, each item's in order.
	res["Records"] = byItem(records, items)
	res["SequenceNumbersIncrease"] = p.increasing()
	return res, p
}

// readShard reads a shard from the iterator it until a page comes back
// empty or without a next iterator (then ended is set). problem says what
// went wrong, if something did.
func (s *streamRead) readShard(ctx context.Context, r run, p *streamPosition, it *string) (recs []streamtypes.Record, ended bool, problem string) {
	for range maxStreamPages {
		in := &dynamodbstreams.GetRecordsInput{ShardIterator: it}
		if s.Limit > 0 {
			in.Limit = aws.Int32(s.Limit)
		}
		out, err := r.backend.Streams.GetRecords(ctx, in)
		if err != nil {
			return recs, false, p.errorText(err)
		}
		if s.Limit > 0 && len(out.Records) > int(s.Limit) {
			problem = "a page over the Limit"
		}
		recs = append(recs, out.Records...)
		if out.NextShardIterator == nil {
			return recs, true, problem
		}
		if len(out.Records) == 0 {
			return recs, false, problem
		}
		it = out.NextShardIterator
	}
	return recs, false, "no end after " + strconv.Itoa(maxStreamPages) + " pages"
}

// afterWrite takes iterators at the end of the stream p (LATEST and
// after its last record), puts an item and reads from both.
func (s *streamRead) afterWrite(ctx context.Context, r run, p *streamPosition, table *types.TableDescription) map[string]any {
	res := map[string]any{}
	if len(p.shards) == 0 {
		return res
	}
	streams := r.backend.Streams
	last := p.shards[len(p.shards)-1]
	emptyShard := len(p.seqs) == 0 || p.shard[len(p.seqs)-1] != last
	open := p.openShard[last]
	its := map[string]*string{}
	latest, err := streams.GetShardIterator(ctx, &dynamodbstreams.GetShardIteratorInput{StreamArn: &p.arn, ShardId: &last,
		ShardIteratorType: streamtypes.ShardIteratorTypeLatest})
	if err != nil {
		res["latest"] = p.errorText(err)
	} else {
		its["latest"] = latest.ShardIterator
	}
	if n := len(p.seqs); n > 0 {
		after, err := streams.GetShardIterator(ctx, &dynamodbstreams.GetShardIteratorInput{StreamArn: &p.arn, ShardId: &p.shard[n-1],
			ShardIteratorType: streamtypes.ShardIteratorTypeAfterSequenceNumber, SequenceNumber: &p.seqs[n-1]})
		if err != nil {
			res["after the last"] = p.errorText(err)
		} else {
			its["after the last"] = after.ShardIterator
		}
	}
	it := item{}
	for _, k := range table.KeySchema {
		for _, d := range table.AttributeDefinitions {
			if aws.ToString(d.AttributeName) == aws.ToString(k.AttributeName) {
				it[aws.ToString(k.AttributeName)] = scalarValue(string(d.AttributeType), "7")
			}
		}
	}
	it["latest"] = av.Bool(true)
	if _, err := r.backend.API.PutItem(ctx, &dynamodb.PutItemInput{TableName: table.TableName, Item: it}); err != nil {
		res["PutItem"] = errorText(err)
	}
	for name, it := range its {
		if name == "latest" && emptyShard && open && testbackend.IsLocal(r.backend.Name) {
			res[name] = localLatestOfEmptyShard
			continue
		}
		out, err := streams.GetRecords(ctx, &dynamodbstreams.GetRecordsInput{ShardIterator: it})
		if err != nil {
			res[name] = p.errorText(err)
			continue
		}
		var recs []any
		for _, rec := range out.Records {
			recs = append(recs, s.record(r.ns, rec))
		}
		res[name] = map[string]any{"records": recs, "next": out.NextShardIterator != nil}
		if name == "latest" && emptyShard && open && len(out.Records) == 1 && out.NextShardIterator != nil {
			res[name] = localLatestOfEmptyShard // what DynamoDB documents: the record written
		}
	}
	return res
}

// localLatestOfEmptyShard stands for the answer to a LATEST iterator of an
// open shard without records, taken before a write: DynamoDB Local numbers
// the records of all its tables in one sequence and starts a shard at the
// next number, and when another table's record takes that number first,
// it answers TrimmedDataAccessException ("The operation attempted to read
// past the oldest stream record in a shard.") where the API reference's
// LATEST ("Start reading just after the most recent stream record in the
// shard, so that you always read the most recent data in the shard") means
// the record written. Which happens depends on what other scenarios write
// meanwhile, so DynamoDB Local is not asked; the engine must answer the
// one record.
const localLatestOfEmptyShard = "LATEST of an empty open shard: the record written (not asked of DynamoDB Local)"

// afterDelete deletes the table and reads its latest stream p again.
func (s *streamRead) afterDelete(ctx context.Context, r run, p *streamPosition) any {
	if _, err := r.backend.API.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: aws.String(r.ns.prefix + s.TableName)}); err != nil {
		return errorText(err)
	}
	read, _ := s.readStream(ctx, r, p.arn)
	ls, err := r.backend.Streams.ListStreams(ctx, &dynamodbstreams.ListStreamsInput{TableName: aws.String(r.ns.prefix + s.TableName)})
	if err != nil {
		read["ListStreams"] = errorText(err)
	} else {
		read["ListStreams"] = len(ls.Streams)
	}
	return read
}

// record normalizes a stream record: its event id, sequence number and
// time only for their presence (and the sequence number's length).
func (s *streamRead) record(ns namespace, rec streamtypes.Record) any {
	m := map[string]any{
		"eventName": string(rec.EventName), "eventSource": aws.ToString(rec.EventSource), "eventVersion": aws.ToString(rec.EventVersion),
		"awsRegion": aws.ToString(rec.AwsRegion), "eventID": rec.EventID != nil, "userIdentity": ns.output(rec.UserIdentity),
	}
	if d := rec.Dynamodb; d != nil {
		m["Keys"] = ns.output(dynamo.FromStreamItem(d.Keys))
		m["NewImage"] = ns.output(dynamo.FromStreamItem(d.NewImage))
		m["OldImage"] = ns.output(dynamo.FromStreamItem(d.OldImage))
		m["SizeBytes"] = aws.ToInt64(d.SizeBytes)
		m["StreamViewType"] = string(d.StreamViewType)
		m["SequenceNumberDigits"] = len(aws.ToString(d.SequenceNumber))
		m["ApproximateCreationDateTime"] = d.ApproximateCreationDateTime != nil
	}
	return m
}

// iterators records the answers to iterators at, after and past the
// records' sequence numbers, and to some requests that must fail.
func (s *streamRead) iterators(ctx context.Context, r run, p *streamPosition) map[string]any {
	streams := r.backend.Streams
	out := map[string]any{}
	at := func(typ streamtypes.ShardIteratorType, shard, seq string) any { return p.at(ctx, r, typ, shard, seq) }
	for _, pick := range s.Picks {
		if len(p.seqs) == 0 {
			break
		}
		i := pick % len(p.seqs)
		out["at "+strconv.Itoa(i)] = at(streamtypes.ShardIteratorTypeAtSequenceNumber, p.shard[i], p.seqs[i])
		out["after "+strconv.Itoa(i)] = at(streamtypes.ShardIteratorTypeAfterSequenceNumber, p.shard[i], p.seqs[i])
	}
	if len(p.shards) == 0 {
		return out
	}
	last := p.shards[len(p.shards)-1]
	out["latest"] = at(streamtypes.ShardIteratorTypeLatest, last, "")
	out["trim horizon of a missing shard"] = at(streamtypes.ShardIteratorTypeTrimHorizon, "shardId-00000001796538828807-3a123fd7", "")
	if n := len(p.seqs); n > 0 {
		out["after the last"] = at(streamtypes.ShardIteratorTypeAfterSequenceNumber, p.shard[n-1], p.seqs[n-1])
		out["at the one after the last"] = at(streamtypes.ShardIteratorTypeAtSequenceNumber, p.shard[n-1], addSeq(p.seqs[n-1], 1))
		out["at a long way past the last"] = at(streamtypes.ShardIteratorTypeAtSequenceNumber, p.shard[n-1], addSeq(p.seqs[n-1], 1000000))
	}
	it, err := streams.GetShardIterator(ctx, &dynamodbstreams.GetShardIteratorInput{StreamArn: &p.arn, ShardId: &p.shards[0],
		ShardIteratorType: streamtypes.ShardIteratorTypeTrimHorizon})
	if err != nil {
		out["trim horizon"] = p.errorText(err)
		return out
	}
	out["trim horizon"] = p.page(ctx, r, it.ShardIterator)
	out["trim horizon again"] = p.page(ctx, r, it.ShardIterator)
	for what, forged := range map[string]string{
		"an expired iterator":              forgeIterator(*it.ShardIterator, "", time.Now().Add(-20*time.Minute)),
		"an iterator of a missing shard":   forgeIterator(*it.ShardIterator, "shardId-00000001796538828807-3a123fd7", time.Time{}),
		"an iterator cut short":            (*it.ShardIterator)[:len(*it.ShardIterator)/2],
		"an iterator with a bad signature": strings.Replace(*it.ShardIterator, "|", "|x", 2),
	} {
		if forged == "" {
			out[what] = "not an iterator of the expected form"
			continue
		}
		out[what] = p.page(ctx, r, &forged)
	}
	return out
}

// at reads one page from an iterator of the given type in shard at
// sequence number seq ("" for none).
func (p *streamPosition) at(ctx context.Context, r run, typ streamtypes.ShardIteratorType, shard, seq string) any {
	in := &dynamodbstreams.GetShardIteratorInput{StreamArn: &p.arn, ShardId: &shard, ShardIteratorType: typ}
	if seq != "" {
		in.SequenceNumber = &seq
	}
	it, err := r.backend.Streams.GetShardIterator(ctx, in)
	if err != nil {
		return p.errorText(err)
	}
	return p.page(ctx, r, it.ShardIterator)
}

// listByOne lists the streams of table one a page, and returns each
// page's streams (their indexes in arns) and whether it has a next.
func listByOne(ctx context.Context, r run, table *string, arns []string) any {
	var pages []any
	var start *string
	for range len(arns) + 2 {
		out, err := r.backend.Streams.ListStreams(ctx, &dynamodbstreams.ListStreamsInput{TableName: table, Limit: aws.Int32(1), ExclusiveStartStreamArn: start})
		if err != nil {
			return append(pages, errorText(err))
		}
		var page []any
		for _, st := range out.Streams {
			page = append(page, slices.Index(arns, aws.ToString(st.StreamArn)))
		}
		pages = append(pages, map[string]any{"streams": page, "next": out.LastEvaluatedStreamArn != nil})
		if out.LastEvaluatedStreamArn == nil {
			break
		}
		start = out.LastEvaluatedStreamArn
	}
	return pages
}

// page reads one page of at most two records from an iterator and
// returns the indexes of the records in the stream, and whether there is
// a next iterator.
func (p *streamPosition) page(ctx context.Context, r run, it *string) any {
	out, err := r.backend.Streams.GetRecords(ctx, &dynamodbstreams.GetRecordsInput{ShardIterator: it, Limit: aws.Int32(2)})
	if err != nil {
		return p.errorText(err)
	}
	var at []any
	for _, rec := range out.Records {
		i := -1
		for j, seq := range p.seqs {
			if seq == aws.ToString(rec.Dynamodb.SequenceNumber) {
				i = j
			}
		}
		at = append(at, i)
	}
	return map[string]any{"records": at, "next": out.NextShardIterator != nil}
}

// streamNumberRE matches a sequence number (21 digits or more) and
// streamDateRE a date as the Java side of DynamoDB Local prints it.
var (
	streamNumberRE = regexp.MustCompile(`\d{21,}`)
	streamDateRE   = regexp.MustCompile(`[A-Z][a-z]{2} [A-Z][a-z]{2} \d\d \d\d:\d\d:\d\d [A-Z]+ \d{4}`)
)

// errorText returns an error's code and message, with the stream's ARN,
// shard ids, sequence numbers and dates replaced by what they are.
func (p *streamPosition) errorText(err error) string {
	text := errorText(err)
	if strings.HasPrefix(text, "ExpiredIteratorException: ") {
		// DynamoDB documents the exception ("The shard iterator has
		// expired and can no longer be used to retrieve stream records")
		// but not its message. DynamoDB Local sends none; the engine says
		// when the iterator was made, in the words of Kinesis, whose
		// GetRecords DynamoDB Streams follows.
		text = "ExpiredIteratorException"
	}
	text = strings.ReplaceAll(text, p.arn, "<stream>")
	for _, id := range p.shards {
		text = strings.ReplaceAll(text, id, "<shard>")
	}
	text = streamNumberRE.ReplaceAllString(text, "<sequence number>")
	return streamDateRE.ReplaceAllString(text, "<date>")
}

// increasing reports whether the sequence numbers of the records increase
// in stream order.
func (p *streamPosition) increasing() bool {
	var prev *big.Int
	for _, seq := range p.seqs {
		n, ok := new(big.Int).SetString(seq, 10)
		if !ok || prev != nil && n.Cmp(prev) <= 0 {
			return false
		}
		prev = n
	}
	return true
}

// addSeq returns the sequence number n after seq, as long as seq (zeros
// first).
func addSeq(seq string, n int64) string {
	v, ok := new(big.Int).SetString(seq, 10)
	if !ok {
		return seq
	}
	s := v.Add(v, big.NewInt(n)).String()
	if len(s) < len(seq) {
		s = strings.Repeat("0", len(seq)-len(s)) + s
	}
	return s
}

// forgeIterator rewrites a shard iterator of the form DynamoDB Local and
// the engine share (the stream ARN, a version and, in base64, the shard
// id, a sequence number and the time the iterator was made, in Unix
// milliseconds, separated by "|"): with another shard id, if shard is not
// "", and another time, if made is not zero. It returns "" for an
// iterator of another form.
func forgeIterator(it, shard string, made time.Time) string {
	parts := strings.Split(it, "|")
	if len(parts) != 3 {
		return ""
	}
	payload, err := base64.StdEncoding.DecodeString(parts[2])
	if err != nil {
		return ""
	}
	fields := strings.Split(string(payload), "|")
	if len(fields) != 3 {
		return ""
	}
	if shard != "" {
		fields[0] = shard
	}
	if !made.IsZero() {
		fields[2] = strconv.FormatInt(made.UnixMilli(), 10)
	}
	parts[2] = base64.StdEncoding.EncodeToString([]byte(strings.Join(fields, "|")))
	return strings.Join(parts, "|")
}

// byItem returns records grouped by item (items[i] names the item of
// records[i]), in the order of the items' keys, each item's records in
// stream order.
func byItem(records []any, items []string) []any {
	groups := map[string][]any{}
	for i, rec := range records {
		groups[items[i]] = append(groups[items[i]], rec)
	}
	var out []any
	for _, item := range slices.Sorted(maps.Keys(groups)) {
		out = append(out, groups[item]...)
	}
	return out
}
