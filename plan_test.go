package ddb_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/internal/testbackend"
)

// ticketV1 is a table's first declaration; ticketV2 adds an index.
type ticketV1 struct {
	Queue  string `ddb:"queue,hash"`
	ID     int    `ddb:"id,range"`
	Status string `ddb:"status"`
	Owner  string `ddb:"owner,gsi=by_owner"`
}

type ticketV2 struct {
	Queue  string `ddb:"queue,hash"`
	ID     int    `ddb:"id,range"`
	Status string `ddb:"status,gsi=by_status"`
	Owner  string `ddb:"owner,gsi=by_owner"`
}

type ticketNumberKey struct {
	Queue int `ddb:"queue,hash"`
	ID    int `ddb:"id,range"`
}

// countingAPI counts the table changes sent through it.
type countingAPI struct {
	ddb.API
	updates atomic.Int32
}

func (c *countingAPI) UpdateTable(ctx context.Context, in *dynamodb.UpdateTableInput, opts ...func(*dynamodb.Options)) (*dynamodb.UpdateTableOutput, error) {
	c.updates.Add(1)
	return c.API.UpdateTable(ctx, in, opts...)
}

func (c *countingAPI) UpdateTimeToLive(ctx context.Context, in *dynamodb.UpdateTimeToLiveInput, opts ...func(*dynamodb.Options)) (*dynamodb.UpdateTimeToLiveOutput, error) {
	c.updates.Add(1)
	return c.API.UpdateTimeToLive(ctx, in, opts...)
}

