package dynalite

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/ddbkit/ddb/internal/proc"
)

// The npm package, pinned.
const (
	PackageName    = "dynalite"
	PackageVersion = "4.0.0"
)

// cliPath is the emulator's entry point inside an installation directory.
var cliPath = filepath.Join("node_modules", PackageName, "cli.js")

// Install makes sure the pinned dynalite is installed in the cache and
// returns the installation directory (holding node_modules). The first call
// runs `npm install`; concurrent callers, in this or in other processes, wait
// on a file lock and then reuse the result. The installation is assembled
// under a temporary name and renamed into place, so a partial one never
// becomes visible.
func Install(ctx context.Context) (string, error) {
	root, err := proc.CacheRoot()
	if err != nil {
		return "", err
	}
	return install(ctx, filepath.Join(root, PackageName), PackageVersion)
}

// install installs version into parent/<version> unless it is there already.
func install(ctx context.Context, parent, version string) (string, error) {
	dir := filepath.Join(parent, version)
	complete := func(dir string) bool { return installedVersion(dir) == version }
	err := proc.InstallDir(dir, complete, func(staging string) error {
		if err := npmInstall(ctx, staging, PackageName+"@"+version); err != nil {
			return err
		}
		if got := installedVersion(staging); got != version {
			return fmt.Errorf("npm installed version %q, want %s", got, version)
		}
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("dynalite: %w", err)
	}
	return dir, nil
}

// npmInstall installs spec into dir/node_modules. Install scripts are not
// run: the in-memory emulator needs no native build.
func npmInstall(ctx context.Context, dir, spec string) error {
	npm, err := exec.LookPath("npm")
	if err != nil {
		return fmt.Errorf("npm is needed to install %s but is not on PATH: %w", spec, err)
	}
	cmd := exec.CommandContext(ctx, npm, "install", "--prefix", dir, "--no-save", "--ignore-scripts", "--no-audit", "--no-fund", "--silent", spec)
	cmd.Dir = dir
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("npm install %s: %w\n%s", spec, err, strings.TrimSpace(out.String()))
	}
	return nil
}

// installedVersion returns the version of the dynalite installed in dir, or
// "" when there is none (or its entry point is missing).
func installedVersion(dir string) string {
	if _, err := os.Stat(filepath.Join(dir, cliPath)); err != nil {
		return ""
	}
	data, err := os.ReadFile(filepath.Join(dir, "node_modules", PackageName, "package.json"))
	if err != nil {
		return ""
	}
	var pkg struct {
		Version string `json:"version"`
	}
	if json.Unmarshal(data, &pkg) != nil {
		return ""
	}
	return pkg.Version
}
