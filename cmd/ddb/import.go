package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/spf13/cobra"

	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/cmd/ddb/internal/progress"
	"github.com/ddbkit/ddb/internal/itemio"
)

// checkpointInterval is how often an import records its position.
const checkpointInterval = time.Second

// importCommand returns "ddb import".
func (a *app) importCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "import TABLE [FILE]",
		Short: "Write the items of a file to a table (resumable)",
		Long: `Writes the items of FILE (or of standard input) to an existing table with
parallel batch writes, retrying the writes DynamoDB leaves unprocessed or
throttles (a batch up to ten times in a row, with growing pauses).
FILE holds JSON lines (plain JSON, one item a line), DynamoDB JSON lines
(also the lines of DynamoDB's export to S3) or CSV with a header of
attribute names, typed as NAME:TYPE where needed (see --format); its name
tells which (.csv, .ddb.jsonl), else --format does. CSV cells of key
attributes are read as the types the table declares.

An import is resumable: it records how far it got in FILE.ddb-checkpoint
beside the input, and the same command run again after an interruption
(Ctrl-C, a crash, a lost connection, a bad row fixed in the meantime)
continues after the last rows known to be written, once it has checked
that the file still begins with them. An item may be written twice, never
skipped; the checkpoint is removed when the import completes. Standard
input is not resumable unless --checkpoint names a file.

The first row that is not an item, or that the table refuses, stops the
import, naming the row.`,
		Example: `  ddb import orders orders.jsonl
  ddb import orders orders.csv --infer-types
  ddb export orders --url aws://eu-west-1 | ddb import orders --url file://./data
  ddb import orders s3-export-part-0001.json --format ddb-json --workers 8`,
		Args:              tableAndFileArgs,
		ValidArgsFunction: a.completeTables,
	}
	var url, formatFlag, checkpointPath string
	var inferTypes, restart, ddbJSON bool
	var workers int
	a.urlFlag(cmd, &url)
	fs := cmd.Flags()
	fs.StringVar(&formatFlag, "format", "", "json, ddb-json or csv (default: from the file's name, else json)")
	fs.BoolVar(&ddbJSON, "ddb-json", false, "the items are DynamoDB JSON lines (--format ddb-json), as export --ddb-json writes them")
	fs.BoolVar(&inferTypes, "infer-types", false, "CSV: read untyped cells that are numbers DynamoDB can store or true/false as such")
	fs.IntVar(&workers, "workers", 4, "batch writes in flight at once")
	fs.StringVar(&checkpointPath, "checkpoint", "", "record the position here (default: FILE"+checkpointSuffix+")")
	fs.BoolVar(&restart, "restart", false, "ignore the checkpoint and import the whole file again")
	cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"json", "ddb-json", "csv"}, cobra.ShellCompDirectiveNoFileComp))
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		path := "-"
		if len(args) == 2 {
			path = args[1]
		}
		if workers < 1 {
			return usagef("--workers %d: want at least 1", workers)
		}
		if path == "-" && a.term.stdin {
			return usagef("name the FILE to import, or pipe the items into standard input")
		}
		format, err := fileFormat(formatFlag, path, ddbJSON)
		if err != nil {
			return err
		}
		if checkpointPath == "" && path != "-" {
			checkpointPath = path + checkpointSuffix
		}
		if url == "" {
			url = a.getenv(ddb.EnvURL)
		}
		imp := &importer{a: a, url: url, table: args[0], path: path, format: format, checkpoint: checkpointPath,
			csv: itemio.CSVOptions{InferTypes: inferTypes}, workers: workers, restart: restart}
		if err := imp.run(cmd.Context()); err != nil {
			return &shortError{"import " + imp.table + ": " + oneLine(err.Error()), err}
		}
		return nil
	}
	return cmd
}

// fileFormat returns the format of a file: the --format flag's, or the
// one its name tells, or JSON lines. --ddb-json (ddbJSON) means DynamoDB
// JSON lines, and is refused beside another --format or a .csv name.
func fileFormat(flag, path string, ddbJSON bool) (itemio.Format, error) {
	f, err := formatOf(flag, path)
	if err != nil {
		return "", err
	}
	if ddbJSON && f != itemio.DynamoJSON {
		if flag != "" {
			return "", usagef("--ddb-json and --format %s exclude each other", flag)
		}
		if f == itemio.CSV {
			return "", usagef("--ddb-json and the CSV file %s exclude each other (--ddb-json is --format ddb-json)", path)
		}
		f = itemio.DynamoJSON
	}
	return f, nil
}

