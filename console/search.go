package console

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/itemio"
)

// searchRequest is what the page's query and scan builder sends.
type searchRequest struct {
	Mode  string `json:"mode"`  // "query" or "scan"
	Index string `json:"index"` // "" for the table
	// Hash is the partition key's value (query), as text: S as is, N as
	// the number, B as base64.
	Hash string `json:"hash"`
	// Range is the condition on the sort key (query), if any.
	Range      *keyCondition   `json:"range"`
	Filters    []filter        `json:"filters"`
	Projection string          `json:"projection"` // attribute paths, comma-separated
	Limit      int32           `json:"limit"`      // items evaluated per page; 0 for DynamoDB's 1 MB pages
	Descending bool            `json:"descending"` // query in descending sort key order
	Consistent bool            `json:"consistent"`
	Start      json.RawMessage `json:"start"` // the page's start: a LastEvaluatedKey in DynamoDB JSON
}

// keyCondition is a condition on the sort key: =, <, <=, >, >=, between
// (two values) or begins_with.
type keyCondition struct {
	Op     string   `json:"op"`
	Values []string `json:"values"`
}

// filter is one condition of a filter expression, on an attribute path,
// with values of a type (S, N, B, BOOL or NULL). Op is a comparison (=, <>,
// <, <=, >, >=), between, begins_with, contains, exists or not_exists.
type filter struct {
	Path   string   `json:"path"`
	Op     string   `json:"op"`
	Type   string   `json:"type"`
	Values []string `json:"values"`
}

// searcher runs the pages of one query or scan.
type searcher struct {
	query *dynamodb.QueryInput
	scan  *dynamodb.ScanInput
}

// page is one page of results.
type page struct {
	Items          []itemio.Item
	Last           itemio.Item
	Count, Scanned int32
}

// next reads the page that starts after start (nil for the first).
func (s *searcher) next(ctx context.Context, api interface {
	Query(context.Context, *dynamodb.QueryInput, ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error)
	Scan(context.Context, *dynamodb.ScanInput, ...func(*dynamodb.Options)) (*dynamodb.ScanOutput, error)
}, start itemio.Item) (page, error) {
	if s.query != nil {
		s.query.ExclusiveStartKey = start
		out, err := api.Query(ctx, s.query)
		if err != nil {
			return page{}, err
		}
		return page{out.Items, out.LastEvaluatedKey, out.Count, out.ScannedCount}, nil
	}
	s.scan.ExclusiveStartKey = start
	out, err := api.Scan(ctx, s.scan)
	if err != nil {
		return page{}, err
	}
	return page{out.Items, out.LastEvaluatedKey, out.Count, out.ScannedCount}, nil
}

// newSearcher builds the Query or Scan of a request on table, whose
// description gives the key attributes and their types.
func newSearcher(desc *types.TableDescription, req *searchRequest) (*searcher, error) {
	b := exprBuilder{}
	var filters []string
	for _, f := range req.Filters {
		cond, err := b.filter(f)
		if err != nil {
			return nil, err
		}
		filters = append(filters, cond)
	}
	var projection []string
	for p := range strings.SplitSeq(req.Projection, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		ph, err := b.path(p)
		if err != nil {
			return nil, err
		}
		projection = append(projection, ph)
	}
	var index *string
	if req.Index != "" {
		index = &req.Index
	}
	var limit *int32
	if req.Limit > 0 {
		limit = &req.Limit
	}
	var keyCond string
	switch req.Mode {
	case "query":
		hash, rng, err := indexKeys(desc, req.Index)
		if err != nil {
			return nil, err
		}
		v, err := typedValue(req.Hash, attrType(desc, hash), hash)
		if err != nil {
			return nil, err
		}
		keyCond = b.name(hash) + " = " + b.value(v)
		if req.Range != nil && req.Range.Op != "" {
			if rng == "" {
				return nil, badRequest("the " + indexLabel(req.Index) + " has no sort key")
			}
			cond, err := b.condition(rng, req.Range.Op, attrType(desc, rng), req.Range.Values, keyOps)
			if err != nil {
				return nil, err
			}
			keyCond += " AND " + cond
		}
	case "scan":
	default:
		return nil, badRequest(fmt.Sprintf("mode %q: want query or scan", req.Mode))
	}
	filterExpr := optional(strings.Join(filters, " AND "))
	projExpr := optional(strings.Join(projection, ", "))
	names, values := b.names, b.values
	if req.Mode == "query" {
		forward := !req.Descending
		return &searcher{query: &dynamodb.QueryInput{
			TableName: desc.TableName, IndexName: index, KeyConditionExpression: &keyCond,
			FilterExpression: filterExpr, ProjectionExpression: projExpr, Limit: limit, ScanIndexForward: &forward,
			ConsistentRead: &req.Consistent, ExpressionAttributeNames: names, ExpressionAttributeValues: values,
		}}, nil
	}
	return &searcher{scan: &dynamodb.ScanInput{
		TableName: desc.TableName, IndexName: index, FilterExpression: filterExpr, ProjectionExpression: projExpr,
		Limit: limit, ConsistentRead: &req.Consistent, ExpressionAttributeNames: names, ExpressionAttributeValues: values,
	}}, nil
}

