package storage

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// readAll returns the pairs a checkpoint reader's Scan yields.
func readAll(t testing.TB, r Reader, start, end []byte, reverse bool) []kv {
	t.Helper()
	var got []kv
	err := r.Scan(start, end, reverse, func(k, v []byte) bool {
		got = append(got, kv{string(k), string(v)})
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func mustOpen(t testing.TB, s Store, name string) Reader {
	t.Helper()
	r, err := s.OpenCheckpoint(name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

func TestCheckpointKeepsItsSpans(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s Store) {
		mustWrite(t, s, put("a1", "x"), put("b1", "1"), put("b2", "2"), put("c1", "y"), put("d1", "3"), put("e1", "z"))
		if err := s.Checkpoint("cp", []Span{{[]byte("d"), []byte("e")}, {[]byte("b"), []byte("c")}}); err != nil {
			t.Fatal(err)
		}
		// Later writes change, delete and add keys in and out of the spans.
		mustWrite(t, s, put("b1", "changed"), del("b2"), put("b3", "new"), del("d1"), put("a2", "out"))
		r := mustOpen(t, s, "cp")
		want := []kv{{"b1", "1"}, {"b2", "2"}, {"d1", "3"}}
		if diff := cmp.Diff(want, readAll(t, r, nil, nil, false)); diff != "" {
			t.Errorf("Scan (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]kv{{"d1", "3"}, {"b2", "2"}, {"b1", "1"}}, readAll(t, r, nil, nil, true)); diff != "" {
			t.Errorf("reverse Scan (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]kv{{"b2", "2"}, {"d1", "3"}}, readAll(t, r, []byte("b2"), []byte("d2"), false)); diff != "" {
			t.Errorf("bounded Scan (-want +got):\n%s", diff)
		}
		for key, want := range map[string]string{"b1": "1", "b2": "2", "d1": "3", "a1": "", "c1": "", "b3": ""} {
			v, ok, err := r.Get([]byte(key))
			if err != nil || ok != (want != "") || string(v) != want {
				t.Errorf("Get(%q) = %q, %v, %v; want %q", key, v, ok, err, want)
			}
		}
		// The store itself moved on.
		if v, _, _ := s.Get([]byte("b1")); string(v) != "changed" {
			t.Errorf("store Get(b1) = %q, want changed", v)
		}
	})
}

func TestCheckpointNames(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s Store) {
		span := []Span{{[]byte("a"), []byte("b")}}
		for _, bad := range []string{"", "a/b", "..", "a b", string(make([]byte, 129))} {
			if err := s.Checkpoint(bad, span); err == nil {
				t.Errorf("Checkpoint(%q) succeeded", bad)
			}
		}
		if err := s.Checkpoint("one", span); err != nil {
			t.Fatal(err)
		}
		if err := s.Checkpoint("one", span); err == nil {
			t.Error("a second checkpoint under the same name succeeded")
		}
		if err := s.Checkpoint("two_2-x", span); err != nil {
			t.Fatal(err)
		}
		names, err := s.Checkpoints()
		slices.Sort(names)
		if err != nil || !slices.Equal(names, []string{"one", "two_2-x"}) {
			t.Errorf("Checkpoints() = %q, %v", names, err)
		}
		if _, err := s.OpenCheckpoint("three"); !errors.Is(err, ErrNoCheckpoint) {
			t.Errorf("OpenCheckpoint(three) = %v, want ErrNoCheckpoint", err)
		}
		if err := s.DeleteCheckpoint("one"); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteCheckpoint("one"); err != nil {
			t.Errorf("deleting a deleted checkpoint: %v", err)
		}
		if _, err := s.OpenCheckpoint("one"); !errors.Is(err, ErrNoCheckpoint) {
			t.Errorf("OpenCheckpoint of a deleted checkpoint = %v, want ErrNoCheckpoint", err)
		}
		if names, _ := s.Checkpoints(); !slices.Equal(names, []string{"two_2-x"}) {
			t.Errorf("Checkpoints() after delete = %q", names)
		}
	})
}

func TestCheckpointDeletedWhileRead(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s Store) {
		mustWrite(t, s, put("a", "1"))
		if err := s.Checkpoint("cp", []Span{{[]byte("a"), []byte("b")}}); err != nil {
			t.Fatal(err)
		}
		r1, err := s.OpenCheckpoint("cp")
		if err != nil {
			t.Fatal(err)
		}
		r2 := mustOpen(t, s, "cp")
		if err := s.DeleteCheckpoint("cp"); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]kv{{"a", "1"}}, readAll(t, r1, nil, nil, false)); diff != "" {
			t.Errorf("open reader after delete (-want +got):\n%s", diff)
		}
		if err := r1.Close(); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]kv{{"a", "1"}}, readAll(t, r2, nil, nil, false)); diff != "" {
			t.Errorf("second reader after the first closed (-want +got):\n%s", diff)
		}
		if _, err := s.OpenCheckpoint("cp"); !errors.Is(err, ErrNoCheckpoint) {
			t.Errorf("OpenCheckpoint after delete = %v, want ErrNoCheckpoint", err)
		}
	})
}

