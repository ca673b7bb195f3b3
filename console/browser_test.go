package console_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/chromedp/chromedp"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ddbkit/ddb/console"
	"github.com/ddbkit/ddb/engine"
	"github.com/ddbkit/ddb/internal/av"
	"github.com/ddbkit/ddb/internal/browsertest"
)

// page drives the console in Chromium, step by step, as a person would.
type page struct {
	*browsertest.Browser
	t *testing.T
}

// set puts a value in a form field and tells the page, as typing or
// choosing would.
func (p *page) set(sel, value string) {
	p.t.Helper()
	ok := browsertest.Eval[bool](p.Browser, fmt.Sprintf(`(() => {
		const e = document.querySelector(%q);
		if (!e) return false;
		e.value = %q;
		e.dispatchEvent(new Event("input", {bubbles: true}));
		e.dispatchEvent(new Event("change", {bubbles: true}));
		return true;
	})()`, sel, value))
	if !ok {
		p.Screenshot("failed-set")
		p.t.Fatalf("no field %s", sel)
	}
}

// click clicks an element with the mouse.
func (p *page) click(sel string) {
	p.t.Helper()
	p.Do("click "+sel, chromedp.Click(chromedp.CSS(sel)))
}

// text returns the text of the first element matching sel ("" if none).
func (p *page) text(sel string) string {
	p.t.Helper()
	return browsertest.Eval[string](p.Browser, fmt.Sprintf(`document.querySelector(%q)?.textContent ?? ""`, sel))
}

// waitText waits until the element matching sel contains want.
func (p *page) waitText(sel, want string) {
	p.t.Helper()
	p.WaitFor(fmt.Sprintf("%s to show %q", sel, want), fmt.Sprintf(`(document.querySelector(%q)?.textContent ?? "").includes(%q)`, sel, want), 10*time.Second)
}

// rows returns the number of rows of the items table.
func (p *page) rows() int {
	p.t.Helper()
	return browsertest.Eval[int](p.Browser, `document.querySelectorAll("#items-table tbody tr").length`)
}

// column returns the texts of a column of the items table (without the
// type tags).
func (p *page) column(name string) []string {
	p.t.Helper()
	return browsertest.Eval[[]string](p.Browser, fmt.Sprintf(`(() => {
		const heads = [...document.querySelectorAll("#items-table thead th")].map((th) => th.textContent);
		const i = heads.indexOf(%q);
		return [...document.querySelectorAll("#items-table tbody tr")].map((tr) => tr.children[i].firstChild?.textContent ?? "");
	})()`, name))
}

// search runs the builder's search and waits for its results (or error).
func (p *page) search() {
	p.t.Helper()
	p.load("#run-search")
}

// load clicks a button that loads results (a search or a page of one) and
// waits for them (or an error).
func (p *page) load(button string) {
	p.t.Helper()
	const settled = `!("loading" in document.querySelector("#results").dataset)`
	p.WaitFor("earlier searches", settled, 10*time.Second)
	loaded := browsertest.Eval[string](p.Browser, `document.querySelector("#results").dataset.loaded ?? ""`)
	p.click(button)
	p.WaitFor("search results", fmt.Sprintf(`(document.querySelector("#results").dataset.loaded ?? "") !== %q && %s`, loaded, settled), 10*time.Second)
}

