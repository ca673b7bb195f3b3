package expr

// tokenKind classifies a lexical token of the expression language.
type tokenKind uint8

const (
	tokEOF     tokenKind = iota
	tokIdent             // attribute name, function name or keyword
	tokName              // #placeholder
	tokValue             // :placeholder
	tokNumber            // list index digits
	tokPunct             // = <> < <= > >= ( ) [ ] , . + -
	tokInvalid           // any other character
)

// token is one lexical token; start and end are byte offsets into the text.
type token struct {
	kind       tokenKind
	text       string
	start, end int
}

// lex splits text into tokens, ending with a tokEOF token. Whitespace
// separates tokens and is dropped. It never fails: a character that starts no
// token becomes a one-character tokInvalid token for the parser to reject.
func lex(text string) []token {
	toks := make([]token, 0, len(text)/3+2)
	i := 0
	for i < len(text) {
		c := text[i]
		start := i
		kind := tokPunct
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
			continue
		case isLetter(c):
			i = scanWord(text, i+1)
			kind = tokIdent
		case (c == '#' || c == ':') && i+1 < len(text) && isWordByte(text[i+1]):
			i = scanWord(text, i+1)
			kind = tokName
			if c == ':' {
				kind = tokValue
			}
		case c == '0':
			i++
			kind = tokNumber
		case c >= '1' && c <= '9':
			for i++; i < len(text) && isDigit(text[i]); i++ {
			}
			kind = tokNumber
		case c == '<' && i+1 < len(text) && (text[i+1] == '=' || text[i+1] == '>'):
			i += 2
		case c == '>' && i+1 < len(text) && text[i+1] == '=':
			i += 2
		case c == '=' || c == '<' || c == '>' || c == '(' || c == ')' || c == '[' || c == ']' ||
			c == ',' || c == '.' || c == '+' || c == '-':
			i++
		default:
			i = nextRune(text, i)
			kind = tokInvalid
		}
		toks = append(toks, token{kind: kind, text: text[start:i], start: start, end: i})
	}
	return append(toks, token{kind: tokEOF, text: "<EOF>", start: len(text), end: len(text)})
}

func scanWord(text string, i int) int {
	for i < len(text) && isWordByte(text[i]) {
		i++
	}
	return i
}

// nextRune returns the offset just past the UTF-8 sequence starting at i.
func nextRune(text string, i int) int {
	i++
	for i < len(text) && text[i]&0xC0 == 0x80 {
		i++
	}
	return i
}

func isLetter(c byte) bool   { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool    { return c >= '0' && c <= '9' }
func isWordByte(c byte) bool { return isLetter(c) || isDigit(c) || c == '_' }
