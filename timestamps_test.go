package ddb_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/internal/testbackend"
)

// Memo is the model of the timestamp tests: timestamps without a version.
type Memo struct {
	ID      string     `ddb:"id,hash"`
	Text    string     `ddb:"text"`
	Created *time.Time `ddb:"created,created,unixtime"`
	Updated time.Time  `ddb:"updated,updated"`
}

func TestTimestamps(t *testing.T) {
	t1 := time.Date(2024, 5, 1, 14, 0, 0, 0, time.UTC)
	t2, t3, t4 := t1.Add(time.Hour), t1.Add(2*time.Hour), t1.Add(3*time.Hour)
	for _, b := range testbackend.All(t) {
		t.Run(b.Name, func(t *testing.T) {
			ctx := t.Context()
			clock := &fixedClock{now: t1}
			memos := newTable[Memo](t, b.DB(ddb.WithClock(clock.Now)), "memos")
			get := func(id string) Memo {
				t.Helper()
				m, err := memos.Get(ctx, ddb.Key(id), ddb.Consistent())
				if err != nil {
					t.Fatal(err)
				}
				return m
			}

			// Update of a new item sets both; of an existing one, updated only.
			if err := memos.Update(ctx, ddb.Key("a"), ddb.Set("text", "one")); err != nil {
				t.Fatal(err)
			}
			clock.Set(t2)
			if err := memos.Update(ctx, ddb.Key("a"), ddb.Set("text", "two")); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(Memo{ID: "a", Text: "two", Created: &t1, Updated: t2}, get("a")); diff != "" {
				t.Errorf("after two updates (-want +got):\n%s", diff)
			}

			// A Put of the item read keeps its creation time.
			m := get("a")
			m.Text = "three"
			clock.Set(t3)
			if err := memos.Save(ctx, &m); err != nil {
				t.Fatal(err)
			}
			want := Memo{ID: "a", Text: "three", Created: &t1, Updated: t3}
			if diff := cmp.Diff(want, get("a")); diff != "" || !cmp.Equal(want, m) {
				t.Errorf("after a Put of the item read (-want +got):\n%s\nSave left %+v", diff, m)
			}
			// A plain Put of a new value without a creation time cannot tell
			// that the item exists: it sets one.
			if err := memos.Put(ctx, Memo{ID: "a", Text: "four"}); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(Memo{ID: "a", Text: "four", Created: &t3, Updated: t3}, get("a")); diff != "" {
				t.Errorf("after a plain Put (-want +got):\n%s", diff)
			}
			// IfNotExists makes the item new: its own creation time is
			// replaced.
			clock.Set(t4)
			if err := memos.Put(ctx, Memo{ID: "b", Created: &t1}, ddb.IfNotExists()); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(Memo{ID: "b", Created: &t4, Updated: t4}, get("b")); diff != "" {
				t.Errorf("after a Put of a new item (-want +got):\n%s", diff)
			}
			// An update that sets a timestamp itself keeps its value.
			if err := memos.Update(ctx, ddb.Key("b"), ddb.Set("updated", t1)); err != nil {
				t.Fatal(err)
			}
			if got := get("b"); !got.Updated.Equal(t1) {
				t.Errorf("after setting updated: %+v", got)
			}
		})
	}
}
