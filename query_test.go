package ddb_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb"
)

// putAccounts writes accounts "ann" 1..30 (balance 10*id, status "even" or
// "odd") and "bob" 1..5 with a batch.
func putAccounts(t *testing.T, accounts *ddb.Table[Account]) {
	t.Helper()
	w := accounts.BatchWrite()
	for id := 1; id <= 30; id++ {
		status := "odd"
		if id%2 == 0 {
			status = "even"
		}
		w.Put(Account{Owner: "ann", ID: id, Balance: 10 * id, Status: status})
	}
	for id := 1; id <= 5; id++ {
		w.Put(Account{Owner: "bob", ID: id, Status: "bob"})
	}
	if err := w.Run(t.Context()); err != nil {
		t.Fatal(err)
	}
}

// ids returns the ids of accounts.
func ids(accounts []Account) []int {
	out := make([]int, len(accounts))
	for i, a := range accounts {
		out[i] = a.ID
	}
	return out
}

// span returns lo..hi.
func span(lo, hi int) []int {
	var out []int
	for i := lo; i <= hi; i++ {
		out = append(out, i)
	}
	return out
}

func TestQuery(t *testing.T) {
	forEachBackend(t, func(t *testing.T, accounts *ddb.Table[Account]) {
		ctx := t.Context()
		putAccounts(t, accounts)
		ann := ddb.Partition("ann")
		tests := []struct {
			name string
			key  ddb.KeyCondition
			opts []ddb.QueryOption
			want []int
		}{
			{"partition", ann, nil, span(1, 30)},
			{"equal", ann.SortEqual(5), nil, []int{5}},
			{"less", ann.SortLessThan(3), nil, []int{1, 2}},
			{"less or equal", ann.SortLessOrEqual(3), nil, []int{1, 2, 3}},
			{"greater", ann.SortGreaterThan(28), nil, []int{29, 30}},
			{"greater or equal", ann.SortGreaterOrEqual(29), nil, []int{29, 30}},
			{"between", ann.SortBetween(10, 12), nil, []int{10, 11, 12}},
			{"descending", ann.SortLessThan(4), []ddb.QueryOption{ddb.Descending()}, []int{3, 2, 1}},
			{"filter", ann, []ddb.QueryOption{ddb.Filter(ddb.Attr("balance").GreaterThan(250))}, span(26, 30)},
			{"pages of 4, consistent", ann, []ddb.QueryOption{ddb.PageSize(4), ddb.Consistent()}, span(1, 30)},
			{"filter over pages of 3", ann, []ddb.QueryOption{ddb.PageSize(3), ddb.Filter(ddb.Attr("status").Equal("even").And(ddb.Attr("balance").LessThan(70)))}, []int{2, 4, 6}},
			{"other partition", ddb.Partition("bob"), nil, span(1, 5)},
			{"empty partition", ddb.Partition("nobody"), nil, nil},
		}
		for _, tt := range tests {
			var got []int
			for a, err := range accounts.Query(ctx, tt.key, tt.opts...).All() {
				if err != nil {
					t.Fatalf("%s: %v", tt.name, err)
				}
				got = append(got, a.ID)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.name, diff)
			}
		}

		var evens []int
		for a, err := range accounts.Query(ctx, ddb.Partition("even"), ddb.OnIndex("by_status")).All() {
			if err != nil {
				t.Fatal(err)
			}
			if a.Owner != "ann" || a.Status != "even" || a.Balance != 0 {
				t.Errorf("keys-only index item %+v", a)
			}
			evens = append(evens, a.ID)
		}
		slices.Sort(evens)
		if want := []int{2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30}; !cmp.Equal(want, evens) {
			t.Errorf("index query: %v, want %v", evens, want)
		}

		three, err := accounts.Query(ctx, ann, ddb.Descending()).Collect(3)
		if err != nil || !cmp.Equal(ids(three), []int{30, 29, 28}) {
			t.Errorf("Collect(3) = %v, %v", ids(three), err)
		}
		first, err := accounts.Query(ctx, ann.SortGreaterThan(7), ddb.Project("id", "balance")).First()
		if err != nil || !cmp.Equal(first, Account{ID: 8, Balance: 80}) {
			t.Errorf("First with a projection = %+v, %v", first, err)
		}
		if _, err := accounts.Query(ctx, ann.SortGreaterThan(30)).First(); !errors.Is(err, ddb.ErrNotFound) {
			t.Errorf("First of nothing: %v", err)
		}
		one, err := accounts.Query(ctx, ann, ddb.Filter(ddb.Attr("balance").Equal(70))).One()
		if err != nil || one.ID != 7 {
			t.Errorf("One = %+v, %v", one, err)
		}
		if _, err := accounts.Query(ctx, ann.SortLessThan(3)).One(); !errors.Is(err, ddb.ErrNotUnique) {
			t.Errorf("One of two: %v", err)
		}
		n, err := accounts.Query(ctx, ann, ddb.PageSize(7), ddb.Filter(ddb.Attr("status").Equal("odd")), ddb.Project("balance")).Count()
		if err != nil || n != 15 {
			t.Errorf("Count = %d, %v; want 15", n, err)
		}
		var stopped []int
		for a, err := range accounts.Query(ctx, ann, ddb.PageSize(2)).All() {
			if err != nil {
				t.Fatal(err)
			}
			if stopped = append(stopped, a.ID); len(stopped) == 3 {
				break
			}
		}
		if !cmp.Equal(stopped, []int{1, 2, 3}) {
			t.Errorf("breaking out of All after 3 items: %v", stopped)
		}
	})
}

