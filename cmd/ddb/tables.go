package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/spf13/cobra"

	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/cmd/ddb/internal/progress"
)

// tablesCommand returns "ddb tables" and its subcommands.
func (a *app) tablesCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "tables",
		Short: "List, describe, create and delete tables",
		Args:  cobra.ArbitraryArgs,
		RunE:  groupRun,
	}
	cmd.AddCommand(a.tablesListCommand(), a.tablesDescribeCommand(), a.tablesCreateCommand(), a.tablesDeleteCommand())
	return cmd
}

// tableCmd is the state of a "ddb tables" subcommand.
type tableCmd struct {
	a      *app
	url    string
	output string
}

// newTableCmd adds --url and, for commands that print, --output to cmd.
func (a *app) newTableCmd(cmd *cobra.Command, prints bool) *tableCmd {
	c := &tableCmd{a: a}
	a.urlFlag(cmd, &c.url)
	if prints {
		cmd.Flags().StringVarP(&c.output, "output", "o", "", "json, jsonl or table (default: table on a terminal)")
		cmd.RegisterFlagCompletionFunc("output", cobra.FixedCompletions([]string{outJSON, outJSONL, outTable}, cobra.ShellCompDirectiveNoFileComp))
	}
	return c
}

// listTables returns the names of every table.
func listTables(ctx context.Context, api ddb.API) ([]string, error) {
	var names []string
	in := &dynamodb.ListTablesInput{}
	for {
		out, err := api.ListTables(ctx, in)
		if err != nil {
			return nil, callError("list tables", err)
		}
		names = append(names, out.TableNames...)
		if in.ExclusiveStartTableName = out.LastEvaluatedTableName; in.ExclusiveStartTableName == nil {
			return names, nil
		}
	}
}

// tablesListCommand returns "ddb tables list".
func (a *app) tablesListCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the tables",
		Long: `Lists the tables. On a terminal it shows each table's status, key, item
count and size; in a pipe it prints the names, one a line (ready for
xargs or a shell loop); --output json or jsonl prints each table's
description.`,
		Example: `  ddb tables list --url http://localhost:8000
  ddb tables list | xargs -n1 ddb export`,
		Args: cobra.NoArgs,
	}
	c := a.newTableCmd(cmd, true)
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		ctx := cmd.Context()
		mode := c.output
		if mode == "" && !a.term.stdout {
			mode = "names"
		} else if _, err := a.outputMode(mode); err != nil {
			return err
		}
		db, err := a.open(ctx, c.url, false)
		if err != nil {
			return err
		}
		defer db.Close()
		names, err := listTables(ctx, db.API())
		if err != nil {
			return err
		}
		w := bufio.NewWriter(a.stdout)
		defer w.Flush()
		if mode == "names" {
			for _, n := range names {
				fmt.Fprintln(w, n)
			}
			return nil
		}
		descs, err := describeAll(ctx, db.API(), names)
		if err != nil {
			return err
		}
		switch mode {
		case outJSON:
			return writeJSON(w, descs, "  ")
		case outJSONL:
			for _, d := range descs {
				if err := writeJSON(w, d, ""); err != nil {
					return err
				}
			}
			return nil
		}
		if len(descs) == 0 {
			fmt.Fprintln(w, "No tables.")
			return nil
		}
		rows := make([][]string, len(descs))
		for i, d := range descs {
			rows[i] = []string{aws.ToString(d.TableName), string(d.TableStatus), keyDescription(d.KeySchema, d.AttributeDefinitions),
				progress.Count(aws.ToInt64(d.ItemCount)), progress.Size(aws.ToInt64(d.TableSizeBytes))}
		}
		writeTable(w, []string{"TABLE", "STATUS", "KEY", "ITEMS", "SIZE"}, rows, a.term.width)
		return nil
	}
	return cmd
}

// describeAll describes the tables, a few at a time.
func describeAll(ctx context.Context, api ddb.API, names []string) ([]*types.TableDescription, error) {
	descs := make([]*types.TableDescription, len(names))
	errs := make([]error, len(names))
	sem := make(chan struct{}, 8)
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			out, err := api.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(name)})
			if err != nil {
				errs[i] = callError("describe "+name, err)
				return
			}
			descs[i] = out.Table
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return descs, nil
}

