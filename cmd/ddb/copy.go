package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/spf13/cobra"

	"github.com/ddbkit/ddb"
)

// copyCommand returns "ddb copy".
func (a *app) copyCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "copy SRC_URL/TABLE DST_URL/TABLE | copy --from URL --to URL (TABLE... | --all)",
		Short: "Copy tables, definition and items, between any two databases",
		Long: `Copies a table from one database to another (or to another name in the
same one): its definition first (keys, indexes with their projections,
billing and provisioned capacity, stream, time to live), then its items,
read with a parallel scan and written with parallel batch writes.

Name each side as a database URL followed by /TABLE, or give --from and
--to with the tables to copy (each keeps its name), or --all for every
table. A table that exists already at the destination is an error, unless
--into-existing copies the items into it (its key must be the same).
Table class, encryption settings, tags and deletion protection are not
copied.`,
		Example: `  ddb copy aws://eu-west-1/orders file://./data/orders
  ddb copy http://localhost:8000/orders http://localhost:8000/orders-backup
  ddb copy --from aws://eu-west-1 --to http://localhost:8000 orders customers
  ddb copy --from file://./data --to mem:// --all`,
	}
	var from, to string
	var all, intoExisting bool
	var segments, workers int
	fs := cmd.Flags()
	fs.StringVar(&from, "from", "", "the database to copy from: "+urlHelp)
	fs.StringVar(&to, "to", "", "the database to copy to")
	fs.BoolVar(&all, "all", false, "copy every table (with --from and --to)")
	fs.BoolVar(&intoExisting, "into-existing", false, "copy the items into tables that exist already")
	fs.IntVar(&segments, "segments", 4, "scan this many segments of each table in parallel")
	fs.IntVar(&workers, "workers", 4, "batch writes in flight at once")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		ctx := cmd.Context()
		if segments < 1 || workers < 1 {
			return usagef("--segments and --workers must be at least 1")
		}
		type pair struct{ src, dst string }
		var pairs []pair
		switch {
		case from == "" && to == "":
			if len(args) != 2 || all {
				return usagef("copy: give SRC_URL/TABLE DST_URL/TABLE, or --from URL --to URL with tables (see \"ddb copy --help\")")
			}
			var err error
			var src, dst string
			if from, src, err = splitTableURL(args[0]); err != nil {
				return err
			}
			if to, dst, err = splitTableURL(args[1]); err != nil {
				return err
			}
			pairs = append(pairs, pair{src, dst})
		case from == "" || to == "":
			return usagef("copy: --from and --to go together")
		case all && len(args) > 0:
			return usagef("copy: --all and table names exclude each other")
		case !all && len(args) == 0:
			return usagef("copy: name the tables to copy, or --all")
		default:
			for _, t := range args {
				pairs = append(pairs, pair{t, t})
			}
		}
		src, err := a.open(ctx, from, false)
		if err != nil {
			return err
		}
		defer src.Close()
		dst := src
		if strings.TrimSuffix(from, "/") != strings.TrimSuffix(to, "/") {
			if dst, err = a.open(ctx, to, true); err != nil {
				return err
			}
			defer dst.Close()
		}
		if all {
			names, err := listTables(ctx, src.API())
			if err != nil {
				return err
			}
			for _, t := range names {
				pairs = append(pairs, pair{t, t})
			}
		}
		copies := make([]tableCopy, len(pairs))
		for i, p := range pairs {
			if src == dst && p.src == p.dst {
				return usagef("copy: %s onto itself", p.src)
			}
			copies[i] = tableCopy{a: a, src: src, dst: dst, srcName: p.src, dstName: p.dst, dstURL: to, segments: segments, workers: workers}
			// Every table is checked before any is copied, so that a
			// table in the way does not stop a copy halfway.
			if _, _, err := copies[i].check(ctx, intoExisting); err != nil {
				return err
			}
		}
		for _, c := range copies {
			if err := c.run(ctx, intoExisting); err != nil {
				return err
			}
		}
		return nil
	}
	return cmd
}

