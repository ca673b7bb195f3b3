package bench

import (
	"os"
	"testing"
)

// The test binary's mapped part is most of it, and no more than all of it.
func TestMappedSize(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(exe)
	if err != nil {
		t.Fatal(err)
	}
	n, err := MappedSize(exe)
	if err != nil {
		t.Fatal(err)
	}
	if n < info.Size()/4 || n > info.Size() {
		t.Errorf("mapped %d bytes of a %d-byte executable: implausible", n, info.Size())
	}
	if _, err := MappedSize("executable_test.go"); err == nil {
		t.Error("MappedSize of a Go source file: no error")
	}
}
