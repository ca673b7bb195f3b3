package expr

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/internal/av"
)

// DynamoDB's limits on expressions, with DynamoDB Local's messages: 4 KB
// for each expression, 255 bytes for each placeholder, 300 operators and
// functions in a condition, 32 levels in a document path; list_append may
// not be an argument of a function.
func TestExpressionLimits(t *testing.T) {
	pad := func(text string, size int) string { return text + strings.Repeat(" ", size-len(text)) }
	orChain := func(n int) string { return strings.Repeat("x = :v OR (", n) + "x = :v" + strings.Repeat(")", n) }
	fnChain := func(n int) string {
		return "attribute_exists(a)" + strings.Repeat(" AND attribute_exists(a)", n)
	}
	deep := func(n int) string { return "a" + strings.Repeat(".b", n-1) }
	longName, longValue := "#"+strings.Repeat("n", 255), ":"+strings.Repeat("v", 255)
	tests := []struct {
		name    string
		compile func(p *Params) error
		want    string
	}{
		{"condition of 4096 bytes", cond(pad("x = :v", 4096)), ""},
		{"condition of 4097 bytes", cond(pad("x = :v", 4097)),
			"Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; expression size: 4097"},
		{"filter of 4097 bytes", filt(pad("x = :v", 4097)),
			"Invalid FilterExpression: Expression size has exceeded the maximum allowed size; expression size: 4097"},
		{"key condition of 4097 bytes", func(p *Params) error { _, err := p.KeyCondition(pad("x = :v", 4097)); return err },
			"Invalid KeyConditionExpression: Expression size has exceeded the maximum allowed size; expression size: 4097"},
		{"projection of 4097 bytes", proj(pad("x", 4097)),
			"Invalid ProjectionExpression: Expression size has exceeded the maximum allowed size;"},
		{"update of 4097 bytes", upd(pad("SET x = :v", 4097)),
			"Invalid UpdateExpression: Expression size has exceeded the maximum allowed size;"},
		{"an invalid condition over the size is refused for its size", cond(pad("x = = :v", 5000)),
			"Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; expression size: 5000"},
		{"300 operators", cond(fnChain(148) + " AND size(a) > :n"), ""},
		{"301 operators", cond(orChain(150)),
			"Invalid ConditionExpression: The expression contains too many operators; operator count: 301"},
		{"301 functions and operators", cond(fnChain(148) + " AND size(a) > :n AND x = :v"),
			"Invalid ConditionExpression: The expression contains too many operators; operator count: 301"},
		{"far more operators", filt(orChain(300)),
			"Invalid FilterExpression: The expression contains too many operators; operator count: 301"},
		{"path of 32 levels", cond("attribute_exists(" + deep(32) + ") AND x = :v"), ""},
		{"path of 33 levels in a condition", cond("attribute_exists(" + deep(33) + ") AND x = :v"),
			"Invalid ConditionExpression: The document path has too many nesting levels; nesting levels: 33"},
		{"path of 33 levels in a projection", proj(deep(33)),
			"Invalid ProjectionExpression: The document path has too many nesting levels; nesting levels: 33"},
		{"list path of 33 levels in a projection", proj("a" + strings.Repeat("[0]", 32)),
			"Invalid ProjectionExpression: The document path has too many nesting levels; nesting levels: 33"},
		{"path of 33 levels in an update", upd("SET " + deep(33) + " = :v"),
			"Invalid UpdateExpression: The document path has too many nesting levels; nesting levels: 33"},
		{"path of 33 levels in an update value", upd("SET a = " + deep(33)),
			"Invalid UpdateExpression: The document path has too many nesting levels; nesting levels: 33"},
		{"list_append of if_not_exists", upd("SET a = list_append(if_not_exists(a, :v), :v)"), ""},
		{"if_not_exists of if_not_exists", upd("SET a = if_not_exists(a, if_not_exists(b, :v))"), ""},
		{"if_not_exists of list_append", upd("SET a = if_not_exists(a, list_append(:v, :v))"),
			"Invalid UpdateExpression: The function is not allowed to be used this way in an expression; function: list_append"},
		{"list_append of list_append", upd("SET a = list_append(:v, list_append(:v, :v))"),
			"Invalid UpdateExpression: The function is not allowed to be used this way in an expression; function: list_append"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := NewParams(nil, item{":v": av.L(), ":n": av.N("1")})
			if diff := cmp.Diff(tt.want, message(t, tt.compile(p))); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
		})
	}
	placeholders := []struct {
		name   string
		names  map[string]string
		values item
		want   string
	}{
		{"name placeholder of 255 bytes", map[string]string{longName[:255]: "x"}, nil, ""},
		{"name placeholder of 256 bytes", map[string]string{longName: "x"}, nil,
			"ExpressionAttributeNames contains invalid key: The expression attribute map contains a key that is too long; size of key: 256"},
		{"value placeholder of 256 bytes", nil, item{longValue: av.S("x")},
			"ExpressionAttributeValues contains invalid key: The expression attribute map contains a key that is too long;"},
	}
	for _, tt := range placeholders {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewParams(tt.names, tt.values).Condition("x = y")
			if diff := cmp.Diff(tt.want, message(t, err)); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
		})
	}
}

func cond(text string) func(*Params) error {
	return func(p *Params) error { _, err := p.Condition(text); return err }
}

func filt(text string) func(*Params) error {
	return func(p *Params) error { _, err := p.Filter(text); return err }
}

func proj(text string) func(*Params) error {
	return func(p *Params) error { _, err := p.Projection(text); return err }
}

func upd(text string) func(*Params) error {
	return func(p *Params) error { _, err := p.Update(text); return err }
}
