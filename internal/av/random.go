package av

import (
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Random returns a random valid item of up to width attributes whose
// values nest lists and maps up to depth levels: every type, empty strings,
// binaries, lists and maps, strings that JSON must escape (quotes,
// backslashes, control characters, non-ASCII), numbers of every form
// DynamoDB accepts (not all canonical) and sets of distinct members.
// Attribute names start with "a", map keys with "k". The same r gives the
// same item.
func Random(r *rand.Rand, width, depth int) Item {
	item := Item{}
	for range r.IntN(width + 1) {
		item["a"+randomString(r)] = RandomValue(r, width, depth)
	}
	return item
}

// RandomValue returns a random valid value, as Random's attributes are.
func RandomValue(r *rand.Rand, width, depth int) types.AttributeValue {
	kinds := 11
	if depth == 0 {
		kinds = 9 // no lists or maps
	}
	switch r.IntN(kinds) {
	case 0:
		return S(randomString(r))
	case 1:
		return N(randomNumber(r))
	case 2:
		return &types.AttributeValueMemberB{Value: randomBytes(r)}
	case 3:
		return Bool(r.IntN(2) == 0)
	case 4:
		return Null()
	case 5:
		return SS(distinct(r, randomString)...)
	case 6:
		return NS(distinct(r, setNumber)...)
	case 7:
		var members [][]byte
		for _, m := range distinct(r, func(r *rand.Rand) string { return string(randomBytes(r)) }) {
			members = append(members, []byte(m))
		}
		return &types.AttributeValueMemberBS{Value: members}
	case 8:
		return S(strings.Repeat(randomString(r), 1+r.IntN(50))) // long, so that escapes straddle words
	case 9:
		l := []types.AttributeValue{}
		for range r.IntN(width + 1) {
			l = append(l, RandomValue(r, width, depth-1))
		}
		return L(l...)
	}
	m := Item{}
	for range r.IntN(width + 1) {
		m["k"+randomString(r)] = RandomValue(r, width, depth-1)
	}
	return M(m)
}

// pieces are what random strings are made of.
var pieces = []string{"", "a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\r", "\x00", "\x1f", "\x7f", "é", "日本", "😀", "\u2028", "<>&", "abcdefgh"}

func randomString(r *rand.Rand) string {
	var b strings.Builder
	for range r.IntN(6) {
		b.WriteString(pieces[r.IntN(len(pieces))])
	}
	return b.String()
}

func randomNumber(r *rand.Rand) string {
	switch r.IntN(6) {
	case 0:
		return strconv.Itoa(r.IntN(2001) - 1000)
	case 1:
		return "0"
	case 2:
		return strconv.FormatFloat(r.NormFloat64()*1e6, 'f', -1, 64)
	case 3:
		return strconv.Itoa(r.IntN(9)+1) + "E" + strconv.Itoa(r.IntN(200)-100)
	case 4:
		return "-0.000" + strconv.Itoa(r.IntN(1000)+1)
	}
	return "12345678901234567890123456789012345678" // 38 digits
}

// setNumber returns a number whose text differs from another's only when
// its value does, so that distinct texts make a valid set.
func setNumber(r *rand.Rand) string {
	n := strconv.Itoa(r.IntN(2001) - 1000)
	if f := r.IntN(100); f%10 != 0 {
		n += "." + strconv.Itoa(f)
	}
	return n
}

func randomBytes(r *rand.Rand) []byte {
	b := make([]byte, r.IntN(20))
	for i := range b {
		b[i] = byte(r.IntN(256))
	}
	return b
}

// distinct returns one to four distinct values of gen.
func distinct(r *rand.Rand, gen func(*rand.Rand) string) []string {
	var out []string
	seen := map[string]bool{}
	for range 1 + r.IntN(4) {
		if v := gen(r); !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}
