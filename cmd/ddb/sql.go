package main

import (
	"context"
	"regexp"

	"github.com/spf13/cobra"

	"github.com/ddbkit/ddb"
)

// returnsItems matches the statements whose answer is items: a SELECT,
// and a write with a RETURNING clause.
var returnsItems = regexp.MustCompile(`(?is)^\s*select\b|\breturning\b`)

// sqlCommand returns "ddb sql".
func (a *app) sqlCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "sql STATEMENT [--param VALUE]...",
		Short: "Run a PartiQL statement",
		Long: `Runs a PartiQL statement: a SELECT prints the items it reads (page after
page, up to --limit), an INSERT, UPDATE or DELETE makes its change (and
prints the items of its RETURNING clause). Each ? of the statement takes
the value of one --param, in order: JSON when it parses as JSON (5, true,
"5", {"$SS": ["a"]}), else a string; JSON that is no value
({"$B": "not base64"}) is an error.`,
		Example: `  ddb sql 'SELECT * FROM "orders" WHERE customer = ?' --param ann
  ddb sql 'UPDATE "orders" SET status = ? WHERE customer = ? AND id = ?' --param paid --param ann --param 1
  ddb sql 'INSERT INTO "orders" VALUE {'"'"'customer'"'"': ?, '"'"'id'"'"': ?}' --param bob --param 7`,
	}
	c := a.newItemCmd(cmd, false)
	cmd.ValidArgsFunction = cobra.NoFileCompletions
	var params []string
	var limit int
	var consistent bool
	fs := cmd.Flags()
	fs.StringArrayVarP(&params, "param", "p", nil, "the value of the next ? of the statement (repeatable)")
	fs.IntVar(&limit, "limit", 0, "print at most this many items (default: all, page after page)")
	fs.BoolVar(&consistent, "consistent", false, "strongly consistent reads")
	cmd.Args = func(cmd *cobra.Command, args []string) error {
		if len(args) != 1 {
			return usagef("%sgive one statement, quoted (%s)", commandPrefix(cmd), cmd.UseLine())
		}
		return nil
	}
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		ctx := cmd.Context()
		if limit < 0 {
			return usagef("sql: --limit %d: must not be negative", limit)
		}
		if _, err := a.outputMode(c.output); err != nil {
			return err
		}
		db, err := a.open(ctx, c.url, false)
		if err != nil {
			return err
		}
		defer db.Close()
		c.db = db
		values := make([]any, len(params))
		for i, p := range params {
			v, err := shorthandValue(c.format(), p)
			if err != nil {
				return usagef("sql: --param %d: %v", i+1, err)
			}
			values[i] = v
		}
		if err := c.statement(ctx, args[0], values, limit, consistent); err != nil {
			return callError("sql", err)
		}
		return nil
	}
	return cmd
}

// statement runs a PartiQL statement and prints the items it returns.
func (c *itemCmd) statement(ctx context.Context, text string, values []any, limit int, consistent bool) error {
	if !returnsItems.MatchString(text) {
		return ddb.Exec(ctx, c.db, text, values...)
	}
	if consistent {
		values = append(values, ddb.Consistent())
	}
	p, err := c.printer(ctx, true)
	if err != nil {
		return err
	}
	for item, err := range ddb.Statement[ddb.Item](ctx, c.db, text, values...).All() {
		if err != nil {
			return err
		}
		if err := p.print(item); err != nil {
			return err
		}
		if limit > 0 && p.count >= limit {
			break
		}
	}
	return p.close()
}