// TestBrowser drives the console in headless Chromium through its real
// flows against an in-process engine: create a table with indexes from the
// form, create an item in the editor, browse pages, query with BETWEEN and
// begins_with on indexes, see inline errors for bad JSON and for an item
// DynamoDB refuses, edit, delete, export and import (with per-row errors),
// watch stream records arrive live, and delete the table.
func TestBrowser(t *testing.T) {
	b := browsertest.New(t)
	db, err := engine.Open(engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	mux := http.NewServeMux()
	mux.Handle(console.Prefix, console.New(db, db, console.WithEndpoint("in-process engine")))
	srv := httptest.NewServer(mux)
	defer srv.Close()
	base := srv.URL + console.Prefix
	p := &page{Browser: b, t: t}
	ctx := context.Background()

	// Create a table with a global and a local index and a stream.
	b.Do("open the table form", chromedp.Navigate(base+"#/create"), chromedp.WaitVisible(chromedp.CSS("#create-form")))
	b.Do("type the name", chromedp.SendKeys(chromedp.CSS("#create-name"), "Music"))
	p.set("#create-hash", "Artist")
	p.set("#create-range", "Song")
	p.set("#create-stream", "NEW_AND_OLD_IMAGES")
	p.click("#add-gsi")
	p.set(`[data-kind=GSI] [name=ix-name]`, "byYear")
	p.set(`[data-kind=GSI] [name=ix-hash]`, "Artist")
	p.set(`[data-kind=GSI] [name=ix-range]`, "Year")
	p.set(`[data-kind=GSI] [name=ix-range-type]`, "N")
	p.click("#add-lsi")
	p.set(`[data-kind=LSI] [name=ix-name]`, "byAlbum")
	p.set(`[data-kind=LSI] [name=ix-range]`, "Album")
	b.Screenshot("create-table-form")
	p.click("#create-submit")
	p.waitText("#table-title", "Music")
	desc, err := db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String("Music")})
	if err != nil {
		t.Fatal(err)
	}
	if len(desc.Table.GlobalSecondaryIndexes) != 1 || len(desc.Table.LocalSecondaryIndexes) != 1 || !*desc.Table.StreamSpecification.StreamEnabled {
		t.Fatalf("the form created %+v", desc.Table)
	}

	// Create an item in the editor, as plain JSON with a string set.
	p.WaitFor("the items view", `!!document.querySelector("#new-item")`, 10*time.Second)
	p.click("#new-item")
	p.WaitFor("the editor", `document.getElementById("editor").open`, 5*time.Second)
	p.set("#editor-text", `{"Artist": "Band", "Song": "Song 00", "Year": 1990, "Album": "Blue Train", "Tags": {"$SS": ["jazz"]}}`)
	b.Screenshot("create-item")
	p.click("#editor-save")
	p.WaitFor("the editor to close", `!document.getElementById("editor").open`, 5*time.Second)
	got, err := db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("Music"), Key: av.Item{"Artist": av.S("Band"), "Song": av.S("Song 00")}})
	if err != nil || got.Item == nil {
		t.Fatalf("the created item is not there: %v", err)
	}
	if tags, ok := got.Item["Tags"].(*types.AttributeValueMemberSS); !ok || tags.Value[0] != "jazz" {
		t.Errorf("Tags = %#v, want the string set {jazz}", got.Item["Tags"])
	}
	albums := []string{"Blue Train", "Blue Moon", "Red", "Green", "Blue Note"}
	for i := 1; i < 25; i++ {
		put(t, db, "Music", av.Item{"Artist": av.S("Band"), "Song": av.S(fmt.Sprintf("Song %02d", i)),
			"Year": av.Int(1990 + i), "Album": av.S(albums[i%5])})
	}

	// Browse 25 items in pages of 10.
	p.set("#page-size", "10")
	p.search()
	if n := p.rows(); n != 10 {
		b.Screenshot("failed-page-1")
		t.Fatalf("page 1 has %d rows, want 10 (%s)", n, p.text("#page-info"))
	}
	first := p.column("Song")
	p.click("#next-page")
	p.waitText("#page-info", "Page 2")
	second := p.column("Song")
	if len(second) != 10 || second[0] == first[0] {
		t.Errorf("page 2 shows %v after page 1's %v", second, first)
	}
	p.click("#next-page")
	p.waitText("#page-info", "Page 3")
	if n := p.rows(); n != 5 || !browsertest.Eval[bool](b, `document.querySelector("#next-page").disabled`) {
		t.Errorf("page 3 has %d rows (want 5) and a next page", n)
	}
	b.Screenshot("page-3")
	p.click("#prev-page")
	p.waitText("#page-info", "Page 2")

	// Query the global index with BETWEEN on its number sort key.
	p.click(`label:has(> #mode-query)`)
	p.set("#search-index", "byYear")
	p.set("#query-hash", "Band")
	p.set("#range-op", "between")
	p.set("#range-value", "1995")
	p.set("#range-value2", "1999")
	p.search()
	if got := p.column("Year"); strings.Join(got, ",") != "1995,1996,1997,1998,1999" {
		t.Errorf("BETWEEN 1995 AND 1999 on byYear gives years %v", got)
	}
	b.Screenshot("query-between")

	// Query the local index with begins_with on its string sort key.
	p.set("#page-size", "25")
	p.set("#search-index", "byAlbum")
	p.set("#range-op", "begins_with")
	p.set("#range-value", "Blue")
	p.search()
	albumsShown := p.column("Album")
	if len(albumsShown) != 15 {
		t.Errorf("begins_with(Album, Blue) gives %d items, want 15: %v", len(albumsShown), albumsShown)
	}
	for _, a := range albumsShown {
		if !strings.HasPrefix(a, "Blue") {
			t.Errorf("begins_with(Album, Blue) gives %q", a)
		}
	}
	b.Screenshot("query-begins-with")

	// Edit an item: bad JSON, then a key of the wrong type, are shown
	// inline; then a good edit is saved.
	p.click(`label:has(> #mode-scan)`)
	p.set("#search-index", "")
	p.search()
	p.click("#items-table tbody tr:first-child button.link")
	p.WaitFor("the editor with the item", `document.getElementById("editor").open && document.getElementById("editor-text").value.includes('"Song 00"')`, 5*time.Second)
	p.set("#editor-text", "{\n  \"Artist\": \"Band\",\n  \"Song\": \"Song 00\",\n  \"Year\": 19 90\n}")
	p.click("#editor-save")
	p.waitText("#editor-error", "Line 4, column")
	b.Screenshot("edit-bad-json")
	p.set("#editor-text", `{"Artist": 5, "Song": "Song 00"}`)
	p.click("#editor-save")
	p.waitText("#editor-error", "Type mismatch for key")
	b.Screenshot("edit-wrong-key-type")
	// Another tab saved the item since it was opened: the save is refused
	// until the item is opened again.
	if _, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("Music"),
		Item: av.Item{"Artist": av.S("Band"), "Song": av.S("Song 00"), "Note": av.S("other tab")}}); err != nil {
		t.Fatal(err)
	}
	p.set("#editor-text", `{"Artist": "Band", "Song": "Song 00", "Note": "stale"}`)
	p.click("#editor-save")
	p.waitText("#editor-error", "the item changed since you opened it")
	b.Screenshot("edit-conflict")
	p.click("#editor-cancel")
	p.click("#items-table tbody tr:first-child button.link")
	p.WaitFor("the editor with the item", `document.getElementById("editor").open && document.getElementById("editor-text").value.includes('"other tab"')`, 5*time.Second)
	p.set("#editor-text", `{"Artist": "Band", "Song": "Song 00", "Year": 1990, "Album": "Blue Train", "Note": "edited"}`)
	p.click("#editor-save")
	p.WaitFor("the editor to close", `!document.getElementById("editor").open`, 5*time.Second)
	p.waitText("#items-table", "edited")
	got, _ = db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("Music"), Key: av.Item{"Artist": av.S("Band"), "Song": av.S("Song 00")}})
	if note, ok := got.Item["Note"].(*types.AttributeValueMemberS); !ok || note.Value != "edited" || got.Item["Tags"] != nil {
		t.Errorf("after the edit the item is %v", got.Item)
	}

	// Delete an item, confirming in the dialog.
	browsertest.Eval[bool](b, `(() => { [...document.querySelectorAll("#items-table tbody tr")].find((tr) => tr.textContent.includes("Song 01")).querySelector("button.danger").click(); return true })()`)
	p.WaitFor("the confirmation", `document.getElementById("confirm").open`, 5*time.Second)
	b.Screenshot("delete-confirm")
	p.click("#confirm-ok")
	p.WaitFor("the item to go", `document.querySelectorAll("#items-table tbody tr").length === 24`, 10*time.Second)
	if got, _ := db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("Music"), Key: av.Item{"Artist": av.S("Band"), "Song": av.S("Song 01")}}); got.Item != nil {
		t.Errorf("Song 01 is still there: %v", got.Item)
	}

	// Export as JSON lines and as CSV, then import the JSON lines into
	// another table, and a CSV with bad rows.
	downloads := t.TempDir()
	b.AllowDownloads(downloads)
	p.click(`a[data-tab=transfer]`)
	p.WaitFor("the export form", `!!document.querySelector("#export-form")`, 5*time.Second)
	p.set("#export-format", "json")
	p.click("#export-run")
	exported := waitFile(t, filepath.Join(downloads, "Music.jsonl"))
	if lines := strings.Count(string(exported), "\n"); lines != 24 {
		t.Errorf("the export has %d lines, want 24:\n%s", lines, exported)
	}
	p.set("#export-format", "csv")
	p.click("#export-run")
	csvText := waitFile(t, filepath.Join(downloads, "Music.csv"))
	if header, _, _ := strings.Cut(string(csvText), "\n"); header != "Artist:S,Song:S,Album:S,Note:S,Year:N" {
		t.Errorf("CSV header %q", header)
	}
	b.Screenshot("export")
	createTable(t, db, "MusicCopy", "Artist:S", "Song:S")
	b.Do("open the copy's import", chromedp.Navigate(base+"#/t/MusicCopy/transfer"))
	p.WaitFor("the copy's import form", `document.querySelector("#table-title")?.textContent === "MusicCopy" && !!document.querySelector("#import-form")`, 10*time.Second)
	b.Do("choose the file", chromedp.SetUploadFiles(chromedp.CSS("#import-file"), []string{filepath.Join(downloads, "Music.jsonl")}))
	p.set("#import-format", "json")
	p.click("#import-run")
	p.waitText("#import-summary", "24 items imported, 0 rows failed.")
	if n := count(t, db, "MusicCopy"); n != 24 {
		t.Errorf("the copy has %d items, want 24", n)
	}
	bad := filepath.Join(t.TempDir(), "bad.csv")
	if err := os.WriteFile(bad, []byte("Artist,Song,Year:N\nBand,Song X,2001\nBand,Song Y,not a number\n,Song Z,1\nBand,\"Song W\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	b.Do("choose the CSV", chromedp.SetUploadFiles(chromedp.CSS("#import-file"), []string{bad}))
	p.set("#import-format", "csv")
	p.click("#import-run")
	p.waitText("#import-summary", "1 items imported, 3 rows failed.")
	issues := browsertest.Eval[[]string](b, `[...document.querySelectorAll("#import-errors li")].map((li) => li.textContent)`)
	if len(issues) != 3 || !strings.HasPrefix(issues[0], "Row 2: ValidationException") || !strings.HasPrefix(issues[1], "Row 3: ValidationException") ||
		!strings.HasPrefix(issues[2], "Row 4 (line 5): line 5, column 14: extraneous") {
		t.Errorf("import errors %q", issues)
	}
	b.Screenshot("import")

	// Watch the stream: records written now appear without a reload.
	b.Do("open the stream", chromedp.Navigate(base+"#/t/Music/stream"))
	p.WaitFor("the stream view", `document.querySelector("#table-title")?.textContent === "Music" && !!document.querySelector("#records")`, 10*time.Second)
	p.waitText("#stream-status", "live")
	put(t, db, "Music", av.Item{"Artist": av.S("Band"), "Song": av.S("Song 99"), "Year": av.Int(2026)})
	p.WaitFor("the INSERT record", `[...document.querySelectorAll("#records .record.INSERT")].some((r) => r.textContent.includes("Song 99"))`, 10*time.Second)
	if _, err := db.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String("Music"), Key: av.Item{"Artist": av.S("Band"), "Song": av.S("Song 99")}}); err != nil {
		t.Fatal(err)
	}
	p.WaitFor("the REMOVE record", `[...document.querySelectorAll("#records .record.REMOVE")].some((r) => r.textContent.includes("Song 99"))`, 10*time.Second)
	b.Screenshot("stream")

	// Delete the table, typing its name to confirm.
	p.click(`a[data-tab=details]`)
	p.WaitFor("the details", `!!document.querySelector("#delete-table")`, 5*time.Second)
	b.Screenshot("details")
	p.click("#delete-table")
	p.WaitFor("the confirmation", `document.getElementById("confirm").open`, 5*time.Second)
	if !browsertest.Eval[bool](b, `document.getElementById("confirm-ok").disabled`) {
		t.Error("the table can be deleted without typing its name")
	}
	b.Do("type the name", chromedp.SendKeys(chromedp.CSS("#confirm-input"), "Music"))
	p.click("#confirm-ok")
	p.WaitFor("the table list without Music", `location.hash === "#/" && ![...document.querySelectorAll("#table-list a")].some((a) => a.textContent === "Music")`, 10*time.Second)
	if _, err := db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String("Music")}); err == nil {
		t.Error("the table Music is still there")
	}
}