// TestCheckpointDuringWrites checks what a checkpoint taken while writers
// run holds: each writer writes its own keys 0, 1, 2, ... one Write at a
// time, two keys per Write; the checkpoint must hold both keys of a prefix
// of each writer's Writes, at least those acknowledged before Checkpoint
// was called and none begun after it returned.
func TestCheckpointDuringWrites(t *testing.T) {
	const writers = 4
	forEachBackend(t, func(t *testing.T, s Store) {
		var acked, started [writers]atomic.Int64
		stop := make(chan struct{})
		var wg sync.WaitGroup
		for w := range writers {
			wg.Go(func() {
				for i := 0; ; i++ {
					select {
					case <-stop:
						return
					default:
					}
					started[w].Store(int64(i + 1))
					k := fmt.Sprintf("%d/%06d", w, i)
					if err := s.Write([]Op{put("a/"+k, "x"), put("b/"+k, "x")}); err != nil {
						t.Error(err)
						return
					}
					acked[w].Store(int64(i + 1))
				}
			})
		}
		for acked[writers-1].Load() < 20 {
			runtime.Gosched()
		}
		var before [writers]int64
		for w := range writers {
			before[w] = acked[w].Load()
		}
		err := s.Checkpoint("cp", []Span{{[]byte("a/"), []byte("a0")}, {[]byte("b/"), []byte("b0")}})
		var after [writers]int64
		for w := range writers {
			after[w] = started[w].Load()
		}
		close(stop)
		wg.Wait()
		if err != nil {
			t.Fatal(err)
		}
		r := mustOpen(t, s, "cp")
		got := [2][writers][]int{}
		for _, p := range readAll(t, r, nil, nil, false) {
			var w, i int
			fmt.Sscanf(p.Key[2:], "%d/%d", &w, &i)
			got[p.Key[0]-'a'][w] = append(got[p.Key[0]-'a'][w], i)
		}
		for w := range writers {
			n := len(got[0][w])
			if !slices.Equal(got[0][w], got[1][w]) {
				t.Errorf("writer %d: the two keys of its writes differ: %v and %v", w, got[0][w], got[1][w])
			}
			for i, x := range got[0][w] {
				if x != i {
					t.Fatalf("writer %d: the checkpoint holds writes %v, not a prefix", w, got[0][w])
				}
			}
			if int64(n) < before[w] || int64(n) > after[w] {
				t.Errorf("writer %d: the checkpoint holds %d writes; %d were acknowledged before it and %d begun before it ended", w, n, before[w], after[w])
			}
		}
	})
}

func TestDiskCheckpointSurvivesReopen(t *testing.T) {
	dir := t.TempDir()
	s, err := OpenDisk(dir, DiskOptions{})
	if err != nil {
		t.Fatal(err)
	}
	mustWrite(t, s, put("k", "old"))
	if err := s.Checkpoint("cp", []Span{{[]byte("k"), []byte("l")}}); err != nil {
		t.Fatal(err)
	}
	mustWrite(t, s, put("k", "new"))
	// A checkpoint a crash interrupted is removed at the next open.
	unfinished := filepath.Join(dir, checkpointsDir, "half"+tmpSuffix)
	if err := os.MkdirAll(unfinished, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = OpenDisk(dir, DiskOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := os.Stat(unfinished); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("unfinished checkpoint directory still there: %v", err)
	}
	if names, err := s.Checkpoints(); err != nil || !slices.Equal(names, []string{"cp"}) {
		t.Errorf("Checkpoints() = %q, %v", names, err)
	}
	r := mustOpen(t, s, "cp")
	if diff := cmp.Diff([]kv{{"k", "old"}}, readAll(t, r, nil, nil, false)); diff != "" {
		t.Errorf("checkpoint after reopen (-want +got):\n%s", diff)
	}
}

func TestCheckpointManyKeys(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s Store) {
		var ops []Op
		for i := range 5000 {
			ops = append(ops, put("t/"+strconv.Itoa(100000+i), "v"), put("u/"+strconv.Itoa(i), "other"))
		}
		mustWrite(t, s, ops...)
		if err := s.Checkpoint("cp", []Span{{[]byte("t/"), []byte("t0")}}); err != nil {
			t.Fatal(err)
		}
		mustWrite(t, s, del("t/100000"))
		r := mustOpen(t, s, "cp")
		if got := readAll(t, r, nil, nil, false); len(got) != 5000 || got[0].Key != "t/100000" {
			t.Errorf("checkpoint holds %d keys starting %v, want 5000 from t/100000", len(got), got[:1])
		}
	})
}