// splitTableURL splits URL/TABLE into the database URL and the table
// name: aws://eu-west-1/orders, file://./data/orders, mem://orders.
func splitTableURL(s string) (url, table string, err error) {
	scheme, rest, ok := strings.Cut(s, "://")
	i := strings.LastIndexByte(rest, '/')
	hostless := strings.EqualFold(scheme, "mem") || strings.EqualFold(scheme, "aws")
	if !ok || (i < 0 && !hostless) || strings.HasSuffix(rest, "/") || rest == "" {
		return "", "", usagef("%q: want a database URL followed by /TABLE, such as aws://eu-west-1/orders or file://./data/orders", s)
	}
	return scheme + "://" + rest[:max(i, 0)], rest[i+1:], nil
}

// tableCopy is the copy of one table.
type tableCopy struct {
	a                 *app
	src, dst          *ddb.DB
	srcName, dstName  string
	dstURL            string
	segments, workers int
}

// check describes the source table and the destination table, which must
// not exist unless intoExisting (and then must have the source's key). The
// destination's description is nil when it does not exist.
func (c *tableCopy) check(ctx context.Context, intoExisting bool) (src, dst *tableInfo, err error) {
	if src, err = describeTable(ctx, c.src.API(), c.srcName); err != nil {
		return nil, nil, err
	}
	dst, err = describeTable(ctx, c.dst.API(), c.dstName)
	var nf *types.ResourceNotFoundException
	switch {
	case err == nil && !intoExisting:
		return nil, nil, fmt.Errorf("table %s exists already at %s: pass --into-existing to copy the items into it", c.dstName, c.dstURL)
	case err == nil:
		if a, b := keyDescription(src.desc.KeySchema, src.desc.AttributeDefinitions), keyDescription(dst.desc.KeySchema, dst.desc.AttributeDefinitions); a != b {
			return nil, nil, fmt.Errorf("table %s has the key %s, and %s has %s: the items cannot be copied", c.dstName, b, c.srcName, a)
		}
		return src, dst, nil
	case errors.As(err, &nf):
		return src, nil, nil
	}
	return nil, nil, err
}

// run copies the table's definition, unless intoExisting finds it at the
// destination, then its items.
func (c *tableCopy) run(ctx context.Context, intoExisting bool) error {
	src, dst, err := c.check(ctx, intoExisting)
	if err != nil {
		return err
	}
	if dst == nil {
		if dst, err = c.create(ctx, src); err != nil {
			return err
		}
	}
	table, err := itemTable(c.dst, dst.desc)
	if err != nil {
		return err
	}
	label := "copy " + c.srcName
	if c.dstName != c.srcName {
		label += " to " + c.dstName
	}
	bar := c.a.progressBar(label, false)
	bar.SetTotal(aws.ToInt64(src.desc.ItemCount), 0)
	bar.Start()
	defer bar.Finish()
	keys := dst.keyAttrs()
	l := startLoader(ctx, table, c.dst.API(), keys, c.workers, nil, bar)
	in := &dynamodb.ScanInput{TableName: aws.String(c.srcName)}
	readErr := readPages(ctx, scanPagers(c.src.API(), in, c.segments, "scan "+c.srcName), 0, func(pg page) (bool, error) {
		for _, item := range pg.items {
			if err := l.put(row{item: item, key: keyString(item, keys), size: itemSize(item)}); err != nil {
				return false, nil // the loader's error is close's
			}
		}
		return true, nil
	})
	writeErr := l.close()
	if readErr != nil && errors.Is(writeErr, context.Canceled) {
		return readErr
	}
	return errors.Join(readErr, writeErr)
}

// create creates the destination table with the source's definition and
// time to live.
func (c *tableCopy) create(ctx context.Context, src *tableInfo) (*tableInfo, error) {
	ttl, err := c.src.API().DescribeTimeToLive(ctx, &dynamodb.DescribeTimeToLiveInput{TableName: aws.String(c.srcName)})
	if err != nil {
		return nil, callError("time to live of "+c.srcName, err)
	}
	attr := ""
	if d := ttl.TimeToLiveDescription; d != nil && (d.TimeToLiveStatus == types.TimeToLiveStatusEnabled || d.TimeToLiveStatus == types.TimeToLiveStatusEnabling) {
		attr = aws.ToString(d.AttributeName)
	}
	s, err := schemaOf(src.desc, c.dstName, attr)
	if err != nil {
		return nil, err
	}
	if err := createTable(ctx, c.dst.API(), s.CreateTableInput(), attr, false); err != nil {
		return nil, err
	}
	return describeTable(ctx, c.dst.API(), c.dstName)
}
