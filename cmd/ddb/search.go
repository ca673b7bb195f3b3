package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/spf13/cobra"

	"github.com/ddbkit/ddb"
)

// searchFlags are the flags query and scan share.
type searchFlags struct {
	filter, projection, index string
	consistent, count         bool
	limit                     int
}

// define adds the flags to cmd.
func (s *searchFlags) define(cmd *cobra.Command) {
	fs := cmd.Flags()
	fs.StringVar(&s.filter, "filter", "", "return only the items this condition expression holds for")
	fs.StringVar(&s.projection, "projection", "", "attributes to return, as a projection expression (default: all)")
	fs.StringVar(&s.index, "index", "", "read this secondary index instead of the table")
	fs.BoolVar(&s.consistent, "consistent", false, "strongly consistent reads")
	fs.BoolVar(&s.count, "count", false, "print the number of matching items instead of the items")
	fs.IntVar(&s.limit, "limit", 0, "return at most this many items (default: all, page after page)")
}

// check validates the flags.
func (s *searchFlags) check() error {
	if s.limit < 0 {
		return usagef("--limit %d: must not be negative", s.limit)
	}
	if s.count && s.projection != "" {
		return usagef("--count and --projection exclude each other")
	}
	return nil
}

// scanInput returns the request of a scan of table with the flags.
func (s *searchFlags) scanInput(table string, p *exprParams) *dynamodb.ScanInput {
	in := &dynamodb.ScanInput{
		TableName:                 aws.String(table),
		IndexName:                 optional(s.index),
		FilterExpression:          optional(s.filter),
		ProjectionExpression:      optional(s.projection),
		ExpressionAttributeNames:  p.attributeNames(),
		ExpressionAttributeValues: p.attributeValues(),
		ConsistentRead:            aws.Bool(s.consistent),
	}
	if s.count {
		in.Select = types.SelectCount
	}
	return in
}

// checkSegments validates --segments.
func checkSegments(n int) error {
	if n < 1 || n > maxSegments {
		return usagef("--segments %d: want 1 to %d", n, maxSegments)
	}
	return nil
}

// maxSegments is DynamoDB's limit on a scan's segments.
const maxSegments = 1000000

// queryCommand returns "ddb query".
func (a *app) queryCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "query TABLE (--key NAME=VALUE [--sort 'OP VALUE'] | --key-condition EXPR) [flags]",
		Short: "Read the items of one partition key, in sort key order",
		Long: `Reads the items whose partition key has a value, in the order of their sort
key, from the table or one of its indexes (--index), page after page.

The shorthand: --key NAME=VALUE names the partition key's value (and, given
twice, the sort key's); --sort 'OP VALUE' adds a sort key condition, where
OP is =, <, <=, >, >=, begins_with or between ('between 1 and 5'). Values
are read as the types the table declares. --key-condition takes a whole
key condition expression instead, with --names and --values.`,
		Example: `  ddb query orders --key customer=ann
  ddb query orders --key customer=ann --sort '>= 100' --descending --limit 10
  ddb query orders --index by-status --key status=open --filter '#t > :t' --names '#t=total' --values ':t=50'
  ddb query orders --key-condition 'customer = :c AND begins_with(sk, :p)' --values ':c=ann' --values ':p=2024-'`,
	}
	c := a.newItemCmd(cmd, true)
	var s searchFlags
	s.define(cmd)
	var keys []string
	var sortCond, keyCond string
	var descending bool
	fs := cmd.Flags()
	fs.StringArrayVarP(&keys, "key", "k", nil, "the partition key's value, NAME=VALUE (given twice: the sort key's too)")
	fs.StringVar(&sortCond, "sort", "", "a condition on the sort key: 'OP VALUE' (OP: = < <= > >= begins_with between)")
	fs.StringVar(&keyCond, "key-condition", "", "the key condition expression (instead of --key and --sort)")
	fs.BoolVar(&descending, "descending", false, "newest first: in descending sort key order")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		return c.run(cmd, args, func(ctx context.Context) error {
			if err := s.check(); err != nil {
				return err
			}
			p, err := c.params()
			if err != nil {
				return err
			}
			switch {
			case keyCond != "" && (len(keys) > 0 || sortCond != ""):
				return usagef("--key-condition and --key, --sort exclude each other")
			case keyCond == "" && len(keys) == 0:
				return usagef("give the partition key: --key NAME=VALUE, or --key-condition")
			case keyCond == "":
				info, err := c.describe(ctx)
				if err != nil {
					return err
				}
				if keyCond, err = keyCondition(info, s.index, keys, sortCond, p); err != nil {
					return err
				}
			}
			in := &dynamodb.QueryInput{
				TableName:                 aws.String(c.table),
				IndexName:                 optional(s.index),
				KeyConditionExpression:    aws.String(keyCond),
				FilterExpression:          optional(s.filter),
				ProjectionExpression:      optional(s.projection),
				ExpressionAttributeNames:  p.attributeNames(),
				ExpressionAttributeValues: p.attributeValues(),
				ConsistentRead:            aws.Bool(s.consistent),
				ScanIndexForward:          aws.Bool(!descending),
			}
			if s.count {
				in.Select = types.SelectCount
			}
			pages := func(ctx context.Context, start ddb.Item, limit int32) (page, error) {
				req := *in
				req.ExclusiveStartKey = start
				if limit > 0 {
					req.Limit = aws.Int32(limit)
				}
				out, err := c.api().Query(ctx, &req)
				if err != nil {
					return page{}, callError("query "+c.table, err)
				}
				return page{out.Items, out.LastEvaluatedKey, int(out.Count)}, nil
			}
			return c.search(ctx, &s, []pager{pages})
		})
	}
	return cmd
}

