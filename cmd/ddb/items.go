package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/spf13/cobra"

	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/internal/itemio"
)

// getCommand returns "ddb get".
func (a *app) getCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "get TABLE --key NAME=VALUE...",
		Short: "Read an item by its key",
		Long: `Reads the item with the given key and prints it. The key is one --key
NAME=VALUE for each key attribute (the value is read as the type the table
declares: --key id=5 is the number 5 when id is a number), or one --key
with the whole key in JSON. An item that does not exist is an error (exit
status 1).`,
		Example: `  ddb get orders --key customer=ann --key id=1
  ddb get orders --key '{"customer": "ann", "id": 1}' --projection '#t, #s' --names '#t=total' --names '#s=status'`,
	}
	c := a.newItemCmd(cmd, true)
	cmd.Flags().MarkHidden("values") // a read has no values to name
	var keys []string
	var projection string
	var consistent bool
	fs := cmd.Flags()
	fs.StringArrayVarP(&keys, "key", "k", nil, "a key attribute, NAME=VALUE (repeatable), or the key as a JSON object")
	fs.StringVar(&projection, "projection", "", "attributes to read, as a projection expression (default: all)")
	fs.BoolVar(&consistent, "consistent", false, "strongly consistent read")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		return c.run(cmd, args, func(ctx context.Context) error {
			key, p, err := c.keyAndParams(ctx, keys)
			if err != nil {
				return err
			}
			out, err := c.api().GetItem(ctx, &dynamodb.GetItemInput{
				TableName:                aws.String(c.table),
				Key:                      key,
				ProjectionExpression:     optional(projection),
				ExpressionAttributeNames: p.attributeNames(),
				ConsistentRead:           aws.Bool(consistent),
			})
			if err != nil {
				return callError("get "+c.table, err)
			}
			if out.Item == nil {
				return notFound(c.table, key)
			}
			return c.printItem(ctx, out.Item)
		})
	}
	return cmd
}

// putCommand returns "ddb put".
func (a *app) putCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "put TABLE [ITEM]",
		Short: "Write an item, replacing any with its key",
		Long: `Writes an item, given as an argument or on standard input, replacing any
item with the same key. --condition writes only if the existing item (or
its absence) satisfies the condition; --if-not-exists writes only if no
item has the key. For many items, use "ddb import".`,
		Example: `  ddb put orders '{"customer": "ann", "id": 1, "total": 12.5, "tags": {"$SS": ["new"]}}'
  ddb put orders --if-not-exists < item.json
  ddb put orders --ddb-json '{"customer": {"S": "ann"}, "id": {"N": "1"}}'
  ddb put orders "$ITEM" --condition 'attribute_not_exists(id) OR version < :v' --values ':v=3'`,
	}
	c := a.newItemCmd(cmd, true)
	var condition, ret string
	var ifNotExists bool
	fs := cmd.Flags()
	fs.StringVar(&condition, "condition", "", "write only if this condition expression holds")
	fs.BoolVar(&ifNotExists, "if-not-exists", false, "write only if no item has the key")
	fs.StringVar(&ret, "return", "none", "print the item replaced: none or old")
	cmd.Args = tableAndFileArgs
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		return c.run(cmd, args, func(ctx context.Context) error {
			rv, err := returnValues(ret, "none", "old")
			if err != nil {
				return err
			}
			item, err := c.readItem(args[1:])
			if err != nil {
				return err
			}
			p, err := c.params()
			if err != nil {
				return err
			}
			if ifNotExists {
				info, err := c.describe(ctx)
				if err != nil {
					return err
				}
				condition = joinConditions(condition, "attribute_not_exists("+p.name(info.keyAttrs()[0])+")")
			}
			out, err := c.api().PutItem(ctx, &dynamodb.PutItemInput{
				TableName:                 aws.String(c.table),
				Item:                      item,
				ConditionExpression:       optional(condition),
				ExpressionAttributeNames:  p.attributeNames(),
				ExpressionAttributeValues: p.attributeValues(),
				ReturnValues:              rv,
			})
			if err != nil {
				return callError("put "+c.table, err)
			}
			return c.printItem(ctx, out.Attributes)
		})
	}
	return cmd
}