func TestPlanAndSync(t *testing.T) {
	for _, b := range testbackend.All(t) {
		t.Run(b.Name, func(t *testing.T) {
			ctx := t.Context()
			api := &countingAPI{API: b.API}
			db := ddb.New(api)
			name := testbackend.UniqueTableName(t, "tickets")
			v1, err := ddb.NewTable[ticketV1](db, name, ddb.WithIndex("by_owner", ddb.ProjectKeysOnly()))
			if err != nil {
				t.Fatal(err)
			}
			plan, err := v1.Plan(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(plan.Changes) != 1 || plan.Changes[0].Action != ddb.ActionCreateTable {
				t.Fatalf("plan of a missing table:\n%s", plan)
			}
			if _, err := v1.Sync(ctx); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() {
				if err := v1.DeleteTable(context.Background()); err != nil {
					t.Error(err)
				}
			})
			if err := v1.Put(ctx, ticketV1{Queue: "q", ID: 1, Status: "open", Owner: "ann"}); err != nil {
				t.Fatal(err)
			}

			v2, err := ddb.NewTable[ticketV2](db, name, ddb.Provisioned(4, 2),
				ddb.WithIndex("by_owner", ddb.ProjectAll()), ddb.WithIndex("by_status", ddb.IndexThroughput(3, 1)),
				ddb.WithStream(types.StreamViewTypeNewImage), ddb.WithTTL("expires"))
			if err != nil {
				t.Fatal(err)
			}
			plan, err = v2.Plan(ctx)
			if err != nil {
				t.Fatal(err)
			}
			want := strings.Join([]string{
				"table " + name + ": 6 to change",
				"  - index by_owner: global [owner HASH S] KEYS_ONLY (projection differs; created again below)",
				"  ~ billing mode: PAY_PER_REQUEST -> PROVISIONED",
				"  + index by_status: global [status HASH S] ALL",
				"  + index by_owner: global [owner HASH S] ALL",
				"  ~ time to live: none -> expires",
				"  ~ stream: none -> NEW_IMAGE",
			}, "\n")
			if diff := cmp.Diff(want, plan.String()); diff != "" {
				t.Errorf("plan (-want +got):\n%s", diff)
			}
			var statuses []string
			if _, err := v2.Sync(ctx, ddb.OnSyncProgress(func(p ddb.SyncProgress) {
				statuses = append(statuses, fmt.Sprintf("%d/%d %s", p.N, p.Of, p.Status))
			})); err != nil {
				t.Fatal(err)
			}
			if len(statuses) < 12 || statuses[0] != "1/6 started" || statuses[len(statuses)-1] != "6/6 done" {
				t.Errorf("progress: %q", statuses)
			}
			plan, err = v2.Plan(ctx)
			if err != nil || !plan.Empty() {
				t.Fatalf("plan after Sync: %v, %v", plan, err)
			}
			sent := api.updates.Load()
			if _, err := v2.Sync(ctx); err != nil {
				t.Fatal(err)
			}
			if n := api.updates.Load(); n != sent {
				t.Errorf("a second Sync sent %d changes", n-sent)
			}
			open, err := v2.Query(ctx, ddb.Partition("open"), ddb.OnIndex("by_status")).Collect(10)
			if err != nil || len(open) != 1 || open[0].Owner != "ann" {
				t.Errorf("query of the new index: %+v, %v", open, err)
			}
			desc, err := v2.Describe(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, g := range desc.GlobalSecondaryIndexes {
				if *g.IndexName == "by_status" && *g.ProvisionedThroughput.ReadCapacityUnits != 3 {
					t.Errorf("by_status throughput: %+v", g.ProvisionedThroughput)
				}
			}

			// Back to v1: drop an index, the stream and time to live, and
			// change the throughput.
			back, err := ddb.NewTable[ticketV1](db, name, ddb.Provisioned(6, 2), ddb.WithIndex("by_owner", ddb.IndexThroughput(6, 2)))
			if err != nil {
				t.Fatal(err)
			}
			plan, err = back.Plan(ctx)
			if err != nil {
				t.Fatal(err)
			}
			want = strings.Join([]string{
				"table " + name + ": 5 to change",
				"  - index by_status: global [status HASH S] ALL",
				"  ~ throughput: 4 read, 2 write -> 6 read, 2 write",
				"  ~ index by_owner throughput: 4 read, 2 write -> 6 read, 2 write",
				"  ~ time to live: expires -> none",
				"  ~ stream: NEW_IMAGE -> none",
			}, "\n")
			if diff := cmp.Diff(want, plan.String()); diff != "" {
				t.Errorf("plan back (-want +got):\n%s", diff)
			}
			if _, err := back.Sync(ctx); err != nil {
				t.Fatal(err)
			}
			if plan, err := back.Plan(ctx); err != nil || !plan.Empty() {
				t.Errorf("plan after going back: %v, %v", plan, err)
			}
		})
	}
}

func TestSyncManualChanges(t *testing.T) {
	forEachTable(t, "manual", func(t *testing.T, v1 *ddb.Table[ticketV1]) {
		ctx := t.Context()
		other, err := ddb.NewTable[ticketNumberKey](v1.DB(), v1.Name())
		if err != nil {
			t.Fatal(err)
		}
		api := &countingAPI{API: v1.DB().API()}
		other = ddb.TableWithSchema[ticketNumberKey](ddb.New(api), other.Schema())
		plan, err := other.Plan(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(plan.String(), "! key schema: declared [queue HASH N, id RANGE N], actual [queue HASH S, id RANGE N]\n      DynamoDB cannot change a table's keys") {
			t.Errorf("plan:\n%s", plan)
		}
		_, err = other.Sync(ctx)
		var me *ddb.ManualChangeError
		if !errors.As(err, &me) || !errors.Is(err, ddb.ErrSchemaMismatch) || !strings.Contains(err.Error(), "ddb copy") {
			t.Errorf("Sync = %v, want a ManualChangeError", err)
		}
		if n := api.updates.Load(); n != 0 {
			t.Errorf("Sync with a manual change sent %d changes first", n)
		}
	})
}

// A change of the time-to-live attribute takes two UpdateTimeToLive calls,
// which DynamoDB accepts only an hour apart: Sync refuses it as a manual
// change, sending nothing, while it enables and disables time to live.
func TestSyncTTLAttributeChange(t *testing.T) {
	forEachTable(t, "ttlchange", func(t *testing.T, table *ddb.Table[ticketV1]) {
		ctx := t.Context()
		api := &countingAPI{API: table.DB().API()}
		db := ddb.New(api)
		declare := func(opts ...ddb.TableOption) *ddb.Table[ticketV1] {
			t.Helper()
			v, err := ddb.NewTable[ticketV1](db, table.Name(), append([]ddb.TableOption{ddb.WithIndex("by_owner", ddb.ProjectKeysOnly())}, opts...)...)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		if _, err := declare(ddb.WithTTL("expires")).Sync(ctx); err != nil {
			t.Fatal(err)
		}
		sent := api.updates.Load()
		other := declare(ddb.WithTTL("until"))
		plan, err := other.Plan(ctx)
		if err != nil || !strings.Contains(plan.String(), "! time to live: declared until, actual expires\n      DynamoDB accepts one change of a table's time to live per hour") {
			t.Errorf("plan: %v, %v", plan, err)
		}
		_, err = other.Sync(ctx)
		var me *ddb.ManualChangeError
		if !errors.As(err, &me) || !strings.Contains(err.Error(), "declare no time to live and Sync") {
			t.Errorf("Sync = %v, want a ManualChangeError", err)
		}
		if n := api.updates.Load() - sent; n != 0 {
			t.Errorf("Sync of a new time-to-live attribute sent %d changes", n)
		}
		for _, v := range []*ddb.Table[ticketV1]{declare(), other} {
			if _, err := v.Sync(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if n := api.updates.Load() - sent; n != 2 {
			t.Errorf("disabling and enabling time to live sent %d changes, want 2", n)
		}
		if plan, err := other.Plan(ctx); err != nil || !plan.Empty() {
			t.Errorf("plan after the two Syncs: %v, %v", plan, err)
		}
	}, ddb.WithIndex("by_owner", ddb.ProjectKeysOnly()))
}

func TestSyncTags(t *testing.T) {
	for _, b := range testbackend.Engines(t) {
		t.Run(b.Name, func(t *testing.T) {
			ctx := t.Context()
			table := newTable[ticketV1](t, b.DB(), "tagged", ddb.WithTags(map[string]string{"team": "shop", "env": "dev"}))
			plan, err := table.Plan(ctx)
			if err != nil || !plan.Empty() {
				t.Fatalf("plan after Create with tags: %v, %v", plan, err)
			}
			retagged, err := ddb.NewTable[ticketV1](table.DB(), table.Name(), ddb.WithTags(map[string]string{"team": "shop", "cost": "42"}))
			if err != nil {
				t.Fatal(err)
			}
			if plan, err = retagged.Sync(ctx); err != nil {
				t.Fatal(err)
			}
			if want := "~ tags: {env=dev, team=shop} -> {cost=42, team=shop}"; len(plan.Changes) != 1 || plan.Changes[0].String() != want {
				t.Errorf("plan:\n%s\nwant %s", plan, want)
			}
			if plan, err = retagged.Plan(ctx); err != nil || !plan.Empty() {
				t.Errorf("plan after Sync: %v, %v", plan, err)
			}
		})
	}
}

// event is an item of the backfill test.
type event struct {
	Source string `ddb:"source,hash"`
	Seq    int    `ddb:"seq,range"`
	Kind   string `ddb:"kind"`
}

type eventIndexed struct {
	Source string `ddb:"source,hash"`
	Seq    int    `ddb:"seq,range"`
	Kind   string `ddb:"kind,gsi=by_kind"`
}

// TestSyncBackfill adds an index to a table of 100,000 items and checks
// that Sync waits for the engine's background backfill.
func TestSyncBackfill(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 100,000 items")
	}
	const items, kinds = 100_000, 10
	for _, b := range testbackend.Engines(t)[:2] { // in memory and on disk
		t.Run(b.Name, func(t *testing.T) {
			ctx := t.Context()
			table := newTable[event](t, b.DB(), "events")
			start := time.Now()
			batch := table.BatchWrite()
			for i := range items {
				batch.Put(event{Source: fmt.Sprintf("s%03d", i%500), Seq: i, Kind: fmt.Sprintf("k%d", i%kinds)})
			}
			if err := batch.Run(ctx); err != nil {
				t.Fatal(err)
			}
			t.Logf("wrote %d items in %v", items, time.Since(start))
			indexed, err := ddb.NewTable[eventIndexed](table.DB(), table.Name())
			if err != nil {
				t.Fatal(err)
			}
			plan, err := indexed.Plan(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := plan.String(), "table "+table.Name()+": 1 to change\n  + index by_kind: global [kind HASH S] ALL"; got != want {
				t.Errorf("plan = %q, want %q", got, want)
			}
			start = time.Now()
			backfilling := 0
			if _, err := indexed.Sync(ctx, ddb.OnSyncProgress(func(p ddb.SyncProgress) {
				if strings.HasSuffix(p.Status, "backfilling") {
					backfilling++
				}
			})); err != nil {
				t.Fatal(err)
			}
			t.Logf("Sync created the index in %v (%d checks while backfilling)", time.Since(start), backfilling)
			if backfilling == 0 {
				t.Error("Sync never saw the index backfilling")
			}
			for k := range kinds {
				n, err := indexed.Query(ctx, ddb.Partition(fmt.Sprintf("k%d", k)), ddb.OnIndex("by_kind")).Count()
				if err != nil || n != items/kinds {
					t.Errorf("kind k%d: %d items, %v; want %d", k, n, err, items/kinds)
				}
			}
			last, err := indexed.Query(ctx, ddb.Partition("k9"), ddb.OnIndex("by_kind")).First()
			if err != nil || last.Kind != "k9" || last.Seq%kinds != 9 {
				t.Errorf("first k9 item = %+v, %v", last, err)
			}
			if plan, err := indexed.Plan(ctx); err != nil || !plan.Empty() {
				t.Errorf("plan after Sync: %v, %v", plan, err)
			}
		})
	}
}

type statusItem struct {
	ID     string `ddb:"id,hash"`
	Status string `ddb:"status,gsi=by_status"`
}

// An index created again (its projection differs) gets the declared
// throughput with its creation, not through an update of the index Sync
// has just deleted.
func TestSyncRecreatedIndexThroughput(t *testing.T) {
	for _, b := range testbackend.All(t) {
		t.Run(b.Name, func(t *testing.T) {
			ctx := t.Context()
			db := ddb.New(b.API)
			name := testbackend.UniqueTableName(t, "recreated")
			v1, err := ddb.NewTable[statusItem](db, name, ddb.Provisioned(5, 5),
				ddb.WithIndex("by_status", ddb.ProjectKeysOnly(), ddb.IndexThroughput(2, 2)))
			if err != nil {
				t.Fatal(err)
			}
			if err := v1.Create(ctx); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() {
				if err := v1.DeleteTable(context.Background()); err != nil {
					t.Error(err)
				}
			})
			v2, err := ddb.NewTable[statusItem](db, name, ddb.Provisioned(5, 5),
				ddb.WithIndex("by_status", ddb.ProjectAll(), ddb.IndexThroughput(3, 3)))
			if err != nil {
				t.Fatal(err)
			}
			plan, err := v2.Plan(ctx)
			if err != nil {
				t.Fatal(err)
			}
			want := strings.Join([]string{
				"table " + name + ": 2 to change",
				"  - index by_status: global [status HASH S] KEYS_ONLY (projection differs; created again below)",
				"  + index by_status: global [status HASH S] ALL",
			}, "\n")
			if diff := cmp.Diff(want, plan.String()); diff != "" {
				t.Errorf("plan (-want +got):\n%s", diff)
			}
			if _, err := v2.Sync(ctx); err != nil {
				t.Fatal(err)
			}
			desc, err := v2.Describe(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(desc.GlobalSecondaryIndexes) != 1 || *desc.GlobalSecondaryIndexes[0].ProvisionedThroughput.ReadCapacityUnits != 3 {
				t.Errorf("indexes after Sync: %+v", desc.GlobalSecondaryIndexes)
			}
			if plan, err := v2.Plan(ctx); err != nil || !plan.Empty() {
				t.Errorf("plan after Sync: %v, %v", plan, err)
			}
		})
	}
}