// keyCondition builds the key condition expression of --key and --sort
// for the table or its index.
func keyCondition(info *tableInfo, index string, keys []string, sortCond string, p *exprParams) (string, error) {
	hash, rangeKey, err := info.keys(index)
	if err != nil {
		return "", &usageError{err}
	}
	key, err := keyPairs(keys, info.types)
	if err != nil {
		return "", err
	}
	what := "table " + info.name()
	if index != "" {
		what = "index " + index
	}
	if _, ok := key[hash]; !ok {
		return "", usagef("--key: give the partition key of %s, %s", what, hash)
	}
	conds := []string{p.name(hash) + " = " + p.value(key[hash])}
	for name, v := range key {
		switch name {
		case hash:
		case rangeKey:
			if sortCond != "" {
				return "", usagef("--key %s and --sort exclude each other", rangeKey)
			}
			conds = append(conds, p.name(name)+" = "+p.value(v))
		default:
			return "", usagef("--key: %s is not a key attribute of %s (its keys: %s)", name, what, strings.TrimSuffix(hash+", "+rangeKey, ", "))
		}
	}
	if sortCond != "" {
		if rangeKey == "" {
			return "", usagef("--sort: %s has no sort key", what)
		}
		cond, err := sortCondition(p, rangeKey, info.types[rangeKey], sortCond)
		if err != nil {
			return "", &usageError{fmt.Errorf("--sort %q: %v", sortCond, err)}
		}
		conds = append(conds, cond)
	}
	return strings.Join(conds, " AND "), nil
}

// sortCondition builds the condition of --sort 'OP VALUE' on the sort key
// name of type t. One space separates a value from its operator (optional
// after =, <, <=, > and >=) and from the AND of between; a string value
// keeps any other spaces before and after it, as --key's values do, so
// '=  x' compares with " x". Keywords are read in any case.
func sortCondition(p *exprParams, name string, t types.ScalarAttributeType, spec string) (string, error) {
	spec = strings.TrimLeft(spec, " ")
	value := func(text string) (string, error) {
		if t != types.ScalarAttributeTypeS {
			text = strings.TrimSpace(text)
		}
		v, err := keyValue(name, t, text)
		if err != nil {
			return "", err
		}
		return p.value(v), nil
	}
	word, rest, _ := strings.Cut(spec, " ")
	switch strings.ToLower(word) {
	case "begins_with":
		v, err := value(rest)
		if err != nil {
			return "", err
		}
		return "begins_with(" + p.name(name) + ", " + v + ")", nil
	case "between":
		lo, hi, ok := cutFold(rest, " and ")
		if !ok {
			return "", fmt.Errorf("want 'between LOW and HIGH'")
		}
		l, err := value(lo)
		if err != nil {
			return "", err
		}
		h, err := value(hi)
		if err != nil {
			return "", err
		}
		return p.name(name) + " BETWEEN " + l + " AND " + h, nil
	}
	for _, op := range []string{"<=", ">=", "<", ">", "="} {
		if rest, ok := strings.CutPrefix(spec, op); ok {
			rest, _ = strings.CutPrefix(rest, " ")
			v, err := value(rest)
			if err != nil {
				return "", err
			}
			return p.name(name) + " " + op + " " + v, nil
		}
	}
	return "", fmt.Errorf("want OP VALUE, where OP is =, <, <=, >, >=, begins_with or between")
}

// cutFold is strings.Cut with sep matched in any case.
func cutFold(s, sep string) (before, after string, found bool) {
	for i := 0; i+len(sep) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(sep)], sep) {
			return s[:i], s[i+len(sep):], true
		}
	}
	return s, "", false
}

// scanCommand returns "ddb scan".
func (a *app) scanCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "scan TABLE [flags]",
		Short: "Read every item of a table or index",
		Long: `Reads every item of the table, or of one of its indexes (--index), page
after page, in no particular order. --segments N reads N parts of the
table at once (a parallel scan).`,
		Example: `  ddb scan orders
  ddb scan orders --filter '#s = :s' --names '#s=status' --values ':s=open' --limit 100
  ddb scan orders --segments 8 --output jsonl > orders.jsonl
  ddb scan orders --count`,
	}
	c := a.newItemCmd(cmd, true)
	var s searchFlags
	s.define(cmd)
	var segments int
	cmd.Flags().IntVar(&segments, "segments", 1, "scan this many segments in parallel")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		return c.run(cmd, args, func(ctx context.Context) error {
			if err := s.check(); err != nil {
				return err
			}
			if err := checkSegments(segments); err != nil {
				return err
			}
			p, err := c.params()
			if err != nil {
				return err
			}
			return c.search(ctx, &s, scanPagers(c.api(), s.scanInput(c.table, p), segments, "scan "+c.table))
		})
	}
	return cmd
}

// search prints what the pagers read: the items, or their number with
// --count.
func (c *itemCmd) search(ctx context.Context, s *searchFlags, pagers []pager) error {
	var p *itemPrinter
	if !s.count {
		var err error
		if p, err = c.printer(ctx, true); err != nil {
			return err
		}
	}
	limit := s.limit
	if s.count || s.filter != "" {
		limit = 0 // a request's Limit counts the items read, not those returned
	}
	total := 0
	err := readPages(ctx, pagers, limit, func(pg page) (bool, error) {
		total += pg.count
		if s.count && s.limit > 0 && total >= s.limit {
			total = s.limit // the items --limit would print
			return false, nil
		}
		for _, item := range pg.items {
			if err := p.print(item); err != nil {
				return false, err
			}
			if s.limit > 0 && p.count >= s.limit {
				return false, nil
			}
		}
		return true, nil
	})
	if err != nil {
		return err
	}
	if s.count {
		_, err := fmt.Fprintln(c.a.stdout, total)
		return err
	}
	return p.close()
}
