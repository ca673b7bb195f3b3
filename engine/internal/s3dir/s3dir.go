// Package s3dir stands a local directory in for Amazon S3: bucket B is the
// directory ROOT/B, and the object with key K in it the file ROOT/B/K, the
// key's slashes separating directories. Exports write their objects here
// and imports read them, so that an export downloaded from S3 into ROOT/B
// (aws s3 sync s3://B ROOT/B) imports, and the reverse.
package s3dir

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// ErrNoSuchBucket is returned for a bucket whose directory does not exist.
var ErrNoSuchBucket = errors.New("The specified bucket does not exist")

// Root is the directory holding the buckets.
type Root string

// Object is one object of a bucket: its key and its file.
type Object struct {
	Key  string
	Path string
	Size int64
}

// ValidBucket reports whether name is an S3 bucket name as DynamoDB's API
// accepts it (2 to 255 characters; letters, digits, '.', '-' and '_',
// starting and ending with a letter or digit), which is also a safe
// directory name.
func ValidBucket(name string) bool {
	if len(name) < 2 || len(name) > 255 {
		return false
	}
	for i, c := range []byte(name) {
		alnum := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
		if !alnum && ((i == 0 || i == len(name)-1) || c != '.' && c != '-' && c != '_') {
			return false
		}
	}
	return name != "." && name != ".."
}

// bucket returns the directory of bucket name, or ErrNoSuchBucket.
func (r Root) bucket(name string) (string, error) {
	if !ValidBucket(name) {
		return "", fmt.Errorf("s3dir: invalid bucket name %q", name)
	}
	dir := filepath.Join(string(r), name)
	info, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) || err == nil && !info.IsDir() {
		return "", ErrNoSuchBucket
	}
	return dir, err
}

// HasBucket reports whether the bucket's directory exists.
func (r Root) HasBucket(name string) bool {
	_, err := r.bucket(name)
	return err == nil
}

// path returns the file of key in bucket dir. Keys that would leave the
// bucket's directory (a ".." element, an absolute path) are refused.
func path(dir, key string) (string, error) {
	if key == "" || strings.HasPrefix(key, "/") || slices.Contains(strings.Split(key, "/"), "..") {
		return "", fmt.Errorf("s3dir: key %q cannot be stored in a directory", key)
	}
	return filepath.Join(dir, filepath.FromSlash(key)), nil
}

// CheckKey reports whether key can name an object of a bucket, with the
// error Put would return for it.
func CheckKey(key string) error {
	_, err := path("bucket", key)
	return err
}

// Put writes the object key of bucket with data, atomically: readers see
// the whole of it or none.
func (r Root) Put(bucket, key string, data []byte) error {
	dir, err := r.bucket(bucket)
	if err != nil {
		return err
	}
	p, err := path(dir, key)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".tmp-"+filepath.Base(p)+"-*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if err = errors.Join(err, tmp.Sync(), tmp.Close()); err == nil {
		err = os.Rename(tmp.Name(), p)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}

// List returns the objects of bucket whose keys start with prefix (a plain
// string prefix, as S3 matches them: "data" matches "data/1" and
// "data.bak"), in key order. Files being written by Put are not listed.
func (r Root) List(bucket, prefix string) ([]Object, error) {
	dir, err := r.bucket(bucket)
	if err != nil {
		return nil, err
	}
	var out []Object
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || strings.HasPrefix(d.Name(), ".tmp-") {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		key := filepath.ToSlash(rel)
		if !strings.HasPrefix(key, prefix) {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		out = append(out, Object{Key: key, Path: p, Size: info.Size()})
		return nil
	})
	slices.SortFunc(out, func(a, b Object) int { return strings.Compare(a.Key, b.Key) })
	return out, err
}
