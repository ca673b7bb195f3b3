package main

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/ddbkit/ddb/internal/itemio"
	"github.com/google/go-cmp/cmp"
)

// putOrders writes n orders: customer c0..c(k-1) by i%k, id i, total i,
// status open for even ids and paid for odd ones.
func putOrders(c *cli, n, k int) {
	c.t.Helper()
	var b strings.Builder
	for i := range n {
		status := []string{"open", "paid"}[i%2]
		fmt.Fprintf(&b, `{"customer": "c%d", "id": %d, "total": %d, "status": "%s"}`+"\n", i%k, i, i, status)
	}
	if r := c.runInput(b.String(), "import", "orders"); r.err != nil {
		c.t.Fatalf("import: %s", r.line)
	}
}

// ids returns the ids of JSON lines of orders, in their order.
func ids(t testing.TB, out string) []int {
	t.Helper()
	var got []int
	for _, l := range lines(out) {
		var o struct{ ID int }
		if err := json.Unmarshal([]byte(l), &o); err != nil {
			t.Fatalf("%q: %v", l, err)
		}
		got = append(got, o.ID)
	}
	return got
}

func TestQueryScan(t *testing.T) {
	forEachBackend(t, func(t *testing.T, c *cli) {
		ordersTable(c)
		putOrders(c, 300, 3) // c0 holds ids 0, 3, ..., 297

		var c0 []int
		for i := 0; i < 300; i += 3 {
			c0 = append(c0, i)
		}
		if got := ids(t, c.ok("query", "orders", "--key", "customer=c0")); !cmp.Equal(got, c0) {
			t.Errorf("query c0: %v", got)
		}
		if got := ids(t, c.ok("query", "orders", "-k", "customer=c0", "--sort", ">= 290")); !cmp.Equal(got, []int{291, 294, 297}) {
			t.Errorf("query --sort '>= 290': %v", got)
		}
		if got := ids(t, c.ok("query", "orders", "-k", "customer=c0", "--sort", "between 30 and 36", "--descending")); !cmp.Equal(got, []int{36, 33, 30}) {
			t.Errorf("query --sort between --descending: %v", got)
		}
		if got := ids(t, c.ok("query", "orders", "-k", "customer=c0", "-k", "id=99")); !cmp.Equal(got, []int{99}) {
			t.Errorf("query on the whole key: %v", got)
		}
		if got := ids(t, c.ok("query", "orders", "-k", "customer=c0", "--limit", "5", "--filter", "#t > :t", "--names", "#t=total", "--values", ":t=100")); !cmp.Equal(got, []int{102, 105, 108, 111, 114}) {
			t.Errorf("query --filter --limit: %v", got)
		}
		if got := ids(t, c.ok("query", "orders", "--key-condition", "customer = :c AND id < :i", "--values", `{":c": "c1", ":i": 10}`)); !cmp.Equal(got, []int{1, 4, 7}) {
			t.Errorf("query --key-condition: %v", got)
		}
		if got := ids(t, c.ok("query", "orders", "--index", "by-status", "-k", "status=paid", "--sort", "< 8", "--consistent=false")); !cmp.Equal(got, []int{1, 3, 5, 7}) {
			t.Errorf("query --index: %v", got)
		}
		if got := c.ok("query", "orders", "-k", "customer=c2", "--count"); got != "100\n" {
			t.Errorf("query --count: %q", got)
		}
		// --count counts what the command would print without it.
		for _, args := range [][]string{
			{"query", "orders", "-k", "customer=c2", "--limit", "3"},
			{"scan", "orders", "--limit", "7", "--segments", "4"},
			{"scan", "orders", "--limit", "7", "--filter", "#s = :s", "--names", "#s=status", "--values", ":s=open"},
		} {
			want := fmt.Sprintln(len(lines(c.ok(args...))))
			if got := c.ok(append(args, "--count")...); got != want {
				t.Errorf("%s --count: %q, want %q", strings.Join(args, " "), got, want)
			}
		}

		for _, segments := range []string{"1", "7"} {
			got := ids(t, c.ok("scan", "orders", "--segments", segments))
			slices.Sort(got)
			if got = slices.Compact(got); len(got) != 300 || got[0] != 0 || got[299] != 299 {
				t.Errorf("scan --segments %s: %d items", segments, len(got))
			}
		}
		if got := c.ok("scan", "orders", "--filter", "#s = :s", "--names", "#s=status", "--values", ":s=open", "--count", "--segments", "4"); got != "150\n" {
			t.Errorf("scan --filter --count: %q", got)
		}
		for _, segments := range []string{"1", "4"} {
			if got := ids(t, c.ok("scan", "orders", "--limit", "42", "--segments", segments)); len(got) != 42 {
				t.Errorf("scan --limit 42 --segments %s: %d items", segments, len(got))
			}
		}
		if got := c.ok("scan", "orders", "--limit", "2", "--projection", "id", "-o", "json"); !strings.HasPrefix(got, "[\n  {\n    \"id\": ") || !strings.HasSuffix(got, "}\n]\n") {
			t.Errorf("scan -o json: %q", got)
		}
		if got := c.ok("scan", "orders", "--filter", "id < :z", "--values", ":z=0", "-o", "json"); got != "[]\n" {
			t.Errorf("scan -o json of nothing: %q", got)
		}

		// On a terminal: a table, keys first, other attributes by name.
		c.term.stdout = true
		got := lines(c.ok("query", "orders", "-k", "customer=c1", "--limit", "2"))
		if want := []string{"customer  id  status  total", "--------  --  ------  -----", "c1        1   paid    1", "c1        4   open    4", "(2 items)"}; !cmp.Equal(got, want) {
			t.Errorf("query on a terminal:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if got := c.ok("scan", "orders", "-o", "jsonl", "--limit", "1"); !strings.HasPrefix(got, `{"customer":`) {
			t.Errorf("scan -o jsonl on a terminal: %q", got)
		}
	})
}

func TestQueryScanBadInput(t *testing.T) {
	c := newCLI(t, "mem")
	ordersTable(c)
	tests := []struct {
		code int
		want string
		args []string
	}{
		{exitUsage, "query orders: give the partition key", []string{"query", "orders"}},
		{exitUsage, "query orders: --key-condition and --key, --sort exclude each other", []string{"query", "orders", "-k", "customer=a", "--key-condition", "customer = :c"}},
		{exitUsage, "query orders: --key: give the partition key of table orders, customer", []string{"query", "orders", "-k", "id=1"}},
		{exitUsage, "query orders: --key: status is not a key attribute", []string{"query", "orders", "-k", "customer=a", "-k", "status=x"}},
		{exitUsage, "query orders: --key id and --sort exclude each other", []string{"query", "orders", "-k", "customer=a", "-k", "id=1", "--sort", "> 1"}},
		{exitUsage, `query orders: --sort "~ 5": want OP VALUE`, []string{"query", "orders", "-k", "customer=a", "--sort", "~ 5"}},
		{exitUsage, `query orders: --sort "between 1": want 'between LOW and HIGH'`, []string{"query", "orders", "-k", "customer=a", "--sort", "between 1"}},
		{exitUsage, `query orders: --sort ">= x": key attribute id is a number`, []string{"query", "orders", "-k", "customer=a", "--sort", ">= x"}},
		{exitUsage, "query orders: table orders has no index nope (its indexes: by-status)", []string{"query", "orders", "--index", "nope", "-k", "status=x"}},
		{exitFailed, "query orders: ValidationException", []string{"query", "orders", "--key-condition", "nonsense ="}},
		{exitUsage, "scan orders: --segments 0: want 1 to 1000000", []string{"scan", "orders", "--segments", "0"}},
		{exitUsage, "scan orders: --limit -1: must not be negative", []string{"scan", "orders", "--limit", "-1"}},
		{exitUsage, "scan orders: --count and --projection exclude each other", []string{"scan", "orders", "--count", "--projection", "id"}},
		{exitFailed, "scan orders: ValidationException", []string{"scan", "orders", "--filter", "a = :unset"}},
		{exitFailed, "scan nope: no such table", []string{"scan", "nope"}},
		{exitUsage, `scan: invalid argument "many" for "--segments"`, []string{"scan", "orders", "--segments", "many"}},
	}
	for _, tt := range tests {
		c.fails(tt.code, tt.want, tt.args...)
	}
}

func TestSortCondition(t *testing.T) {
	tests := []struct {
		spec string
		t    types.ScalarAttributeType
		want []string // the values, in order
	}{
		{"= sp ", types.ScalarAttributeTypeS, []string{"sp "}},
		{"=sp", types.ScalarAttributeTypeS, []string{"sp"}},
		// Spaces beyond the one that separates a value are the value's:
		// '=  x' used to compare with "x", not " x".
		{"=  x", types.ScalarAttributeTypeS, []string{" x"}},
		{"<  x", types.ScalarAttributeTypeS, []string{" x"}},
		{"begins_with  a b ", types.ScalarAttributeTypeS, []string{" a b "}},
		{"between  a and  b", types.ScalarAttributeTypeS, []string{" a", " b"}},
		{"between a AND b ", types.ScalarAttributeTypeS, []string{"a", "b "}},
		{"BeTwEeN 1 aNd 5 ", types.ScalarAttributeTypeN, []string{"1", "5"}},
		{">= 7 ", types.ScalarAttributeTypeN, []string{"7"}},
	}
	for _, tt := range tests {
		p, err := (&exprFlags{}).params(itemio.JSON)
		if err != nil {
			t.Fatal(err)
		}
		cond, err := sortCondition(p, "sk", tt.t, tt.spec)
		if err != nil {
			t.Errorf("--sort %q: %v", tt.spec, err)
			continue
		}
		var got []string
		for _, placeholder := range regexp.MustCompile(`:\w+`).FindAllString(cond, -1) {
			got = append(got, valueText(itemio.JSON, p.attributeValues()[placeholder]))
		}
		if !cmp.Equal(got, tt.want) {
			t.Errorf("--sort %q: %s with values %q, want %q", tt.spec, cond, got, tt.want)
		}
	}
}
