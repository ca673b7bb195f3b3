package attr

import (
	"bytes"
	"encoding/base64"
	"maps"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/internal/apierr"
)

// MaxNesting is the deepest nesting of lists and maps DynamoDB accepts in an
// attribute value (the item itself is the 32nd level).
const MaxNesting = 31

// MaxValuesNesting is the deepest nesting of lists and maps DynamoDB Local
// accepts in a value of ExpressionAttributeValues: one level more than in
// an item (AWS regions differ on this; some accept it too). Such a value
// can be compared with, but not written: an update that writes it fails.
const MaxValuesNesting = MaxNesting + 1

// MaxNameBytes is the length limit of an attribute name: DynamoDB accepts
// names of up to 64 KB less one byte.
const MaxNameBytes = 65535

// NestingError is DynamoDB's answer to an attribute value nested deeper than
// MaxNesting in an item, a key or a single value of a request.
func NestingError() error {
	return apierr.Validation("Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit")
}

// ValuesError wraps the error err of the ExpressionAttributeValues member
// key as DynamoDB does: "ExpressionAttributeValues contains invalid value:
// MESSAGE for key :v".
func ValuesError(key string, err error) error {
	return apierr.Validation("ExpressionAttributeValues contains invalid value: " + errorMessage(err) + " for key " + key)
}

// NamesError wraps the error err of the ExpressionAttributeNames member
// key as DynamoDB does: "ExpressionAttributeNames contains invalid value:
// MESSAGE for key #n".
func NamesError(key string, err error) error {
	return apierr.Validation("ExpressionAttributeNames contains invalid value: " + errorMessage(err) + " for key " + key)
}

// NameTooLong reports whether an attribute name is over MaxNameBytes.
func NameTooLong(name string) bool { return len(name) > MaxNameBytes }

// NameTooLongError is DynamoDB's answer to an attribute name over
// MaxNameBytes.
func NameTooLongError() error {
	return apierr.Validation("Attribute name is too large, must be less than 65536 bytes")
}

// Normalize validates one incoming attribute value and returns it with every
// number in canonical form and every set sorted (SS and BS by bytes, NS by
// value), the order DynamoDB Local returns sets in. A value that is already
// normal is returned as is; otherwise the result is new but may share
// strings, byte slices and unchanged sub-values with v. v is never modified.
//
// Errors are ValidationExceptions with DynamoDB's messages, detected in
// DynamoDB's order: nesting deeper than 32 levels (NestingError), then the
// first invalid member in order, a map's by name (a nil value, an empty or
// unknown member, NULL false, an empty set, duplicate set members, an
// invalid number), then an empty or too long map key, then a list or map
// larger than an item may be (checkDocumentSize). For a request's
// ExpressionAttributeValues use NormalizeValues, which adds DynamoDB's
// context to these messages.
func Normalize(v types.AttributeValue) (types.AttributeValue, error) {
	if tooDeep(v, 0) {
		return nil, NestingError()
	}
	return normalizeValue(v)
}

// normalizeValue is Normalize once the nesting depth is known to be valid.
func normalizeValue(v types.AttributeValue) (types.AttributeValue, error) {
	nv, err := normalize(v)
	if err != nil {
		return nil, err
	}
	return nv, checkDocumentSize(nv)
}

// MaxItemSize is the largest item DynamoDB stores, in bytes (400 KB), as
// ItemSize counts them.
const MaxItemSize = 400 * 1024

// checkDocumentSize rejects a list or map whose members would make an item
// larger than MaxItemSize: a map counted as an item of its entries, a list
// as one of its elements without names. DynamoDB Local refuses such a value
// wherever a request gives one on its own (an expression attribute value, a
// PartiQL parameter, a legacy condition's value); strings, binaries and
// sets of any size pass.
func checkDocumentSize(v types.AttributeValue) error {
	size := 0
	switch v := v.(type) {
	case *types.AttributeValueMemberL:
		for _, e := range v.Value {
			size += Size(e)
		}
	case *types.AttributeValueMemberM:
		size = ItemSize(v.Value)
	}
	if size > MaxItemSize {
		return apierr.Validation("Item size has exceeded the maximum allowed size")
	}
	return nil
}

