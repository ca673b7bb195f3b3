package storage

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// backend opens a Store in dir; durable reports whether reopening dir finds
// the data again.
type backend struct {
	name    string
	open    func(dir string) (Store, error)
	durable bool
}

var backends = []backend{
	{name: "memory", open: func(string) (Store, error) { return NewMemory(), nil }},
	{name: "disk", open: func(dir string) (Store, error) { return OpenDisk(dir, DiskOptions{}) }, durable: true},
}

// forEachBackend runs test against a fresh store of every backend.
func forEachBackend(t *testing.T, test func(t *testing.T, s Store)) {
	for _, be := range backends {
		t.Run(be.name, func(t *testing.T) {
			s, err := be.open(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			test(t, s)
		})
	}
}

// kv is a key-value pair as strings, for readable diffs.
type kv struct{ Key, Value string }

func put(key, value string) Op { return Op{Key: []byte(key), Value: []byte(value)} }
func del(key string) Op        { return Op{Key: []byte(key), Delete: true} }

// scanAll returns the pairs Scan yields.
func scanAll(t testing.TB, s Store, start, end []byte, reverse bool) []kv {
	t.Helper()
	var got []kv
	err := s.Scan(start, end, reverse, func(k, v []byte) bool {
		got = append(got, kv{string(k), string(v)})
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func mustWrite(t testing.TB, s Store, ops ...Op) {
	t.Helper()
	if err := s.Write(ops); err != nil {
		t.Fatal(err)
	}
}

func TestWrite(t *testing.T) {
	tests := []struct {
		name   string
		writes [][]Op
		want   []kv
	}{
		{"put", [][]Op{{put("a", "1")}}, []kv{{"a", "1"}}},
		{"overwrite", [][]Op{{put("a", "1")}, {put("a", "2")}}, []kv{{"a", "2"}}},
		{"empty value", [][]Op{{put("a", "")}}, []kv{{"a", ""}}},
		{"delete", [][]Op{{put("a", "1"), put("b", "2")}, {del("a")}}, []kv{{"b", "2"}}},
		{"delete missing", [][]Op{{del("a")}}, nil},
		{"empty write", [][]Op{{}}, nil},
		{"ops apply in order: put then delete", [][]Op{{put("a", "1"), del("a")}}, nil},
		{"ops apply in order: delete then put", [][]Op{{put("a", "1")}, {del("a"), put("a", "2")}}, []kv{{"a", "2"}}},
		{"ops apply in order: two puts", [][]Op{{put("a", "1"), put("a", "2")}}, []kv{{"a", "2"}}},
		{"binary keys sort unsigned", [][]Op{{put("\xff", "hi"), put("\x00", "lo"), put("\x7f", "mid")}},
			[]kv{{"\x00", "lo"}, {"\x7f", "mid"}, {"\xff", "hi"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			forEachBackend(t, func(t *testing.T, s Store) {
				for _, ops := range tt.writes {
					mustWrite(t, s, ops...)
				}
				if diff := cmp.Diff(tt.want, scanAll(t, s, nil, nil, false)); diff != "" {
					t.Errorf("contents (-want +got):\n%s", diff)
				}
				for _, w := range tt.want {
					v, ok, err := s.Get([]byte(w.Key))
					if err != nil || !ok || string(v) != w.Value {
						t.Errorf("Get(%q) = %q, %v, %v; want %q, true, nil", w.Key, v, ok, err, w.Value)
					}
				}
			})
		})
	}
}

func TestGetMissing(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s Store) {
		mustWrite(t, s, put("a", "1"), put("c", "3"))
		for _, key := range []string{"", "b", "aa", "d"} {
			if v, ok, err := s.Get([]byte(key)); ok || err != nil || v != nil {
				t.Errorf("Get(%q) = %q, %v, %v; want nil, false, nil", key, v, ok, err)
			}
		}
	})
}

func TestScanBounds(t *testing.T) {
	keys := []string{"a", "ab", "b", "c", "d"}
	tests := []struct {
		name       string
		start, end []byte
		want       []string // ascending; reverse scans must return it backwards
	}{
		{"everything", nil, nil, keys},
		{"empty start", []byte{}, nil, keys},
		{"start inclusive", []byte("b"), nil, []string{"b", "c", "d"}},
		{"start between keys", []byte("aa"), nil, []string{"ab", "b", "c", "d"}},
		{"end exclusive", nil, []byte("c"), []string{"a", "ab", "b"}},
		{"end between keys", nil, []byte("bb"), []string{"a", "ab", "b"}},
		{"both bounds", []byte("ab"), []byte("d"), []string{"ab", "b", "c"}},
		{"prefix range", []byte("a"), []byte("b"), []string{"a", "ab"}},
		{"start equals end", []byte("b"), []byte("b"), nil},
		{"start after end", []byte("c"), []byte("b"), nil},
		{"past the last key", []byte("e"), nil, nil},
		{"before the first key", nil, []byte("a"), nil},
	}
	forEachBackend(t, func(t *testing.T, s Store) {
		for _, k := range keys {
			mustWrite(t, s, put(k, "v"+k))
		}
		for _, tt := range tests {
			for _, reverse := range []bool{false, true} {
				var want []string
				for i := range tt.want {
					if reverse {
						i = len(tt.want) - 1 - i
					}
					want = append(want, tt.want[i])
				}
				var got []string
				for _, p := range scanAll(t, s, tt.start, tt.end, reverse) {
					if p.Value != "v"+p.Key {
						t.Errorf("%s: key %q has value %q", tt.name, p.Key, p.Value)
					}
					got = append(got, p.Key)
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("%s, reverse=%v (-want +got):\n%s", tt.name, reverse, diff)
				}
			}
		}
	})
}

func TestScanStops(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s Store) {
		mustWrite(t, s, put("a", "1"), put("b", "2"), put("c", "3"))
		for _, reverse := range []bool{false, true} {
			var got []string
			err := s.Scan(nil, nil, reverse, func(k, _ []byte) bool {
				got = append(got, string(k))
				return len(got) < 2
			})
			want := []string{"a", "b"}
			if reverse {
				want = []string{"c", "b"}
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("reverse=%v (-want +got):\n%s", reverse, diff)
			}
		}
	})
}

// TestScanCallbackReads checks that a Scan callback may read the store, as the
// engine does when it follows an index entry to its base item.
func TestScanCallbackReads(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s Store) {
		mustWrite(t, s, put("i/1", "t/1"), put("i/2", "t/2"), put("t/1", "one"), put("t/2", "two"))
		var got []string
		err := s.Scan([]byte("i/"), []byte("i0"), false, func(_, v []byte) bool {
			item, ok, err := s.Get(v)
			if err != nil || !ok {
				t.Errorf("Get(%q) = %v, %v", v, ok, err)
			}
			got = append(got, string(item))
			return true
		})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"one", "two"}, got); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
}