// maxItemText bounds the text of one item read from standard input: an
// item of DynamoDB's largest size fits many times over.
const maxItemText = 16 << 20

// readItem reads the item of put: the argument, or standard input.
func (c *itemCmd) readItem(args []string) (ddb.Item, error) {
	var text []byte
	source := "the item"
	switch {
	case len(args) > 0:
		text = []byte(args[0])
	case c.a.term.stdin:
		return nil, usagef("give the item as an argument or on standard input")
	default:
		var err error
		source = "the item on standard input"
		if text, err = io.ReadAll(io.LimitReader(c.a.stdin, maxItemText)); err != nil {
			return nil, err
		}
	}
	if len(bytes.TrimSpace(text)) == 0 {
		return nil, usagef("%s is empty", source)
	}
	item, err := itemio.Unmarshal(c.format(), text)
	if err != nil {
		return nil, usagef("%s: %v", source, err)
	}
	if c.format() == itemio.JSON && looksTyped(item) {
		return nil, usagef("%s is in DynamoDB JSON ({\"S\": ...}): add --ddb-json", source)
	}
	return item, nil
}

// looksTyped reports whether an item read as plain JSON was written in
// DynamoDB JSON: every attribute a map of one member named after a type.
func looksTyped(item ddb.Item) bool {
	for _, v := range item {
		m, ok := v.(*types.AttributeValueMemberM)
		if !ok || len(m.Value) != 1 {
			return false
		}
		for name := range m.Value {
			switch name {
			case "S", "N", "B", "BOOL", "NULL", "SS", "NS", "BS", "L", "M":
			default:
				return false
			}
		}
	}
	return len(item) > 0
}

// updateCommand returns "ddb update".
func (a *app) updateCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "update TABLE --key NAME=VALUE... (--set PATH=VALUE | --remove PATH | --add PATH=VALUE | --update EXPR)...",
		Short: "Change attributes of an item (creating it if needed)",
		Long: `Changes attributes of the item with the given key, creating the item if
it does not exist (unless a --condition says otherwise), and prints the
item as it is after the update (--return chooses).

The shorthand flags build the update expression: --set PATH=VALUE sets an
attribute (or a nested one: address.city, tags[0]), --remove PATH removes
one, --add PATH=VALUE adds a number to a number or members to a set. A
VALUE is JSON when it parses as JSON (5, true, "5", [1, 2],
{"$SS": ["a"]}; with --ddb-json, {"N": "5"}), else a string; JSON that is
no value ({"$SS": [1]}, or 5 with --ddb-json) is an error. --update takes a
whole update expression instead, with --names and --values.`,
		Example: `  ddb update orders --key customer=ann --key id=1 --set status=shipped --add version=1
  ddb update orders -k customer=ann -k id=1 --remove coupon --condition 'attribute_exists(id)'
  ddb update orders -k customer=ann -k id=1 --update 'SET #s = :s' --names '#s=status' --values ':s=paid'`,
	}
	c := a.newItemCmd(cmd, true)
	var keys, sets, removes, adds []string
	var update, condition, ret string
	fs := cmd.Flags()
	fs.StringArrayVarP(&keys, "key", "k", nil, "a key attribute, NAME=VALUE (repeatable), or the key as a JSON object")
	fs.StringArrayVar(&sets, "set", nil, "set an attribute: PATH=VALUE (repeatable)")
	fs.StringArrayVar(&removes, "remove", nil, "remove an attribute: PATH (repeatable)")
	fs.StringArrayVar(&adds, "add", nil, "add to a number or a set: PATH=VALUE (repeatable)")
	fs.StringVar(&update, "update", "", "the update expression (instead of --set, --remove and --add)")
	fs.StringVar(&condition, "condition", "", "update only if this condition expression holds")
	fs.StringVar(&ret, "return", "new", "print the item: new, old, updated-new, updated-old or none")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		return c.run(cmd, args, func(ctx context.Context) error {
			rv, err := returnValues(ret, "none", "old", "new", "updated-old", "updated-new")
			if err != nil {
				return err
			}
			key, p, err := c.keyAndParams(ctx, keys)
			if err != nil {
				return err
			}
			shorthand := len(sets)+len(removes)+len(adds) > 0
			switch {
			case shorthand && update != "":
				return usagef("--update and --set, --remove, --add exclude each other")
			case shorthand:
				if update, err = updateExpression(p, c.format(), sets, removes, adds); err != nil {
					return &usageError{err}
				}
			case update == "":
				return usagef("nothing to update: give --set, --remove, --add or --update")
			}
			out, err := c.api().UpdateItem(ctx, &dynamodb.UpdateItemInput{
				TableName:                 aws.String(c.table),
				Key:                       key,
				UpdateExpression:          aws.String(update),
				ConditionExpression:       optional(condition),
				ExpressionAttributeNames:  p.attributeNames(),
				ExpressionAttributeValues: p.attributeValues(),
				ReturnValues:              rv,
			})
			if err != nil {
				return callError("update "+c.table, err)
			}
			return c.printItem(ctx, out.Attributes)
		})
	}
	return cmd
}

