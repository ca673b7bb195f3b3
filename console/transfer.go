package console

import (
	"cmp"
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"slices"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	smithy "github.com/aws/smithy-go"

	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/internal/itemio"
)

// exportRequest asks for the items of a table, or of a query or scan, as a
// file.
type exportRequest struct {
	Format string        `json:"format"` // json, ddb-json or csv
	Export bool          `json:"export"` // ddb-json as DynamoDB's S3 export lines, {"Item": ...}
	Search searchRequest `json:"search"` // its start and limit are ignored: every page is read
}

// export answers a file of every item a query or scan returns. The file is
// written to a temporary file first, so that an error on the way is an
// error answer rather than a truncated file, and so that a CSV header can
// name every attribute of every item.
func (h *Handler) export(w http.ResponseWriter, r *http.Request) error {
	var req exportRequest
	if err := readJSON(r, &req); err != nil {
		return err
	}
	f, err := itemio.ParseFormat(req.Format)
	if err != nil {
		return badRequest(err.Error())
	}
	ctx := r.Context()
	table := r.PathValue("table")
	desc, err := h.describe(ctx, table)
	if err != nil {
		return err
	}
	req.Search.Start, req.Search.Limit = nil, 0
	s, err := newSearcher(desc.Table, &req.Search)
	if err != nil {
		return err
	}
	file, err := h.exportFile(ctx, desc.Table, s, f, req.Export)
	if err != nil {
		return err
	}
	defer removeTemp(file)
	ext := map[itemio.Format]string{itemio.JSON: ".jsonl", itemio.DynamoJSON: ".ddb.jsonl", itemio.CSV: ".csv"}[f]
	ctype := "application/x-ndjson"
	if f == itemio.CSV {
		ctype = "text/csv; charset=utf-8"
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", "attachment; filename="+strconv.Quote(table+ext))
	w.Header().Set("Cache-Control", "no-store")
	http.ServeContent(w, r, "", time.Time{}, file)
	return nil
}

// exportFile writes the items of every page of s to a temporary file in
// format f, and returns it open at its start.
func (h *Handler) exportFile(ctx context.Context, desc *types.TableDescription, s *searcher, f itemio.Format, export bool) (*os.File, error) {
	out, err := os.CreateTemp("", "ddb-console-export-*")
	if err != nil {
		return nil, err
	}
	ok := false
	defer func() {
		if !ok {
			removeTemp(out)
		}
	}()
	var w itemio.Writer
	var columns *itemio.ColumnSet
	var spool *os.File
	switch f {
	case itemio.JSON:
		w = itemio.NewJSONWriter(out)
	case itemio.DynamoJSON:
		jw := itemio.NewDynamoJSONWriter(out)
		jw.Export = export
		w = jw
	case itemio.CSV:
		// The items go to a spool in DynamoDB JSON while the columns are
		// planned, then from the spool to the CSV file.
		if spool, err = os.CreateTemp("", "ddb-console-spool-*"); err != nil {
			return nil, err
		}
		defer removeTemp(spool)
		hash, rng, _ := indexKeys(desc, "")
		columns = itemio.NewColumnSet(hash, rng)
		w = itemio.NewDynamoJSONWriter(spool)
	}
	var start itemio.Item
	for {
		p, err := s.next(ctx, h.api, start)
		if err != nil {
			return nil, err
		}
		for _, item := range p.Items {
			if columns != nil {
				columns.Add(item)
			}
			if err := w.Write(item); err != nil {
				return nil, err
			}
		}
		if start = p.Last; start == nil {
			break
		}
	}
	if err := w.Flush(); err != nil {
		return nil, err
	}
	if spool != nil {
		if _, err := spool.Seek(0, io.SeekStart); err != nil {
			return nil, err
		}
		if err := copyItems(itemio.NewDynamoJSONReader(spool), itemio.NewCSVWriter(out, columns.Columns())); err != nil {
			return nil, err
		}
	}
	if _, err := out.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	ok = true
	return out, nil
}

// copyItems copies every item of r to w.
func copyItems(r itemio.Reader, w itemio.Writer) error {
	for {
		item, err := r.Read()
		if err == io.EOF {
			return w.Flush()
		}
		if err != nil {
			return err
		}
		if err := w.Write(item); err != nil {
			return err
		}
	}
}

// removeTemp closes and removes a temporary file.
func removeTemp(f *os.File) {
	f.Close()
	os.Remove(f.Name())
}

// maxImportBytes bounds an uploaded file.
const maxImportBytes = 1 << 30

// maxReportedErrors bounds the row errors an import answers with (all are
// counted).
const maxReportedErrors = 100

// importAnswer reports an import: the items written and the rows that
// could not be read or written.
type importAnswer struct {
	Imported int        `json:"imported"`
	Failed   int        `json:"failed"`
	Errors   []rowIssue `json:"errors"`
}

// rowIssue is one row that was not imported.
type rowIssue struct {
	Row     int    `json:"row"`
	Line    int    `json:"line,omitempty"`
	Message string `json:"message"`
}

// importFailure is the error answer of an import that stopped: the error,
// and what was imported before it.
type importFailure struct {
	*apiError
	importAnswer
}

// importItems writes the items of an uploaded file (the request body) to a
// table: ?format=json|ddb-json|csv, and &infer=1 to infer the types of
// CSV columns without one. Rows that cannot be read or written are
// reported and skipped. An error that ends the import (a file the reader
// cannot go on with, a missing table, the service failing) is answered
// with what was imported before it: the items read until then are written
// first.
func (h *Handler) importItems(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f, err := itemio.ParseFormat(q.Get("format"))
	if err != nil {
		return badRequest(err.Error())
	}
	infer, _ := strconv.ParseBool(q.Get("infer"))
	body := http.MaxBytesReader(w, r.Body, maxImportBytes)
	reader, err := itemio.NewReader(f, body, itemio.CSVOptions{InferTypes: infer})
	if err != nil {
		return badRequest(err.Error())
	}
	imp := importer{api: h.api, table: r.PathValue("table"), ans: importAnswer{Errors: []rowIssue{}}}
	if err := imp.run(r.Context(), reader); err != nil {
		status, e := h.errorAnswer(r, err)
		if e != nil {
			imp.sortErrors()
			writeJSON(w, status, map[string]importFailure{"error": {e, imp.ans}})
		}
		return nil
	}
	imp.sortErrors()
	writeJSON(w, http.StatusOK, imp.ans)
	return nil
}

// run imports the items of reader. When reading fails, the items read
// before are written, then the error returned.
func (imp *importer) run(ctx context.Context, reader itemio.Reader) error {
	row := 0 // as the reader counts them: items and rows that are not
	for {
		item, err := reader.Read()
		if err == io.EOF {
			break
		}
		var re *itemio.RowError
		if errors.As(err, &re) {
			row++
			imp.report(re.Row, re.Line, re.Err)
			continue
		}
		if err != nil {
			if err := imp.flush(ctx); err != nil {
				return err
			}
			return badRequest(err.Error())
		}
		row++
		imp.batch = append(imp.batch, pending{item, row})
		if len(imp.batch) == batchSize {
			if err := imp.flush(ctx); err != nil {
				return err
			}
		}
	}
	return imp.flush(ctx)
}

// sortErrors puts the reported rows in order: rows that could not be read
// are reported as they are met, rows that could not be written when their
// batch is.
func (imp *importer) sortErrors() {
	slices.SortStableFunc(imp.ans.Errors, func(a, b rowIssue) int { return cmp.Compare(a.Row, b.Row) })
}

// batchSize is the most items BatchWriteItem takes.
const batchSize = 25

// importer writes the items of an import in batches.
type importer struct {
	api interface {
		BatchWriteItem(context.Context, *dynamodb.BatchWriteItemInput, ...func(*dynamodb.Options)) (*dynamodb.BatchWriteItemOutput, error)
		PutItem(context.Context, *dynamodb.PutItemInput, ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error)
	}
	table string
	batch []pending
	ans   importAnswer
}

// pending is an item waiting in a batch, with its row.
type pending struct {
	item itemio.Item
	row  int
}

// report records a row that was not imported.
func (imp *importer) report(row, line int, err error) {
	imp.ans.Failed++
	if len(imp.ans.Errors) < maxReportedErrors {
		imp.ans.Errors = append(imp.ans.Errors, rowIssue{Row: row, Line: line, Message: errorText(err)})
	}
}

// Throttled batches and unprocessed items are sent again up to
// importAttempts times in all, after pauses from importPause doubling up
// to importMaxPause: an import outlasts some throttling.
const (
	importAttempts = 10
	importPause    = 20 * time.Millisecond
	importMaxPause = 5 * time.Second
)

// throttled reports whether err is DynamoDB throttling a request.
func throttled(err error) bool {
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		return false
	}
	switch ae.ErrorCode() {
	case ddb.CodeProvisionedThroughput, ddb.CodeThrottling, ddb.CodeRequestLimitExceeded:
		return true
	}
	return false
}

