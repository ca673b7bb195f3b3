package engine

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Fault injection: rules, set in-process (DB.Faults) or over HTTP (the
// admin endpoint of engine/server), make chosen calls fail, slow down or
// leave batch items unprocessed, the way DynamoDB does under load, so that
// retry and recovery code can be tested deterministically. Every call is
// offered to the rules at its start (see begin), before it changes
// anything; the rules are tried in the order they were added, each counting
// the calls it matches, until one fails the call.

// Error codes a Fault can fail a call with, as DynamoDB names them.
const (
	// CodeProvisionedThroughputExceeded is a provisioned table's
	// throttling (HTTP 400; the SDKs retry it).
	CodeProvisionedThroughputExceeded = "ProvisionedThroughputExceededException"
	// CodeThrottling is an on-demand table's throttling, or a control
	// plane operation's (HTTP 400; the SDKs retry it).
	CodeThrottling = "ThrottlingException"
	// CodeRequestLimitExceeded is the account's throughput quota
	// exceeded (HTTP 400; the SDKs retry it).
	CodeRequestLimitExceeded = "RequestLimitExceeded"
	// CodeInternalServerError is a failure of the service (HTTP 500; the
	// SDKs retry it).
	CodeInternalServerError = "InternalServerError"
	// CodeTransactionConflict is an item in another transaction: PutItem,
	// UpdateItem and DeleteItem fail with TransactionConflictException;
	// TransactWriteItems and TransactGetItems fail with a
	// TransactionCanceledException whose reason for each selected item is
	// TransactionConflict (the SDKs retry neither).
	CodeTransactionConflict = "TransactionConflictException"
)

// Rule chooses calls and says what happens to them. A call matches a rule
// when its operation, table and key match; the rule counts the calls it
// matches, and fires on those whose number is in From..To (and, with a
// Probability, on a seeded random share of them).
type Rule struct {
	// Operation names the operation ("PutItem"); "" matches every
	// operation the Fault applies to (Unprocessed: the batch operations;
	// CodeTransactionConflict: single-item writes and transactions).
	Operation string `json:"operation,omitempty"`
	// Table matches calls naming the table, or an item in it for batches
	// and transactions; "" matches any table, and calls without one.
	Table string `json:"table,omitempty"`
	// Key matches calls naming an item with these attribute values: the
	// key of GetItem, UpdateItem or DeleteItem, the item PutItem writes,
	// or any item of a batch or transaction. A subset of the key (the
	// partition key alone) matches every item with those values. Nil
	// matches any call.
	Key map[string]types.AttributeValue `json:"key,omitempty"`
	// From and To choose the matching calls that fire, by number from 1:
	// From..To, both included. A zero From means 1; a zero To means no
	// end. So {} is every call, {From: 3, To: 3} the third, {From: 2} the
	// second and later.
	From int `json:"from,omitempty"`
	To   int `json:"to,omitempty"`
	// Probability is the chance that a chosen call fires, in (0, 1];
	// zero means 1. The draws come from Seed, so a rule gives the same
	// sequence on every run that makes the same calls.
	Probability float64 `json:"probability,omitempty"`
	// Seed seeds the rule's random draws: Probability and a ranged delay.
	Seed uint64 `json:"seed,omitempty"`
	// Fault is what happens to the calls that fire the rule.
	Fault Fault `json:"fault"`
}

// Fault is what happens to a call that fires a rule: a delay, then an
// error or unprocessed batch items.
type Fault struct {
	// Error fails the call with one of the Code constants, with
	// DynamoDB's message for it.
	Error string `json:"error,omitempty"`
	// Message replaces the error's message.
	Message string `json:"message,omitempty"`
	// Unprocessed leaves the items of a BatchWriteItem or BatchGetItem
	// that the rule selects (by Table and Key; every item without them)
	// unprocessed: they are returned in UnprocessedItems or UnprocessedKeys
	// as requested and not applied, and the rest of the batch is processed.
	// As DynamoDB does, a batch none of whose items would be processed
	// fails with ProvisionedThroughputExceededException instead.
	Unprocessed bool `json:"unprocessed,omitempty"`
	// Delay delays the call; with MaxDelay, by a duration drawn between
	// Delay and MaxDelay. A call whose context ends while it waits fails
	// with the context's error.
	Delay    time.Duration `json:"delay,omitempty"`
	MaxDelay time.Duration `json:"maxDelay,omitempty"`
}

// RuleStatus is a rule with its identity and counts.
type RuleStatus struct {
	// ID identifies the rule in the set (Faults.Remove).
	ID int `json:"id"`
	Rule
	// Calls counts the calls that matched the rule; Hits those that fired it.
	Calls int `json:"calls"`
	Hits  int `json:"hits"`
}

// Faults is the set of fault rules of a DB. It is safe for concurrent use.
type Faults struct {
	n     atomic.Int32 // len(rules), read without mu by every call
	mu    sync.Mutex
	next  int
	rules []*ruleState
}

// ruleState is a rule in the set.
type ruleState struct {
	RuleStatus
	rand *rand.Rand
}

// Faults returns the database's fault rules, empty when it opens.
func (db *DB) Faults() *Faults { return &db.faults }

// Add adds a rule after the others and returns its ID, or an error saying
// what is wrong with it.
func (f *Faults) Add(r Rule) (int, error) {
	if err := r.check(); err != nil {
		return 0, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.next++
	f.rules = append(f.rules, &ruleState{
		RuleStatus: RuleStatus{ID: f.next, Rule: r},
		rand:       rand.New(rand.NewPCG(r.Seed, r.Seed)),
	})
	f.n.Store(int32(len(f.rules)))
	return f.next, nil
}

// Remove removes the rule with the given ID; it reports whether there was
// one.
func (f *Faults) Remove(id int) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	i := slices.IndexFunc(f.rules, func(r *ruleState) bool { return r.ID == id })
	if i < 0 {
		return false
	}
	f.rules = slices.Delete(f.rules, i, i+1)
	f.n.Store(int32(len(f.rules)))
	return true
}

// Clear removes every rule.
func (f *Faults) Clear() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.rules = nil
	f.n.Store(0)
}