// optional returns nil for "", else &s.
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// indexLabel names the table or an index in messages.
func indexLabel(index string) string {
	if index == "" {
		return "table"
	}
	return "index " + index
}

// indexKeys returns the partition and sort key attributes of the table
// (index "") or of one of its indexes.
func indexKeys(desc *types.TableDescription, index string) (hash, rng string, err error) {
	schema := desc.KeySchema
	if index != "" {
		schema = nil
		for _, g := range desc.GlobalSecondaryIndexes {
			if g.IndexName != nil && *g.IndexName == index {
				schema = g.KeySchema
			}
		}
		for _, l := range desc.LocalSecondaryIndexes {
			if l.IndexName != nil && *l.IndexName == index {
				schema = l.KeySchema
			}
		}
		if schema == nil {
			return "", "", badRequest("the table has no index " + index)
		}
	}
	for _, k := range schema {
		if k.KeyType == types.KeyTypeHash {
			hash = *k.AttributeName
		} else {
			rng = *k.AttributeName
		}
	}
	return hash, rng, nil
}

// attrType returns the type of a key attribute from the table's
// attribute definitions.
func attrType(desc *types.TableDescription, name string) string {
	for _, d := range desc.AttributeDefinitions {
		if d.AttributeName != nil && *d.AttributeName == name {
			return string(d.AttributeType)
		}
	}
	return "S"
}

// typedValue converts the text a person typed to a value of type typ.
func typedValue(text, typ, what string) (types.AttributeValue, error) {
	switch typ {
	case "S":
		return &types.AttributeValueMemberS{Value: text}, nil
	case "N":
		return &types.AttributeValueMemberN{Value: strings.TrimSpace(text)}, nil
	case "B":
		b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(text))
		if err != nil {
			return nil, badRequest(what + ": a binary value is written in base64: " + err.Error())
		}
		return &types.AttributeValueMemberB{Value: b}, nil
	case "BOOL":
		v, err := strconv.ParseBool(strings.TrimSpace(text))
		if err != nil {
			return nil, badRequest(what + ": " + strconv.Quote(text) + " is not true or false")
		}
		return &types.AttributeValueMemberBOOL{Value: v}, nil
	case "NULL":
		return &types.AttributeValueMemberNULL{Value: true}, nil
	}
	return nil, badRequest(what + ": unknown type " + strconv.Quote(typ) + " (want S, N, B, BOOL or NULL)")
}

// exprBuilder builds expressions with placeholders for every name and
// value, so that any attribute name works, reserved words included.
type exprBuilder struct {
	names  map[string]string
	values map[string]types.AttributeValue
	byName map[string]string
}

// name returns the placeholder of an attribute name.
func (b *exprBuilder) name(n string) string {
	if ph, ok := b.byName[n]; ok {
		return ph
	}
	if b.names == nil {
		b.names, b.byName = map[string]string{}, map[string]string{}
	}
	ph := "#n" + strconv.Itoa(len(b.names))
	b.names[ph], b.byName[n] = n, ph
	return ph
}

// value returns the placeholder of a value.
func (b *exprBuilder) value(v types.AttributeValue) string {
	if b.values == nil {
		b.values = map[string]types.AttributeValue{}
	}
	ph := ":v" + strconv.Itoa(len(b.values))
	b.values[ph] = v
	return ph
}

