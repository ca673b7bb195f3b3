package ddb

import (
	"maps"
	"slices"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/ddbkit/ddb/internal/dynamo"
)

// DynamoDB deletes an expired item (one whose time-to-live attribute holds
// a time past) in the background, typically within a few days; until then
// reads return it. HideExpired makes reads skip such items: Query and Scan
// with a filter, so that pages, PageSize and Count stay DynamoDB's own,
// and reads by key by looking at the item they receive.

// expiredOption is HideExpired (true) or ShowExpired (false).
type expiredOption bool

func (o expiredOption) applyGet(p *getParams)      { p.hideExpired = o.setting() }
func (o expiredOption) applyBatchGet(p *getParams) { p.hideExpired = o.setting() }
func (o expiredOption) applyQuery(p *searchParams) { p.hideExpired = o.setting() }
func (o expiredOption) applyScan(p *searchParams)  { p.hideExpired = o.setting() }

func (o expiredOption) setting() *bool {
	b := bool(o)
	return &b
}

// HideExpired makes a read (Get, Query, Scan, BatchGet, a GetTx read) of a
// table with a time-to-live attribute (a field tagged ttl, or WithTTL)
// skip the items that have expired but that DynamoDB has not deleted yet:
// Get reports them as ErrNotFound. An item has expired when its
// attribute holds a time (in seconds since the Unix epoch) at or before
// now, but not more than five years before, as DynamoDB deletes none
// older: an item whose attribute is 0 or a zero time is not hidden. Query
// and Scan add the filter NOT (ttl BETWEEN now-5y AND now), which keeps
// items without the attribute, so their pages and Count are right. They
// add none where DynamoDB cannot filter on the attribute, and return the
// expired entries too: reading an index
// that does not project it, and in a Query of an index whose key it is
// (give the Query a sort key condition on it instead).
// Expiry is read to the second, from the DB's clock (WithClock).
func HideExpired() ReadOption { return expiredOption(true) }

// ShowExpired makes a read return expired items still stored, on a table
// declared with HideExpiredByDefault.
func ShowExpired() ReadOption { return expiredOption(false) }

// HideExpiredByDefault makes every read of the table hide expired items
// (see HideExpired) unless given ShowExpired.
func HideExpiredByDefault() TableOption {
	return func(c *tableConfig) { c.hideExpired = true }
}

// hidesExpired reports whether a read with the HideExpired or ShowExpired
// setting given (nil for none) hides expired items, and checks that the
// table declares where expiry times are.
func (s *Schema) hidesExpired(setting *bool) (bool, error) {
	hide := s.cfg.hideExpired
	if setting != nil {
		hide = *setting
	}
	if hide && s.cfg.ttl == "" {
		return false, invalid("HideExpired", "HideExpired needs the table's time-to-live attribute: tag a field ttl, or declare it WithTTL")
	}
	return hide, nil
}

// expiryWindow returns the expiry times, in seconds since the Unix epoch,
// of the items expired at now: from five years before now to now, both
// included.
func expiryWindow(now time.Time) (from, to int64) {
	return now.Add(-dynamo.TTLHorizon).Unix(), now.Unix()
}

// unexpired returns the filter that keeps the items not expired at now:
// NOT (ttl BETWEEN from AND now) holds where the attribute is missing, not
// a number or more than five years past too, as DynamoDB's time to live
// ignores those items.
func (s *Schema) unexpired(now time.Time) Condition {
	from, to := expiryWindow(now)
	number := func(n int64) operand {
		return valueOperand{&types.AttributeValueMemberN{Value: strconv.FormatInt(n, 10)}, valueSite{}}
	}
	return Not(Condition{templateNode{"%s BETWEEN %s AND %s", []operand{nameOperand(s.cfg.ttl), number(from), number(to)}}})
}

// expired reports whether item's time-to-live attribute holds a number
// of seconds since the Unix epoch in the expiry window at now (see
// expiryWindow).
func (s *Schema) expired(item Item, now time.Time) bool {
	n, ok := item[s.cfg.ttl].(*types.AttributeValueMemberN)
	if !ok {
		return false
	}
	at, err := strconv.ParseFloat(n.Value, 64)
	from, to := expiryWindow(now)
	return err == nil && float64(from) <= at && at <= float64(to)
}

// expiryRead is how a read by key hides expired items.
type expiryRead struct {
	schema *Schema
	now    time.Time
	added  bool // the time-to-live attribute was added to the projection, to be dropped again
}

// expiryRead returns how a read by key with the given settings hides
// expired items (nil when it does not; clock, the time they are compared
// with, is then not asked) and its projection, which must include the
// time-to-live attribute.
func (s *Schema) expiryRead(p *getParams, clock func() time.Time) (*expiryRead, []string, error) {
	hide, err := s.hidesExpired(p.hideExpired)
	if err != nil || !hide {
		return nil, p.projection, err
	}
	r := &expiryRead{schema: s, now: clock()}
	paths := p.projection
	if len(paths) > 0 && !slices.Contains(paths, s.cfg.ttl) {
		paths = append(slices.Clip(paths), s.cfg.ttl)
		r.added = true
	}
	return r, paths, nil
}

// admit returns item as the caller asked for it, or false when it has
// expired. A nil expiryRead admits every item.
func (r *expiryRead) admit(item Item) (Item, bool) {
	if r == nil {
		return item, true
	}
	if r.schema.expired(item, r.now) {
		return nil, false
	}
	if r.added {
		item = maps.Clone(item)
		delete(item, r.schema.cfg.ttl)
	}
	return item, true
}

// filtersExpiry reports whether a Query or Scan (op) of the table or
// index with the key attributes keys can filter on the time-to-live
// attribute: DynamoDB refuses a filter on an attribute that an index does
// not project (whose entries, lacking it, the filter would all keep), and
// in a Query on a key attribute of what it reads (which belongs in its key
// condition); an index holds its keys whatever it projects.
func (s *Schema) filtersExpiry(op string, keys readKeyNames) bool {
	if slices.Contains(keys.hash, s.cfg.ttl) || slices.Contains(keys.rng, s.cfg.ttl) {
		return op != "Query"
	}
	return s.projects(keys.index, s.cfg.ttl)
}

// filter returns the filter of a Query or Scan of the table s of db: the
// Filter options and, when hiding expired items, the filter that does it,
// at the time of the request.
func (r *Results[T]) filter(s *Schema, db *DB) Condition {
	if !r.hideExpired {
		return r.params.filter
	}
	return And(r.params.filter, s.unexpired(db.Now()))
}
