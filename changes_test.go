package ddb_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	streamtypes "github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/engine"
	"github.com/ddbkit/ddb/internal/testbackend"
)

// Note is the item of the change tests' table.
type Note struct {
	ID   string `ddb:"id,hash"`
	Text string `ddb:"text"`
}

// newNotes creates a streaming notes table, deleted when the test ends.
func newNotes(t *testing.T, db *ddb.DB, view types.StreamViewType) *ddb.Table[Note] {
	t.Helper()
	notes, err := ddb.NewTable[Note](db, testbackend.UniqueTableName(t, "notes"), ddb.WithStream(view))
	if err != nil {
		t.Fatal(err)
	}
	if err := notes.Create(t.Context()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { notes.DeleteTable(context.Background()) })
	return notes
}

// brief is what the tests compare of a change.
func brief(c ddb.Change[Note]) string {
	s := fmt.Sprintf("%s %v", c.Kind, c.Keys["id"].(*types.AttributeValueMemberS).Value)
	if c.Old != nil {
		s += " old=" + c.Old.Text
	}
	if c.New != nil {
		s += " new=" + c.New.Text
	}
	return s
}

// collect reads changes until caught up, stopping after max (0: no limit).
func collect(t *testing.T, notes *ddb.Table[Note], from ddb.Position, max int) ([]string, ddb.Position) {
	t.Helper()
	var got []string
	var last ddb.Position
	for c, err := range notes.Changes(t.Context(), from, ddb.UntilCaughtUp()) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, brief(c))
		last = c.Position
		if len(got) == max {
			break
		}
	}
	return got, last
}

func TestChanges(t *testing.T) {
	for _, b := range testbackend.All(t) {
		t.Run(b.Name, func(t *testing.T) {
			ctx := t.Context()
			notes := newNotes(t, b.DB(), types.StreamViewTypeNewAndOldImages)
			writes := []func() error{
				func() error { return notes.Put(ctx, Note{ID: "a", Text: "one"}) },
				func() error { return notes.Put(ctx, Note{ID: "a", Text: "one"}) }, // changes nothing
				func() error { return notes.Update(ctx, ddb.Key("a"), ddb.Set("text", "two")) },
				func() error { return notes.Put(ctx, Note{ID: "b", Text: "bee"}) },
				func() error { return notes.Delete(ctx, ddb.Key("a")) },
			}
			for _, w := range writes {
				if err := w(); err != nil {
					t.Fatal(err)
				}
			}
			want := []string{"INSERT a new=one", "MODIFY a old=one new=two", "INSERT b new=bee", "REMOVE a old=two"}
			got, _ := collect(t, notes, ddb.Position{}, 0)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Fatalf("changes (-want +got):\n%s", diff)
			}
			// Resume from a stored checkpoint.
			_, pos := collect(t, notes, ddb.Position{}, 2)
			text, err := pos.MarshalText()
			if err != nil {
				t.Fatal(err)
			}
			var stored ddb.Position
			if err := stored.UnmarshalText(text); err != nil {
				t.Fatal(err)
			}
			rest, _ := collect(t, notes, stored, 0)
			if diff := cmp.Diff(want[2:], rest); diff != "" {
				t.Errorf("after the checkpoint (-want +got):\n%s", diff)
			}
			// Latest skips what is there.
			if got, _ := collect(t, notes, ddb.Latest, 0); len(got) != 0 {
				t.Errorf("from Latest: %v", got)
			}
		})
	}
}

func TestChangesViewTypes(t *testing.T) {
	for _, b := range testbackend.All(t) {
		t.Run(b.Name, func(t *testing.T) {
			for view, want := range map[types.StreamViewType]string{
				types.StreamViewTypeKeysOnly: "MODIFY a",
				types.StreamViewTypeNewImage: "MODIFY a new=2",
				types.StreamViewTypeOldImage: "MODIFY a old=1",
			} {
				notes := newNotes(t, b.DB(), view)
				for _, text := range []string{"1", "2"} {
					if err := notes.Put(t.Context(), Note{ID: "a", Text: text}); err != nil {
						t.Fatal(err)
					}
				}
				if got, _ := collect(t, notes, ddb.Position{}, 0); len(got) != 2 || got[1] != want {
					t.Errorf("%s: %v, want the second %q", view, got, want)
				}
			}
		})
	}
}