// NormalizeItem validates an item (or a key) and normalizes its values as
// Normalize does. The map is returned as is when nothing changed; otherwise
// the result is a new map. A nil value is reported as "The supplied Item
// contains a null AttributeValue: NAME is null".
func NormalizeItem(item map[string]types.AttributeValue) (map[string]types.AttributeValue, error) {
	for _, v := range item {
		if tooDeep(v, 0) {
			return nil, NestingError()
		}
	}
	out, _, err := normalizeMap(item)
	return out, err
}

// NormalizeValues validates a request's ExpressionAttributeValues and
// normalizes them as Normalize does, wrapping errors as DynamoDB does:
// "ExpressionAttributeValues contains invalid value: MESSAGE for key :v"
// (ValuesError), too deep nesting (beyond MaxValuesNesting) included, as
// DynamoDB Local does and as DynamoDB does for values nested far beyond the
// limit.
func NormalizeValues(values map[string]types.AttributeValue) (map[string]types.AttributeValue, error) {
	var out map[string]types.AttributeValue
	for name, v := range values {
		nv, err := normalizeNamedValue(name, v)
		if err != nil {
			return nil, firstByName(values, normalizeNamedValue, err)
		}
		if nv != v {
			if out == nil {
				out = cloneMap(values)
			}
			out[name] = nv
		}
	}
	if out == nil {
		return values, nil
	}
	return out, nil
}

// normalizeNamedValue normalizes the ExpressionAttributeValues member
// name, wrapping its error in ValuesError.
func normalizeNamedValue(name string, v types.AttributeValue) (types.AttributeValue, error) {
	if tooDeep(v, MaxNesting-MaxValuesNesting) {
		return nil, ValuesError(name, NestingError())
	}
	nv, err := normalizeValue(v)
	if err != nil {
		return nil, ValuesError(name, err)
	}
	return nv, nil
}

// errorMessage returns the message of an error built by apierr.
func errorMessage(err error) string {
	if e, ok := err.(interface{ ErrorMessage() string }); ok {
		return e.ErrorMessage()
	}
	return err.Error()
}

// tooDeep reports whether v nests lists and maps more than MaxNesting
// levels below the given depth.
func tooDeep(v types.AttributeValue, depth int) bool {
	switch v := v.(type) {
	case *types.AttributeValueMemberL:
		return v != nil && (depth >= MaxNesting || slices.ContainsFunc(v.Value, membersTooDeep(depth)))
	case *types.AttributeValueMemberM:
		return v != nil && (depth >= MaxNesting || containsValueFunc(v.Value, membersTooDeep(depth)))
	}
	return false
}

// membersTooDeep returns the test of tooDeep for the members of a list or
// map at depth.
func membersTooDeep(depth int) func(types.AttributeValue) bool {
	return func(e types.AttributeValue) bool { return tooDeep(e, depth+1) }
}

// containsValueFunc reports whether some value of m satisfies f.
func containsValueFunc[K comparable, V any](m map[K]V, f func(V) bool) bool {
	for _, v := range m {
		if f(v) {
			return true
		}
	}
	return false
}

func errNullValue(suffix string) error {
	return apierr.Validation("The supplied Item contains a null AttributeValue" + suffix)
}

func errEmptyValue() error {
	return apierr.Validation("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes")
}

func errEmptyName() error {
	return apierr.Validation("Empty attribute name")
}

