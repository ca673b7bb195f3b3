package ddb

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// syncStep is one request of a PlanChange and what to wait for after it.
type syncStep struct {
	run func(ctx context.Context) error
	// settled reports, from the table's description, whether DynamoDB
	// has finished the step, and else what it is doing; nil when there
	// is nothing to wait for.
	settled func(d *types.TableDescription) (bool, string)
}

// SyncProgress reports how Sync gets on with a change.
type SyncProgress struct {
	Change PlanChange
	N, Of  int    // the change's place in the plan, from 1, and the number of changes
	Status string // "started", what DynamoDB is doing while Sync waits (such as "index by_status CREATING, backfilling"), or "done"
}

// SyncOption configures Sync.
type SyncOption func(*syncConfig)

type syncConfig struct {
	progress func(SyncProgress)
}

// OnSyncProgress calls fn as each change starts, at each check while Sync
// waits for DynamoDB to finish it, and when it is done. fn runs on the
// goroutine of Sync. Sync also logs each change to the DB's logger.
func OnSyncProgress(fn func(SyncProgress)) SyncOption {
	return func(c *syncConfig) { c.progress = fn }
}

// ManualChangeError reports the differences between a table and its
// declaration that Sync cannot make, with what to do instead; Sync
// returns it before changing anything. It matches ErrSchemaMismatch.
type ManualChangeError struct {
	Table   string
	Changes []PlanChange
}

// Error lists the changes and their advice.
func (e *ManualChangeError) Error() string {
	texts := make([]string, len(e.Changes))
	for i, c := range e.Changes {
		texts[i] = c.Difference.String() + " (" + c.Advice + ")"
	}
	return fmt.Sprintf("ddb: Sync %s: cannot change in place: %s", e.Table, strings.Join(texts, "; "))
}

// Is reports whether target is ErrSchemaMismatch.
func (e *ManualChangeError) Is(target error) bool { return target == ErrSchemaMismatch }

// Sync makes the live table match its declaration, and returns the plan
// it carried out (see Plan): it creates a missing table (as Create does),
// then deletes global indexes that are not declared or must be created
// anew (another key schema or projection), switches the billing mode or
// the throughput, creates the missing global indexes one at a time
// (DynamoDB creates one per UpdateTable), waiting after each until it is
// ACTIVE and its backfill has finished, then changes the stream, time to
// live and tags. It waits for each change to finish before the next, so a
// table in use stays usable throughout. Running it again finds nothing to
// do.
//
// Changes DynamoDB cannot make in place (the table's keys, local indexes,
// an index's kind) are a *ManualChangeError, returned before anything
// changes, whose advice says what to do instead (create a new table and
// copy the items); so is a change of the time-to-live attribute from one
// to another, which DynamoDB takes as two changes an hour apart (Sync
// enables or disables time to live). Waits are bounded by the DB's wait timeout
// (WithWaitTimeout) and by ctx; when Sync stops early, the changes made so
// far stay made and a new Sync carries on from there.
func (t *Table[T]) Sync(ctx context.Context, opts ...SyncOption) (*Plan, error) {
	var cfg syncConfig
	for _, opt := range opts {
		opt(&cfg)
	}
	p, err := t.Plan(ctx)
	if err != nil {
		return nil, err
	}
	if manual := p.Manual(); len(manual) > 0 {
		return p, &ManualChangeError{Table: p.Table, Changes: manual}
	}
	report := func(n int, c PlanChange, status string) {
		if cfg.progress != nil {
			cfg.progress(SyncProgress{Change: c, N: n, Of: len(p.Changes), Status: status})
		}
	}
	for i, c := range p.Changes {
		t.db.logger.InfoContext(ctx, "ddb: Sync "+t.schema.name+": "+c.String(), "table", t.schema.name, "change", i+1, "of", len(p.Changes))
		report(i+1, c, "started")
		for _, step := range c.apply {
			if err := step.run(ctx); err != nil {
				return p, err
			}
			if step.settled == nil {
				continue
			}
			err := t.wait(ctx, "done with "+c.String(), func(d *types.TableDescription, err error) (bool, error) {
				if err != nil {
					return false, err
				}
				done, status := step.settled(d)
				if !done {
					report(i+1, c, status)
				}
				return done, nil
			})
			if err != nil {
				return p, err
			}
		}
		report(i+1, c, "done")
	}
	return p, nil
}

