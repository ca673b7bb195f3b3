// Command ddb is a command line for DynamoDB tables, wherever they are, and
// a DynamoDB-compatible server.
//
// Usage:
//
//	ddb serve [--port 8000] [--in-memory | --data DIR] [--console] [--admin] [flags]
//	ddb console [--url URL] [--port 8001]
//	ddb tables list | describe TABLE | create TABLE --hash pk:S ... | delete TABLE
//	ddb get | put | update | delete TABLE [--key name=value ...] [flags]
//	ddb query | scan TABLE [flags]
//	ddb sql 'SELECT * FROM "orders" WHERE customer = ?' --param ann
//	ddb export TABLE [FILE] | import TABLE [FILE] [--format json|ddb-json|csv]
//	ddb copy SRC_URL/TABLE DST_URL/TABLE
//	ddb completion bash|zsh|fish|powershell
//	ddb version
//
// "ddb serve" speaks DynamoDB's HTTP JSON protocol, so the AWS SDKs, the AWS
// CLI and DynamoDB tools can use it in place of DynamoDB Local by pointing
// their endpoint at it (for example --endpoint-url http://localhost:8000);
// DynamoDB Local's own flags (-port, -inMemory, -dbPath, -sharedDb, -cors)
// work unchanged.
//
// The other commands work on the database that --url (or $DDB_URL) names,
// with the URLs ddb.Open takes: http://host:port for ddb serve or DynamoDB
// Local, aws://region for AWS, file://DIR for a data directory that no
// server holds (opened in the command's own process), and mem:// for an
// empty in-memory database. Items are plain JSON by default
// ({"id": "a1", "total": 12.5}) and DynamoDB JSON with --ddb-json; results
// print as a table on a terminal and as JSON lines in a pipe (--output
// json|jsonl|table chooses). Every command explains itself with --help.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := newApp(os.Stdin, os.Stdout, os.Stderr).run(ctx, os.Args[1:])
	stop()
	if code := exitCode(err); code != 0 {
		if code != exitBrokenPipe { // nobody reads on; a shell says nothing of SIGPIPE
			fmt.Fprintln(os.Stderr, "ddb: "+oneLine(err.Error()))
		}
		os.Exit(code)
	}
}

// oneLine joins the lines of a message into one.
func oneLine(msg string) string {
	var parts []string
	for line := range strings.Lines(msg) {
		if line = strings.TrimSpace(line); line != "" {
			parts = append(parts, line)
		}
	}
	return strings.Join(parts, " ")
}
