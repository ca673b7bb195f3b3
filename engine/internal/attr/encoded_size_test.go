package attr

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"

	randomav "github.com/ddbkit/ddb/internal/av"
	"github.com/ddbkit/ddb/internal/itemenc"
)

func TestEncodedItemSize(t *testing.T) {
	items := []map[string]av{
		{},
		randomav.Sample(),
		randomav.Typical(),
		{"n": &N{Value: "-99999999999999999999999999999999999999" + strings.Repeat("0", 88)}},
		{"deep": randomav.Nest(&N{Value: "12.25"}, MaxNesting)},
	}
	for _, item := range items {
		got, err := EncodedItemSize(itemenc.AppendItem(nil, item))
		if want := ItemSize(item); err != nil || got != want {
			t.Errorf("EncodedItemSize of %v = %d, %v; want %d (ItemSize)", item, got, err, want)
		}
	}
}

// EncodedItemSize rejects what itemenc.DecodeItem rejects, without panicking.
func TestEncodedItemSizeCorrupt(t *testing.T) {
	enc := itemenc.AppendItem(nil, randomav.Sample())
	for n := range len(enc) {
		if _, err := EncodedItemSize(enc[:n]); err == nil {
			t.Fatalf("EncodedItemSize of a %d-byte prefix of %d bytes succeeded", n, len(enc))
		}
	}
	r := rand.New(rand.NewPCG(9, 10))
	for range 3000 {
		b := bytes.Clone(enc)
		for range 1 + r.IntN(3) {
			b[r.IntN(len(b))] = byte(r.IntN(256))
		}
		size, err := EncodedItemSize(b)
		item, derr := itemenc.DecodeItem(b)
		// A corruption can turn one attribute name into another's, which the
		// decoded map collapses; sizes are comparable only when decoding
		// kept every attribute, that is when the item re-encodes to as many
		// bytes.
		if derr == nil && len(itemenc.AppendItem(nil, item)) == len(b) && (err != nil || size != ItemSize(item)) {
			t.Fatalf("EncodedItemSize = %d, %v for an encoding that decodes to an item of size %d", size, err, ItemSize(item))
		}
	}
}