// formatOf returns the format --format names, else the one path's name
// tells, else JSON lines.
func formatOf(flag, path string) (itemio.Format, error) {
	if flag != "" {
		f, err := itemio.ParseFormat(flag)
		if err != nil {
			return "", &usageError{fmt.Errorf("--format: %v", err)}
		}
		return f, nil
	}
	name := strings.ToLower(path)
	switch {
	case strings.HasSuffix(name, ".csv"):
		return itemio.CSV, nil
	case strings.HasSuffix(name, ".ddb.jsonl"), strings.HasSuffix(name, ".ddb.json"):
		return itemio.DynamoJSON, nil
	}
	return itemio.JSON, nil
}

// importer is one run of "ddb import".
type importer struct {
	a                      *app
	url, table, path       string
	format                 itemio.Format
	checkpoint             string // "" for none
	csv                    itemio.CSVOptions
	workers                int
	restart                bool
	info                   *tableInfo
	bar                    *progress.Bar
	input                  *countingReader
	reader                 itemio.Reader
	rowsRead, bytesCounted int64
}

// run imports the file.
func (imp *importer) run(ctx context.Context) (err error) {
	name := imp.path
	var in io.Reader = imp.a.stdin
	var total int64
	if imp.path == "-" {
		name = "standard input"
	} else {
		f, err := os.Open(imp.path)
		if err != nil {
			return err
		}
		defer f.Close()
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
			total = fi.Size()
		}
		in = f
	}
	db, err := imp.a.open(ctx, imp.url, false)
	if err != nil {
		return err
	}
	defer db.Close()
	if imp.info, err = describeTable(ctx, db.API(), imp.table); err != nil {
		return err
	}
	table, err := itemTable(db, imp.info.desc)
	if err != nil {
		return err
	}
	start, err := imp.resumePoint()
	if err != nil {
		return err
	}
	imp.input = &countingReader{r: in}
	if imp.reader, err = itemio.NewReader(imp.format, imp.input, imp.csv); err != nil {
		return err
	}
	written, err := imp.skip(start, name)
	if err != nil {
		return err
	}
	// The bar counts what this run reads and writes.
	imp.bytesCounted = imp.input.n
	imp.bar = imp.a.progressBar("import "+imp.table, false)
	imp.bar.SetTotal(0, max(total-imp.bytesCounted, 0))
	imp.bar.Start()

	saved := start
	var saveMu sync.Mutex
	save := func() error {
		saveMu.Lock()
		defer saveMu.Unlock()
		rows, digest := written.position()
		if imp.checkpoint == "" || (saved != nil && rows == saved.Rows) || (saved == nil && rows == 0) {
			return nil
		}
		cp := &checkpoint{URL: imp.url, Table: imp.table, Format: string(imp.format), Rows: rows, Digest: digestText(digest)}
		if err := cp.save(imp.checkpoint); err != nil {
			return err
		}
		saved = cp
		return nil
	}
	stopSaving := make(chan struct{})
	saverDone := make(chan struct{})
	go func() {
		defer close(saverDone)
		t := time.NewTicker(checkpointInterval)
		defer t.Stop()
		for {
			select {
			case <-stopSaving:
				return
			case <-t.C:
				save()
			}
		}
	}()

	l := startLoader(ctx, table, db.API(), imp.info.keyAttrs(), imp.workers, written, imp.bar)
	readErr := imp.feed(ctx, l, name)
	writeErr := l.close()
	close(stopSaving)
	<-saverDone
	imp.bar.Finish()

	err = errors.Join(readErr, writeErr)
	if readErr != nil && writeErr != nil && errors.Is(writeErr, context.Canceled) {
		err = readErr // the reader stopped the writers
	}
	if err == nil {
		if imp.checkpoint != "" {
			if rerr := os.Remove(imp.checkpoint); rerr != nil && !errors.Is(rerr, os.ErrNotExist) {
				return rerr
			}
		}
		return nil
	}
	if serr := save(); serr != nil {
		return errors.Join(err, serr)
	}
	rows, _ := written.position()
	if ctx.Err() != nil {
		err = &shortError{"interrupted", context.Canceled}
	}
	if imp.checkpoint != "" && (rows > 0 || start != nil) {
		again := "run the same command again"
		if imp.restart {
			again = "run it again without --restart"
		}
		return &shortError{fmt.Sprintf("%s (the first %s rows are written; %s to continue)", oneLine(err.Error()), progress.Count(rows), again), err}
	}
	return err
}

