package engine

import (
	"context"
	"encoding/binary"
	"errors"
	"strconv"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/internal/apierr"
	"github.com/ddbkit/ddb/engine/internal/expr"
	"github.com/ddbkit/ddb/engine/internal/storage"
	"github.com/ddbkit/ddb/internal/dynamo"
	"github.com/ddbkit/ddb/internal/itemenc"
)

// Time to live: a table may name a Number attribute holding an expiry time
// in epoch seconds; a background sweep deletes the items whose time has
// passed, through the normal delete path (indexes and counts stay exact).
// Like DynamoDB, it ignores expiry times more than five years in the past.

// defaultTTLSweep is how often expired items are deleted when
// Options.TTLSweepInterval is zero.
const defaultTTLSweep = 5 * time.Second

// ttlPrefix prefixes the TTL record of a table (by keyspace id): the name of
// its TTL attribute; no record means TTL is disabled.
var ttlPrefix = []byte{metaPrefix, 'L'}

func ttlKey(id uint32) []byte {
	return binary.BigEndian.AppendUint32(append([]byte(nil), ttlPrefix...), id)
}

// ttlSpecs holds the TTL attribute of every table that has TTL enabled, by
// table keyspace id.
type ttlSpecs struct {
	mu    sync.RWMutex
	attrs map[uint32]string
}

// get returns the TTL attribute of table id, "" when TTL is disabled.
func (s *ttlSpecs) get(id uint32) string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.attrs[id]
}

// loadTTL reads the TTL records of the loaded tables and drops those of
// deleted tables.
func (db *DB) loadTTL() error {
	live := map[uint32]bool{}
	for _, t := range db.tables {
		live[t.id] = true
	}
	db.ttl.attrs = map[uint32]string{}
	var stale []storage.Op
	err := db.store.Scan(ttlPrefix, prefixEnd(ttlPrefix), false, func(k, v []byte) bool {
		id := binary.BigEndian.Uint32(k[len(ttlPrefix):])
		if live[id] {
			db.ttl.attrs[id] = string(v)
		} else {
			stale = append(stale, storage.Op{Key: append([]byte(nil), k...), Delete: true})
		}
		return true
	})
	if err != nil || len(stale) == 0 {
		return err
	}
	return db.store.Write(stale)
}

// ttlTable looks up the named table of a TTL operation.
func (db *DB) ttlTable(name string) (*table, error) {
	db.mu.RLock()
	t := db.tables[name]
	db.mu.RUnlock()
	if t == nil || t.loading.Load() {
		return nil, tableNotFound(name)
	}
	return t, nil
}

// DescribeTimeToLive returns whether TTL is enabled on a table, and on
// which attribute.
func (db *DB) DescribeTimeToLive(ctx context.Context, in *dynamodb.DescribeTimeToLiveInput, _ ...func(*dynamodb.Options)) (*dynamodb.DescribeTimeToLiveOutput, error) {
	in = orEmpty(in)
	if _, err := db.begin(ctx, "DescribeTimeToLive", in); err != nil {
		return nil, err
	}
	table, err := checkTableNameInput(in.TableName)
	if err != nil {
		return nil, err
	}
	t, err := db.ttlTable(table)
	if err != nil {
		return nil, err
	}
	d := &types.TimeToLiveDescription{TimeToLiveStatus: types.TimeToLiveStatusDisabled}
	if name := db.ttl.get(t.id); name != "" {
		d.TimeToLiveStatus, d.AttributeName = types.TimeToLiveStatusEnabled, &name
	}
	return &dynamodb.DescribeTimeToLiveOutput{TimeToLiveDescription: d}, nil
}

