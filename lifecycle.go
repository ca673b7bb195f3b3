package ddb

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Create creates the table from its schema and waits until the table and its
// indexes are ACTIVE, then enables time to live when declared. It is
// idempotent: when the table already exists it logs "<name> table already
// exists." and compares it with the declaration (key schema, indexes with
// their keys and projections, time to live, stream). A different key
// schema is an error (a *SchemaDriftError matching ErrSchemaMismatch,
// listing every difference); other differences are logged as warnings,
// one per difference, or returned as that error under StrictSchema. Then,
// unless it failed, Create enables a declared stream on a table that has
// none (a stream of another view type is a difference, left as it is:
// changing it makes a new stream, which its consumers must move to).
// Under StrictSchema, a table created within the last minute that lacks
// the declared time to live is given until it is ACTIVE and 2 s more to
// have it, as another Create of the same declaration running at the same
// time enables it only then. The waits are bounded by the DB's wait
// timeout (WithWaitTimeout) and by ctx.
func (t *Table[T]) Create(ctx context.Context) error {
	name := t.schema.name
	_, err := t.db.api.CreateTable(ctx, t.schema.CreateTableInput())
	switch err := wrapError("CreateTable", name, err); {
	case errors.Is(err, ErrTableInUse):
		t.db.logger.InfoContext(ctx, name+" table already exists.")
		return t.settleExisting(ctx)
	case err != nil:
		return err
	}
	if err := t.waitActive(ctx); err != nil {
		return err
	}
	if t.schema.cfg.ttl == "" {
		return nil
	}
	_, err = t.db.api.UpdateTimeToLive(ctx, &dynamodb.UpdateTimeToLiveInput{
		TableName: aws.String(name),
		TimeToLiveSpecification: &types.TimeToLiveSpecification{
			AttributeName: aws.String(t.schema.cfg.ttl),
			Enabled:       aws.Bool(true),
		},
	})
	return wrapError("UpdateTimeToLive", name, err)
}

// settleExisting brings an existing table and its declaration together
// (see Create): it compares them, enables a declared stream the table
// lacks, and reports the other differences.
func (t *Table[T]) settleExisting(ctx context.Context) error {
	name := t.schema.name
	desc, err := t.Describe(ctx)
	if err != nil {
		return err
	}
	ttl, err := t.describeTTL(ctx)
	if err != nil {
		return err
	}
	if t.mayAwaitCreator(desc, ttl) {
		if ttl, err = t.awaitCreatorsTTL(ctx); err != nil {
			return err
		}
	}
	var diffs []Difference
	for _, d := range t.schema.drift(desc, ttl) {
		if d.Kind == DiffStream && desc.StreamSpecification == nil {
			continue // enableStream adds it
		}
		diffs = append(diffs, d)
	}
	if len(diffs) > 0 && (t.schema.cfg.strict || diffs[0].Kind == DiffKeySchema) {
		return &SchemaDriftError{Table: name, Differences: diffs}
	}
	for _, d := range diffs {
		t.db.logger.WarnContext(ctx, name+" table differs from its declaration: "+d.String(), "table", name, "difference", string(d.Kind))
	}
	return t.enableStream(ctx, desc)
}

// describeTTL returns the table's time-to-live description.
func (t *Table[T]) describeTTL(ctx context.Context) (*types.TimeToLiveDescription, error) {
	out, err := t.db.api.DescribeTimeToLive(ctx, &dynamodb.DescribeTimeToLiveInput{TableName: aws.String(t.schema.name)})
	if err != nil {
		return nil, wrapError("DescribeTimeToLive", t.schema.name, err)
	}
	return out.TimeToLiveDescription, nil
}

// A Create that finds its table made by another Create of the same
// declaration, running at the same time, can see it before the other
// enables its time to live (once the table is ACTIVE), and StrictSchema
// would report that as a difference. So, under StrictSchema, a table
// created within creatorWindow that lacks the declared time to live is
// waited for until ACTIVE and then for up to creatorGrace more.
const (
	creatorWindow = time.Minute
	creatorGrace  = 2 * time.Second
)

// mayAwaitCreator reports whether the existing table desc describes, whose
// time to live ttl describes, may be another Create's, still to enable the
// declared time to live.
func (t *Table[T]) mayAwaitCreator(desc *types.TableDescription, ttl *types.TimeToLiveDescription) bool {
	young := desc.CreationDateTime != nil && time.Since(*desc.CreationDateTime) < creatorWindow
	return t.schema.cfg.strict && t.schema.cfg.ttl != "" && young && !ttlOn(ttl)
}