// resumePoint returns the checkpoint to resume from, nil for none.
func (imp *importer) resumePoint() (*checkpoint, error) {
	if imp.checkpoint == "" {
		return nil, nil
	}
	if imp.restart {
		if err := os.Remove(imp.checkpoint); err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, err
		}
		return nil, nil
	}
	cp, err := readCheckpoint(imp.checkpoint)
	if err != nil || cp == nil {
		return nil, err
	}
	if cp.URL != imp.url || cp.Table != imp.table || cp.Format != string(imp.format) {
		return nil, fmt.Errorf("checkpoint %s is of an import of %s into table %s at %s: finish that one, remove the checkpoint, or pass --restart",
			imp.checkpoint, cp.Format, cp.Table, cp.URL)
	}
	return cp, nil
}

// skip reads the rows a checkpoint records as written, checking that the
// input still begins with them, and returns the tracker of the rows
// written.
func (imp *importer) skip(cp *checkpoint, name string) (*tracker, error) {
	if cp == nil {
		return newTracker(0, 0), nil
	}
	var digest uint64
	changed := fmt.Errorf("%s no longer begins with the %s rows checkpoint %s records as written: remove the checkpoint or pass --restart",
		name, progress.Count(cp.Rows), imp.checkpoint)
	for range cp.Rows {
		item, err := imp.next()
		if err != nil {
			return nil, changed
		}
		digest += itemHash(item)
	}
	if digestText(digest) != cp.Digest {
		return nil, changed
	}
	if imp.a.term.stderr {
		fmt.Fprintf(imp.a.stderr, "Resuming after row %s (checkpoint %s).\n", progress.Count(cp.Rows), imp.checkpoint)
	}
	return newTracker(cp.Rows, digest), nil
}

// next reads the next item, with its key attributes read as the table
// declares them, and counts the bytes read.
func (imp *importer) next() (ddb.Item, error) {
	item, err := imp.reader.Read()
	if n := imp.input.n; n > imp.bytesCounted {
		imp.bar.Add(0, n-imp.bytesCounted)
		imp.bytesCounted = n
	}
	if err != nil {
		return nil, err
	}
	imp.rowsRead++
	if imp.format == itemio.CSV {
		imp.coerceKeys(item)
	}
	if err := imp.info.checkKey(item); err != nil {
		return nil, &itemio.RowError{Row: int(imp.rowsRead), Err: err}
	}
	return item, nil
}

// coerceKeys converts the string cells of a CSV row's key attributes to
// the table's key types (a CSV file without typed headers holds strings).
func (imp *importer) coerceKeys(item ddb.Item) {
	for _, name := range imp.info.keyAttrs() {
		s, ok := item[name].(*types.AttributeValueMemberS)
		if t := imp.info.types[name]; ok && t != types.ScalarAttributeTypeS {
			if v, err := keyValue(name, t, s.Value); err == nil {
				item[name] = v
			}
		}
	}
}

// feed reads the input's items and queues them to the loader, until the
// input ends, a row is bad, the loader fails or ctx ends.
func (imp *importer) feed(ctx context.Context, l *loader, name string) error {
	keys := imp.info.keyAttrs()
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		item, err := imp.next()
		switch {
		case err == io.EOF:
			return nil
		case err != nil:
			return fmt.Errorf("%s: %w", name, err)
		}
		r := row{n: imp.rowsRead, item: item, key: keyString(item, keys), hash: itemHash(item)}
		if err := l.put(r); err != nil {
			return nil // the loader's error is close's
		}
	}
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// progressBar returns a progress bar on stderr when it is a terminal,
// else nil (which draws nothing); dataOnStdout says that the command
// writes its data to stdout, which shares a terminal with stderr when
// both are one.
func (a *app) progressBar(label string, dataOnStdout bool) *progress.Bar {
	if !a.term.stderr || (dataOnStdout && a.term.stdout) {
		return nil
	}
	return progress.New(a.stderr, label, a.term.width, nil)
}
