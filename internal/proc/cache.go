package proc

import (
	"os"
	"path/filepath"
)

// CacheDirEnv names the environment variable that overrides the root of the
// cache where downloaded peers (DynamoDB Local, dynalite) are kept.
const CacheDirEnv = "DDB_CACHE_DIR"

// CacheRoot returns $DDB_CACHE_DIR, else os.UserCacheDir()/ddb, else a
// directory under os.TempDir() when the user has no cache directory. It is
// always outside the repository.
func CacheRoot() (string, error) {
	if dir := os.Getenv(CacheDirEnv); dir != "" {
		return filepath.Abs(dir)
	}
	if dir, err := os.UserCacheDir(); err == nil {
		return filepath.Join(dir, "ddb"), nil
	}
	return filepath.Join(os.TempDir(), "ddb-cache"), nil
}