func TestQueryPages(t *testing.T) {
	forEachBackend(t, func(t *testing.T, accounts *ddb.Table[Account]) {
		ctx := t.Context()
		putAccounts(t, accounts)
		q := accounts.Query(ctx, ddb.Partition("ann"), ddb.PageSize(7))
		var got []int
		cursor, pages := "", 0
		for {
			page, err := q.Page(cursor)
			if err != nil {
				t.Fatal(err)
			}
			pages++
			got = append(got, ids(page.Items)...)
			if len(page.Items) > 7 || page.Scanned != len(page.Items) {
				t.Errorf("page %d: %d items, %d scanned", pages, len(page.Items), page.Scanned)
			}
			if cursor = page.Next; cursor == "" {
				break
			}
		}
		if !cmp.Equal(got, span(1, 30)) || pages < 5 || pages > 6 {
			t.Errorf("%d pages of 7 gave %v", pages, got)
		}
		// A cursor resumes on a new Results, as an HTTP handler would.
		page, err := accounts.Query(ctx, ddb.Partition("ann"), ddb.PageSize(7)).Page("")
		if err != nil {
			t.Fatal(err)
		}
		next, err := accounts.Query(ctx, ddb.Partition("ann"), ddb.PageSize(3)).Page(page.Next)
		if err != nil || !cmp.Equal(ids(next.Items), []int{8, 9, 10}) {
			t.Errorf("resumed page: %v, %v", ids(next.Items), err)
		}
		indexPage, err := accounts.Query(ctx, ddb.Partition("odd"), ddb.OnIndex("by_status"), ddb.PageSize(2)).Page("")
		if err != nil || indexPage.Next == "" {
			t.Fatalf("index page: %+v, %v", indexPage, err)
		}
		if _, err := accounts.Query(ctx, ddb.Partition("odd"), ddb.OnIndex("by_status")).Page(indexPage.Next); err != nil {
			t.Errorf("index page from its cursor: %v", err)
		}
		for _, bad := range []string{"!!", "e30", page.Next[:len(page.Next)-2]} {
			if _, err := accounts.Query(ctx, ddb.Partition("ann")).Page(bad); !errors.Is(err, ddb.ErrInvalidCursor) {
				t.Errorf("Page(%q): %v, want ErrInvalidCursor", bad, err)
			}
		}
		if _, err := accounts.Query(ctx, ddb.Partition("odd"), ddb.OnIndex("by_status")).Page(page.Next); !errors.Is(err, ddb.ErrInvalidCursor) {
			t.Errorf("index Page with a table cursor: %v, want ErrInvalidCursor", err)
		}
	})
}

func TestScan(t *testing.T) {
	forEachBackend(t, func(t *testing.T, accounts *ddb.Table[Account]) {
		ctx := t.Context()
		putAccounts(t, accounts)
		tests := []struct {
			name string
			opts []ddb.ScanOption
			want int
		}{
			{"all", nil, 35},
			{"pages of 4", []ddb.ScanOption{ddb.PageSize(4)}, 35},
			{"filter", []ddb.ScanOption{ddb.Filter(ddb.Attr("owner").Equal("bob"))}, 5},
			{"parallel", []ddb.ScanOption{ddb.Parallel(4), ddb.PageSize(3)}, 35},
			{"parallel with filter", []ddb.ScanOption{ddb.Parallel(3), ddb.Filter(ddb.Attr("balance").GreaterOrEqual(100))}, 21},
			{"index", []ddb.ScanOption{ddb.OnIndex("by_status")}, 35},
		}
		for _, tt := range tests {
			seen := map[string]bool{}
			for a, err := range accounts.Scan(ctx, tt.opts...).All() {
				if err != nil {
					t.Fatalf("%s: %v", tt.name, err)
				}
				seen[a.Owner+"/"+strings.Repeat("i", a.ID)] = true
			}
			if len(seen) != tt.want {
				t.Errorf("%s: %d distinct items, want %d", tt.name, len(seen), tt.want)
			}
			n, err := accounts.Scan(ctx, tt.opts...).Count()
			if err != nil || n != tt.want {
				t.Errorf("%s: Count = %d, %v; want %d", tt.name, n, err, tt.want)
			}
		}
		total := 0
		for segment := range 3 {
			items, err := accounts.Scan(ctx, ddb.Segment(segment, 3)).Collect(100)
			if err != nil {
				t.Fatal(err)
			}
			total += len(items)
		}
		if total != 35 {
			t.Errorf("three segments hold %d items, want 35", total)
		}
		got := 0
		for _, err := range accounts.Scan(ctx, ddb.Parallel(4), ddb.PageSize(1)).All() {
			if err != nil {
				t.Fatal(err)
			}
			if got++; got == 5 {
				break
			}
		}
		if got != 5 {
			t.Errorf("breaking out of a parallel scan after 5 items: %d", got)
		}
		var cc ddb.Capacity
		if _, err := accounts.Scan(ctx, ddb.ConsumedCapacity(&cc)).Collect(100); err != nil {
			t.Fatal(err)
		}
		if cc.Total <= 0 || cc.Read != cc.Total || cc.Tables[accounts.Name()] != cc.Total {
			t.Errorf("consumed capacity of a scan: %+v", cc)
		}
	})
}

