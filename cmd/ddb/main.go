// Command ddb runs the ddb DynamoDB-compatible database as a server.
//
// Usage:
//
//	ddb serve [--host 127.0.0.1] [--port 8000] [--in-memory | --data DIR]
//	          [-cors ORIGINS] [--auth KEY:SECRET,... | --auth-file FILE]
//	          [--tls-cert FILE --tls-key FILE] [limits] [--console] [--admin]
//	ddb console [--url URL] [--port 8001]
//	ddb version
//
// "ddb serve" speaks DynamoDB's HTTP JSON protocol, so the AWS SDKs, the AWS
// CLI and DynamoDB tools can use it in place of DynamoDB Local by pointing
// their endpoint at it (for example --endpoint-url http://localhost:8000).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

const usage = `Usage:
  ddb serve [flags]   serve the DynamoDB HTTP API (run "ddb serve -h" for flags)
  ddb console [flags] serve the web console for any endpoint (run "ddb console -h")
  ddb version         print the version
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "ddb:", err)
		os.Exit(2)
	}
}

// run executes the subcommand in args; canceling ctx stops a server.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errors.New("missing subcommand")
	}
	switch args[0] {
	case "serve":
		cfg, err := parseServeFlags(args[1:], stderr)
		if err != nil {
			return err
		}
		return serve(ctx, cfg, stdout, stderr)
	case "console":
		cfg, err := parseConsoleFlags(args[1:], stderr)
		if err != nil {
			return err
		}
		return runConsole(ctx, cfg, stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, version())
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown subcommand %q", args[0])
}
