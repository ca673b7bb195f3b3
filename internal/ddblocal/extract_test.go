package ddblocal

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha512"
	"encoding/hex"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// writeTarball writes a gzipped tar of the given files (name -> contents;
// a name ending in "/" is a directory) and returns its hex SHA-512.
func writeTarball(t *testing.T, path string, files map[string]string) string {
	t.Helper()
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for name, body := range files {
		hdr := &tar.Header{Name: name, Mode: 0o644, Size: int64(len(body)), Typeflag: tar.TypeReg}
		if name[len(name)-1] == '/' {
			hdr = &tar.Header{Name: name, Mode: 0o755, Typeflag: tar.TypeDir}
		}
		if err := tw.WriteHeader(hdr); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write([]byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := gz.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	sum := sha512.Sum512(buf.Bytes())
	return hex.EncodeToString(sum[:])
}

// listFiles returns the regular files under dir with their contents.
func listFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		got[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestExtractEmulatorKeepsOnlyTheEmulator(t *testing.T) {
	dir := t.TempDir()
	tarball := filepath.Join(dir, "p.tgz")
	writeTarball(t, tarball, map[string]string{
		"package/package.json":                    "{}",
		"package/emulator/":                       "",
		"package/emulator/DynamoDBLocal.jar":      "jar",
		"package/emulator/DynamoDBLocal_lib/a.so": "so",
		"package/emulator/../../escape":           "no",
		"other/emulator/x":                        "no",
	})
	dest := filepath.Join(dir, "out")
	if err := extractEmulator(tarball, dest); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"DynamoDBLocal.jar": "jar", "DynamoDBLocal_lib/a.so": "so"}
	if diff := cmp.Diff(want, listFiles(t, dest)); diff != "" {
		t.Errorf("extracted files (-want +got):\n%s", diff)
	}
	if !installed(dest) {
		t.Error("installed(dest) = false after extracting a jar and its lib directory")
	}
}

func TestCheckSHA512(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(path, []byte("abc"), 0o644); err != nil {
		t.Fatal(err)
	}
	sum := sha512.Sum512([]byte("abc"))
	if err := checkSHA512(path, hex.EncodeToString(sum[:])); err != nil {
		t.Errorf("matching digest: %v", err)
	}
	if err := checkSHA512(path, emulatorPackage.sha512); err == nil {
		t.Error("mismatching digest: no error")
	}
}
