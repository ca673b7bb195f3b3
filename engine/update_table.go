package engine

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/internal/apierr"
	"github.com/ddbkit/ddb/engine/internal/storage"
)

// UpdateTable changes a table's billing mode, provisioned throughput (of the
// table and its global secondary indexes), stream or deletion protection,
// or creates or deletes a global secondary index. The returned description
// says UPDATING; the change is complete for the next call, except that a new
// index stays CREATING while it is backfilled, and a deleted one DELETING
// while its rows are dropped, both in the background.
func (db *DB) UpdateTable(ctx context.Context, in *dynamodb.UpdateTableInput, _ ...func(*dynamodb.Options)) (*dynamodb.UpdateTableOutput, error) {
	in = orEmpty(in)
	if _, err := db.begin(ctx, "UpdateTable", in); err != nil {
		return nil, err
	}
	if err := checkUpdateTableInput(in); err != nil {
		return nil, err
	}
	if in.ProvisionedThroughput == nil && in.BillingMode == "" && in.GlobalSecondaryIndexUpdates == nil &&
		in.StreamSpecification == nil && in.DeletionProtectionEnabled == nil && in.SSESpecification == nil &&
		in.ReplicaUpdates == nil && in.TableClass == "" && in.OnDemandThroughput == nil {
		return nil, apierr.Validation("At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required")
	}
	name, err := resolveTable(*in.TableName)
	if err != nil {
		return nil, err
	}
	now := db.now()
	db.mu.Lock()
	defer db.mu.Unlock()
	t := db.tables[name]
	if t == nil || t.loading.Load() {
		return nil, tableNotFound(name)
	}
	d := cloneDescription(t.desc)
	if err := updateDescription(d, in, now); err != nil {
		return nil, err
	}
	change, err := db.changeIndexes(t, d, in)
	if err != nil {
		return nil, err
	}
	streamOps, applyStream := db.streamChange(t, d, now)
	old := t.desc
	t.desc = d
	if err := db.saveTable(t, streamOps...); err != nil {
		t.desc = old
		if change != nil && change.create != nil {
			delete(t.ids, change.create.name)
		}
		return nil, apierr.Internal("cannot store the table: " + err.Error())
	}
	applyStream()
	if change != nil {
		db.apply(t, change)
	}
	out := db.describe(t, now)
	out.TableStatus = types.TableStatusUpdating
	return &dynamodb.UpdateTableOutput{TableDescription: out}, nil
}

// updateDescription applies an UpdateTableInput to a copy of a table's
// description.
func updateDescription(d *types.TableDescription, in *dynamodb.UpdateTableInput, now time.Time) error {
	if in.ReplicaUpdates != nil {
		return apierr.Validation("Replica updates are not supported by this engine")
	}
	billing := currentBilling(d)
	if in.BillingMode != "" {
		billing = in.BillingMode
	}
	if err := updateThroughput(d, billing, in, now); err != nil {
		return err
	}
	if in.StreamSpecification != nil {
		if err := updateStream(d, in.StreamSpecification, now); err != nil {
			return err
		}
	}
	if err := setSSE(d, in.SSESpecification); err != nil {
		return err
	}
	if in.OnDemandThroughput != nil {
		limits, err := changedOnDemandThroughput(d.OnDemandThroughput, in.OnDemandThroughput)
		if err != nil {
			return err
		}
		d.OnDemandThroughput = limits
	}
	if in.DeletionProtectionEnabled != nil {
		d.DeletionProtectionEnabled = ptr(*in.DeletionProtectionEnabled)
	}
	if in.TableClass != "" {
		d.TableClassSummary = &types.TableClassSummary{TableClass: in.TableClass, LastUpdateDateTime: ptr(now)}
	}
	return nil
}

// currentBilling returns the billing mode of a table.
func currentBilling(d *types.TableDescription) types.BillingMode {
	if d.BillingModeSummary != nil && d.BillingModeSummary.BillingMode != "" {
		return d.BillingModeSummary.BillingMode
	}
	return types.BillingModeProvisioned
}