// updateExpression builds the update expression of the shorthand flags.
func updateExpression(p *exprParams, f itemio.Format, sets, removes, adds []string) (string, error) {
	var clauses []string
	assignments := func(flag string, specs []string, op string) error {
		var parts []string
		for _, spec := range specs {
			path, text, ok := strings.Cut(spec, "=")
			if !ok {
				return fmt.Errorf("--%s %s: want PATH=VALUE", flag, spec)
			}
			ph, err := p.path(path)
			if err != nil {
				return fmt.Errorf("--%s: %v", flag, err)
			}
			v, err := shorthandValue(f, text)
			if err != nil {
				return fmt.Errorf("--%s %s: %v", flag, path, err)
			}
			parts = append(parts, ph+op+p.value(v))
		}
		if len(parts) > 0 {
			clauses = append(clauses, strings.ToUpper(flag)+" "+strings.Join(parts, ", "))
		}
		return nil
	}
	if err := assignments("set", sets, " = "); err != nil {
		return "", err
	}
	if len(removes) > 0 {
		var parts []string
		for _, path := range removes {
			ph, err := p.path(path)
			if err != nil {
				return "", fmt.Errorf("--remove: %v", err)
			}
			parts = append(parts, ph)
		}
		clauses = append(clauses, "REMOVE "+strings.Join(parts, ", "))
	}
	if err := assignments("add", adds, " "); err != nil {
		return "", err
	}
	return strings.Join(clauses, " "), nil
}

// deleteCommand returns "ddb delete".
func (a *app) deleteCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "delete TABLE --key NAME=VALUE...",
		Short: "Delete an item by its key",
		Long: `Deletes the item with the given key. Deleting an item that does not exist
succeeds, unless a --condition requires it (such as
'attribute_exists(id)').`,
		Example: `  ddb delete orders --key customer=ann --key id=1
  ddb delete orders -k customer=ann -k id=1 --condition '#s = :s' --names '#s=status' --values ':s=cancelled' --return old`,
	}
	c := a.newItemCmd(cmd, true)
	var keys []string
	var condition, ret string
	fs := cmd.Flags()
	fs.StringArrayVarP(&keys, "key", "k", nil, "a key attribute, NAME=VALUE (repeatable), or the key as a JSON object")
	fs.StringVar(&condition, "condition", "", "delete only if this condition expression holds")
	fs.StringVar(&ret, "return", "none", "print the item deleted: none or old")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		return c.run(cmd, args, func(ctx context.Context) error {
			rv, err := returnValues(ret, "none", "old")
			if err != nil {
				return err
			}
			key, p, err := c.keyAndParams(ctx, keys)
			if err != nil {
				return err
			}
			out, err := c.api().DeleteItem(ctx, &dynamodb.DeleteItemInput{
				TableName:                 aws.String(c.table),
				Key:                       key,
				ConditionExpression:       optional(condition),
				ExpressionAttributeNames:  p.attributeNames(),
				ExpressionAttributeValues: p.attributeValues(),
				ReturnValues:              rv,
			})
			if err != nil {
				return callError("delete "+c.table, err)
			}
			return c.printItem(ctx, out.Attributes)
		})
	}
	return cmd
}
