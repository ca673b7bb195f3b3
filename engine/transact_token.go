package engine

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/internal/storage"
)

// tokenLifetime is how long a ClientRequestToken makes TransactWriteItems
// idempotent.
const tokenLifetime = 10 * time.Minute

// tokenPrefix prefixes the record of a ClientRequestToken in a disk
// database, stored in the same atomic write as its transaction's changes,
// so that a retry after a restart is not applied again:
//
//	tokenPrefix | time of the call (Unix nanoseconds, 8 bytes BE) | token  ->  fingerprint (32 bytes)
//
// The time leads the key so that the records are read back in the order
// they expire, and so that deleting an expired record never deletes a
// later use of the same token.
var tokenPrefix = []byte{metaPrefix, 'K'}

// errTokenRecord is the error of a token record that cannot be read.
var errTokenRecord = errors.New("engine: corrupt client request token record")

// requestToken is a ClientRequestToken with the fingerprint of the request
// that carries it, and the time the request was applied.
type requestToken struct {
	token string
	sum   [sha256.Size]byte
	at    time.Time
}

// newRequestToken returns the token of a TransactWriteItems request, or
// nil if it carries none.
func newRequestToken(in *dynamodb.TransactWriteItemsInput) *requestToken {
	token := deref(in.ClientRequestToken)
	if token == "" {
		return nil
	}
	return &requestToken{token: token, sum: fingerprint(in.TransactItems)}
}

// key returns the key of the token's record.
func (t *requestToken) key() []byte {
	k := binary.BigEndian.AppendUint64(append(make([]byte, 0, len(tokenPrefix)+8+len(t.token)), tokenPrefix...), uint64(t.at.UnixNano()))
	return append(k, t.token...)
}

// fingerprint is the SHA-256 of the parameters of a TransactWriteItems
// request that IdempotentParameterMismatchException compares: its actions
// (ReturnConsumedCapacity and ReturnItemCollectionMetrics do not count).
// Equal actions have equal fingerprints whatever the order of their maps.
func fingerprint(items []types.TransactWriteItem) [sha256.Size]byte {
	h := sha256.New()
	var b []byte
	for _, ti := range items {
		a := partsOf(ti)
		b = append(b[:0], a.kind)
		b = appendOptional(b, a.table)
		b = appendHashed(b, &types.AttributeValueMemberM{Value: a.item})
		for _, e := range a.exprs {
			b = appendOptional(b, e)
		}
		b = binary.AppendUvarint(b, uint64(len(a.names)))
		for _, k := range slices.Sorted(maps.Keys(a.names)) {
			b = appendString(appendString(b, k), a.names[k])
		}
		b = appendHashed(b, &types.AttributeValueMemberM{Value: a.values})
		b = appendString(b, string(a.onFailure))
		h.Write(b)
	}
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	return sum
}

// appendString appends s, preceded by its length, to b.
func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// appendOptional appends s to b, telling nil apart from "".
func appendOptional(b []byte, s *string) []byte {
	if s == nil {
		return append(b, 0)
	}
	return appendString(append(b, 1), *s)
}

// tokenCache remembers the successful TransactWriteItems calls by
// ClientRequestToken for tokenLifetime, so that a retry with the same token
// and parameters succeeds without writing again. It keeps a fixed-size
// entry per token: the request's fingerprint, not the request. A durable
// cache (a disk database's) also records each token in storage, with its
// transaction's changes, and loads the records at Open.
type tokenCache struct {
	mu      sync.Mutex
	durable bool
	entries map[string]*requestToken
	fifo    []*requestToken // by time, for expiry
	// expired are the keys of the records of expired tokens, deleted with
	// the next token's record (or at the next Open).
	expired [][]byte
}

// expire drops the entries older than tokenLifetime. The caller holds mu.
func (c *tokenCache) expire(now time.Time) {
	for len(c.fifo) > 0 && now.Sub(c.fifo[0].at) > tokenLifetime {
		t := c.fifo[0]
		if c.entries[t.token] == t {
			delete(c.entries, t.token)
		}
		if c.durable {
			c.expired = append(c.expired, t.key())
		}
		c.fifo[0] = nil // not kept alive by the queue's array
		c.fifo = c.fifo[1:]
	}
}

// seen reports whether a call was already made with tok (nil: no token);
// reusing a token with other parameters is an error.
func (c *tokenCache) seen(tok *requestToken, now time.Time) (bool, error) {
	if tok == nil {
		return false, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.expire(now)
	t := c.entries[tok.token]
	switch {
	case t == nil:
		return false, nil
	case t.sum != tok.sum:
		return false, &types.IdempotentParameterMismatchException{Message: ptr("")}
	}
	return true, nil
}

// record appends to ops, the storage write of tok's call (made at tok.at),
// the put of tok's record and the deletes of the expired records, if the
// cache is durable.
func (c *tokenCache) record(ops []storage.Op, tok *requestToken) []storage.Op {
	if !c.durable {
		return ops
	}
	c.mu.Lock()
	expired := c.expired
	c.expired = nil
	c.mu.Unlock()
	for _, k := range expired {
		ops = append(ops, storage.Op{Key: k, Delete: true})
	}
	return append(ops, storage.Op{Key: tok.key(), Value: tok.sum[:]})
}

// remember adds tok, whose call was made at tok.at.
func (c *tokenCache) remember(tok *requestToken) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.expire(tok.at)
	c.add(tok)
}

// add adds tok, unless its token is already known (a concurrent call with
// other parameters); the fifo takes it either way, so that its record
// expires. The caller holds mu.
func (c *tokenCache) add(tok *requestToken) {
	if c.entries == nil {
		c.entries = map[string]*requestToken{}
	}
	if c.entries[tok.token] == nil {
		c.entries[tok.token] = tok
	}
	c.fifo = append(c.fifo, tok)
}

// loadTokens reads the token records of a disk database, unless they have
// expired: those it deletes.
func (db *DB) loadTokens() error {
	c := &db.tokens
	c.durable = db.opts.Dir != ""
	now := db.now()
	var stale []storage.Op
	var bad error
	err := db.store.Scan(tokenPrefix, prefixEnd(tokenPrefix), false, func(k, v []byte) bool {
		if len(k) < len(tokenPrefix)+8 || len(v) != sha256.Size {
			bad = fmt.Errorf("%w: a key of %d bytes, a value of %d", errTokenRecord, len(k), len(v))
			return false
		}
		tok := &requestToken{
			token: string(k[len(tokenPrefix)+8:]),
			at:    time.Unix(0, int64(binary.BigEndian.Uint64(k[len(tokenPrefix):]))),
		}
		copy(tok.sum[:], v)
		if now.Sub(tok.at) > tokenLifetime {
			stale = append(stale, storage.Op{Key: append([]byte(nil), k...), Delete: true})
		} else {
			c.add(tok)
		}
		return true
	})
	if err = errors.Join(err, bad); err != nil || len(stale) == 0 {
		return err
	}
	return db.store.Write(stale)
}
