package ddb

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// The kinds of difference only Plan compares (Create leaves billing,
// throughput and tags as they are).
const (
	DiffBilling    DifferenceKind = "billing mode" // PAY_PER_REQUEST or PROVISIONED
	DiffThroughput DifferenceKind = "throughput"   // provisioned capacity of the table or of a global index
	DiffTags       DifferenceKind = "tags"         // the table's tags, when declared (WithTags)
)

// PlanAction says what Sync does about a Difference.
type PlanAction string

// The actions of a Plan.
const (
	ActionCreateTable PlanAction = "create table" // the table does not exist
	ActionCreateIndex PlanAction = "create index" // create a global index and wait for its backfill
	ActionDeleteIndex PlanAction = "delete index" // delete a global index (undeclared, or to create it anew)
	ActionUpdate      PlanAction = "update"       // billing, throughput, stream, time to live or tags
	ActionManual      PlanAction = "manual"       // DynamoDB cannot change it in place: see Advice
)

// PlanChange is one step of a Plan: a difference between the table and its
// declaration and what Sync does about it.
type PlanChange struct {
	Action PlanAction
	Difference
	// Advice says what to do instead, for a change Sync cannot make.
	Advice string

	apply []syncStep // the requests that make it, in order
}

// String describes the change as a plan line: "+" for what Sync creates,
// "-" for what it deletes, "~" for what it updates in place and "!" for
// what it cannot change.
func (c PlanChange) String() string {
	switch c.Action {
	case ActionCreateTable:
		return "+ table " + c.Declared
	case ActionCreateIndex:
		return fmt.Sprintf("+ index %s: %s", c.Index, c.Declared)
	case ActionDeleteIndex:
		why := ""
		if c.Kind != DiffIndexUndeclared {
			why = fmt.Sprintf(" (%s differs; created again below)", c.Kind)
		}
		return fmt.Sprintf("- index %s: %s%s", c.Index, c.Actual, why)
	case ActionManual:
		return fmt.Sprintf("! %s\n    %s", c.Difference, c.Advice)
	}
	what := string(c.Kind)
	if c.Index != "" {
		what = "index " + c.Index + " " + what
	}
	return fmt.Sprintf("~ %s: %s -> %s", what, c.Actual, c.Declared)
}

// Plan is what Sync would change to make a table match its declaration,
// in the order it would: from Table.Plan.
type Plan struct {
	Table   string
	Changes []PlanChange
}

// Empty reports whether the table matches its declaration.
func (p *Plan) Empty() bool { return len(p.Changes) == 0 }

// Manual returns the changes Sync cannot make.
func (p *Plan) Manual() []PlanChange {
	return slices.DeleteFunc(slices.Clone(p.Changes), func(c PlanChange) bool { return c.Action != ActionManual })
}

// String lists the changes, one a line after a summary, as
//
//	table orders: 2 to change, 1 to do by hand
//	  + index by_status: global [status HASH S] ALL
//	  ~ stream: none -> NEW_AND_OLD_IMAGES
//	  ! key schema: declared [id HASH S], actual [id HASH N]
//	      ...
func (p *Plan) String() string {
	if p.Empty() {
		return "table " + p.Table + ": up to date"
	}
	manual := len(p.Manual())
	var sb strings.Builder
	fmt.Fprintf(&sb, "table %s: %d to change", p.Table, len(p.Changes)-manual)
	if manual > 0 {
		fmt.Fprintf(&sb, ", %d to do by hand", manual)
	}
	for _, c := range p.Changes {
		sb.WriteString("\n  " + strings.ReplaceAll(c.String(), "\n", "\n  "))
	}
	return sb.String()
}

