package engine

import (
	"encoding/base64"
	"encoding/binary"
	"hash/fnv"
	"maps"
	"slices"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/internal/apierr"
	"github.com/ddbkit/ddb/internal/itemenc"
)

// A SELECT's NextToken says where the next page starts: which of the
// statement's reads (one per partition it names, or its one scan) and
// after which row of it. It is tied to the statement's text and parameters
// by a hash, so that it cannot continue another statement:
//
//	version (1) | hash (8) | read (uvarint) | start key, encoded as an item (or nothing)
const tokenVersion = 1

// errInvalidToken is DynamoDB's error for a NextToken it did not mint for
// the statement.
var errInvalidToken = apierr.Validation("Invalid NextToken")

// statementHash identifies a statement with its parameters.
func statementHash(text string, params []types.AttributeValue) uint64 {
	h := fnv.New64a()
	h.Write([]byte(text))
	var b []byte
	for _, p := range params {
		b = appendHashed(append(b[:0], 0), p)
		h.Write(b)
	}
	return h.Sum64()
}

// appendHashed appends an encoding of v to b that is the same for equal
// values: the keys of a map in order (the storage encoding follows map
// iteration).
func appendHashed(b []byte, v types.AttributeValue) []byte {
	switch v := v.(type) {
	case *types.AttributeValueMemberM:
		b = binary.AppendUvarint(append(b, 'M'), uint64(len(v.Value)))
		for _, k := range slices.Sorted(maps.Keys(v.Value)) {
			b = binary.AppendUvarint(b, uint64(len(k)))
			b = appendHashed(append(b, k...), v.Value[k])
		}
	case *types.AttributeValueMemberL:
		b = binary.AppendUvarint(append(b, 'L'), uint64(len(v.Value)))
		for _, e := range v.Value {
			b = appendHashed(b, e)
		}
	default:
		b = itemenc.AppendItem(append(b, 'V'), map[string]types.AttributeValue{"": v})
	}
	return b
}

// position is where a SELECT's page starts: read number op, after the row
// with key start (nil: from its first row).
type position struct {
	op    int
	start map[string]types.AttributeValue
}

// encodeToken returns the NextToken of pos for the statement with the
// given hash.
func encodeToken(hash uint64, pos position) *string {
	b := binary.BigEndian.AppendUint64([]byte{tokenVersion}, hash)
	b = binary.AppendUvarint(b, uint64(pos.op))
	if pos.start != nil {
		b = itemenc.AppendItem(b, pos.start)
	}
	return ptr(base64.StdEncoding.EncodeToString(b))
}

// decodeToken returns the position a NextToken names, for the statement
// whose hash is hash() and which has reads reads; nil starts at the
// beginning.
func decodeToken(token *string, hash func() uint64, reads int) (position, error) {
	if token == nil {
		return position{}, nil
	}
	b, err := base64.StdEncoding.DecodeString(*token)
	if err != nil || len(b) < 9 || b[0] != tokenVersion || binary.BigEndian.Uint64(b[1:9]) != hash() {
		return position{}, errInvalidToken
	}
	op, n := binary.Uvarint(b[9:])
	if n <= 0 || op >= uint64(reads) {
		return position{}, errInvalidToken
	}
	pos := position{op: int(op)}
	if rest := b[9+n:]; len(rest) > 0 {
		if pos.start, err = itemenc.DecodeItem(rest); err != nil {
			return position{}, errInvalidToken
		}
	}
	return pos, nil
}
