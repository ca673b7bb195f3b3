package ddb

import (
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// parse returns the values of the template's fields that a key value the
// template built spells, reporting false when the value does not have the
// template's shape. A field whose texts vary in width may contain the
// literal text that follows it, so a value may split into field texts in
// several ways: parse considers every split consistent with the template
// (padded numbers are digits of their width, other numbers valid numbers,
// times the fixed-width text) and returns the fields whose text is the
// same in all of them, leaving out the others rather than guessing. The
// search allocates nothing for keys of usual length; a key whose fields do
// not contain the literals after them splits one way, found in one pass
// over the text (plus a look for further occurrences of the literals).
func (t *keyTemplate) parse(av types.AttributeValue) (map[string]types.AttributeValue, bool) {
	if t.passThrough() {
		return map[string]types.AttributeValue{t.parts[0].field: av}, true
	}
	s, ok := av.(*types.AttributeValueMemberS)
	if !ok {
		return nil, false
	}
	var memo [512]splitState
	var spans [16]fieldSpan
	k := t.splitter(s.Value, memo[:0], spans[:0])
	if !k.match(s.Value, 0, 0) {
		return nil, false
	}
	out := make(map[string]types.AttributeValue, len(t.fields))
	for i, p := range t.parts {
		if span := k.spans[i]; p.field != "" && !span.ambiguous {
			out[p.field] = p.value(s.Value[span.start:span.end])
		}
	}
	return out, true
}

// splitter returns the search of the splits of text, with its buffers
// appended to memo and spans (which callers take from arrays of their
// own, so that they stay on the stack for keys of usual length).
func (t *keyTemplate) splitter(text string, memo []splitState, spans []fieldSpan) keySplit {
	k := keySplit{parts: t.parts, width: len(text) + 1}
	k.memo = append(memo, make([]splitState, len(t.parts)*k.width)...)
	k.spans = append(spans, make([]fieldSpan, len(t.parts))...)
	return k
}

// checkBuilt reports an error when the key value av, which the template
// built, splits into field texts in more than one way: other values of
// its fields build the same key, so a write under it could replace
// another item, and its fields could not be read back from it. A template
// with at most one field of varying width (not a padded number or a time)
// splits every text one way and needs no search.
func (t *keyTemplate) checkBuilt(av types.AttributeValue) error {
	s, ok := av.(*types.AttributeValueMemberS)
	if t.varying < 2 || !ok {
		return nil
	}
	var memo [512]splitState
	var spans [16]fieldSpan
	k := t.splitter(s.Value, memo[:0], spans[:0])
	if !k.match(s.Value, 0, 0) {
		return nil
	}
	for i, p := range t.parts {
		if k.spans[i].ambiguous {
			return invalid(p.field, "key %s %q splits more than one way into the fields of its template %q ({%s} has another text in each): other values of the fields build the same key; "+
				"keep the template's literal text out of the field values", t.attr, s.Value, t.text, p.field)
		}
	}
	return nil
}

// keySplit searches the ways a key text splits into the texts of its
// template's parts. A state is a part and the position in the text where
// it starts; each is explored once, so the search takes at most the number
// of parts times the length of the text times the candidate ends of a
// field, however many splits there are. The text is a parameter of its
// methods rather than a field, so that its buffers can stay on the stack.
type keySplit struct {
	parts []templatePart
	width int          // the number of positions in the text, its length + 1
	memo  []splitState // by state: part × width + position
	spans []fieldSpan  // by part: the text a field part has in the splits found
}

// splitState is whether the parts from a state on can spell the rest of
// the text: not known yet, they can, or they cannot.
type splitState uint8

const (
	stateUnknown splitState = iota
	stateMatches
	stateFails
)

// fieldSpan is the text of a field in the splits of a key found so far:
// the first one's bounds, and whether another split gave it another text.
type fieldSpan struct {
	start, end int
	found      bool
	ambiguous  bool
}

// match reports whether the parts from i on spell text from pos on,
// recording the field texts of every way they do.
func (k *keySplit) match(text string, i, pos int) bool {
	if i == len(k.parts) {
		return pos == len(text)
	}
	state := &k.memo[i*k.width+pos]
	if *state == stateUnknown {
		*state = stateFails
		if k.explore(text, i, pos) {
			*state = stateMatches
		}
	}
	return *state == stateMatches
}

// explore tries the ways part i can start the text at pos: a literal its
// own text, a fixed-width field its width, the last field the rest of the
// text, and another field each text up to an occurrence of the literal
// that follows it. Each field text that leads to a whole split is
// recorded.
func (k *keySplit) explore(text string, i, pos int) bool {
	p, rest := k.parts[i], text[pos:]
	if p.field == "" {
		return strings.HasPrefix(rest, p.literal) && k.match(text, i+1, pos+len(p.literal))
	}
	try := func(n int) bool {
		if !p.accepts(rest[:n]) || !k.match(text, i+1, pos+n) {
			return false
		}
		k.record(text, i, pos, pos+n)
		return true
	}
	switch {
	case p.fixed > 0:
		return p.fixed <= len(rest) && try(p.fixed)
	case i+1 == len(k.parts):
		return try(len(rest))
	}
	next, ok := k.parts[i+1].literal, false
	for end := 0; ; end++ {
		n := strings.Index(rest[end:], next)
		if n < 0 {
			return ok
		}
		end += n
		ok = try(end) || ok
	}
}

// record notes that the field of part i is text[start:end] in a split of
// the key.
func (k *keySplit) record(text string, i, start, end int) {
	span := &k.spans[i]
	switch {
	case !span.found:
		*span = fieldSpan{start: start, end: end, found: true}
	case text[start:end] != text[span.start:span.end]:
		span.ambiguous = true
	}
}

// accepts reports whether text can be the field's text in a key: a padded
// number's digits, a valid number, a time's fixed-width text, or any
// string (the empty string too).
func (p templatePart) accepts(text string) bool {
	switch {
	case p.width > 0:
		return strings.Trim(text, "0123456789") == ""
	case p.number:
		return checkNumber(text) == nil
	case p.fixed > 0:
		_, err := time.Parse(sortableTime, text)
		return err == nil
	}
	return true
}

// value returns the field's value that its text in a key spells.
func (p templatePart) value(text string) types.AttributeValue {
	if !p.number {
		return &types.AttributeValueMemberS{Value: text}
	}
	if p.width > 0 {
		if text = strings.TrimLeft(text, "0"); text == "" {
			text = "0"
		}
	}
	return &types.AttributeValueMemberN{Value: text}
}