// Plan compares the live table with its declaration (key schema, indexes
// with their keys and projections, billing mode, throughput, time to
// live, stream, and tags when declared with WithTags) and returns what
// Sync would do about each difference. It changes nothing.
func (t *Table[T]) Plan(ctx context.Context) (*Plan, error) {
	p := &Plan{Table: t.schema.name}
	desc, err := t.Describe(ctx)
	if errors.Is(err, ErrTableNotFound) {
		in := t.schema.CreateTableInput()
		p.Changes = []PlanChange{{Action: ActionCreateTable, Difference: Difference{Kind: DiffKeySchema, Declared: keySchemaText(in.KeySchema, in.AttributeDefinitions), Actual: "none"},
			apply: []syncStep{{t.Create, nil}}}}
		return p, nil
	}
	if err != nil {
		return nil, err
	}
	ttl, err := t.db.api.DescribeTimeToLive(ctx, &dynamodb.DescribeTimeToLiveInput{TableName: t.schema.tableName})
	if err != nil {
		return nil, wrapError("DescribeTimeToLive", t.schema.name, err)
	}
	tags, err := t.liveTags(ctx, desc)
	if err != nil {
		return nil, err
	}
	diffs := t.schema.drift(desc, ttl.TimeToLiveDescription)
	diffs = append(diffs, t.schema.settingsDrift(desc, tags)...)
	p.Changes = t.changes(desc, tags, diffs)
	return p, nil
}

// settingsDrift compares what drift leaves out: billing mode, the
// provisioned throughput of the table and its global indexes (when both
// sides are provisioned) and, when declared, tags (tags is nil when not
// read).
func (s *Schema) settingsDrift(desc *types.TableDescription, tags map[string]string) []Difference {
	var diffs []Difference
	add := func(kind DifferenceKind, index, want, got string) {
		if want != got {
			diffs = append(diffs, Difference{kind, index, want, got})
		}
	}
	declared := s.CreateTableInput().BillingMode
	actual := types.BillingModeProvisioned
	if b := desc.BillingModeSummary; b != nil && b.BillingMode != "" {
		actual = b.BillingMode
	}
	add(DiffBilling, "", string(declared), string(actual))
	if declared == types.BillingModeProvisioned && actual == types.BillingModeProvisioned {
		add(DiffThroughput, "", throughputText(s.cfg.throughput.sdk()), liveThroughputText(desc.ProvisionedThroughput))
		for _, ix := range s.def.Indexes {
			if g := findIndex(desc, ix.Name); g != nil && !ix.Local {
				add(DiffThroughput, ix.Name, throughputText(ix.Throughput.sdk()), liveThroughputText(g.ProvisionedThroughput))
			}
		}
	}
	if s.cfg.tags != nil && tags != nil {
		add(DiffTags, "", tagsText(s.cfg.tags), tagsText(tags))
	}
	return diffs
}

// findIndex returns the global index name of desc, nil when there is none.
func findIndex(desc *types.TableDescription, name string) *types.GlobalSecondaryIndexDescription {
	for i := range desc.GlobalSecondaryIndexes {
		if aws.ToString(desc.GlobalSecondaryIndexes[i].IndexName) == name {
			return &desc.GlobalSecondaryIndexes[i]
		}
	}
	return nil
}

// throughputText describes provisioned capacity, e.g. "5 read, 5 write".
func throughputText(t *types.ProvisionedThroughput) string {
	if t == nil {
		return "none"
	}
	return fmt.Sprintf("%d read, %d write", aws.ToInt64(t.ReadCapacityUnits), aws.ToInt64(t.WriteCapacityUnits))
}

// liveThroughputText describes the capacity a description reports.
func liveThroughputText(t *types.ProvisionedThroughputDescription) string {
	if t == nil {
		return "none"
	}
	return throughputText(&types.ProvisionedThroughput{ReadCapacityUnits: t.ReadCapacityUnits, WriteCapacityUnits: t.WriteCapacityUnits})
}