// tablesDescribeCommand returns "ddb tables describe".
func (a *app) tablesDescribeCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "describe TABLE",
		Short: "Describe a table: keys, indexes, billing, stream, time to live",
		Long: `Describes a table. On a terminal it prints a summary; in a pipe it prints
DynamoDB's description as "aws dynamodb describe-table" does, with the time
to live settings beside it, on one line (--output jsonl, the default in a
pipe) or indented (--output json).`,
		Example: `  ddb tables describe orders
  ddb tables describe orders -o json | jq .Table.KeySchema`,
		Args:              tableArg,
		ValidArgsFunction: a.completeTables,
	}
	c := a.newTableCmd(cmd, true)
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		ctx := cmd.Context()
		mode, err := a.outputMode(c.output)
		if err != nil {
			return err
		}
		db, err := a.open(ctx, c.url, false)
		if err != nil {
			return err
		}
		defer db.Close()
		info, err := describeTable(ctx, db.API(), args[0])
		if err != nil {
			return err
		}
		ttl, err := db.API().DescribeTimeToLive(ctx, &dynamodb.DescribeTimeToLiveInput{TableName: aws.String(args[0])})
		if err != nil {
			return callError("time to live of "+args[0], err)
		}
		w := bufio.NewWriter(a.stdout)
		defer w.Flush()
		if mode == outTable {
			describeText(w, info.desc, ttl.TimeToLiveDescription, a.term.width)
			return nil
		}
		indent := "  "
		if mode == outJSONL {
			indent = ""
		}
		return writeJSON(w, map[string]any{"Table": info.desc, "TimeToLiveDescription": ttl.TimeToLiveDescription}, indent)
	}
	return cmd
}

// describeText writes the summary of a table for people.
func describeText(w *bufio.Writer, d *types.TableDescription, ttl *types.TimeToLiveDescription, width int) {
	var rows [][]string
	add := func(name, value string) { rows = append(rows, []string{name, value}) }
	add("Table", aws.ToString(d.TableName))
	add("Status", string(d.TableStatus))
	add("Key", keyDescription(d.KeySchema, d.AttributeDefinitions))
	billing := "on demand"
	if isProvisioned(d) {
		billing = "provisioned"
		if t := d.ProvisionedThroughput; t != nil {
			billing += fmt.Sprintf(" (read %d, write %d)", aws.ToInt64(t.ReadCapacityUnits), aws.ToInt64(t.WriteCapacityUnits))
		}
	}
	add("Billing", billing)
	add("Items", progress.Count(aws.ToInt64(d.ItemCount)))
	add("Size", progress.Size(aws.ToInt64(d.TableSizeBytes)))
	stream := "off"
	if s := d.StreamSpecification; s != nil && aws.ToBool(s.StreamEnabled) {
		stream = string(s.StreamViewType) + " " + aws.ToString(d.LatestStreamArn)
	}
	add("Stream", stream)
	ttlText := "off"
	if ttl != nil && ttl.TimeToLiveStatus != types.TimeToLiveStatusDisabled && ttl.TimeToLiveStatus != "" {
		ttlText = aws.ToString(ttl.AttributeName) + " (" + string(ttl.TimeToLiveStatus) + ")"
	}
	add("Time to live", ttlText)
	if d.CreationDateTime != nil {
		add("Created", d.CreationDateTime.UTC().Format("2006-01-02 15:04:05 UTC"))
	}
	add("ARN", aws.ToString(d.TableArn))
	for _, r := range rows {
		fmt.Fprintf(w, "%-13s %s\n", r[0]+":", r[1])
	}
	var ixRows [][]string
	for _, ix := range d.GlobalSecondaryIndexes {
		ixRows = append(ixRows, []string{aws.ToString(ix.IndexName), "global", keyDescription(ix.KeySchema, d.AttributeDefinitions),
			projectionText(ix.Projection), string(ix.IndexStatus)})
	}
	for _, ix := range d.LocalSecondaryIndexes {
		ixRows = append(ixRows, []string{aws.ToString(ix.IndexName), "local", keyDescription(ix.KeySchema, d.AttributeDefinitions),
			projectionText(ix.Projection), "ACTIVE"})
	}
	if len(ixRows) > 0 {
		fmt.Fprintln(w, "\nIndexes:")
		writeTable(w, []string{"INDEX", "KIND", "KEY", "PROJECTION", "STATUS"}, ixRows, width)
	}
}