// updateThroughput applies billing-mode and throughput changes.
func updateThroughput(d *types.TableDescription, billing types.BillingMode, in *dynamodb.UpdateTableInput, now time.Time) error {
	switching := billing != currentBilling(d)
	if billing == types.BillingModePayPerRequest {
		if in.ProvisionedThroughput != nil {
			return invalidParam("Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST")
		}
		for _, u := range in.GlobalSecondaryIndexUpdates {
			if u.Update != nil && u.Update.ProvisionedThroughput != nil {
				return invalidParam("ProvisionedThroughput should not be specified for index: %s when BillingMode is PAY_PER_REQUEST", deref(u.Update.IndexName))
			}
		}
		if err := updateIndexOnDemandThroughput(d, in.GlobalSecondaryIndexUpdates); err != nil {
			return err
		}
		if switching {
			d.BillingModeSummary = &types.BillingModeSummary{BillingMode: billing, LastUpdateToPayPerRequestDateTime: ptr(now)}
			d.ProvisionedThroughput = zeroThroughput(d.ProvisionedThroughput)
			for i := range d.GlobalSecondaryIndexes {
				g := &d.GlobalSecondaryIndexes[i]
				g.ProvisionedThroughput = zeroThroughput(g.ProvisionedThroughput)
			}
		}
		return nil
	}
	if switching {
		summary := &types.BillingModeSummary{BillingMode: billing}
		if d.BillingModeSummary != nil {
			summary.LastUpdateToPayPerRequestDateTime = d.BillingModeSummary.LastUpdateToPayPerRequestDateTime
		}
		d.BillingModeSummary = summary
	}
	if pt := in.ProvisionedThroughput; pt != nil {
		if err := checkThroughput(pt, "provisionedThroughput", ofTable); err != nil {
			return err
		}
		cur := d.ProvisionedThroughput
		if !switching && *cur.ReadCapacityUnits == *pt.ReadCapacityUnits && *cur.WriteCapacityUnits == *pt.WriteCapacityUnits {
			return apierr.Validationf("The provisioned throughput for the table will not change. The requested value equals the current value. "+
				"Current ReadCapacityUnits provisioned for the table: %d. Requested ReadCapacityUnits: %d. "+
				"Current WriteCapacityUnits provisioned for the table: %d. Requested WriteCapacityUnits: %d. "+
				"Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.",
				*cur.ReadCapacityUnits, *pt.ReadCapacityUnits, *cur.WriteCapacityUnits, *pt.WriteCapacityUnits)
		}
		next, err := changedThroughput(cur, pt, now)
		if err != nil {
			return err
		}
		d.ProvisionedThroughput = next
	}
	for i, u := range in.GlobalSecondaryIndexUpdates {
		if u.Update == nil {
			continue
		}
		g := findGSI(d, deref(u.Update.IndexName))
		if g == nil {
			return &types.ResourceNotFoundException{Message: ptr("Requested resource not found")}
		}
		field := "globalSecondaryIndexUpdates." + itoa(i+1) + ".member.update.provisionedThroughput"
		if u.Update.ProvisionedThroughput == nil {
			return nullField(field)
		}
		if err := checkThroughput(u.Update.ProvisionedThroughput, field, ofIndex); err != nil {
			return err
		}
		next, err := changedThroughput(g.ProvisionedThroughput, u.Update.ProvisionedThroughput, now)
		if err != nil {
			return err
		}
		g.ProvisionedThroughput = next
	}
	if switching {
		for i := range d.GlobalSecondaryIndexes {
			if g := &d.GlobalSecondaryIndexes[i]; *g.ProvisionedThroughput.ReadCapacityUnits == 0 {
				return invalidParam("ProvisionedThroughput must be specified for index: %s when BillingMode is PROVISIONED", *g.IndexName)
			}
		}
	}
	return nil
}

// updateIndexOnDemandThroughput applies the maximum request units that
// updates set on the global secondary indexes of an on-demand table.
func updateIndexOnDemandThroughput(d *types.TableDescription, updates []types.GlobalSecondaryIndexUpdate) error {
	for _, u := range updates {
		if u.Update == nil || u.Update.OnDemandThroughput == nil {
			continue
		}
		g := findGSI(d, deref(u.Update.IndexName))
		if g == nil {
			return &types.ResourceNotFoundException{Message: ptr("Requested resource not found")}
		}
		limits, err := changedOnDemandThroughput(g.OnDemandThroughput, u.Update.OnDemandThroughput)
		if err != nil {
			return err
		}
		g.OnDemandThroughput = limits
	}
	return nil
}

// findGSI returns the named global secondary index of d, or nil.
func findGSI(d *types.TableDescription, name string) *types.GlobalSecondaryIndexDescription {
	for i := range d.GlobalSecondaryIndexes {
		if *d.GlobalSecondaryIndexes[i].IndexName == name {
			return &d.GlobalSecondaryIndexes[i]
		}
	}
	return nil
}