// updateTable returns a step sending in, built when it runs, and waiting
// until the table and its indexes are ACTIVE and settled says so too (nil
// for nothing more).
func (t *Table[T]) updateTable(in func(ctx context.Context) (*dynamodb.UpdateTableInput, error), settled func(d *types.TableDescription) (bool, string)) syncStep {
	return syncStep{
		run: func(ctx context.Context) error {
			req, err := in(ctx)
			if err == nil {
				req.TableName = t.schema.tableName
				_, err = t.db.api.UpdateTable(ctx, req)
				err = wrapError("UpdateTable", t.schema.name, err)
			}
			return err
		},
		settled: func(d *types.TableDescription) (bool, string) {
			if d.TableStatus != types.TableStatusActive {
				return false, "table " + string(d.TableStatus)
			}
			for _, g := range d.GlobalSecondaryIndexes {
				if g.IndexStatus != types.IndexStatusActive || aws.ToBool(g.Backfilling) {
					status := fmt.Sprintf("index %s %s", aws.ToString(g.IndexName), g.IndexStatus)
					if aws.ToBool(g.Backfilling) {
						status += ", backfilling"
					}
					return false, status
				}
			}
			if settled != nil {
				return settled(d)
			}
			return true, ""
		},
	}
}

// fixed returns a request builder of in.
func fixed(in *dynamodb.UpdateTableInput) func(context.Context) (*dynamodb.UpdateTableInput, error) {
	return func(context.Context) (*dynamodb.UpdateTableInput, error) { return in, nil }
}

// createIndex is the change creating the declared global index d.Index.
func (t *Table[T]) createIndex(d Difference) PlanChange {
	ix, _ := t.schema.Index(d.Index)
	var defs []types.AttributeDefinition
	for _, def := range t.schema.CreateTableInput().AttributeDefinitions {
		if name := aws.ToString(def.AttributeName); name == ix.HashKey || name == ix.RangeKey {
			defs = append(defs, def)
		}
	}
	in := &dynamodb.UpdateTableInput{
		AttributeDefinitions: defs,
		GlobalSecondaryIndexUpdates: []types.GlobalSecondaryIndexUpdate{{Create: &types.CreateGlobalSecondaryIndexAction{
			IndexName:             aws.String(ix.Name),
			KeySchema:             keySchema(ix.HashKey, ix.RangeKey),
			Projection:            ix.Projection.sdk(),
			ProvisionedThroughput: ix.Throughput.sdk(),
		}}},
	}
	exists := func(d *types.TableDescription) (bool, string) {
		return findIndex(d, ix.Name) != nil, "index " + ix.Name + " not yet listed"
	}
	return PlanChange{Action: ActionCreateIndex, Difference: d, apply: []syncStep{t.updateTable(fixed(in), exists)}}
}

// deleteIndex is the change deleting the global index d.Index.
func (t *Table[T]) deleteIndex(d Difference) PlanChange {
	in := &dynamodb.UpdateTableInput{GlobalSecondaryIndexUpdates: []types.GlobalSecondaryIndexUpdate{{
		Delete: &types.DeleteGlobalSecondaryIndexAction{IndexName: aws.String(d.Index)},
	}}}
	gone := func(desc *types.TableDescription) (bool, string) {
		if g := findIndex(desc, d.Index); g != nil {
			return false, fmt.Sprintf("index %s %s", d.Index, g.IndexStatus)
		}
		return true, ""
	}
	step := t.updateTable(fixed(in), nil)
	// A deleted index is DELETING, not ACTIVE, until it is gone.
	step.settled = func(desc *types.TableDescription) (bool, string) {
		if desc.TableStatus != types.TableStatusActive {
			return false, "table " + string(desc.TableStatus)
		}
		return gone(desc)
	}
	return PlanChange{Action: ActionDeleteIndex, Difference: d, apply: []syncStep{step}}
}