// awaitCreatorsTTL waits until the table is ACTIVE, then polls its time to
// live for up to creatorGrace until it is on, and returns it.
func (t *Table[T]) awaitCreatorsTTL(ctx context.Context) (*types.TimeToLiveDescription, error) {
	if err := t.waitActive(ctx); err != nil {
		return nil, err
	}
	deadline := time.Now().Add(creatorGrace)
	for pause := 20 * time.Millisecond; ; pause = min(2*pause, 500*time.Millisecond) {
		ttl, err := t.describeTTL(ctx)
		if err != nil || ttlOn(ttl) || time.Now().After(deadline) {
			return ttl, err
		}
		if err := sleep(ctx, pause); err != nil {
			return nil, err
		}
	}
}

// ttlOn reports whether a time-to-live description has it enabled or
// being enabled.
func ttlOn(d *types.TimeToLiveDescription) bool {
	return d != nil && (d.TimeToLiveStatus == types.TimeToLiveStatusEnabled || d.TimeToLiveStatus == types.TimeToLiveStatusEnabling)
}

// enableStream enables the declared stream (WithStream) on an existing
// table that has none, and waits until the table is ACTIVE again. A table
// whose stream has another view type is left as it is: changing it makes a
// new stream, which its consumers must move to.
func (t *Table[T]) enableStream(ctx context.Context, desc *types.TableDescription) error {
	if t.schema.cfg.stream == "" || desc.StreamSpecification != nil {
		return nil
	}
	_, err := t.db.api.UpdateTable(ctx, &dynamodb.UpdateTableInput{
		TableName:           aws.String(t.schema.name),
		StreamSpecification: &types.StreamSpecification{StreamEnabled: aws.Bool(true), StreamViewType: t.schema.cfg.stream},
	})
	if err != nil {
		return wrapError("UpdateTable", t.schema.name, err)
	}
	return t.waitActive(ctx)
}

// Describe returns the table's description; the error matches
// ErrTableNotFound when the table does not exist.
func (t *Table[T]) Describe(ctx context.Context) (*types.TableDescription, error) {
	out, err := t.db.api.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(t.schema.name)})
	if err != nil {
		return nil, wrapError("DescribeTable", t.schema.name, err)
	}
	return out.Table, nil
}

// Exists reports whether the table exists (in any status).
func (t *Table[T]) Exists(ctx context.Context) (bool, error) {
	_, err := t.Describe(ctx)
	if errors.Is(err, ErrTableNotFound) {
		return false, nil
	}
	return err == nil, err
}

// DeleteTable deletes the table and waits until it is gone, bounded like
// Create. The error matches ErrTableNotFound when the table does not exist.
func (t *Table[T]) DeleteTable(ctx context.Context) error {
	_, err := t.db.api.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: aws.String(t.schema.name)})
	if err != nil {
		return wrapError("DeleteTable", t.schema.name, err)
	}
	return t.wait(ctx, "deleted", func(_ *types.TableDescription, err error) (bool, error) {
		if errors.Is(err, ErrTableNotFound) {
			return true, nil
		}
		return false, err
	})
}

// waitActive waits until the table and all its global indexes are ACTIVE.
func (t *Table[T]) waitActive(ctx context.Context) error {
	return t.wait(ctx, "active", func(d *types.TableDescription, err error) (bool, error) {
		if err != nil {
			return false, err
		}
		if d.TableStatus != types.TableStatusActive {
			return false, nil
		}
		for _, ix := range d.GlobalSecondaryIndexes {
			if ix.IndexStatus != types.IndexStatusActive {
				return false, nil
			}
		}
		return true, nil
	})
}

// wait polls DescribeTable with growing pauses until done reports true or an
// error, the DB's wait timeout passes or ctx ends.
func (t *Table[T]) wait(ctx context.Context, state string, done func(*types.TableDescription, error) (bool, error)) error {
	ctx, cancel := context.WithTimeout(ctx, t.db.waitTimeout)
	defer cancel()
	pause := 20 * time.Millisecond
	for {
		desc, err := t.Describe(ctx)
		if ok, err := done(desc, err); ok || err != nil {
			return err
		}
		timer := time.NewTimer(pause)
		select {
		case <-ctx.Done():
			timer.Stop()
			return fmt.Errorf("ddb: table %s: gave up waiting for it to be %s: %w", t.schema.name, state, ctx.Err())
		case <-timer.C:
		}
		pause = min(2*pause, 5*time.Second)
	}
}
