// Package browsertest runs headless Chromium (Debian's chromium) for tests
// that drive pages the way a person would, with chromedp, and keeps their
// screenshots as test artifacts.
//
// A test that needs Chromium skips, saying why, when the chromium command
// is missing, unless DDB_TEST_BROWSER=1 says it must run (scripts/test sets
// it once Chromium is installed): then a missing browser fails the test.
// Screenshots go to $DDB_TEST_ARTIFACTS, or to a temporary directory kept
// after the test; the test logs where.
package browsertest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
)

// EnvArtifacts names the directory screenshots are written to.
const EnvArtifacts = "DDB_TEST_ARTIFACTS"

// EnvRequire, set to 1, makes a missing Chromium fail the test.
const EnvRequire = "DDB_TEST_BROWSER"

// Browser is a headless Chromium tab for one test.
type Browser struct {
	t   testing.TB
	ctx context.Context
	dir string // the test's artifacts
	n   int    // screenshots taken
}

// New starts Chromium with the flags that work on the project's machines
// (no sandbox, as root in CI; no GPU; no network of its own) and a new
// profile, and stops it when the test ends.
func New(t testing.TB) *Browser {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv(EnvRequire) == "1" {
			t.Fatalf("%s=1 but there is no chromium on PATH", EnvRequire)
		}
		t.Skip("skipping the browser test: no chromium on PATH (apt-get install chromium; scripts/test installs it)")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1400, 900),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return &Browser{t: t, ctx: ctx, dir: artifactDir(t)}
}

// ArtifactDir returns the directory of the test's artifacts.
func (b *Browser) ArtifactDir() string { return b.dir }

// Do runs actions with a time limit, failing the test (with a screenshot)
// if one fails.
func (b *Browser) Do(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.Screenshot("failed-" + what)
		b.t.Fatalf("%s: %v", what, err)
	}
}

// Eval evaluates a JavaScript expression and returns its value.
func Eval[T any](b *Browser, expr string) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		b.t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// WaitFor waits until a JavaScript expression is truthy, failing the test
// (with a screenshot and the text of the page) when it is not within
// timeout.
func (b *Browser) WaitFor(what, expr string, timeout time.Duration) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, timeout+5*time.Second)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(timeout))); err != nil {
		b.Screenshot("failed-" + what)
		text, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string]("document.body.innerText"))
		b.t.Fatalf("waiting for %s (%s): %v\npage text:\n%s", what, expr, err, text)
	}
}

// AllowDownloads makes the browser save downloads into dir.
func (b *Browser) AllowDownloads(dir string) {
	b.t.Helper()
	events := true
	if _, err := chromedp.CallBrowser(b.ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir, EventsEnabled: &events,
	}); err != nil {
		b.t.Fatalf("allow downloads: %v", err)
	}
}

// Screenshot saves a PNG of the viewport as NN-name.png in the artifacts
// directory.
func (b *Browser) Screenshot(name string) {
	b.t.Helper()
	b.n++
	png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		b.t.Logf("screenshot %s: %v", name, err)
		return
	}
	file := filepath.Join(b.dir, fmt.Sprintf("%02d-", b.n)+unsafeChars.ReplaceAllString(name, "_")+".png")
	if err := os.WriteFile(file, png, 0o644); err != nil {
		b.t.Logf("screenshot %s: %v", name, err)
	}
}

var unsafeChars = regexp.MustCompile(`[^A-Za-z0-9_.-]+`)

var (
	tempOnce sync.Once
	tempDir  string
)

// artifactDir returns (and creates) the directory of a test's artifacts:
// $DDB_TEST_ARTIFACTS/TestName, or a temporary directory that outlives the
// test.
func artifactDir(t testing.TB) string {
	root := os.Getenv(EnvArtifacts)
	if root == "" {
		tempOnce.Do(func() { tempDir, _ = os.MkdirTemp("", "ddb-test-artifacts-") })
		root = tempDir
	}
	dir := filepath.Join(root, unsafeChars.ReplaceAllString(t.Name(), "_"))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("artifacts: %v", err)
	}
	t.Logf("screenshots in %s (set %s to choose)", dir, EnvArtifacts)
	return dir
}