// updateCapacity is the change of billing mode or of the throughput of the
// table or of one of its global indexes.
func (t *Table[T]) updateCapacity(d Difference) PlanChange {
	s := t.schema
	c := PlanChange{Action: ActionUpdate, Difference: d}
	switch {
	case d.Kind == DiffBilling && s.cfg.throughput == nil:
		c.apply = []syncStep{t.updateTable(fixed(&dynamodb.UpdateTableInput{BillingMode: types.BillingModePayPerRequest}), nil)}
	case d.Kind == DiffBilling:
		// Every global index then needs its throughput: those of the
		// table when Sync runs (the undeclared ones are deleted by then).
		c.apply = []syncStep{t.updateTable(func(ctx context.Context) (*dynamodb.UpdateTableInput, error) {
			desc, err := t.Describe(ctx)
			if err != nil {
				return nil, err
			}
			in := &dynamodb.UpdateTableInput{BillingMode: types.BillingModeProvisioned, ProvisionedThroughput: s.cfg.throughput.sdk()}
			for _, g := range desc.GlobalSecondaryIndexes {
				pt := s.cfg.throughput
				if ix, ok := s.Index(aws.ToString(g.IndexName)); ok && ix.Throughput != nil {
					pt = ix.Throughput
				}
				in.GlobalSecondaryIndexUpdates = append(in.GlobalSecondaryIndexUpdates, types.GlobalSecondaryIndexUpdate{
					Update: &types.UpdateGlobalSecondaryIndexAction{IndexName: g.IndexName, ProvisionedThroughput: pt.sdk()}})
			}
			return in, nil
		}, nil)}
	case d.Index == "":
		c.apply = []syncStep{t.updateTable(fixed(&dynamodb.UpdateTableInput{ProvisionedThroughput: s.cfg.throughput.sdk()}), nil)}
	default:
		ix, _ := s.Index(d.Index)
		c.apply = []syncStep{t.updateTable(fixed(&dynamodb.UpdateTableInput{GlobalSecondaryIndexUpdates: []types.GlobalSecondaryIndexUpdate{{
			Update: &types.UpdateGlobalSecondaryIndexAction{IndexName: aws.String(ix.Name), ProvisionedThroughput: ix.Throughput.sdk()},
		}}}), nil)}
	}
	return c
}

// updateStream is the change of the stream: disabling the table's, then
// enabling the declared one.
func (t *Table[T]) updateStream(d Difference) PlanChange {
	c := PlanChange{Action: ActionUpdate, Difference: d}
	if d.Actual != "none" {
		off := &dynamodb.UpdateTableInput{StreamSpecification: &types.StreamSpecification{StreamEnabled: aws.Bool(false)}}
		c.apply = append(c.apply, t.updateTable(fixed(off), nil))
	}
	if view := t.schema.cfg.stream; view != "" {
		on := &dynamodb.UpdateTableInput{StreamSpecification: &types.StreamSpecification{StreamEnabled: aws.Bool(true), StreamViewType: view}}
		c.apply = append(c.apply, t.updateTable(fixed(on), nil))
	}
	return c
}

// updateTTL is the change of time to live: enabling it on the declared
// attribute, or disabling it on the table's. (A change from one attribute
// to another takes two changes an hour apart, and is manual: see
// adviceTTL.)
func (t *Table[T]) updateTTL(d Difference) PlanChange {
	attr, enabled := d.Declared, true
	if d.Declared == "none" {
		attr, enabled = d.Actual, false
	}
	return PlanChange{Action: ActionUpdate, Difference: d, apply: []syncStep{{run: func(ctx context.Context) error {
		_, err := t.db.api.UpdateTimeToLive(ctx, &dynamodb.UpdateTimeToLiveInput{
			TableName:               t.schema.tableName,
			TimeToLiveSpecification: &types.TimeToLiveSpecification{AttributeName: aws.String(attr), Enabled: aws.Bool(enabled)},
		})
		return wrapError("UpdateTimeToLive", t.schema.name, err)
	}}}}
}

// updateTags is the change of the table's tags (arn) from live to the
// declared ones.
func (t *Table[T]) updateTags(d Difference, arn *string, live map[string]string) PlanChange {
	api, _ := t.db.tagger() // liveTags read live through it
	declared := t.schema.cfg.tags
	var set []types.Tag
	for _, k := range slices.Sorted(maps.Keys(declared)) {
		if v, ok := live[k]; !ok || v != declared[k] {
			set = append(set, types.Tag{Key: aws.String(k), Value: aws.String(declared[k])})
		}
	}
	var remove []string
	for _, k := range slices.Sorted(maps.Keys(live)) {
		if _, ok := declared[k]; !ok {
			remove = append(remove, k)
		}
	}
	c := PlanChange{Action: ActionUpdate, Difference: d}
	if len(remove) > 0 {
		c.apply = append(c.apply, syncStep{run: func(ctx context.Context) error {
			_, err := api.UntagResource(ctx, &dynamodb.UntagResourceInput{ResourceArn: arn, TagKeys: remove})
			return wrapError("UntagResource", t.schema.name, err)
		}})
	}
	if len(set) > 0 {
		c.apply = append(c.apply, syncStep{run: func(ctx context.Context) error {
			_, err := api.TagResource(ctx, &dynamodb.TagResourceInput{ResourceArn: arn, Tags: set})
			return wrapError("TagResource", t.schema.name, err)
		}})
	}
	return c
}
