package attr

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/number"
)

// Key encoding. S and B values are their bytes with 0x00 escaped as 0x00 0xFF
// and a 0x00 0x01 terminator, so bytes.Compare orders them as unsigned bytes
// and a shorter value sorts before its extensions. An N value is a class byte
// (negative, zero, positive), then for nonzero numbers an exponent byte and
// the significant digits in base 100 with the pairs aligned on the decimal
// point, one byte per pair, and a terminator; for negative numbers the
// exponent and digit bytes are inverted and the terminator sorts last, so
// bytes.Compare orders numbers by value. "1" and "1.0" encode identically.
const (
	keyNegative = 0x01
	keyZero     = 0x02
	keyPositive = 0x03

	keyEscape     = 0x00
	keyEscapedNul = 0xFF
	keyEnd        = 0x01
)

// errCorruptKey reports bytes that AppendKey did not produce.
var errCorruptKey = errors.New("attr: corrupt key encoding")

// AppendKey appends the order-preserving, self-delimiting encoding of a key
// value (S, N or B; N must be a valid number) to dst: bytes.Compare of two
// encodings of the same type orders them as DynamoDB does, and a
// concatenation of a partition and a sort key sorts by partition key, then
// sort key. It panics on any other value, which is never a valid key.
func AppendKey(dst []byte, v types.AttributeValue) []byte {
	switch v := v.(type) {
	case *types.AttributeValueMemberS:
		return appendEscaped(dst, v.Value)
	case *types.AttributeValueMemberB:
		return appendEscaped(dst, v.Value)
	case *types.AttributeValueMemberN:
		var d decimal
		if err := number.Parse(v.Value, &d.Decimal); err != nil {
			panic(fmt.Sprintf("attr.AppendKey: invalid number %q", v.Value))
		}
		return d.appendKey(dst)
	}
	panic(fmt.Sprintf("attr.AppendKey: %T is not a key value", v))
}

func appendEscaped[T string | []byte](dst []byte, s T) []byte {
	for {
		i := strings.IndexByte(string(s), 0)
		if i < 0 {
			dst = append(dst, s...)
			return append(dst, keyEscape, keyEnd)
		}
		dst = append(dst, s[:i+1]...)
		dst = append(dst, keyEscapedNul)
		s = s[i+1:]
	}
}

// appendKey appends the key encoding of a valid number.
func (d *decimal) appendKey(dst []byte) []byte {
	if d.N == 0 {
		return append(dst, keyZero)
	}
	odd := int(d.Adj & 1)
	exp := (d.Adj-int64(odd))/2 + 1 // 0.c1c2… × 100^exp, within [-64, 63]
	if d.Neg {
		dst = append(dst, keyNegative, byte(127-exp))
	} else {
		dst = append(dst, keyPositive, byte(exp+128))
	}
	digit := func(i int) int {
		if i < 0 || i >= d.N {
			return 0
		}
		return int(d.Digits[i] - '0')
	}
	for i := odd - 1; i < d.N; i += 2 {
		c := digit(i)*10 + digit(i+1)
		if d.Neg {
			dst = append(dst, byte(254-c))
		} else {
			dst = append(dst, byte(c+1))
		}
	}
	if d.Neg {
		return append(dst, 0xFF)
	}
	return append(dst, 0x00)
}

// DecodeKey decodes one key value of type typ from the front of b, as
// written by AppendKey, and returns it with the rest of b. The value does not
// share memory with b.
func DecodeKey(b []byte, typ types.ScalarAttributeType) (types.AttributeValue, []byte, error) {
	switch typ {
	case types.ScalarAttributeTypeS:
		s, rest, err := decodeEscaped(b)
		if err != nil {
			return nil, nil, err
		}
		return &types.AttributeValueMemberS{Value: string(s)}, rest, nil
	case types.ScalarAttributeTypeB:
		s, rest, err := decodeEscaped(b)
		if err != nil {
			return nil, nil, err
		}
		return &types.AttributeValueMemberB{Value: s}, rest, nil
	case types.ScalarAttributeTypeN:
		var d decimal
		rest, err := d.decodeKey(b)
		if err != nil {
			return nil, nil, err
		}
		var buf [maxCanonicalLen]byte
		return &types.AttributeValueMemberN{Value: string(d.AppendCanonical(buf[:0]))}, rest, nil
	}
	return nil, nil, fmt.Errorf("attr: %q is not a key type", typ)
}

// decodeEscaped returns a new slice with the unescaped bytes of an S or B key
// at the front of b, and the rest of b.
func decodeEscaped(b []byte) ([]byte, []byte, error) {
	var out []byte
	for {
		i := bytes.IndexByte(b, keyEscape)
		if i < 0 || i+1 >= len(b) {
			return nil, nil, errCorruptKey
		}
		out = append(out, b[:i]...)
		switch b[i+1] {
		case keyEnd:
			if out == nil {
				out = []byte{}
			}
			return out, b[i+2:], nil
		case keyEscapedNul:
			out = append(out, 0)
			b = b[i+2:]
		default:
			return nil, nil, errCorruptKey
		}
	}
}

// decodeKey sets d to the number encoded at the front of b and returns the
// rest of b. It accepts only canonical encodings of valid numbers.
func (d *decimal) decodeKey(b []byte) ([]byte, error) {
	*d = decimal{}
	if len(b) == 0 {
		return nil, errCorruptKey
	}
	switch b[0] {
	case keyZero:
		return b[1:], nil
	case keyPositive, keyNegative:
	default:
		return nil, errCorruptKey
	}
	d.Neg = b[0] == keyNegative
	if len(b) < 2 {
		return nil, errCorruptKey
	}
	exp := int64(b[1]) - 128
	if d.Neg {
		exp = 127 - int64(b[1])
	}
	b = b[2:]
	var digits [maxDigits + 2]byte
	n, last := 0, -1 // digits decoded, last base-100 digit
	for {
		if len(b) == 0 {
			return nil, errCorruptKey
		}
		c := int(b[0]) - 1
		if d.Neg {
			c = 254 - int(b[0])
		}
		b = b[1:]
		if c == -1 { // terminator
			break
		}
		if c < 0 || c > 99 || (last < 0 && c == 0) || n+2 > len(digits) {
			return nil, errCorruptKey
		}
		if last < 0 {
			// A first pair below 10 holds the units digit of its pair.
			d.Adj = 2 * (exp - 1)
			if c >= 10 {
				d.Adj++
			}
		}
		if last >= 0 || c >= 10 {
			digits[n] = byte('0' + c/10)
			n++
		}
		digits[n] = byte('0' + c%10)
		n++
		last = c
	}
	if last <= 0 { // no digits, or a trailing zero pair
		return nil, errCorruptKey
	}
	if digits[n-1] == '0' {
		n--
	}
	for _, c := range digits[:n] {
		d.Push(c)
	}
	if d.checkLimits() != nil {
		return nil, errCorruptKey
	}
	return b, nil
}
