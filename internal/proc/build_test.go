package proc

import (
	"context"
	"os/exec"
	"path/filepath"
	"testing"
)

func TestBuildCommand(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "hello")
	if err := BuildCommand(context.Background(), "./internal/proc/testdata/hello", bin); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin).Output()
	if err != nil || string(out) != "hello from a built command\n" {
		t.Errorf("built command printed %q, %v", out, err)
	}
	if err := BuildCommand(context.Background(), "./internal/proc/testdata/missing", bin); err == nil {
		t.Error("building a missing package succeeded")
	}
}
