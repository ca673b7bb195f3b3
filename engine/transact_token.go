package engine

import (
	"reflect"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// tokenLifetime is how long a ClientRequestToken makes TransactWriteItems
// idempotent.
const tokenLifetime = 10 * time.Minute

// tokenCache remembers the successful TransactWriteItems calls by
// ClientRequestToken for tokenLifetime, so that a retry with the same token
// and parameters succeeds without writing again.
type tokenCache struct {
	mu      sync.Mutex
	entries map[string]*tokenEntry
	fifo    []*tokenEntry // by time, for expiry
}

// tokenEntry is one remembered call.
type tokenEntry struct {
	token  string
	at     time.Time
	items  []types.TransactWriteItem
	tables []*table // the table of each action
}

// expire drops the entries older than tokenLifetime. The caller holds mu.
func (c *tokenCache) expire(now time.Time) {
	for len(c.fifo) > 0 && now.Sub(c.fifo[0].at) > tokenLifetime {
		delete(c.entries, c.fifo[0].token)
		c.fifo = c.fifo[1:]
	}
}

// replay returns the output of a call already made with token, or nil if
// there is none; reusing a token with other parameters is an error. A replay
// reads the items instead of writing them, and reports its capacity so.
func (c *tokenCache) replay(token string, in *dynamodb.TransactWriteItemsInput, now time.Time) (*dynamodb.TransactWriteItemsOutput, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.expire(now)
	e := c.entries[token]
	if e == nil {
		return nil, nil
	}
	if !reflect.DeepEqual(e.items, in.TransactItems) {
		return nil, &types.IdempotentParameterMismatchException{Message: ptr("")}
	}
	var used tableUsage
	for _, t := range e.tables {
		used.add(t, usage{table: readUnits(0, true)}, transactFactor)
	}
	return &dynamodb.TransactWriteItemsOutput{ConsumedCapacity: used.consumed(in.ReturnConsumedCapacity, readUnitsKind)}, nil
}

// remember records a successful call made with token.
func (c *tokenCache) remember(token string, in *dynamodb.TransactWriteItemsInput, actions []transactAction, now time.Time) {
	e := &tokenEntry{token: token, at: now, items: in.TransactItems, tables: make([]*table, len(actions))}
	for i, a := range actions {
		e.tables[i] = a.w.t
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.expire(e.at)
	if c.entries == nil {
		c.entries = map[string]*tokenEntry{}
	}
	if c.entries[token] == nil {
		c.entries[token] = e
		c.fifo = append(c.fifo, e)
	}
}
