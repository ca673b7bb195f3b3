package main

import (
	"bufio"
	"context"
	"io"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/spf13/cobra"

	"github.com/ddbkit/ddb/internal/itemio"
)

// exportCommand returns "ddb export".
func (a *app) exportCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "export TABLE [FILE]",
		Short: "Write the items of a table to a file",
		Long: `Writes every item of a table (or those a --filter keeps) to FILE, or to
standard output, with a parallel scan. The format is JSON lines (plain
JSON, one item a line), DynamoDB JSON lines or CSV: --format chooses,
else FILE's name does (.csv, .ddb.jsonl), else JSON lines. CSV columns are
typed in the header (price:N) where a cell alone would not tell, so that
"ddb import" reads back the same items.

A FILE is written whole or not at all: the items go to a temporary file
beside it (beside the file a symbolic link leads to), renamed to FILE at
the end, with the mode of the file it replaces. A FIFO, a device or an open
descriptor (/dev/stdout, /dev/fd/N) is written where it is; "-" is
standard output.`,
		Example: `  ddb export orders orders.jsonl
  ddb export orders orders.csv --filter '#s = :s' --names '#s=status' --values ':s=open'
  ddb export orders --url aws://eu-west-1 --segments 16 > orders.jsonl`,
	}
	c := a.newItemCmd(cmd, true)
	cmd.Args = tableAndFileArgs
	cmd.Flags().MarkHidden("output")
	var s searchFlags
	s.define(cmd)
	cmd.Flags().MarkHidden("count")
	cmd.Flags().MarkHidden("limit")
	var formatFlag string
	var segments int
	fs := cmd.Flags()
	fs.StringVar(&formatFlag, "format", "", "json, ddb-json or csv (default: from the file's name, else json)")
	fs.IntVar(&segments, "segments", 4, "scan this many segments in parallel")
	cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"json", "ddb-json", "csv"}, cobra.ShellCompDirectiveNoFileComp))
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		path := "-"
		if len(args) == 2 {
			path = args[1]
		}
		format, err := fileFormat(formatFlag, path, c.ddbJSON)
		if err != nil {
			return err
		}
		if err := checkSegments(segments); err != nil {
			return err
		}
		return c.run(cmd, args, func(ctx context.Context) error {
			info, err := c.describe(ctx)
			if err != nil {
				return err
			}
			p, err := c.params()
			if err != nil {
				return err
			}
			in := s.scanInput(c.table, p)
			return writeFile(path, a.stdout, func(w io.Writer) error {
				return a.export(ctx, w, path == "-", info, format, scanPagers(c.api(), in, segments, "export "+c.table))
			})
		})
	}
	return cmd
}

// export writes the items the pagers read to w in format f, with a
// progress bar on a terminal (unless toStdout, and stdout is one).
func (a *app) export(ctx context.Context, w io.Writer, toStdout bool, info *tableInfo, f itemio.Format, pagers []pager) error {
	buf := bufio.NewWriterSize(w, 1<<16)
	out := &countingWriter{w: buf}
	bar := a.progressBar("export "+info.name(), toStdout)
	bar.SetTotal(aws.ToInt64(info.desc.ItemCount), 0)
	bar.Start()
	defer bar.Finish()
	var items itemio.Writer
	var columns *itemio.ColumnSet
	var spool *os.File
	if f == itemio.CSV {
		// The items wait in a spool, in DynamoDB JSON, until every
		// column of the file is known.
		var err error
		if spool, err = os.CreateTemp("", "ddb-export-*.ddb.jsonl"); err != nil {
			return err
		}
		defer func() {
			spool.Close()
			os.Remove(spool.Name())
		}()
		columns = itemio.NewColumnSet(info.keyAttrs()...)
		items = itemio.NewDynamoJSONWriter(spool)
	} else {
		items = newLinesWriter(out, f)
	}
	counted := int64(0)
	err := readPages(ctx, pagers, 0, func(pg page) (bool, error) {
		for _, item := range pg.items {
			if columns != nil {
				columns.Add(item)
			}
			if err := items.Write(item); err != nil {
				return false, err
			}
		}
		bar.Add(int64(len(pg.items)), out.n-counted)
		counted = out.n
		return true, nil
	})
	if err == nil {
		err = items.Flush()
	}
	if err == nil && spool != nil {
		err = spoolToCSV(spool, out, columns.Columns())
	}
	if err == nil {
		err = buf.Flush()
	}
	bar.Add(0, out.n-counted)
	return err
}

// spoolToCSV writes the items of a spool to w as CSV with the columns.
func spoolToCSV(spool *os.File, w io.Writer, columns []itemio.Column) error {
	if _, err := spool.Seek(0, io.SeekStart); err != nil {
		return err
	}
	r := itemio.NewDynamoJSONReader(bufio.NewReaderSize(spool, 1<<16))
	csv := itemio.NewCSVWriter(w, columns)
	for {
		item, err := r.Read()
		if err == io.EOF {
			return csv.Flush()
		}
		if err != nil {
			return err
		}
		if err := csv.Write(item); err != nil {
			return err
		}
	}
}

// countingWriter counts the bytes written through it.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