// TestChangesFollowLineage reads through shards that roll over every two
// records: every change comes once, in order.
func TestChangesFollowLineage(t *testing.T) {
	e, err := engine.Open(engine.Options{ShardMaxRecords: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	notes := newNotes(t, ddb.New(e), types.StreamViewTypeKeysOnly)
	var want []string
	for i := range 9 {
		id := fmt.Sprint(i % 3)
		if err := notes.Put(t.Context(), Note{ID: id, Text: fmt.Sprint(i)}); err != nil {
			t.Fatal(err)
		}
		kind := "MODIFY"
		if i < 3 {
			kind = "INSERT"
		}
		want = append(want, kind+" "+id)
	}
	got, _ := collect(t, notes, ddb.Position{}, 0)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("changes across shards (-want +got):\n%s", diff)
	}
}

func TestChangesErrors(t *testing.T) {
	e, err := engine.Open(engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	plain, err := ddb.NewTable[Note](ddb.New(e), "plain")
	if err != nil {
		t.Fatal(err)
	}
	if err := plain.Create(t.Context()); err != nil {
		t.Fatal(err)
	}
	for _, err := range plain.Changes(t.Context(), ddb.Position{}) {
		if !errors.Is(err, ddb.ErrNoStream) {
			t.Errorf("table without a stream: %v, want ErrNoStream", err)
		}
	}
	type client struct{ ddb.API } // hides the engine's Streams methods
	hidden, _ := ddb.NewTable[Note](ddb.New(client{e}), "plain")
	for _, err := range hidden.Changes(t.Context(), ddb.Position{}) {
		if !errors.Is(err, ddb.ErrNoStreams) {
			t.Errorf("DB without a Streams client: %v, want ErrNoStreams", err)
		}
	}
	if _, err := hidden.OnChange(func(ddb.Change[Note]) {}); !errors.Is(err, ddb.ErrNoStreams) {
		t.Errorf("OnChange without the engine: %v, want ErrNoStreams", err)
	}
	var p ddb.Position
	if err := p.UnmarshalText([]byte("not json")); err == nil || !strings.Contains(err.Error(), "position") {
		t.Errorf("bad position text: %v", err)
	}
}

func TestStreamsClient(t *testing.T) {
	e, err := engine.Open(engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if got := ddb.New(e).Streams(); got != ddb.StreamsAPI(e) {
		t.Errorf("Streams() of the engine's DB = %v, want the engine", got)
	}
	type client struct{ ddb.API } // hides the engine's Streams methods
	if got := ddb.New(client{e}).Streams(); got != nil {
		t.Errorf("Streams() without a Streams client = %v, want nil", got)
	}
	if got := ddb.New(client{e}, ddb.WithStreams(e)).Streams(); got != ddb.StreamsAPI(e) {
		t.Errorf("Streams() with WithStreams = %v, want the client given", got)
	}
}

func TestCreateEnablesDeclaredStream(t *testing.T) {
	for _, b := range testbackend.All(t) {
		t.Run(b.Name, func(t *testing.T) {
			db := b.DB()
			name := testbackend.UniqueTableName(t, "late_stream")
			plain, _ := ddb.NewTable[Note](db, name)
			if err := plain.Create(t.Context()); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { plain.DeleteTable(context.Background()) })
			streaming, _ := ddb.NewTable[Note](db, name, ddb.WithStream(types.StreamViewTypeNewImage))
			if err := streaming.Create(t.Context()); err != nil {
				t.Fatal(err)
			}
			desc, err := streaming.Describe(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			if desc.StreamSpecification == nil || desc.StreamSpecification.StreamViewType != types.StreamViewTypeNewImage {
				t.Errorf("stream after Create on an existing table: %+v", desc.StreamSpecification)
			}
		})
	}
}

func TestOnChange(t *testing.T) {
	e, err := engine.Open(engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	notes := newNotes(t, ddb.New(e), types.StreamViewTypeNewAndOldImages)
	var seen []string
	stop, err := notes.OnChange(func(c ddb.Change[Note]) { seen = append(seen, brief(c)) })
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	if err := notes.Put(t.Context(), Note{ID: "x", Text: "hi"}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"INSERT x new=hi"}, seen); diff != "" {
		t.Errorf("handled when Put returned (-want +got):\n%s", diff)
	}
}

func TestWaitChanges(t *testing.T) {
	e, err := engine.Open(engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	db := ddb.New(e)
	notes := newNotes(t, db, types.StreamViewTypeNewAndOldImages)
	var mu sync.Mutex
	handled := map[string]bool{}
	stop, err := notes.OnChange(func(c ddb.Change[Note]) {
		// A slow consumer keeps the handlers' runner busy, so that writers
		// return before their own changes were handled.
		time.Sleep(100 * time.Microsecond)
		mu.Lock()
		handled[c.New.ID] = true
		mu.Unlock()
	})
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	const writers, each = 8, 50
	var missed atomic.Int64
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				id := fmt.Sprintf("%d-%d", w, i)
				if err := notes.Put(t.Context(), Note{ID: id}); err != nil {
					t.Error(err)
				}
				db.WaitChanges()
				mu.Lock()
				if !handled[id] {
					missed.Add(1)
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if n := missed.Load(); n > 0 {
		t.Errorf("%d writes were not handled after WaitChanges returned", n)
	}
}

// Reading is the item of the undecodable-change test: its value must be a
// number.
type Reading struct {
	ID string `ddb:"id,hash"`
	N  int    `ddb:"n"`
}

// TestChangesGoOnPastUndecodable yields a change that does not decode with
// its error and its place in the stream, and reads on past it.
func TestChangesGoOnPastUndecodable(t *testing.T) {
	for _, b := range testbackend.All(t) {
		t.Run(b.Name, func(t *testing.T) {
			ctx, db := t.Context(), b.DB()
			readings, err := ddb.NewTable[Reading](db, testbackend.UniqueTableName(t, "readings"), ddb.WithStream(types.StreamViewTypeNewImage))
			if err != nil {
				t.Fatal(err)
			}
			if err := readings.Create(ctx); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { readings.DeleteTable(context.Background()) })
			if err := readings.Put(ctx, Reading{ID: "a", N: 1}); err != nil {
				t.Fatal(err)
			}
			if err := ddb.Exec(ctx, db, fmt.Sprintf(`INSERT INTO "%s" VALUE {'id':'bad','n':'x'}`, readings.Name())); err != nil {
				t.Fatal(err)
			}
			if err := readings.Put(ctx, Reading{ID: "c", N: 3}); err != nil {
				t.Fatal(err)
			}
			var got []string
			var failed ddb.Change[Reading]
			for c, err := range readings.Changes(ctx, ddb.Position{}, ddb.UntilCaughtUp()) {
				var decode *ddb.DecodeError
				switch {
				case errors.As(err, &decode):
					failed = c
					got = append(got, "error")
				case err != nil:
					t.Fatal(err)
				default:
					got = append(got, c.New.ID)
				}
			}
			if diff := cmp.Diff([]string{"a", "error", "c"}, got); diff != "" {
				t.Errorf("changes (-want +got):\n%s", diff)
			}
			if failed.Sequence == "" || len(failed.Position.Shards) == 0 || failed.Keys["id"] == nil {
				t.Fatalf("the undecodable change lacks its place: %+v", failed)
			}
			var rest []string
			for c, err := range readings.Changes(ctx, failed.Position, ddb.UntilCaughtUp()) {
				if err != nil {
					t.Fatal(err)
				}
				rest = append(rest, c.New.ID)
			}
			if diff := cmp.Diff([]string{"c"}, rest); diff != "" {
				t.Errorf("from the undecodable change's Position (-want +got):\n%s", diff)
			}
		})
	}
}

// TestChangesRefuseOtherTablesPosition refuses a Position of another
// table's stream before reading anything.
func TestChangesRefuseOtherTablesPosition(t *testing.T) {
	for _, b := range testbackend.All(t) {
		t.Run(b.Name, func(t *testing.T) {
			db := b.DB()
			notes, other := newNotes(t, db, types.StreamViewTypeNewImage), newNotes(t, db, types.StreamViewTypeNewImage)
			if err := other.Put(t.Context(), Note{ID: "x", Text: "other's"}); err != nil {
				t.Fatal(err)
			}
			var pos ddb.Position
			for c, err := range other.Changes(t.Context(), ddb.Position{}, ddb.UntilCaughtUp()) {
				if err != nil {
					t.Fatal(err)
				}
				pos = c.Position
			}
			pos.Shards = nil // from the start of the other's stream
			var got []error
			for c, err := range notes.Changes(t.Context(), pos, ddb.UntilCaughtUp()) {
				if err == nil {
					t.Errorf("read a change of the other table: %+v", c)
				}
				got = append(got, err)
			}
			var v *ddb.ValidationError
			if len(got) != 1 || !errors.As(got[0], &v) || v.Field != "Position" {
				t.Errorf("Changes from another table's Position: %v, want one *ValidationError about the Position", got)
			}
		})
	}
}

// TestChangesReportTableDeleted ends a Changes waiting for more with an
// error that says the stream is gone when its table is deleted.
func TestChangesReportTableDeleted(t *testing.T) {
	for _, b := range testbackend.All(t) {
		t.Run(b.Name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
			defer cancel()
			notes := newNotes(t, b.DB(), types.StreamViewTypeNewImage)
			if err := notes.Put(ctx, Note{ID: "a"}); err != nil {
				t.Fatal(err)
			}
			var last error
			for _, err := range notes.Changes(ctx, ddb.Position{}, ddb.PollInterval(10*time.Millisecond)) {
				if err != nil {
					last = err
					continue
				}
				if err := notes.DeleteTable(ctx); err != nil {
					t.Fatal(err)
				}
			}
			if !errors.Is(last, ddb.ErrNoStream) {
				t.Errorf("Changes when the table was deleted: %v, want ErrNoStream", last)
			}
		})
	}
}

// TestOnChangeWithoutStream: on a table without a stream, OnChange fails as
// Changes does where it can run, and says why it cannot run elsewhere.
func TestOnChangeWithoutStream(t *testing.T) {
	for _, b := range testbackend.All(t) {
		t.Run(b.Name, func(t *testing.T) {
			plain, err := ddb.NewTable[Note](b.DB(), testbackend.UniqueTableName(t, "plain"))
			if err != nil {
				t.Fatal(err)
			}
			if err := plain.Create(t.Context()); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { plain.DeleteTable(context.Background()) })
			_, err = plain.OnChange(func(ddb.Change[Note]) {})
			if b.Name != testbackend.Engine {
				if !errors.Is(err, ddb.ErrNoStreams) || !strings.Contains(fmt.Sprint(err), "in-process") {
					t.Errorf("OnChange on a backend that cannot run it: %v, want ErrNoStreams saying why", err)
				}
				return
			}
			if !errors.Is(err, ddb.ErrNoStream) {
				t.Errorf("OnChange on a table without a stream: %v, want ErrNoStream", err)
			}
		})
	}
}

// newReadings creates a readings table with a NEW_AND_OLD_IMAGES stream
// and writes {id: a, n: "oops"}, which does not decode into a Reading, then
// replaces it with one that does, so that the second change's Old image
// fails to decode and its New image does not.
func newReadings(t *testing.T, db *ddb.DB, before func(*ddb.Table[Reading])) *ddb.Table[Reading] {
	t.Helper()
	ctx := t.Context()
	readings, err := ddb.NewTable[Reading](db, testbackend.UniqueTableName(t, "readings"), ddb.WithStream(types.StreamViewTypeNewAndOldImages))
	if err != nil {
		t.Fatal(err)
	}
	if err := readings.Create(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { readings.DeleteTable(context.Background()) })
	before(readings)
	if err := ddb.Exec(ctx, db, fmt.Sprintf(`INSERT INTO "%s" VALUE {'id':'a','n':'oops'}`, readings.Name())); err != nil {
		t.Fatal(err)
	}
	if err := readings.Put(ctx, Reading{ID: "a", N: 3}); err != nil {
		t.Fatal(err)
	}
	return readings
}

// briefReading is what the undecodable-image tests compare of a change:
// its kind, the images that decoded and whether it carries a *DecodeError
// (as its Err and as err, Changes' error, which must be the same).
func briefReading(t *testing.T, c ddb.Change[Reading], err error) string {
	t.Helper()
	if c.Err != err {
		t.Errorf("%s change: Err %v, but its error %v", c.Kind, c.Err, err)
	}
	s := string(c.Kind)
	if c.Old != nil {
		s += fmt.Sprintf(" old=%d", c.Old.N)
	}
	if c.New != nil {
		s += fmt.Sprintf(" new=%d", c.New.N)
	}
	var decode *ddb.DecodeError
	if errors.As(c.Err, &decode) {
		s += " decode error"
	} else if c.Err != nil {
		t.Errorf("%s change: Err %v, want a *DecodeError", c.Kind, c.Err)
	}
	return s
}

// TestChangesKeepDecodableImage: a change whose Old image fails to decode
// still has its New image, as one whose New image fails has its Old.
func TestChangesKeepDecodableImage(t *testing.T) {
	for _, b := range testbackend.All(t) {
		t.Run(b.Name, func(t *testing.T) {
			readings := newReadings(t, b.DB(), func(*ddb.Table[Reading]) {})
			var got []string
			for c, err := range readings.Changes(t.Context(), ddb.Position{}, ddb.UntilCaughtUp()) {
				got = append(got, briefReading(t, c, err))
			}
			want := []string{"INSERT decode error", "MODIFY new=3 decode error"}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("changes (-want +got):\n%s", diff)
			}
		})
	}
}

// TestOnChangeHandsUndecodable hands a handler every change, one whose
// image fails to decode too, with the images that decode and the error.
func TestOnChangeHandsUndecodable(t *testing.T) {
	e, err := engine.Open(engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	var got []string
	newReadings(t, ddb.New(e), func(readings *ddb.Table[Reading]) {
		stop, err := readings.OnChange(func(c ddb.Change[Reading]) { got = append(got, briefReading(t, c, c.Err)) })
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(stop)
	})
	want := []string{"INSERT decode error", "MODIFY new=3 decode error"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("handled (-want +got):\n%s", diff)
	}
}

// TestChangesFromZeroOfDisabledStream reads a stream just disabled, which
// is still the table's latest and readable for 24 hours, to its end from
// the zero Position, as from a Position naming it.
func TestChangesFromZeroOfDisabledStream(t *testing.T) {
	for _, b := range testbackend.All(t) {
		t.Run(b.Name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
			defer cancel()
			db := b.DB()
			notes := newNotes(t, db, types.StreamViewTypeNewImage)
			if err := notes.Put(ctx, Note{ID: "a", Text: "one"}); err != nil {
				t.Fatal(err)
			}
			off := &dynamodb.UpdateTableInput{TableName: aws.String(notes.Name()), StreamSpecification: &types.StreamSpecification{StreamEnabled: aws.Bool(false)}}
			if _, err := db.API().UpdateTable(ctx, off); err != nil {
				t.Fatal(err)
			}
			if got, _ := collect(t, notes, ddb.Position{}, 0); !cmp.Equal(got, []string{"INSERT a new=one"}) {
				t.Errorf("changes until caught up: %q, want the put", got)
			}
			var got []string
			var last error
			for c, err := range notes.Changes(ctx, ddb.Position{}, ddb.PollInterval(10*time.Millisecond)) {
				if err != nil {
					last = err
					continue
				}
				got = append(got, brief(c))
			}
			if !cmp.Equal(got, []string{"INSERT a new=one"}) || !errors.Is(last, ddb.ErrNoStream) {
				t.Errorf("changes waiting for more: %q, then %v; want the put, then ErrNoStream", got, last)
			}
		})
	}
}

// TestChangesFromZeroOfExpiredStream: a stream disabled more than 24
// hours ago is gone, although still the table's latest: Changes from the
// zero Position finds no stream, as on a table that never had one.
func TestChangesFromZeroOfExpiredStream(t *testing.T) {
	e, err := engine.Open(engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	ctx, db := t.Context(), ddb.New(e)
	notes := newNotes(t, db, types.StreamViewTypeNewImage)
	if err := notes.Put(ctx, Note{ID: "a", Text: "one"}); err != nil {
		t.Fatal(err)
	}
	off := &dynamodb.UpdateTableInput{TableName: aws.String(notes.Name()), StreamSpecification: &types.StreamSpecification{StreamEnabled: aws.Bool(false)}}
	if _, err := e.UpdateTable(ctx, off); err != nil {
		t.Fatal(err)
	}
	if err := e.Clock().Advance(25 * time.Hour); err != nil {
		t.Fatal(err)
	}
	for c, err := range notes.Changes(ctx, ddb.Position{}, ddb.UntilCaughtUp()) {
		if !errors.Is(err, ddb.ErrNoStream) {
			t.Errorf("Changes of a stream disabled 25 hours ago: %+v, %v; want ErrNoStream", c, err)
		}
	}
}

// TestChangesResumeAfterIdleDay: a consumer that read every change resumes
// from its Position after a day without writes, when retention has trimmed
// every change it read, and reads the change made since; one whose unread
// changes were trimmed gets TrimmedDataAccessException.
func TestChangesResumeAfterIdleDay(t *testing.T) {
	for _, idle := range []time.Duration{3 * time.Hour, 25 * time.Hour} {
		t.Run(idle.String(), func(t *testing.T) {
			e, err := engine.Open(engine.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer e.Close()
			ctx := t.Context()
			notes := newNotes(t, ddb.New(e), types.StreamViewTypeNewImage)
			for _, id := range []string{"a", "b"} {
				if err := notes.Put(ctx, Note{ID: id, Text: id}); err != nil {
					t.Fatal(err)
				}
			}
			_, pos := collect(t, notes, ddb.Position{}, 0)
			_, behind := collect(t, notes, ddb.Position{}, 1)
			if err := e.Clock().Advance(idle); err != nil {
				t.Fatal(err)
			}
			if err := notes.Put(ctx, Note{ID: "c", Text: "c"}); err != nil {
				t.Fatal(err)
			}
			if got, _ := collect(t, notes, pos, 0); !cmp.Equal(got, []string{"INSERT c new=c"}) {
				t.Errorf("changes after %s: %q, want the new put", idle, got)
			}
			var errs []error
			for _, err := range notes.Changes(ctx, behind, ddb.UntilCaughtUp()) {
				errs = append(errs, err)
			}
			var trimmed *streamtypes.TrimmedDataAccessException
			if idle > 24*time.Hour && (len(errs) == 0 || !errors.As(errs[0], &trimmed)) {
				t.Errorf("a consumer behind by a trimmed change: %v, want TrimmedDataAccessException", errs)
			}
		})
	}
}