// keyDescription describes a key schema: "customer (S), id (N)".
func keyDescription(schema []types.KeySchemaElement, defs []types.AttributeDefinition) string {
	hash, rangeKey := keyNames(schema)
	typeOf := func(name string) string {
		for _, d := range defs {
			if aws.ToString(d.AttributeName) == name {
				return string(d.AttributeType)
			}
		}
		return "?"
	}
	text := hash + " (" + typeOf(hash) + ")"
	if rangeKey != "" {
		text += ", " + rangeKey + " (" + typeOf(rangeKey) + ")"
	}
	return text
}

// projectionText describes an index's projection.
func projectionText(p *types.Projection) string {
	if p == nil {
		return ""
	}
	if p.ProjectionType == types.ProjectionTypeInclude {
		return "INCLUDE " + strings.Join(p.NonKeyAttributes, ", ")
	}
	return string(p.ProjectionType)
}

// writeJSON writes v as JSON without its null and empty string members
// (the SDK's structures have many: unset pointers, and unset enums such as
// MultiRegionConsistency, which the AWS CLI leaves out as DynamoDB does
// not send them), followed by a newline.
func writeJSON(w io.Writer, v any, indent string) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	var tree any
	if err := json.Unmarshal(raw, &tree); err != nil {
		return err
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", indent)
	return enc.Encode(pruneEmpty(tree))
}

// pruneEmpty removes the null and "" members of the objects of a JSON
// tree.
func pruneEmpty(x any) any {
	switch x := x.(type) {
	case map[string]any:
		for k, v := range x {
			if v == nil || v == "" {
				delete(x, k)
			} else {
				x[k] = pruneEmpty(v)
			}
		}
	case []any:
		for i, v := range x {
			x[i] = pruneEmpty(v)
		}
	}
	return x
}

