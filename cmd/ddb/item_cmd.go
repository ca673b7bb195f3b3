package main

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/spf13/cobra"

	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/internal/itemio"
)

// itemCmd is the state the commands on the items of a table share: their
// common flags, the database and what is known of the table.
type itemCmd struct {
	a       *app
	url     string
	ddbJSON bool
	output  string
	expr    exprFlags

	table string
	db    *ddb.DB
	info  *tableInfo // once described
}

// newItemCmd adds the common flags to cmd: --url, --ddb-json, --output
// and, with expressions, --names and --values.
func (a *app) newItemCmd(cmd *cobra.Command, expressions bool) *itemCmd {
	c := &itemCmd{a: a}
	fs := cmd.Flags()
	a.urlFlag(cmd, &c.url)
	fs.BoolVar(&c.ddbJSON, "ddb-json", false, `items and values in DynamoDB JSON ({"S": "x"}) instead of plain JSON`)
	fs.StringVarP(&c.output, "output", "o", "", "json, jsonl or table (default: table on a terminal, else jsonl)")
	cmd.RegisterFlagCompletionFunc("output", cobra.FixedCompletions([]string{outJSON, outJSONL, outTable}, cobra.ShellCompDirectiveNoFileComp))
	if expressions {
		c.expr.define(fs)
	}
	fs.SetNormalizeFunc(awsFlagNames)
	cmd.Args = tableArg
	cmd.ValidArgsFunction = a.completeTables
	return c
}

// start opens the database of the command's table.
func (c *itemCmd) start(ctx context.Context, table string) error {
	if _, err := c.a.outputMode(c.output); err != nil {
		return err
	}
	db, err := c.a.open(ctx, c.url, false)
	if err != nil {
		return err
	}
	c.table, c.db = table, db
	return nil
}

// close closes the database.
func (c *itemCmd) close() {
	if c.db != nil {
		c.db.Close()
	}
}

// api returns the database's API.
func (c *itemCmd) api() ddb.API { return c.db.API() }

// format returns the JSON format of items and values.
func (c *itemCmd) format() itemio.Format {
	if c.ddbJSON {
		return itemio.DynamoJSON
	}
	return itemio.JSON
}

// describe returns what is known of the table, describing it once.
func (c *itemCmd) describe(ctx context.Context) (*tableInfo, error) {
	if c.info == nil {
		info, err := describeTable(ctx, c.api(), c.table)
		if err != nil {
			return nil, err
		}
		c.info = info
	}
	return c.info, nil
}

// params returns the placeholders --names and --values give.
func (c *itemCmd) params() (*exprParams, error) {
	p, err := c.expr.params(c.format())
	if err != nil {
		return nil, &usageError{err}
	}
	return p, nil
}

// key reads the --key flags of an item's key: NAME=VALUE pairs, each value
// of the type the table declares for NAME, or one JSON object. The key
// must name the table's key attributes, and only those.
func (c *itemCmd) key(ctx context.Context, specs []string) (ddb.Item, error) {
	if len(specs) == 0 {
		return nil, usagef("give the item's key: --key NAME=VALUE for each key attribute, or --key '{...}'")
	}
	if len(specs) == 1 && strings.HasPrefix(strings.TrimSpace(specs[0]), "{") {
		key, err := itemio.Unmarshal(c.format(), []byte(specs[0]))
		if err != nil {
			return nil, usagef("--key: %v", err)
		}
		return key, nil
	}
	info, err := c.describe(ctx)
	if err != nil {
		return nil, err
	}
	key, err := keyPairs(specs, info.types)
	if err != nil {
		return nil, err
	}
	names := info.keyAttrs()
	for name := range key {
		if !slices.Contains(names, name) {
			return nil, usagef("--key: %s is not a key attribute of %s (its key: %s)", name, c.table, strings.Join(names, ", "))
		}
	}
	for _, name := range names {
		if _, ok := key[name]; !ok {
			return nil, usagef("--key: the key of %s needs %s too", c.table, name)
		}
	}
	return key, nil
}