// path returns a document path ("a.b[2].c") with its names as
// placeholders.
func (b *exprBuilder) path(p string) (string, error) {
	var out []string
	for seg := range strings.SplitSeq(p, ".") {
		name, rest, _ := strings.Cut(seg, "[")
		if name == "" {
			return "", badRequest(fmt.Sprintf("attribute path %q: an empty name", p))
		}
		ph := b.name(name)
		if rest != "" {
			for idx := range strings.SplitSeq(strings.TrimSuffix(rest, "]"), "][") {
				if _, err := strconv.ParseUint(idx, 10, 31); err != nil {
					return "", badRequest(fmt.Sprintf("attribute path %q: [%s] is not a list index", p, idx))
				}
				ph += "[" + idx + "]"
			}
		}
		out = append(out, ph)
	}
	return strings.Join(out, "."), nil
}

// The operators of key conditions and of filters.
var (
	keyOps    = map[string]bool{"=": true, "<": true, "<=": true, ">": true, ">=": true, "between": true, "begins_with": true}
	filterOps = map[string]bool{"=": true, "<>": true, "<": true, "<=": true, ">": true, ">=": true, "between": true,
		"begins_with": true, "contains": true, "exists": true, "not_exists": true}
)

// filter returns the condition of one filter row.
func (b *exprBuilder) filter(f filter) (string, error) {
	path, err := b.path(strings.TrimSpace(f.Path))
	if err != nil {
		return "", err
	}
	switch f.Op {
	case "exists":
		return "attribute_exists(" + path + ")", nil
	case "not_exists":
		return "attribute_not_exists(" + path + ")", nil
	}
	return b.conditionOn(path, f.Path, f.Op, f.Type, f.Values, filterOps)
}

// condition returns the condition op on the attribute name, with values of
// type typ.
func (b *exprBuilder) condition(name, op, typ string, values []string, ops map[string]bool) (string, error) {
	return b.conditionOn(b.name(name), name, op, typ, values, ops)
}

// conditionOn returns the condition op on a path placeholder.
func (b *exprBuilder) conditionOn(path, what, op, typ string, values []string, ops map[string]bool) (string, error) {
	if !ops[op] {
		return "", badRequest(fmt.Sprintf("%s: unknown operator %q", what, op))
	}
	want := 1
	if op == "between" {
		want = 2
	}
	if len(values) != want {
		return "", badRequest(fmt.Sprintf("%s: %s takes %d value(s), got %d", what, op, want, len(values)))
	}
	ph := make([]string, len(values))
	for i, text := range values {
		v, err := typedValue(text, typ, what)
		if err != nil {
			return "", err
		}
		ph[i] = b.value(v)
	}
	switch op {
	case "between":
		return path + " BETWEEN " + ph[0] + " AND " + ph[1], nil
	case "begins_with", "contains":
		return op + "(" + path + ", " + ph[0] + ")", nil
	}
	return path + " " + op + " " + ph[0], nil
}

// searchAnswer is a page of results, its items in DynamoDB JSON.
type searchAnswer struct {
	Items   []json.RawMessage `json:"items"`
	Last    json.RawMessage   `json:"last"` // the next page's start, or null
	Count   int32             `json:"count"`
	Scanned int32             `json:"scanned"`
}

// search answers one page of a query or scan.
func (h *Handler) search(w http.ResponseWriter, r *http.Request) error {
	var req searchRequest
	if err := readJSON(r, &req); err != nil {
		return err
	}
	ctx := r.Context()
	desc, err := h.describe(ctx, r.PathValue("table"))
	if err != nil {
		return err
	}
	s, err := newSearcher(desc.Table, &req)
	if err != nil {
		return err
	}
	start, err := startKey(req.Start)
	if err != nil {
		return err
	}
	p, err := s.next(ctx, h.api, start)
	if err != nil {
		return err
	}
	ans := searchAnswer{Items: make([]json.RawMessage, 0, len(p.Items)), Last: json.RawMessage("null"), Count: p.Count, Scanned: p.Scanned}
	for _, item := range p.Items {
		text, err := itemio.Marshal(itemio.DynamoJSON, item, "")
		if err != nil {
			return err
		}
		ans.Items = append(ans.Items, text)
	}
	if p.Last != nil {
		if ans.Last, err = itemio.Marshal(itemio.DynamoJSON, p.Last, ""); err != nil {
			return err
		}
	}
	writeJSON(w, http.StatusOK, ans)
	return nil
}

// startKey reads a page's start key, in DynamoDB JSON; null or nothing is
// the first page.
func startKey(raw json.RawMessage) (itemio.Item, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	return itemio.Unmarshal(itemio.DynamoJSON, raw)
}
