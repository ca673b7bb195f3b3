package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Command groups, in the order "ddb --help" lists them.
const (
	groupItems    = "items"
	groupTables   = "tables"
	groupTransfer = "transfer"
	groupServer   = "server"
)

// run executes the command line args; canceling ctx interrupts the
// command (and stops a server).
func (a *app) run(ctx context.Context, args []string) error {
	root := a.rootCommand()
	if len(args) > 0 && args[0] == "serve" {
		serve, _, err := root.Find(args[:1])
		if err == nil {
			args = append([]string{"serve"}, goStyleFlags(args[1:], serve.Flags())...)
		}
	}
	root.SetArgs(args)
	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return nil
	}
	// Every message begins with the command it is about: "tables create:
	// table orders already exists", "get orders: ...".
	msg := strings.TrimPrefix(err.Error(), "ddb: ")
	if prefix := commandPrefix(cmd); prefix != "" && !strings.HasPrefix(msg, prefix) && !strings.HasPrefix(msg, cmd.Name()+" ") {
		msg = prefix + msg
	}
	if msg != err.Error() {
		err = &shortError{msg, err}
	}
	return err
}

// rootCommand returns the "ddb" command and all of its subcommands.
func (a *app) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "ddb",
		Short: "DynamoDB tables from the command line, and a DynamoDB-compatible server",
		Long: `ddb reads and writes DynamoDB tables wherever they are, and serves a
DynamoDB-compatible database.

Every command but serve works on the database --url names, or $DDB_URL:
  http://host:port   a server: ddb serve, DynamoDB Local
  aws://REGION       AWS DynamoDB, with the usual AWS credentials
  file://DIR         a ddb data directory no server holds (opened in-process)
  mem://             an empty in-memory database (for trying things out)
A request to a server gives up after a minute without its answer (retried
as the AWS SDKs retry); $DDB_TIMEOUT (such as 10s or 5m) changes the wait.

Items are plain JSON ({"id": "a1", "total": 12.5}); --ddb-json reads and
writes DynamoDB JSON ({"id": {"S": "a1"}}) instead. Results print as a
table on a terminal and as JSON lines in a pipe; --output json|jsonl|table
chooses.`,
		Example: `  ddb serve --data ./data &
  export DDB_URL=http://localhost:8000
  ddb tables create orders --hash customer:S --range id:N
  ddb put orders '{"customer": "ann", "id": 1, "total": 12.5}'
  ddb get orders --key customer=ann --key id=1
  ddb query orders --key customer=ann --filter '#t > :t' --names '#t=total' --values ':t=10'
  ddb sql 'SELECT * FROM "orders" WHERE customer = ?' --param ann
  ddb export orders orders.jsonl
  ddb copy aws://eu-west-1/orders file://./data/orders`,
		Args:          cobra.ArbitraryArgs,
		RunE:          groupRun,
		SilenceUsage:  true,
		SilenceErrors: true,
		// Suggest commands one or two edits away: "tabels" is "tables".
		SuggestionsMinimumDistance: 2,
	}
	root.SetIn(a.stdin)
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usagef("%s%v (see %q)", commandPrefix(c), err, c.CommandPath()+" --help")
	})
	root.AddGroup(
		&cobra.Group{ID: groupItems, Title: "Items:"},
		&cobra.Group{ID: groupTables, Title: "Tables:"},
		&cobra.Group{ID: groupTransfer, Title: "Moving data:"},
		&cobra.Group{ID: groupServer, Title: "Server:"},
	)
	add := func(group string, cmds ...*cobra.Command) {
		for _, c := range cmds {
			c.GroupID = group
			root.AddCommand(c)
		}
	}
	add(groupItems, a.getCommand(), a.putCommand(), a.updateCommand(), a.deleteCommand(), a.queryCommand(), a.scanCommand(), a.sqlCommand())
	add(groupTables, a.tablesCommand())
	add(groupTransfer, a.exportCommand(), a.importCommand(), a.copyCommand())
	add(groupServer, a.serveCommand(), a.consoleCommand())
	root.AddCommand(a.versionCommand())
	root.SetCompletionCommandGroupID("")
	return root
}

// groupRun is the Run of a command that only groups others: alone it
// prints its help; with an argument that is no subcommand, it fails.
func groupRun(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return cmd.Help()
	}
	var names []string
	for _, c := range cmd.Commands() {
		if c.IsAvailableCommand() {
			names = append(names, c.Name())
		}
	}
	msg := fmt.Sprintf("%sunknown command %q", commandPrefix(cmd), args[0])
	if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
		return usagef("%s (did you mean %q?)", msg, s[0])
	}
	return usagef("%s (commands: %s)", msg, strings.Join(names, ", "))
}

// tableArg is the Args of a command that takes one table name.
func tableArg(cmd *cobra.Command, args []string) error {
	switch len(args) {
	case 1:
		return nil
	case 0:
		return usagef("%sname the table (%s)", commandPrefix(cmd), cmd.UseLine())
	}
	return usagef("%sone table at a time; unexpected %q", commandPrefix(cmd), args[1])
}

// commandPrefix returns what begins the messages of a command: its path
// after "ddb" and a colon ("tables create: "), or "" for ddb itself.
func commandPrefix(cmd *cobra.Command) string {
	if !cmd.HasParent() {
		return ""
	}
	path := cmd.CommandPath()
	return path[strings.IndexByte(path, ' ')+1:] + ": "
}

// tableAndFileArgs is the Args of a command that takes a table name and
// optionally one more argument (a file, an item).
func tableAndFileArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 2 {
		return nil
	}
	return tableArg(cmd, args)
}

// urlFlag adds --url to cmd, with completion of the URL schemes.
func (a *app) urlFlag(cmd *cobra.Command, dst *string) {
	cmd.Flags().StringVar(dst, "url", "", urlHelp)
	cmd.RegisterFlagCompletionFunc("url", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return []string{"http://localhost:8000", "file://", "aws://", "mem://"}, cobra.ShellCompDirectiveNoSpace
	})
}

// completeTables completes a table name argument with the tables of the
// database the command line's --url (or $DDB_URL) names.
func (a *app) completeTables(cmd *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	url, _ := cmd.Flags().GetString("url")
	ctx, cancel := context.WithTimeout(cmd.Context(), 3*time.Second)
	defer cancel()
	db, err := a.open(ctx, url, false)
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	defer db.Close()
	names, _ := listTables(ctx, db.API())
	return names, cobra.ShellCompDirectiveNoFileComp
}

// awsNames maps the AWS CLI's spellings of flags to ours, so that options
// copied from an "aws dynamodb" command line work.
var awsNames = map[string]string{
	"key-condition-expression":    "key-condition",
	"filter-expression":           "filter",
	"projection-expression":       "projection",
	"condition-expression":        "condition",
	"update-expression":           "update",
	"expression-attribute-names":  "names",
	"consistent-read":             "consistent",
	"index-name":                  "index",
	"total-segments":              "segments",
	"return-values":               "return",
	"no-scan-index-forward":       "descending",
	"max-items":                   "limit",
	"expression-attribute-values": "aws-values",
}

// awsFlagNames is the normalization function of item commands' flags.
func awsFlagNames(_ *pflag.FlagSet, name string) pflag.NormalizedName {
	if ours, ok := awsNames[name]; ok {
		return pflag.NormalizedName(ours)
	}
	return pflag.NormalizedName(name)
}