// UpdateTimeToLive enables or disables TTL on a table. The change takes
// effect at once (DynamoDB passes through ENABLING/DISABLING).
func (db *DB) UpdateTimeToLive(ctx context.Context, in *dynamodb.UpdateTimeToLiveInput, _ ...func(*dynamodb.Options)) (*dynamodb.UpdateTimeToLiveOutput, error) {
	in = orEmpty(in)
	if _, err := db.begin(ctx, "UpdateTimeToLive", in); err != nil {
		return nil, err
	}
	if err := checkUpdateTimeToLiveInput(in); err != nil {
		return nil, err
	}
	table, err := resolveTable(*in.TableName)
	if err != nil {
		return nil, err
	}
	spec := in.TimeToLiveSpecification
	t, err := db.ttlTable(table)
	if err != nil {
		return nil, err
	}
	name, enable := *spec.AttributeName, *spec.Enabled
	db.ttl.mu.Lock()
	defer db.ttl.mu.Unlock()
	cur := db.ttl.attrs[t.id]
	switch {
	case cur != "" && cur != name:
		return nil, apierr.Validation("TimeToLive is active on a different AttributeName")
	case enable && cur != "":
		return nil, apierr.Validation("TimeToLive is already enabled")
	case !enable && cur == "":
		return nil, apierr.Validation("TimeToLive is already disabled")
	}
	op := storage.Op{Key: ttlKey(t.id), Value: []byte(name)}
	if !enable {
		op = storage.Op{Key: op.Key, Delete: true}
	}
	if err := db.store.Write([]storage.Op{op}); err != nil {
		return nil, apierr.Internal("cannot save the time to live: " + err.Error())
	}
	if enable {
		db.ttl.attrs[t.id] = name
	} else {
		delete(db.ttl.attrs, t.id)
	}
	return &dynamodb.UpdateTimeToLiveOutput{TimeToLiveSpecification: &types.TimeToLiveSpecification{AttributeName: &name, Enabled: &enable}}, nil
}

// startExpirer starts the background sweep deleting expired items, unless
// Options.TTLSweepInterval disables it.
func (db *DB) startExpirer() {
	every := db.opts.TTLSweepInterval
	if every < 0 {
		return
	}
	if every == 0 {
		every = defaultTTLSweep
	}
	db.every(every, db.expire)
}

// expire deletes the items of every TTL-enabled table that expired by now,
// up to maxExpiredPerSweep per table. Errors are left for the next sweep to
// retry.
func (db *DB) expire(now time.Time) { db.expireTables(now, false) }

// expireAll deletes every item that expired by now, however many.
func (db *DB) expireAll(now time.Time) { db.expireTables(now, true) }

// expireTables deletes the expired items of every TTL-enabled table: one
// sweep's worth per table, or all of them.
func (db *DB) expireTables(now time.Time, all bool) {
	db.mu.RLock()
	var tables []*table
	for _, t := range db.tables {
		if db.ttl.get(t.id) != "" && !t.creating(db.now) {
			tables = append(tables, t)
		}
	}
	db.mu.RUnlock()
	for _, t := range tables {
		for more := true; more && !db.stopping(); {
			more = db.expireTable(t, db.ttl.get(t.id), now) && all
		}
	}
}

// maxExpiredPerSweep bounds the deletions of one table in one sweep.
const maxExpiredPerSweep = 1000

// expireTable deletes the items of t whose attribute name holds an expiry
// time before now, up to maxExpiredPerSweep of them; it reports whether it
// deleted that many, so that more may be left. Each delete is conditional
// on the item still having expired, so a concurrent write that extends its
// life wins.
func (db *DB) expireTable(t *table, name string, now time.Time) (more bool) {
	from := strconv.FormatInt(now.Add(-dynamo.TTLHorizon).Unix(), 10)
	to := strconv.FormatInt(now.Unix(), 10)
	cond, err := expr.NewParams(map[string]string{"#ttl": name},
		map[string]types.AttributeValue{":from": &types.AttributeValueMemberN{Value: from}, ":to": &types.AttributeValueMemberN{Value: to}},
	).Condition("#ttl BETWEEN :from AND :to")
	if err != nil {
		return false
	}
	var keys []map[string]types.AttributeValue
	rows := 0
	db.store.Scan(keyspace(t.id), keyspaceEnd(t.id), false, func(_, v []byte) bool {
		if rows++; rows%checkEvery == 0 && db.stopping() {
			keys = nil
			return false
		}
		item, err := itemenc.DecodeItem(v)
		if err != nil {
			return true
		}
		if ok, _ := cond.Eval(item); ok {
			keys = append(keys, t.keyOf(item))
		}
		return len(keys) < maxExpiredPerSweep
	})
	c := db.background()
	for _, key := range keys {
		w := &itemWrite{t: t, key: key, rowKey: t.rowKey(key), cond: cond, apply: deleteItem}
		var ccf *types.ConditionalCheckFailedException
		if _, err := db.runService(c, w, true); err != nil && !errors.As(err, &ccf) {
			return false
		}
	}
	return len(keys) == maxExpiredPerSweep
}
