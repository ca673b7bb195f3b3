package engine

import (
	"encoding/base64"
	"strconv"
	"strings"
	"time"
)

// shardIterator is a position in a shard: the sequence number the next
// GetRecords reads from, and when the iterator was issued (iterators expire
// after 15 minutes). Its text is the stream ARN, a version, and the rest in
// base64, as DynamoDB Local writes its iterators.
type shardIterator struct {
	arn, shard string
	pos        uint64
	issued     time.Time
}

// iteratorVersion is the version field of the iterators the engine issues.
const iteratorVersion = "001"

func (it shardIterator) String() string {
	payload := it.shard + "|" + formatSeq(it.pos) + "|" + strconv.FormatInt(it.issued.UnixMilli(), 10)
	return it.arn + "|" + iteratorVersion + "|" + base64.StdEncoding.EncodeToString([]byte(payload))
}

// parseIterator reads an iterator the engine issued; ok is false for any
// other text.
func parseIterator(s string) (it shardIterator, ok bool) {
	arn, rest, ok1 := strings.Cut(s, "|")
	version, encoded, ok2 := strings.Cut(rest, "|")
	if !ok1 || !ok2 || version != iteratorVersion {
		return it, false
	}
	payload, err := base64.StdEncoding.DecodeString(encoded)
	if err != nil {
		return it, false
	}
	parts := strings.Split(string(payload), "|")
	if len(parts) != 3 {
		return it, false
	}
	pos, ok := parseSeq(parts[1])
	ms, err := strconv.ParseInt(parts[2], 10, 64)
	if !ok || err != nil {
		return it, false
	}
	return shardIterator{arn: arn, shard: parts[0], pos: pos, issued: time.UnixMilli(ms)}, true
}

// parseSeq reads a sequence number: decimal digits only. ok is false for
// anything else, including numbers beyond the engine's range.
func parseSeq(s string) (uint64, bool) {
	if s == "" || strings.TrimLeft(s, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.ParseUint(s, 10, 64)
	return n, err == nil
}