// flush writes the batch: with BatchWriteItem, sending throttled batches
// and unprocessed items again, or item by item when DynamoDB refuses the
// batch as invalid (a bad item refuses all 25) or leaves items unprocessed
// after every attempt, so that each refused item is reported on its own
// row. Other errors, and throttling that lasts, end the import.
func (imp *importer) flush(ctx context.Context) error {
	if len(imp.batch) == 0 {
		return nil
	}
	defer func() { imp.batch = imp.batch[:0] }()
	reqs := make([]types.WriteRequest, len(imp.batch))
	for i, p := range imp.batch {
		reqs[i] = types.WriteRequest{PutRequest: &types.PutRequest{Item: p.item}}
	}
	delay := importPause
	for attempt := 1; ; attempt++ {
		out, err := imp.api.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{imp.table: reqs}})
		var ae smithy.APIError
		switch {
		case err == nil:
			if reqs = out.UnprocessedItems[imp.table]; len(reqs) == 0 {
				imp.ans.Imported += len(imp.batch)
				return nil
			}
		case ctx.Err() != nil:
			return err
		case throttled(err):
			if attempt == importAttempts {
				return err
			}
		case errors.As(err, &ae) && ae.ErrorCode() == ddb.CodeValidation:
			attempt = importAttempts // item by item, below
		default:
			return err // not about an item (a missing table, a lost connection)
		}
		if attempt == importAttempts {
			break
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(delay):
		}
		delay = min(2*delay, importMaxPause)
	}
	// Item by item; items a retried batch wrote already are written again,
	// which changes nothing.
	for _, p := range imp.batch {
		_, err := imp.api.PutItem(ctx, &dynamodb.PutItemInput{TableName: &imp.table, Item: p.item})
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			imp.report(p.row, 0, err)
			continue
		}
		imp.ans.Imported++
	}
	return nil
}