// List returns the rules in order, with their counts.
func (f *Faults) List() []RuleStatus {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]RuleStatus, len(f.rules))
	for i, r := range f.rules {
		out[i] = r.RuleStatus
	}
	return out
}

// check validates a rule.
func (r *Rule) check() error {
	f := &r.Fault
	switch {
	case r.Operation != "" && !isOperation(r.Operation):
		return fmt.Errorf("engine: fault rule: unknown operation %q", r.Operation)
	case r.From < 0 || r.To < 0 || (r.To != 0 && r.To < max(r.From, 1)):
		return fmt.Errorf("engine: fault rule: calls %d..%d: want 1 <= from <= to, or to 0 for no end", r.From, r.To)
	case r.Probability < 0 || r.Probability > 1:
		return fmt.Errorf("engine: fault rule: probability %v is not between 0 and 1", r.Probability)
	case f.Message != "" && f.Error == "":
		return fmt.Errorf("engine: fault rule: a message without an error")
	case f.Error == "" && !f.Unprocessed && f.Delay == 0 && f.MaxDelay == 0:
		return fmt.Errorf("engine: fault rule: the fault has no error, unprocessed items or delay")
	case f.Error != "" && faultErrors[f.Error] == nil:
		return fmt.Errorf("engine: fault rule: unknown error %q", f.Error)
	case f.Error != "" && f.Unprocessed:
		return fmt.Errorf("engine: fault rule: a fault has an error or unprocessed items, not both")
	case f.Delay < 0 || (f.MaxDelay != 0 && f.MaxDelay < f.Delay):
		return fmt.Errorf("engine: fault rule: delay %v..%v: want 0 <= delay <= maxDelay", f.Delay, f.MaxDelay)
	}
	if only := f.operations(); only != nil && r.Operation != "" && !only[r.Operation] {
		return fmt.Errorf("engine: fault rule: %s does not apply to %s", f.effect(), r.Operation)
	}
	return nil
}

// Operations some faults are limited to.
var (
	batchOperations    = map[string]bool{"BatchWriteItem": true, "BatchGetItem": true}
	conflictOperations = map[string]bool{"PutItem": true, "UpdateItem": true, "DeleteItem": true, "TransactWriteItems": true, "TransactGetItems": true}
)

// operations returns the operations the fault can happen to, nil for all.
func (f *Fault) operations() map[string]bool {
	switch {
	case f.Unprocessed:
		return batchOperations
	case f.Error == CodeTransactionConflict:
		return conflictOperations
	}
	return nil
}

// effect names what the fault does, for errors.
func (f *Fault) effect() string {
	if f.Unprocessed {
		return "unprocessed items"
	}
	return f.Error
}

// firing is what the rules decided for one call.
type firing struct {
	delay time.Duration
	err   error
	// skip marks the targets of a batch left unprocessed.
	skip []bool
}

// fire offers a call of op with input in to the rules, counting and
// drawing as they match, and returns what they decided.
func (f *Faults) fire(op string, in any) firing {
	var out firing
	var ts []target
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, r := range f.rules {
		if only := r.Fault.operations(); (r.Operation != "" && r.Operation != op) || (only != nil && !only[op]) {
			continue
		}
		if ts == nil && (r.Table != "" || r.Key != nil || r.Fault.operations() != nil) {
			ts = targets(in)
		}
		selected, ok := r.selects(ts)
		if !ok {
			continue
		}
		r.Calls++
		if r.Calls < r.From || (r.To != 0 && r.Calls > r.To) {
			continue
		}
		if p := r.Probability; p > 0 && p < 1 && r.rand.Float64() >= p {
			continue
		}
		r.Hits++
		fault := &r.Fault
		out.delay += fault.Delay
		if spread := fault.MaxDelay - fault.Delay; spread > 0 {
			out.delay += time.Duration(r.rand.Int64N(int64(spread) + 1))
		}
		switch {
		case fault.Unprocessed:
			if out.skip == nil {
				out.skip = make([]bool, len(ts))
			}
			for i, s := range selected {
				out.skip[i] = out.skip[i] || s
			}
			if !slices.Contains(out.skip, false) {
				out.err = faultErrors[CodeProvisionedThroughputExceeded](op, "")
				return out
			}
		case fault.Error != "":
			out.err = fault.failure(op, selected)
			return out
		}
	}
	return out
}

// selects reports whether the rule's Table and Key match a call naming
// targets ts, and which targets they select (nil when the rule names
// neither: every target).
func (r *Rule) selects(ts []target) (selected []bool, ok bool) {
	if r.Table == "" && r.Key == nil {
		selected = make([]bool, len(ts))
		for i := range selected {
			selected[i] = true
		}
		return selected, true
	}
	selected = make([]bool, len(ts))
	for i, t := range ts {
		selected[i] = (r.Table == "" || t.table == r.Table) && (r.Key == nil || t.has(r.Key))
		ok = ok || selected[i]
	}
	return selected, ok
}