// tablesCreateCommand returns "ddb tables create".
func (a *app) tablesCreateCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "create TABLE --hash NAME:TYPE [flags] | create [TABLE] --file FILE",
		Short: "Create a table and wait until it is ACTIVE",
		Long: `Creates a table, declared by flags or by a file, and waits until the table
and its indexes are ACTIVE.

Flags: --hash NAME:TYPE and --range NAME:TYPE declare the key (TYPE is S,
N or B). --gsi NAME=HASH:TYPE[,RANGE:TYPE][,PROJECTION] declares a global
secondary index and --lsi NAME=RANGE:TYPE[,PROJECTION] a local one, where
PROJECTION is all (the default), keys-only or include:ATTR[:ATTR...].
Billing is on demand unless --read and --write give provisioned capacity
(which global indexes share). --ttl names the time to live attribute and
--stream turns on the table's stream.

--file reads a CreateTableInput in JSON or YAML, as "aws dynamodb
create-table --cli-input-json" takes it ("-" reads standard input); a
TABLE argument overrides its TableName.`,
		Example: `  ddb tables create orders --hash customer:S --range id:N
  ddb tables create orders --hash customer:S --range id:N --gsi by-status=status:S,created:N,keys-only --ttl expires --stream new-and-old-images
  ddb tables create events --hash id:S --read 5 --write 5
  ddb tables create --file orders-table.yaml`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usagef("%sone table at a time; unexpected %q", commandPrefix(cmd), args[1])
			}
			return nil
		},
	}
	c := a.newTableCmd(cmd, false)
	var f createFlags
	var file, ttl string
	var noWait bool
	fs := cmd.Flags()
	fs.StringVar(&f.hash, "hash", "", "partition key: NAME:TYPE (TYPE: S, N or B)")
	fs.StringVar(&f.rangeKey, "range", "", "sort key: NAME:TYPE")
	fs.StringArrayVar(&f.gsis, "gsi", nil, "global secondary index: NAME=HASH:TYPE[,RANGE:TYPE][,all|keys-only|include:A:B] (repeatable)")
	fs.StringArrayVar(&f.lsis, "lsi", nil, "local secondary index: NAME=RANGE:TYPE[,all|keys-only|include:A:B] (repeatable)")
	fs.StringVar(&f.billing, "billing", "", "on-demand (the default) or provisioned")
	fs.Int64Var(&f.read, "read", 0, "provisioned read capacity units")
	fs.Int64Var(&f.write, "write", 0, "provisioned write capacity units")
	fs.StringVar(&f.stream, "stream", "", "turn on the stream: new-image, old-image, new-and-old-images or keys-only")
	fs.StringVar(&ttl, "ttl", "", "time to live attribute (a number of seconds since the epoch)")
	fs.StringVarP(&file, "file", "f", "", "read the table's CreateTableInput from this JSON or YAML file")
	fs.BoolVar(&noWait, "no-wait", false, "return once the table is being created")
	cmd.RegisterFlagCompletionFunc("stream", cobra.FixedCompletions([]string{"new-image", "old-image", "new-and-old-images", "keys-only"}, cobra.ShellCompDirectiveNoFileComp))
	cmd.RegisterFlagCompletionFunc("billing", cobra.FixedCompletions([]string{"on-demand", "provisioned"}, cobra.ShellCompDirectiveNoFileComp))
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		ctx := cmd.Context()
		var in *dynamodb.CreateTableInput
		var err error
		switch {
		case file != "" && f.declared():
			return usagef("--file and the flags that declare a table exclude each other")
		case file != "":
			if in, err = readCreateInput(file, a.stdin); err != nil {
				return &usageError{err}
			}
			if len(args) == 1 {
				in.TableName = aws.String(args[0])
			}
			if in.TableName == nil {
				return usagef("name the table: an argument, or TableName in %s", file)
			}
		case len(args) == 0:
			return usagef("%sname the table (%s)", commandPrefix(cmd), cmd.UseLine())
		default:
			if in, err = f.input(args[0], ttl); err != nil {
				return &usageError{err}
			}
		}
		db, err := a.open(ctx, c.url, true)
		if err != nil {
			return err
		}
		defer db.Close()
		if err := createTable(ctx, db.API(), in, ttl, noWait); err != nil {
			return err
		}
		if a.term.stderr {
			fmt.Fprintf(a.stderr, "Created table %s.\n", aws.ToString(in.TableName))
		}
		return nil
	}
	return cmd
}

// tablesDeleteCommand returns "ddb tables delete".
func (a *app) tablesDeleteCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "delete TABLE",
		Short: "Delete a table and all its items",
		Long: `Deletes a table and every item in it, and waits until it is gone. On a
terminal it asks first; elsewhere it needs --yes.`,
		Example: `  ddb tables delete orders
  ddb tables delete orders --yes --url file://./data`,
		Args:              tableArg,
		ValidArgsFunction: a.completeTables,
	}
	c := a.newTableCmd(cmd, false)
	var yes, noWait bool
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "delete without asking")
	cmd.Flags().BoolVar(&noWait, "no-wait", false, "return once the table is being deleted")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		ctx := cmd.Context()
		name := args[0]
		if !yes && !(a.term.stdin && a.term.stderr) {
			return usagef("deleting table %s needs --yes (there is no terminal to ask on)", name)
		}
		db, err := a.open(ctx, c.url, false)
		if err != nil {
			return err
		}
		defer db.Close()
		info, err := describeTable(ctx, db.API(), name)
		if err != nil {
			return err
		}
		if !yes {
			fmt.Fprintf(a.stderr, "Delete table %s and its %s items? Type the table's name to confirm: ", name, progress.Count(aws.ToInt64(info.desc.ItemCount)))
			answer, _ := bufio.NewReader(a.stdin).ReadString('\n')
			if strings.TrimSpace(answer) != name {
				return fmt.Errorf("not deleted: %q is not the table's name", strings.TrimSpace(answer))
			}
		}
		if _, err := db.API().DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: aws.String(name)}); err != nil {
			return callError("delete table "+name, err)
		}
		if !noWait {
			if err := waitTable(ctx, db.API(), name, true); err != nil {
				return err
			}
		}
		if a.term.stderr {
			fmt.Fprintf(a.stderr, "Deleted table %s.\n", name)
		}
		return nil
	}
	return cmd
}