// normalize validates v (nesting depth aside) and normalizes its numbers
// and sets.
func normalize(v types.AttributeValue) (types.AttributeValue, error) {
	switch v := v.(type) {
	case nil:
		return nil, errNullValue("")
	case *types.AttributeValueMemberS:
		if v != nil {
			return v, nil
		}
	case *types.AttributeValueMemberB:
		if v != nil {
			return v, nil
		}
	case *types.AttributeValueMemberBOOL:
		if v != nil {
			return v, nil
		}
	case *types.AttributeValueMemberN:
		if v != nil {
			return normalizeN(v)
		}
	case *types.AttributeValueMemberNULL:
		if v != nil {
			return normalizeNULL(v)
		}
	case *types.AttributeValueMemberL:
		if v != nil {
			return normalizeList(v)
		}
	case *types.AttributeValueMemberM:
		if v != nil {
			return normalizeM(v)
		}
	case *types.AttributeValueMemberSS:
		if v != nil {
			return ssRules.normalize(v, v.Value)
		}
	case *types.AttributeValueMemberNS:
		if v != nil {
			return normalizeNS(v)
		}
	case *types.AttributeValueMemberBS:
		if v != nil {
			return bsRules.normalize(v, v.Value)
		}
	}
	return nil, errEmptyValue()
}

func normalizeN(v *types.AttributeValueMemberN) (types.AttributeValue, error) {
	n, err := NormalizeNumber(v.Value)
	if err != nil {
		return nil, err
	}
	if n == v.Value {
		return v, nil
	}
	return &types.AttributeValueMemberN{Value: n}, nil
}

// normalizeNULL refuses {NULL: false}, as DynamoDB and DynamoDB Local do.
func normalizeNULL(v *types.AttributeValueMemberNULL) (types.AttributeValue, error) {
	if !v.Value {
		return nil, apierr.Validation(invalidParameters + "Null attribute value types must have the value of true")
	}
	return v, nil
}

func normalizeM(v *types.AttributeValueMemberM) (types.AttributeValue, error) {
	m, changed, err := normalizeMap(v.Value)
	if err != nil {
		return nil, err
	}
	if !changed {
		return v, nil
	}
	return &types.AttributeValueMemberM{Value: m}, nil
}

func normalizeList(v *types.AttributeValueMemberL) (types.AttributeValue, error) {
	var out []types.AttributeValue
	for i, e := range v.Value {
		ne, err := normalize(e)
		if err != nil {
			return nil, err
		}
		if ne != e && out == nil {
			out = slices.Clone(v.Value)
		}
		if out != nil {
			out[i] = ne
		}
	}
	if out == nil {
		return v, nil
	}
	return &types.AttributeValueMemberL{Value: out}, nil
}

// normalizeMap validates the members of an item or M value; an empty or too
// long name is reported only when every value is valid. It returns m
// itself, unchanged, when every member is already normal.
func normalizeMap(m map[string]types.AttributeValue) (map[string]types.AttributeValue, bool, error) {
	var out map[string]types.AttributeValue
	emptyName, longName := false, false
	for name, e := range m {
		ne, err := normalizeMember(name, e)
		if err != nil {
			return nil, false, firstByName(m, normalizeMember, err)
		}
		emptyName = emptyName || name == ""
		longName = longName || NameTooLong(name)
		if ne != e {
			if out == nil {
				out = cloneMap(m)
			}
			out[name] = ne
		}
	}
	if emptyName {
		return nil, false, errEmptyName()
	}
	if longName {
		return nil, false, NameTooLongError()
	}
	if out == nil {
		return m, false, nil
	}
	return out, true, nil
}

// normalizeMember normalizes the value e of the member name of a map.
func normalizeMember(name string, e types.AttributeValue) (types.AttributeValue, error) {
	if e == nil {
		return nil, errNullValue(": " + name + " is null")
	}
	return normalize(e)
}

// firstByName returns the error check gives the first invalid member
// of m in the order of their names, err having been found in map order:
// of several invalid members the same one is reported every time.
// DynamoDB reads a request's members in the order they were written,
// which an SDK writing a Go map leaves to chance.
func firstByName(m map[string]types.AttributeValue, check func(string, types.AttributeValue) (types.AttributeValue, error), err error) error {
	for _, name := range slices.Sorted(maps.Keys(m)) {
		if _, first := check(name, m[name]); first != nil {
			return first
		}
	}
	return err
}