// tagsText describes tags in key order, e.g. "{env=prod, team=shop}".
func tagsText(tags map[string]string) string {
	parts := make([]string, 0, len(tags))
	for _, k := range slices.Sorted(maps.Keys(tags)) {
		parts = append(parts, k+"="+tags[k])
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// liveTags returns the table's tags when the declaration has some (nil
// otherwise).
func (t *Table[T]) liveTags(ctx context.Context, desc *types.TableDescription) (map[string]string, error) {
	if t.schema.cfg.tags == nil {
		return nil, nil
	}
	api, ok := t.db.tagger()
	if !ok {
		return nil, failed("ListTagsOfResource", t.schema.name, fmt.Errorf("the table declares tags, but the DB's API (%T) has no tagging methods", t.db.backend))
	}
	tags := map[string]string{}
	in := &dynamodb.ListTagsOfResourceInput{ResourceArn: desc.TableArn}
	for {
		out, err := api.ListTagsOfResource(ctx, in)
		if err != nil {
			return nil, wrapError("ListTagsOfResource", t.schema.name, err)
		}
		for _, tag := range out.Tags {
			tags[aws.ToString(tag.Key)] = aws.ToString(tag.Value)
		}
		if out.NextToken == nil {
			return tags, nil
		}
		in.NextToken = out.NextToken
	}
}

// Advice for the differences DynamoDB cannot change in place.
const (
	adviceNewTable = "DynamoDB cannot change a table's keys or local indexes: create a new table with the declared keys and indexes, copy the items into it (ddb copy), then move readers and writers to it"
	adviceIndex    = "DynamoDB cannot change the kind of an index: rename the declared index (Sync creates it), or move the table as for a key change"
	adviceTTL      = "DynamoDB accepts one change of a table's time to live per hour (it can take that long to process, and refuses another meanwhile): declare no time to live and Sync, which disables it, then declare the new attribute and Sync again an hour later"
)

// changes orders the differences into a plan: deletions of global indexes
// first (so that a billing switch covers only the indexes that stay and
// a replaced index is gone before it is created again), then billing and
// throughput, creations of global indexes, stream, time to live and tags,
// and last what cannot be changed in place.
func (t *Table[T]) changes(desc *types.TableDescription, tags map[string]string, diffs []Difference) []PlanChange {
	local := func(name string) bool {
		if ix, ok := t.schema.Index(name); ok && ix.Local {
			return true
		}
		return slices.ContainsFunc(desc.LocalSecondaryIndexes, func(l types.LocalSecondaryIndexDescription) bool { return aws.ToString(l.IndexName) == name })
	}
	// A global index whose keys or projection differ is deleted and created
	// again with everything declared, its throughput included: no other
	// change applies to it (the index is gone when it would run).
	recreated := map[string]bool{}
	for _, d := range diffs {
		if (d.Kind == DiffIndexKeySchema || d.Kind == DiffProjection) && !local(d.Index) {
			recreated[d.Index] = true
		}
	}
	var deletes, updates, creates, later, manual []PlanChange
	replaced := map[string]bool{}
	for _, d := range diffs {
		switch {
		case d.Kind == DiffKeySchema || local(d.Index) && d.Index != "":
			manual = append(manual, PlanChange{Action: ActionManual, Difference: d, Advice: adviceNewTable})
		case d.Kind == DiffIndexKind:
			manual = append(manual, PlanChange{Action: ActionManual, Difference: d, Advice: adviceIndex})
		case d.Kind == DiffTTL && d.Actual != "none" && d.Declared != "none":
			manual = append(manual, PlanChange{Action: ActionManual, Difference: d, Advice: adviceTTL})
		case d.Kind == DiffIndexMissing:
			creates = append(creates, t.createIndex(d))
		case d.Kind == DiffIndexUndeclared:
			deletes = append(deletes, t.deleteIndex(d))
		case d.Kind == DiffIndexKeySchema || d.Kind == DiffProjection:
			if replaced[d.Index] {
				continue
			}
			replaced[d.Index] = true
			ix, _ := t.schema.Index(d.Index)
			live := findIndex(desc, d.Index)
			was := liveIndex{false, live.KeySchema, live.Projection}.text(desc.AttributeDefinitions)
			deletes = append(deletes, t.deleteIndex(Difference{d.Kind, d.Index, "none", was}))
			now := liveIndex{false, keySchema(ix.HashKey, ix.RangeKey), ix.Projection.sdk()}.text(t.schema.CreateTableInput().AttributeDefinitions)
			creates = append(creates, t.createIndex(Difference{d.Kind, d.Index, now, "none"}))
		case d.Kind == DiffThroughput && recreated[d.Index]:
			continue
		case d.Kind == DiffBilling || d.Kind == DiffThroughput:
			updates = append(updates, t.updateCapacity(d))
		case d.Kind == DiffStream:
			later = append(later, t.updateStream(d))
		case d.Kind == DiffTTL:
			later = append(later, t.updateTTL(d))
		case d.Kind == DiffTags:
			later = append(later, t.updateTags(d, desc.TableArn, tags))
		}
	}
	return slices.Concat(deletes, updates, creates, later, manual)
}