// TestScanSnapshot writes from another goroutine while a Scan runs:
// the scan keeps reading the data as of its start.
func TestScanSnapshot(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s Store) {
		mustWrite(t, s, put("a", "1"), put("c", "3"))
		for _, reverse := range []bool{false, true} {
			var got []kv
			err := s.Scan(nil, nil, reverse, func(k, v []byte) bool {
				if len(got) == 0 {
					done := make(chan error)
					go func() { done <- s.Write([]Op{put("b", "new"), del("a"), del("c")}) }()
					if err := <-done; err != nil {
						t.Error(err)
					}
				}
				got = append(got, kv{string(k), string(v)})
				return true
			})
			if err != nil {
				t.Fatal(err)
			}
			want := []kv{{"a", "1"}, {"c", "3"}}
			if reverse {
				want = []kv{{"c", "3"}, {"a", "1"}}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("reverse=%v (-want +got):\n%s", reverse, diff)
			}
			mustWrite(t, s, put("a", "1"), put("c", "3"), del("b"))
		}
	})
}

// TestNoAliasing checks that the store copies what it is given and what it
// returns from Get.
func TestNoAliasing(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s Store) {
		key, value := []byte("key"), []byte("value")
		mustWrite(t, s, Op{Key: key, Value: value})
		key[0], value[0] = 'X', 'X'

		got, ok, err := s.Get([]byte("key"))
		if err != nil || !ok || string(got) != "value" {
			t.Fatalf("after mutating the written buffers, Get = %q, %v, %v; want \"value\"", got, ok, err)
		}
		got[0] = 'Y'
		again, _, _ := s.Get([]byte("key"))
		if string(again) != "value" {
			t.Errorf("after mutating a returned value, Get = %q; want \"value\"", again)
		}
	})
}

