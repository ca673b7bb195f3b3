package s3dir

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestValidBucket(t *testing.T) {
	for name, want := range map[string]bool{
		"bucket": true, "my.bucket-1_x": true, "ab": true, "a": false, "": false, "-a": false, "a-": false,
		"../x": false, "a/b": false, "a b": false, "..": false, string(make([]byte, 256)): false,
	} {
		if got := ValidBucket(name); got != want {
			t.Errorf("ValidBucket(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestPutAndList(t *testing.T) {
	root := Root(t.TempDir())
	if err := root.Put("bkt", "data/1.json", []byte("x")); !errors.Is(err, ErrNoSuchBucket) {
		t.Errorf("Put into a missing bucket: %v", err)
	}
	if err := os.Mkdir(filepath.Join(string(root), "bkt"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"data/1.json", "data2/x.json", "data.bak", "other/data", "data/sub/2.json"} {
		if err := root.Put("bkt", key, []byte(key)); err != nil {
			t.Fatal(err)
		}
	}
	for _, key := range []string{"../escape", "/abs", "a/../../b", ""} {
		if err := root.Put("bkt", key, nil); err == nil {
			t.Errorf("Put(%q) succeeded", key)
		}
	}
	// A file being written by Put is not listed.
	if err := os.WriteFile(filepath.Join(string(root), "bkt", "data", ".tmp-3.json-123"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	keys := func(prefix string) []string {
		objects, err := root.List("bkt", prefix)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, o := range objects {
			b, _ := os.ReadFile(o.Path)
			if string(b) != o.Key || o.Size != int64(len(o.Key)) {
				t.Errorf("object %s: %q, size %d", o.Key, b, o.Size)
			}
			out = append(out, o.Key)
		}
		return out
	}
	// A prefix matches as a string, as S3 matches it.
	if diff := cmp.Diff([]string{"data.bak", "data/1.json", "data/sub/2.json", "data2/x.json"}, keys("data")); diff != "" {
		t.Errorf("List(data) (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"data/1.json", "data/sub/2.json"}, keys("data/")); diff != "" {
		t.Errorf("List(data/) (-want +got):\n%s", diff)
	}
	if _, err := root.List("nobucket", ""); !errors.Is(err, ErrNoSuchBucket) {
		t.Errorf("List of a missing bucket: %v", err)
	}
	if !root.HasBucket("bkt") || root.HasBucket("nobucket") {
		t.Error("HasBucket")
	}
}