func TestSearchErrors(t *testing.T) {
	accounts := newAccounts(t, ddb.New(nil))
	ctx := t.Context()
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"unknown index", func() error {
			_, err := accounts.Query(ctx, ddb.Partition("x"), ddb.OnIndex("nope")).Collect(1)
			return err
		}(), "no index nope is declared (indexes: [by_status])"},
		{"partition of the wrong type", func() error {
			_, err := accounts.Query(ctx, ddb.Partition(1)).Collect(1)
			return err
		}(), "key owner must be of type S, got N"},
		{"sort of the wrong type", func() error {
			_, err := accounts.Query(ctx, ddb.Partition("x").SortEqual("1")).First()
			return err
		}(), "key id must be of type N, got S"},
		{"sort on a hash-only index", func() error {
			_, err := accounts.Query(ctx, ddb.Partition("x").SortEqual(1), ddb.OnIndex("by_status")).Count()
			return err
		}(), "key condition on a sort key, but there is none"},
		{"begins_with on a number", func() error {
			_, err := accounts.Query(ctx, ddb.Partition("x").SortBeginsWith(1)).Page("")
			return err
		}(), "key id is a number: begins_with needs a string or binary key"},
		{"Collect(0)", func() error {
			_, err := accounts.Query(ctx, ddb.Partition("x")).Collect(0)
			return err
		}(), "Collect needs a positive maximum, got 0"},
		{"Page of a parallel scan", func() error {
			_, err := accounts.Scan(ctx, ddb.Parallel(2)).Page("")
			return err
		}(), "Page reads one segment; it cannot be combined with Parallel"},
		{"bad segment", func() error {
			_, err := accounts.Scan(ctx, ddb.Segment(3, 3)).Count()
			return err
		}(), "segment 3 is not one of the 3 segments (0 to 2)"},
		{"negative segment", func() error {
			_, err := accounts.Scan(ctx, ddb.Segment(-1, 3)).Count()
			return err
		}(), "segment -1 is not one of the 3 segments (0 to 2)"},
		{"Page of a negative segment", func() error {
			_, err := accounts.Scan(ctx, ddb.Segment(-1, 3)).Page("")
			return err
		}(), "segment -1 is not one of the 3 segments (0 to 2)"},
		{"no segments", func() error {
			_, err := accounts.Scan(ctx, ddb.Parallel(0)).Count()
			return err
		}(), "the number of segments must be from 1 to 1000000, got 0"},
		{"segment of no segments", func() error {
			_, err := accounts.Scan(ctx, ddb.Segment(0, 0)).Count()
			return err
		}(), "the number of segments must be from 1 to 1000000, got 0"},
		{"too many segments", func() error {
			_, err := accounts.Scan(ctx, ddb.Segment(0, 1000001)).Count()
			return err
		}(), "the number of segments must be from 1 to 1000000, got 1000001"},
		{"Parallel and Segment", func() error {
			_, err := accounts.Scan(ctx, ddb.Parallel(3), ddb.Segment(1, 3)).Count()
			return err
		}(), "Parallel scans every segment and Segment one of them; give one or the other"},
		{"Segment and Parallel", func() error {
			_, err := accounts.Scan(ctx, ddb.Segment(1, 3), ddb.Parallel(3)).Count()
			return err
		}(), "Parallel scans every segment and Segment one of them; give one or the other"},
		{"no key condition", func() error {
			_, err := accounts.Query(ctx, nil).Collect(1)
			return err
		}(), "Query needs a key condition, such as ddb.Partition(value)"},
	}
	for _, tt := range tests {
		if tt.err == nil || !strings.HasSuffix(tt.err.Error(), ": "+tt.want) {
			t.Errorf("%s: %v, want an error ending in %q", tt.name, tt.err, tt.want)
		}
	}
}