// TestAtomicWrite has one goroutine rewrite a group of keys in single Writes
// while readers check that they never see two generations mixed.
func TestAtomicWrite(t *testing.T) {
	const keys, writes = 20, 40
	generation := func(g int) []Op {
		ops := make([]Op, keys)
		for i := range ops {
			ops[i] = put(fmt.Sprintf("k%02d", i), fmt.Sprint(g))
		}
		if g%2 == 1 { // odd generations also delete and re-add a key
			ops = append(ops, del("k05"), put("k05", fmt.Sprint(g)))
		}
		return ops
	}
	forEachBackend(t, func(t *testing.T, s Store) {
		mustWrite(t, s, generation(0)...)
		done := make(chan struct{})
		var wg sync.WaitGroup
		for _, reverse := range []bool{false, true} {
			wg.Go(func() {
				for {
					select {
					case <-done:
						return
					default:
					}
					got := scanAll(t, s, nil, nil, reverse)
					if len(got) != keys {
						t.Errorf("scan saw %d keys, want %d", len(got), keys)
						return
					}
					for _, p := range got {
						if p.Value != got[0].Value {
							t.Errorf("scan saw mixed generations: %v", got)
							return
						}
					}
				}
			})
		}
		for g := 1; g <= writes; g++ {
			mustWrite(t, s, generation(g)...)
		}
		close(done)
		wg.Wait()
		if got := scanAll(t, s, nil, nil, false); got[0].Value != fmt.Sprint(writes) {
			t.Errorf("final generation %s, want %d", got[0].Value, writes)
		}
	})
}

func TestClosed(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s Store) {
		mustWrite(t, s, put("a", "1"))
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		_, _, getErr := s.Get([]byte("a"))
		scanErr := s.Scan(nil, nil, false, func(_, _ []byte) bool { return true })
		errs := map[string]error{
			"Get":   getErr,
			"Scan":  scanErr,
			"Write": s.Write([]Op{put("b", "2")}),
			"Close": s.Close(),
		}
		for method, err := range errs {
			if !errors.Is(err, ErrClosed) {
				t.Errorf("%s after Close = %v, want ErrClosed", method, err)
			}
		}
	})
}

// TestCloseWaitsForScan closes the store from inside a running Scan's
// lifetime: the scan finishes undisturbed and reads started after Close fail.
func TestCloseWaitsForScan(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s Store) {
		mustWrite(t, s, put("a", "1"), put("b", "2"))
		closed := make(chan error)
		var got []kv
		err := s.Scan(nil, nil, false, func(k, v []byte) bool {
			if len(got) == 0 {
				go func() { closed <- s.Close() }()
				// Wait until Close has started refusing new calls.
				for {
					if _, _, err := s.Get([]byte("a")); errors.Is(err, ErrClosed) {
						break
					}
				}
			}
			got = append(got, kv{string(k), string(v)})
			return true
		})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]kv{{"a", "1"}, {"b", "2"}}, got); diff != "" {
			t.Errorf("scan during Close (-want +got):\n%s", diff)
		}
		if err := <-closed; err != nil {
			t.Errorf("Close = %v", err)
		}
	})
}

func TestReopen(t *testing.T) {
	for _, be := range backends {
		if !be.durable {
			continue
		}
		t.Run(be.name, func(t *testing.T) {
			dir := t.TempDir()
			s, err := be.open(dir)
			if err != nil {
				t.Fatal(err)
			}
			mustWrite(t, s, put("a", "1"), put("b", "2"), put("c", "3"))
			mustWrite(t, s, del("b"), put("c", "xxx"))
			if _, err := be.open(dir); !errors.Is(err, ErrLocked) {
				t.Fatalf("second open of a directory in use: %v, want ErrLocked", err)
			}
			// The same directory by other spellings of its path.
			link := filepath.Join(t.TempDir(), "link")
			if err := os.Symlink(dir, link); err != nil {
				t.Fatal(err)
			}
			wd, err := os.Getwd()
			if err != nil {
				t.Fatal(err)
			}
			relative, err := filepath.Rel(wd, dir)
			if err != nil {
				t.Fatal(err)
			}
			for _, alias := range []string{link, relative, dir + "/."} {
				if _, err := be.open(alias); !errors.Is(err, ErrLocked) {
					t.Fatalf("second open of a directory in use as %s: %v, want ErrLocked", alias, err)
				}
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			s, err = be.open(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if diff := cmp.Diff([]kv{{"a", "1"}, {"c", "xxx"}}, scanAll(t, s, nil, nil, false)); diff != "" {
				t.Errorf("after reopen (-want +got):\n%s", diff)
			}
		})
	}
}
