package proc

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"strings"
)

// BuildCommand compiles the main package pkg, a path relative to the root of
// the module holding the working directory (such as ./cmd/ddb), into the
// executable bin, so that tests and benchmarks can run the program as a
// separate process.
func BuildCommand(ctx context.Context, pkg, bin string) error {
	root, err := exec.CommandContext(ctx, "go", "list", "-m", "-f", "{{.Dir}}").Output()
	if err != nil {
		return fmt.Errorf("proc: find the module root (run from inside the module): %w", err)
	}
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, pkg)
	cmd.Dir = strings.TrimSpace(string(root))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("proc: go build %s: %w\n%s", pkg, err, out.String())
	}
	return nil
}
