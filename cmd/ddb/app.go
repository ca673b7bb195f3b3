package main

import (
	"context"
	"io"
	"os"
	"strconv"

	"golang.org/x/term"

	"github.com/ddbkit/ddb"
)

// app is what every command shares: the standard streams, what they are
// connected to, and how a URL is opened. Tests make one with the streams
// and terminal they want and an opener of their own.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	term           terminal
	// getenv reads the environment (DDB_URL).
	getenv func(string) string
	// open opens the database at a URL (see openURL); create says that
	// the command writes, so that a missing file:// directory may be made.
	open func(ctx context.Context, rawURL string, create bool) (*ddb.DB, error)
}

// terminal says which standard streams are terminals, and how wide the
// terminal is: commands print tables and show progress on a terminal, and
// write JSON lines and nothing extra to pipes and files.
type terminal struct {
	stdin, stdout, stderr bool
	width                 int // columns of the terminal of stdout (else of stderr), or 80
}

// newApp returns the app of a process: its standard streams, detected.
func newApp(stdin io.Reader, stdout, stderr io.Writer) *app {
	a := &app{stdin: stdin, stdout: stdout, stderr: stderr, getenv: os.Getenv}
	a.term = terminal{stdin: isTerminal(stdin), stdout: isTerminal(stdout), stderr: isTerminal(stderr), width: 80}
	if n, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && n > 0 {
		a.term.width = n
	}
	for _, s := range []io.Writer{stderr, stdout} {
		if f, ok := s.(*os.File); ok && isTerminal(f) {
			if w, _, err := term.GetSize(int(f.Fd())); err == nil && w > 0 {
				a.term.width = w
			}
		}
	}
	a.open = a.openURL
	return a
}

// isTerminal reports whether s is a file that is a terminal.
func isTerminal(s any) bool {
	f, ok := s.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