func cloneMap(m map[string]types.AttributeValue) map[string]types.AttributeValue {
	out := make(map[string]types.AttributeValue, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// setRules are what tells the normalization of string sets and binary sets
// apart.
type setRules[T any] struct {
	compare    func(a, b T) int
	empty      string                   // the message of an empty set
	duplicates func(members []T) string // the message of a set with duplicates
	make       func(sorted []T) types.AttributeValue
}

var ssRules = setRules[string]{
	compare: strings.Compare,
	empty:   "An string set  may not be empty",
	duplicates: func(members []string) string {
		// DynamoDB Local omits the final period.
		return "Input collection [" + strings.Join(members, ", ") + "] contains duplicates."
	},
	make: func(sorted []string) types.AttributeValue { return &types.AttributeValueMemberSS{Value: sorted} },
}

var bsRules = setRules[[]byte]{
	compare: bytes.Compare,
	empty:   "Binary sets should not be empty",
	duplicates: func(members [][]byte) string {
		// DynamoDB Local says "Input collection of type BS contains duplicates."
		shown := make([]string, len(members))
		for i, b := range members {
			shown[i] = base64.StdEncoding.EncodeToString(b)
		}
		return "Input collection [" + strings.Join(shown, ", ") + "]of type BS contains duplicates."
	},
	make: func(sorted [][]byte) types.AttributeValue { return &types.AttributeValueMemberBS{Value: sorted} },
}

// normalize validates the members of the set v and returns v, or a new set
// with them sorted.
func (r setRules[T]) normalize(v types.AttributeValue, members []T) (types.AttributeValue, error) {
	if len(members) == 0 {
		return nil, apierr.Validation(invalidParameters + r.empty)
	}
	if isStrictlySorted(members, r.compare) {
		return v, nil
	}
	sorted := slices.Clone(members)
	slices.SortFunc(sorted, r.compare)
	if hasAdjacentDuplicate(sorted, r.compare) {
		return nil, apierr.Validation(invalidParameters + r.duplicates(members))
	}
	return r.make(sorted), nil
}

// normalizeNS validates and sorts a number set. DynamoDB reads the members
// in order and stops at the first that is invalid or repeats an earlier one
// (by value), so duplicates among the members before the first invalid one
// take precedence over it.
func normalizeNS(v *types.AttributeValueMemberNS) (types.AttributeValue, error) {
	if len(v.Value) == 0 {
		return nil, apierr.Validation(invalidParameters + emptyNS)
	}
	var firstErr error
	valid := len(v.Value)
	normal := true // canonical members in strictly increasing order
	for i, s := range v.Value {
		n, err := NormalizeNumber(s)
		if err != nil {
			firstErr, valid = err, i
			break
		}
		normal = normal && n == s && (i == 0 || CompareNumbers(v.Value[i-1], s) < 0)
	}
	if normal && firstErr == nil {
		return v, nil
	}
	members := make([]string, valid)
	for i, s := range v.Value[:valid] {
		members[i], _ = NormalizeNumber(s)
	}
	slices.SortFunc(members, CompareNumbers)
	if hasAdjacentDuplicate(members, strings.Compare) {
		return nil, apierr.Validation("Input collection contains duplicates")
	}
	if firstErr != nil {
		return nil, firstErr
	}
	return &types.AttributeValueMemberNS{Value: members}, nil
}

func isStrictlySorted[T any](s []T, cmp func(a, b T) int) bool {
	for i := 1; i < len(s); i++ {
		if cmp(s[i-1], s[i]) >= 0 {
			return false
		}
	}
	return true
}

func hasAdjacentDuplicate[T any](s []T, cmp func(a, b T) int) bool {
	for i := 1; i < len(s); i++ {
		if cmp(s[i-1], s[i]) == 0 {
			return true
		}
	}
	return false
}