// changedThroughput returns cur changed to pt at now, recording an
// increase or a decrease as DynamoDB does. Decreases are limited as
// DynamoDB limits them, per table and per global secondary index: four at
// any time of a UTC day, then one more whenever there was none in the past
// hour (27 a day at most).
func changedThroughput(cur *types.ProvisionedThroughputDescription, pt *types.ProvisionedThroughput, now time.Time) (*types.ProvisionedThroughputDescription, error) {
	next := *cur
	next.ReadCapacityUnits = ptr(*pt.ReadCapacityUnits)
	next.WriteCapacityUnits = ptr(*pt.WriteCapacityUnits)
	if *pt.ReadCapacityUnits > *cur.ReadCapacityUnits || *pt.WriteCapacityUnits > *cur.WriteCapacityUnits {
		next.LastIncreaseDateTime = ptr(now)
	}
	if *pt.ReadCapacityUnits < *cur.ReadCapacityUnits || *pt.WriteCapacityUnits < *cur.WriteCapacityUnits {
		today := decreasesToday(cur, now)
		if last := deref(cur.LastDecreaseDateTime); today >= freeDecreases && now.Sub(last) < time.Hour {
			return nil, errDecreaseLimit(today, last)
		}
		next.LastDecreaseDateTime = ptr(now)
		next.NumberOfDecreasesToday = ptr(today + 1)
	}
	return &next, nil
}

// freeDecreases is how many decreases a UTC day allows at any time.
const freeDecreases = 4

// decreasesToday returns how many decreases of cur were made on now's UTC
// day.
func decreasesToday(cur *types.ProvisionedThroughputDescription, now time.Time) int64 {
	last := cur.LastDecreaseDateTime
	if last == nil || !sameUTCDay(*last, now) {
		return 0
	}
	return deref(cur.NumberOfDecreasesToday)
}

// sameUTCDay reports whether a and b fall on the same UTC calendar day.
func sameUTCDay(a, b time.Time) bool {
	return a.UTC().Truncate(24 * time.Hour).Equal(b.UTC().Truncate(24 * time.Hour))
}

// awsLongDate is how DynamoDB's messages write a time in full.
const awsLongDate = "Monday, January 2, 2006 at 3:04:05 PM"

// errDecreaseLimit is the error of a decrease past the day's allowance,
// as AWS words it (recorded 2026), the last decrease at last.
func errDecreaseLimit(today int64, last time.Time) error {
	const utc = " Coordinated Universal Time"
	return &types.LimitExceededException{Message: ptr(fmt.Sprintf("Subscriber limit exceeded: Provisioned throughput decreases are limited within a given UTC day. "+
		"After the first %d decreases, each subsequent decrease in the same UTC day can be performed at most once every 3600 seconds. "+
		"Number of decreases today: %d. Last decrease at %s. Next decrease can be made at %s",
		freeDecreases, today, last.UTC().Format(awsLongDate)+utc, last.Add(time.Hour).UTC().Format(awsLongDate)+utc))}
}

// zeroThroughput is the throughput of an on-demand table or index.
func zeroThroughput(cur *types.ProvisionedThroughputDescription) *types.ProvisionedThroughputDescription {
	next := *cur
	next.ReadCapacityUnits = ptr(int64(0))
	next.WriteCapacityUnits = ptr(int64(0))
	return &next
}

// updateStream enables or disables a table's stream. The view type of an
// enabled stream cannot change: the stream must be disabled, then enabled
// again, which makes a new stream.
func updateStream(d *types.TableDescription, spec *types.StreamSpecification, now time.Time) error {
	if spec.StreamEnabled == nil {
		return errStreamEnabledNull
	}
	enabled := *spec.StreamEnabled
	switch {
	case enabled && spec.StreamViewType == "":
		return invalidParam("If stream is being enabled then UpdateViewType is required")
	case !enabled && spec.StreamViewType != "":
		return invalidParam("If stream is being disabled, then UpdateViewType must not be specified")
	case enabled && d.StreamSpecification != nil:
		return apierr.Validation("Table already has an enabled stream: TableName: " + *d.TableName)
	case !enabled && d.StreamSpecification == nil:
		return apierr.Validation("Table has no stream to disable: TableName: " + *d.TableName)
	case !enabled:
		// LatestStreamArn and LatestStreamLabel stay, naming the
		// disabled stream.
		d.StreamSpecification = nil
		return nil
	}
	return enableStream(d, spec, now)
}

// streamChange returns the storage op that enabling or disabling t's stream
// as described by d makes, and the function that applies the change once
// that op is stored. Callers hold db.mu.
func (db *DB) streamChange(t *table, d *types.TableDescription, now time.Time) (ops []storage.Op, apply func()) {
	cur := t.stream.Load()
	switch {
	case d.StreamSpecification != nil && (cur == nil || cur.meta.ARN != *d.LatestStreamArn):
		s, op := db.newStream(d, now)
		return []storage.Op{op}, func() {
			db.streams[s.meta.ARN] = s
			t.stream.Store(s)
		}
	case d.StreamSpecification == nil && cur != nil:
		op, disable := cur.disable(now)
		return []storage.Op{op}, func() {
			disable()
			t.stream.Store(nil)
		}
	}
	return nil, func() {}
}

// deref returns *p, or the zero value for nil.
func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
