package attr

import (
	"slices"
	"strings"
	"sync"

	"github.com/ddbkit/ddb/internal/itemenc"
)

// EncodedItemSize returns the ItemSize of the item that itemenc.AppendItem
// encoded in b, without decoding it: a write that replaces an item and
// needs only its size need not build it. It checks the encoding's
// structure; malformed input is an error, never a panic.
func EncodedItemSize(b []byte) (int, error) {
	var w encodedWalk
	n := w.item(b)
	return n, w.c.Done()
}

// NormalEncodedItemSize returns the ItemSize of the item encoded in b and
// whether that encoding may be stored as it is: whether NormalizeItem
// accepts the item and returns it unchanged (its nesting, names, numbers
// and sets are valid, its numbers canonical, its sets sorted), and no
// name repeats in it, which a map cannot hold but an encoding made from
// JSON can. An item that is not normal, or a corrupt encoding, reports
// false and no size: its writer decodes it and validates the SDK values.
func NormalEncodedItemSize(b []byte) (size int, normal bool) {
	w := checkingWalks.Get().(*encodedWalk)
	defer checkingWalks.Put(w)
	w.normal = true
	size = w.item(b)
	clear(w.names[:cap(w.names)]) // let go of b
	if w.c.Done() != nil || !w.normal {
		return 0, false
	}
	return size, true
}

// checkingWalks holds the walks of NormalEncodedItemSize, whose stack of
// names would otherwise be allocated on every call.
var checkingWalks = sync.Pool{New: func() any { return &encodedWalk{check: true} }}

// encodedWalk reads an item encoding to measure it and, when check is
// set, to see whether it is normal (NormalEncodedItemSize).
type encodedWalk struct {
	c      itemenc.Cursor
	check  bool
	normal bool
	// names holds the names of the maps being read, a stack of one run of
	// names per map, to find a repeated one.
	names []string
}

// item reads a whole encoding and returns the item's size.
func (w *encodedWalk) item(b []byte) int {
	return w.members(w.c.Reset(b), 0, 0)
}

// abnormal records that the item is not normal and stops the walk, whose
// size no longer matters.
func (w *encodedWalk) abnormal() {
	w.normal = false
	w.c.Fail()
}

// members reads n names and values (an item's attributes, or a map's
// members at nesting depth) and returns their size, each adding extra.
func (w *encodedWalk) members(n, depth, extra int) int {
	size, start := 0, len(w.names)
	for range n {
		name := w.c.Name()
		if w.check {
			if name == "" || NameTooLong(name) {
				w.abnormal()
			}
			w.names = append(w.names, name)
		}
		size += len(name) + extra + w.value(depth)
	}
	if w.check {
		if repeats(w.names[start:]) {
			w.abnormal()
		}
		w.names = w.names[:start]
	}
	return size
}

// repeats reports whether a name occurs twice in names, which it may
// reorder.
func repeats(names []string) bool {
	if len(names) <= 8 {
		for i, a := range names {
			if slices.Contains(names[:i], a) {
				return true
			}
		}
		return false
	}
	slices.Sort(names)
	for i := 1; i < len(names); i++ {
		if names[i] == names[i-1] {
			return true
		}
	}
	return false
}

// value reads a value at nesting depth and returns its Size.
func (w *encodedWalk) value(depth int) int {
	kind, text, count := w.c.Value()
	switch kind {
	case itemenc.KindS, itemenc.KindB:
		return len(text)
	case itemenc.KindN:
		if w.check && !normalNumber(text) {
			w.abnormal()
		}
		return numberSize(text)
	case itemenc.KindBOOL, itemenc.KindNULL:
		return 1
	case itemenc.KindL, itemenc.KindM:
		if depth >= itemenc.MaxDepth {
			w.c.Fail()
			return 0
		}
		if w.check && depth >= MaxNesting {
			w.abnormal()
			return 0
		}
		if kind == itemenc.KindM {
			return 3 + w.members(count, depth+1, 1)
		}
		n := 3
		for range count {
			n += 1 + w.value(depth+1)
		}
		return n
	case itemenc.KindSS, itemenc.KindBS, itemenc.KindNS:
		return w.set(kind, count)
	}
	return 0
}

// set reads the count members of a set of kind and returns its Size.
// A normal set is not empty, and its members ascend (by bytes, or for
// numbers by value) without repeats.
func (w *encodedWalk) set(kind itemenc.Kind, count int) int {
	if w.check && count == 0 {
		w.abnormal()
	}
	numbers := kind == itemenc.KindNS
	compare, size := strings.Compare, func(m string) int { return len(m) }
	if numbers {
		compare, size = CompareNumbers, numberSize
	}
	n, prev := 0, ""
	for i := range count {
		m := w.c.Member()
		n += size(m)
		if w.check && (numbers && !normalNumber(m) || i > 0 && compare(prev, m) >= 0) {
			w.abnormal()
		}
		prev = m
	}
	return n
}

// normalNumber reports whether s is a valid number in canonical form.
func normalNumber(s string) bool {
	n, err := NormalizeNumber(s)
	return err == nil && n == s
}