// keyAndParams reads the item's key (see key) and the placeholders.
func (c *itemCmd) keyAndParams(ctx context.Context, specs []string) (ddb.Item, *exprParams, error) {
	key, err := c.key(ctx, specs)
	if err != nil {
		return nil, nil, err
	}
	p, err := c.params()
	if err != nil {
		return nil, nil, err
	}
	return key, p, nil
}

// keyPairs reads NAME=VALUE pairs of key attributes whose types are known.
func keyPairs(specs []string, attrTypes map[string]types.ScalarAttributeType) (ddb.Item, error) {
	key := ddb.Item{}
	for _, spec := range specs {
		name, text, ok := strings.Cut(spec, "=")
		if !ok || name == "" {
			return nil, usagef("--key %s: want NAME=VALUE", spec)
		}
		if _, dup := key[name]; dup {
			return nil, usagef("--key: %s is given twice", name)
		}
		t, ok := attrTypes[name]
		if !ok {
			return nil, usagef("--key: %s is not a key attribute", name)
		}
		v, err := keyValue(name, t, text)
		if err != nil {
			return nil, usagef("--key: %v", err)
		}
		key[name] = v
	}
	return key, nil
}

// printer returns the printer of the command's items; many tells a list.
// Tables show the key attributes of the command's table first.
func (c *itemCmd) printer(ctx context.Context, many bool) (*itemPrinter, error) {
	mode, err := c.a.outputMode(c.output)
	if err != nil {
		return nil, err
	}
	p := newItemPrinter(c.a.stdout, mode, c.format(), many, c.a.term.width)
	if mode == outTable && c.table != "" {
		info, err := c.describe(ctx)
		if err != nil {
			return nil, err
		}
		p.keys = info.keyAttrs()
	}
	return p, nil
}

// returnValues reads --return: none, old, new, updated-old or updated-new,
// of which a command allows some.
func returnValues(flag string, allowed ...string) (types.ReturnValue, error) {
	if !slices.Contains(allowed, flag) {
		return "", usagef("--return %q: want %s", flag, strings.Join(allowed, ", "))
	}
	return map[string]types.ReturnValue{
		"none":        types.ReturnValueNone,
		"old":         types.ReturnValueAllOld,
		"new":         types.ReturnValueAllNew,
		"updated-old": types.ReturnValueUpdatedOld,
		"updated-new": types.ReturnValueUpdatedNew,
	}[flag], nil
}

// printItem prints the one item a command returns, if any.
func (c *itemCmd) printItem(ctx context.Context, item ddb.Item) error {
	if item == nil {
		return nil
	}
	p, err := c.printer(ctx, false)
	if err != nil {
		return err
	}
	if err := p.print(item); err != nil {
		return err
	}
	return p.close()
}

// joinConditions joins conditions with AND, leaving out empty ones.
func joinConditions(conds ...string) string {
	var parts []string
	for _, c := range conds {
		if c != "" {
			parts = append(parts, c)
		}
	}
	if len(parts) < 2 {
		return strings.Join(parts, "")
	}
	return "(" + strings.Join(parts, ") AND (") + ")"
}

// optional returns a pointer to s, or nil for "".
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// run is the body of an item command: it opens the database of the
// table args name, runs body and closes the database. Its errors begin
// with the command and the table: "get orders: ...".
func (c *itemCmd) run(cmd *cobra.Command, args []string, body func(ctx context.Context) error) error {
	ctx := cmd.Context()
	err := c.start(ctx, args[0])
	if err == nil {
		err = body(ctx)
		c.close()
	}
	if prefix := cmd.Name() + " " + args[0]; err != nil && !strings.HasPrefix(err.Error(), prefix+":") {
		err = &shortError{prefix + ": " + err.Error(), err}
	}
	return err
}

// notFound is the error of a command whose item does not exist.
func notFound(table string, key ddb.Item) error {
	return fmt.Errorf("no item in %s with key %s", table, keyText(key, slices.Sorted(maps.Keys(key))))
}
