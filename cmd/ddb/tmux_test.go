package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// tmuxSession is a shell in a tmux session: a real terminal, as a person
// has, whose screen the test reads.
type tmuxSession struct {
	t      *testing.T
	socket string
}

// startTmux starts a shell in a new tmux server of its own, 100 columns by
// 30 lines, in dir, with the ddb command first on its PATH.
func startTmux(t *testing.T, dir, bin string) *tmuxSession {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed (scripts/test installs it with apt-get install tmux): skipping the terminal session test")
	}
	s := &tmuxSession{t: t, socket: fmt.Sprintf("ddb-test-%d", os.Getpid())}
	cmd := exec.Command("tmux", "-L", s.socket, "-f", "/dev/null", "new-session", "-d", "-s", "ddb", "-x", "100", "-y", "30", "-c", dir,
		"env", "PS1=$ ", "PATH="+filepath.Dir(bin)+":"+os.Getenv("PATH"), "TERM=xterm", "bash", "--norc", "--noprofile")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("tmux new-session: %v\n%s", err, out)
	}
	t.Cleanup(func() { exec.Command("tmux", "-L", s.socket, "kill-server").Run() })
	s.waitFor(regexp.MustCompile(`\$$`), "a prompt")
	return s
}

// screen returns what the terminal shows, without the blanks that end its
// lines (a prompt "$ " is "$").
func (s *tmuxSession) screen() string {
	out, err := exec.Command("tmux", "-L", s.socket, "capture-pane", "-p", "-t", "ddb").Output()
	if err != nil {
		s.t.Fatalf("tmux capture-pane: %v", err)
	}
	var lines []string
	for l := range strings.Lines(string(out)) {
		lines = append(lines, strings.TrimRight(l, " \n"))
	}
	return strings.TrimRight(strings.Join(lines, "\n"), "\n")
}

// typeLine types a command line and Enter, on a cleared screen.
func (s *tmuxSession) typeLine(line string) {
	s.t.Helper()
	exec.Command("tmux", "-L", s.socket, "send-keys", "-t", "ddb", "clear", "Enter").Run()
	s.waitFor(regexp.MustCompile(`^\$$`), "a cleared screen")
	if out, err := exec.Command("tmux", "-L", s.socket, "send-keys", "-t", "ddb", "-l", line).CombinedOutput(); err != nil {
		s.t.Fatalf("tmux send-keys: %v\n%s", err, out)
	}
	exec.Command("tmux", "-L", s.socket, "send-keys", "-t", "ddb", "Enter").Run()
}

// waitFor waits until the screen matches re, and returns the screen.
func (s *tmuxSession) waitFor(re *regexp.Regexp, what string) string {
	s.t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		screen := s.screen()
		if re.MatchString(screen) {
			return screen
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("the terminal did not show %s:\n%s", what, screen)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestTerminalSession uses ddb as a person does, in a terminal: it lists
// the tables, scans one (a table on the screen) and imports a file (with a
// progress bar), reading the screen after each.
func TestTerminalSession(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the ddb command")
	}
	bin := testBinary(t)
	dir := t.TempDir()
	c := &cli{t: t, url: "file://" + filepath.Join(dir, "data"), env: map[string]string{}}
	c.ok("tables", "create", "orders", "--hash", "customer:S", "--range", "id:N")
	c.ok("tables", "create", "customers", "--hash", "name:S")
	c.ok("put", "orders", `{"customer": "ann", "id": 1, "total": 12.5, "status": "open"}`)
	c.ok("put", "orders", `{"customer": "ann", "id": 2, "total": 7, "status": "paid"}`)
	c.ok("put", "orders", `{"customer": "bob", "id": 1, "total": 99.99}`)
	path := writeOrders(t, dir, 100000)
	os.Rename(path, filepath.Join(dir, "more.jsonl"))

	s := startTmux(t, dir, bin)
	s.typeLine("export DDB_URL=" + c.url)
	s.typeLine("ddb tables list")
	screen := s.waitFor(regexp.MustCompile(`orders +ACTIVE.*\n\$$`), "the tables")
	for _, want := range []string{
		"TABLE      STATUS  KEY                   ITEMS  SIZE",
		"customers  ACTIVE  name (S)              0      0 B",
		"orders     ACTIVE  customer (S), id (N)  3",
	} {
		if !strings.Contains(screen, want) {
			t.Errorf("tables list: the screen lacks %q:\n%s", want, screen)
		}
	}

	s.typeLine("ddb scan orders --segments 1")
	screen = s.waitFor(regexp.MustCompile(`\(3 items\)\n\$$`), "the scanned items")
	want := strings.Join([]string{
		"$ ddb scan orders --segments 1",
		"customer  id  status  total",
		"--------  --  ------  -----",
		"bob       1           99.99",
		"ann       1   open    12.5",
		"ann       2   paid    7",
		"(3 items)",
		"$",
	}, "\n")
	if screen != want {
		t.Errorf("scan on a terminal shows\n%s\nwant\n%s", screen, want)
	}

	s.typeLine("ddb import orders more.jsonl")
	bar := regexp.MustCompile(`import orders  \[=* *\] +\d+%  [\d,]+ items  [\d.]+ [kM]?B  [\d,]+/s  ETA [\dhms.]+`)
	screen = s.waitFor(bar, "a progress bar")
	t.Logf("during the import:\n%s", screen)
	screen = s.waitFor(regexp.MustCompile(`\n\$$`), "the end of the import")
	final := regexp.MustCompile(`(?m)^import orders  100,000 items  [\d.]+ MB  [\d,]+/s  [\d.]+ [kM]B/s  in [\dhms.]+\n\$$`)
	if !final.MatchString(screen) {
		t.Errorf("after the import, the screen shows\n%s\nwant its final line, then the prompt", screen)
	}
	s.typeLine("ddb scan orders --count")
	s.waitFor(regexp.MustCompile(`(?m)^100003\n\$$`), "the count of items")
}