// TestBrowserItemNames drives the items view of tables whose attribute
// names are those of JavaScript objects' own properties (__proto__,
// constructor), of a table with a binary key, and pages through a search
// changed between two pages.
func TestBrowserItemNames(t *testing.T) {
	b := browsertest.New(t)
	db, err := engine.Open(engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	srv := httptest.NewServer(console.New(db, db))
	defer srv.Close()
	base := srv.URL + console.Prefix
	p := &page{Browser: b, t: t}
	ctx := context.Background()
	open := func(table string) {
		t.Helper()
		b.Do("open "+table, chromedp.Navigate(base+"#/t/"+table))
		p.WaitFor(table+"'s items", fmt.Sprintf(`document.querySelector("#table-title")?.textContent === %q && !!document.querySelector("#new-item")`, table), 10*time.Second)
		p.search()
	}
	// row clicks a button of the row whose partition key (first column)
	// is key.
	row := func(key, button string) {
		t.Helper()
		if !browsertest.Eval[bool](b, fmt.Sprintf(`(() => {
			const tr = [...document.querySelectorAll("#items-table tbody tr")].find((tr) => tr.children[0].firstChild?.textContent === %q);
			tr?.querySelector(%q).click();
			return !!tr;
		})()`, key, button)) {
			b.Screenshot("failed-row")
			t.Fatalf("no row %q", key)
		}
	}
	// save saves the editor's text and waits for it to close.
	save := func(text string) {
		t.Helper()
		p.set("#editor-text", text)
		p.click("#editor-save")
		p.WaitFor("the editor to close", `!document.getElementById("editor").open`, 5*time.Second)
	}
	get := func(table string, key av.Item) av.Item {
		t.Helper()
		out, err := db.GetItem(ctx, &dynamodb.GetItemInput{TableName: &table, Key: key})
		if err != nil {
			t.Fatal(err)
		}
		return out.Item
	}

	// A key attribute named __proto__, and an attribute named constructor
	// that one item lacks.
	createTable(t, db, "Odd", "__proto__:S")
	put(t, db, "Odd", av.Item{"__proto__": av.S("a"), "v": av.S("1")})
	put(t, db, "Odd", av.Item{"__proto__": av.S("b"), "constructor": av.S("c")})
	open("Odd")
	// Each row's key, and its constructor cell's text and title.
	cells := browsertest.Eval[[][]string](b, `(() => {
		const i = [...document.querySelectorAll("#items-table thead th")].findIndex((th) => th.textContent === "constructor");
		return [...document.querySelectorAll("#items-table tbody tr")].map((tr) => [tr.children[0].firstChild.textContent, tr.children[i].textContent, tr.children[i].title]);
	})()`)
	if want := [][]string{{"a", "", ""}, {"b", "cS", "S: c"}}; !cmp.Equal(cells, want, cmpopts.SortSlices(func(x, y []string) bool { return x[0] < y[0] })) {
		t.Errorf("constructor cells (key, text, title) %q, want %q", cells, want)
	}
	b.Screenshot("odd-names")
	row("a", "button.link")
	p.WaitFor("the editor with item a", `document.getElementById("editor").open && document.getElementById("editor-text").value.includes('"v"')`, 5*time.Second)
	save(`{"__proto__": "a", "v": "2"}`)
	if item := get("Odd", av.Item{"__proto__": av.S("a")}); !cmp.Equal(item["v"], av.S("2"), av.Cmp) {
		t.Errorf("after the edit item a is %v", item)
	}
	row("b", "button.danger")
	p.WaitFor("the confirmation", `document.getElementById("confirm").open`, 5*time.Second)
	p.click("#confirm-ok")
	p.WaitFor("item b to go", `document.querySelectorAll("#items-table tbody tr").length === 1`, 10*time.Second)
	if item := get("Odd", av.Item{"__proto__": av.S("b")}); item != nil {
		t.Errorf("item b is still there: %v", item)
	}
	p.click("#new-item")
	p.WaitFor("the editor", `document.getElementById("editor").open`, 5*time.Second)
	if got := browsertest.Eval[string](b, `document.getElementById("editor-text").value`); got != "{\n  \"__proto__\": \"\"\n}" {
		t.Errorf("the new item's template is %q", got)
	}
	save(`{"__proto__": "new"}`)
	if item := get("Odd", av.Item{"__proto__": av.S("new")}); item == nil {
		t.Error("the created item is not there")
	}

	// A binary partition key's template in plain JSON.
	createTable(t, db, "Bin", "id:B")
	open("Bin")
	p.click("#new-item")
	p.WaitFor("the editor", `document.getElementById("editor").open`, 5*time.Second)
	if got := browsertest.Eval[string](b, `JSON.stringify(JSON.parse(document.getElementById("editor-text").value))`); got != `{"id":{"$B":""}}` {
		t.Errorf("the binary key's template is %s", got)
	}
	p.click("#editor-cancel")

	// A search changed after its second page: Next shows the first page
	// of the new search, not the third of a mix of both.
	createTable(t, db, "Many", "pk:S")
	for i := range 25 {
		put(t, db, "Many", av.Item{"pk": av.S(fmt.Sprintf("k%02d", i)), "g": av.Int(i % 5)})
	}
	open("Many")
	p.set("#page-size", "10")
	p.search()
	p.load("#next-page")
	p.waitText("#page-info", "Page 2")
	p.click("#add-filter")
	p.set(".filter-path", "g")
	p.set(".filter-value", "0")
	p.set(".filter-type", "N")
	p.load("#next-page")
	g := p.column("g")
	if info := p.text("#page-info"); !strings.HasPrefix(info, "Page 1 ·") || len(g) == 0 || strings.Trim(strings.Join(g, ""), "0") != "" {
		b.Screenshot("failed-changed-search")
		t.Errorf("next after the search changed shows %q with g %v, want page 1 of the items of g = 0", info, g)
	}
}

// TestBrowserStreamPaused resumes the Stream view after records were
// trimmed while it was paused, and after errors: one that may pass (the
// view resumes where it was) and one that would repeat (it restarts from
// now).
func TestBrowserStreamPaused(t *testing.T) {
	b := browsertest.New(t)
	db, err := engine.Open(engine.Options{ShardRollover: 1000 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	srv := httptest.NewServer(console.New(db, db))
	defer srv.Close()
	p := &page{Browser: b, t: t}
	createTable(t, db, "Feed", "pk:S")
	if _, err := db.UpdateTable(context.Background(), &dynamodb.UpdateTableInput{TableName: aws.String("Feed"),
		StreamSpecification: &types.StreamSpecification{StreamEnabled: aws.Bool(true), StreamViewType: types.StreamViewTypeNewAndOldImages}}); err != nil {
		t.Fatal(err)
	}
	b.Do("open the stream", chromedp.Navigate(srv.URL+console.Prefix+"#/t/Feed/stream"))
	p.waitText("#stream-status", "live")
	// The page's polls are kept; one can be made to fail with a status.
	browsertest.Eval[bool](b, `(() => {
		window.polls = [];
		window.failPoll = 0;
		const fetch = window.fetch;
		window.fetch = (url, opts) => {
			if (!String(url).endsWith("/stream/poll")) return fetch(url, opts);
			window.polls.push(JSON.parse(opts.body));
			const status = window.failPoll;
			if (!status) return fetch(url, opts);
			window.failPoll = 0;
			const error = status === 400 ? {code: "ValidationException", message: "bad cursor"} : {code: "InternalServerError", message: "try again"};
			return Promise.resolve(new Response(JSON.stringify({error}), {status, headers: {"Content-Type": "application/json"}}));
		};
		return true;
	})()`)
	record := func(key string) {
		t.Helper()
		put(t, db, "Feed", av.Item{"pk": av.S(key)})
		p.WaitFor("the record of "+key, fmt.Sprintf(`[...document.querySelectorAll("#records .record")].some((r) => r.textContent.includes(%q))`, key), 10*time.Second)
	}
	record("k-first")

	// Paused past retention, with a record written while paused: the view
	// goes on, with a note of the loss.
	p.click("#stream-toggle")
	p.waitText("#stream-status", "paused")
	put(t, db, "Feed", av.Item{"pk": av.S("k-lost")})
	if err := db.Clock().Advance(25 * time.Hour); err != nil {
		t.Fatal(err)
	}
	p.click("#stream-toggle")
	record("k-after-trim")
	p.waitText("#stream-note", "trimmed while the view was paused")
	b.Screenshot("stream-trimmed")

	// failed makes the next poll fail with status, and returns the toggle's
	// text and the cursor of the poll after it is clicked.
	failed := func(status int) (string, string) {
		t.Helper()
		browsertest.Eval[bool](b, fmt.Sprintf(`(window.failPoll = %d, true)`, status))
		p.waitText("#stream-status", "paused")
		toggle := p.text("#stream-toggle")
		n := browsertest.Eval[int](b, `window.polls.length`)
		p.click("#stream-toggle")
		p.WaitFor("a poll", fmt.Sprintf(`window.polls.length > %d`, n), 5*time.Second)
		return toggle, browsertest.Eval[string](b, fmt.Sprintf(`JSON.stringify(window.polls[%d].cursor)`, n))
	}
	if toggle, cursor := failed(500); toggle != "Resume" || cursor == "null" {
		t.Errorf("after a server error the toggle says %q and the next poll sends cursor %s, want Resume and the cursor", toggle, cursor)
	}
	p.waitText("#stream-status", "live")
	if toggle, cursor := failed(400); toggle != "Restart from now" || cursor != "null" {
		t.Errorf("after a refused poll the toggle says %q and the next poll sends cursor %s, want Restart from now and none", toggle, cursor)
	}
	record("k-restarted")
}

// put writes an item, failing the test on error.
func put(t *testing.T, db *engine.DB, table string, item av.Item) {
	t.Helper()
	if _, err := db.PutItem(context.Background(), &dynamodb.PutItemInput{TableName: &table, Item: item}); err != nil {
		t.Fatal(err)
	}
}

// createTable creates a table with keys given as NAME:TYPE, its partition
// key first.
func createTable(t *testing.T, db *engine.DB, name string, keys ...string) {
	t.Helper()
	in := &dynamodb.CreateTableInput{TableName: &name, BillingMode: types.BillingModePayPerRequest}
	for i, k := range keys {
		attr, typ, _ := strings.Cut(k, ":")
		in.AttributeDefinitions = append(in.AttributeDefinitions, types.AttributeDefinition{AttributeName: aws.String(attr), AttributeType: types.ScalarAttributeType(typ)})
		in.KeySchema = append(in.KeySchema, types.KeySchemaElement{AttributeName: aws.String(attr), KeyType: []types.KeyType{"HASH", "RANGE"}[i]})
	}
	if _, err := db.CreateTable(context.Background(), in); err != nil {
		t.Fatal(err)
	}
}

// count returns the number of items of a table.
func count(t *testing.T, db *engine.DB, table string) int {
	t.Helper()
	out, err := db.Scan(context.Background(), &dynamodb.ScanInput{TableName: &table, Select: types.SelectCount})
	if err != nil {
		t.Fatal(err)
	}
	return int(out.Count)
}

// waitFile waits for a download to be complete and returns its content.
func waitFile(t *testing.T, path string) []byte {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		data, err := os.ReadFile(path)
		if err == nil {
			return data
		}
		if time.Now().After(deadline) {
			entries, _ := os.ReadDir(filepath.Dir(path))
			t.Fatalf("no download %s: %v (directory holds %v)", path, err, entries)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
