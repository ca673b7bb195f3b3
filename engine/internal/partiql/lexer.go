package partiql

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// tokenKind classifies a lexical token of a statement.
type tokenKind uint8

const (
	tokEOF    tokenKind = iota
	tokIdent            // a bare identifier or keyword, as written
	tokQuoted           // a "quoted identifier", unescaped
	tokString           // a 'string literal', unescaped
	tokNumber           // a number literal, as written
	tokParam            // ?
	tokPunct            // an operator or punctuation mark
	tokIon              // an `Ion literal`, which DynamoDB refuses
)

// pos is where a token or node starts in the statement, and how many
// characters it spans, as DynamoDB's messages give it ("at 1:8:5").
type pos struct {
	line, col, length int
}

// String formats the position as DynamoDB's messages do.
func (p pos) String() string {
	return strconv.Itoa(p.line) + ":" + strconv.Itoa(p.col) + ":" + strconv.Itoa(p.length)
}

// token is one lexical token.
type token struct {
	kind tokenKind
	text string
	pos  pos
}

// is reports whether the token is the punctuation mark s.
func (t token) is(s string) bool { return t.kind == tokPunct && t.text == s }

// isKeyword reports whether the token is the bare keyword kw (lower case).
func (t token) isKeyword(kw string) bool {
	return t.kind == tokIdent && strings.EqualFold(t.text, kw)
}

// punctuation lists the operators and marks, longest first.
var punctuation = []string{"<<", ">>", "<=", ">=", "<>", "!=", "||", "(", ")", "[", "]", "{", "}", ",", ".", ":", ";", "*", "=", "<", ">", "+", "-", "/", "%"}

// lexer splits a statement into tokens, tracking lines and columns in
// characters.
type lexer struct {
	text      string
	i         int // byte offset
	line, col int // of the byte at i
}

// lex returns the tokens of text, ending with a tokEOF token, or
// errLexical when a character starts no token, a quote or comment is not
// closed, or a number's exponent does not fit a 32-bit integer.
func lex(text string) ([]token, error) {
	l := &lexer{text: text, line: 1, col: 1}
	var toks []token
	for {
		if err := l.skipSpace(); err != nil {
			return nil, err
		}
		if l.i >= len(l.text) {
			return append(toks, token{kind: tokEOF, text: "<EOF>", pos: pos{l.line, l.col, 0}}), nil
		}
		t, err := l.next()
		if err != nil {
			return nil, err
		}
		toks = append(toks, t)
	}
}

// advance moves past n bytes, counting characters and lines.
func (l *lexer) advance(n int) {
	end := l.i + n
	for l.i < end {
		r, size := utf8.DecodeRuneInString(l.text[l.i:])
		l.i += size
		if r == '\n' {
			l.line++
			l.col = 1
		} else {
			l.col++
		}
	}
}

// skipSpace skips whitespace and comments: -- to the end of the line and
// /* ... */.
func (l *lexer) skipSpace() error {
	for l.i < len(l.text) {
		rest := l.text[l.i:]
		switch {
		case rest[0] == ' ' || rest[0] == '\t' || rest[0] == '\n' || rest[0] == '\r' || rest[0] == '\f':
			l.advance(1)
		case strings.HasPrefix(rest, "--"):
			n := strings.IndexByte(rest, '\n')
			if n < 0 {
				n = len(rest)
			}
			l.advance(n)
		case strings.HasPrefix(rest, "/*"):
			n := strings.Index(rest[2:], "*/")
			if n < 0 {
				return errLexical
			}
			l.advance(n + 4)
		default:
			return nil
		}
	}
	return nil
}

// next reads the token at the current offset.
func (l *lexer) next() (token, error) {
	start := pos{line: l.line, col: l.col}
	rest := l.text[l.i:]
	c := rest[0]
	var t token
	var n int // bytes of source the token spans
	switch {
	case isIdentStart(c):
		n = 1
		for n < len(rest) && isIdentPart(rest[n]) {
			n++
		}
		t = token{kind: tokIdent, text: rest[:n]}
	case c == '"' || c == '\'' || c == '`':
		text, size, ok := quoted(rest, c)
		if !ok {
			return token{}, errLexical
		}
		kind := map[byte]tokenKind{'"': tokQuoted, '\'': tokString, '`': tokIon}[c]
		t, n = token{kind: kind, text: text}, size
	case isDigit(c) || c == '.' && len(rest) > 1 && isDigit(rest[1]):
		size, ok := number(rest)
		if !ok {
			return token{}, errLexical
		}
		t, n = token{kind: tokNumber, text: rest[:size]}, size
	case c == '?':
		t, n = token{kind: tokParam, text: "?"}, 1
	default:
		for _, p := range punctuation {
			if strings.HasPrefix(rest, p) {
				t, n = token{kind: tokPunct, text: p}, len(p)
				break
			}
		}
		if n == 0 {
			return token{}, errLexical
		}
	}
	l.advance(n)
	start.length = utf8.RuneCountInString(rest[:n])
	t.pos = start
	return t, nil
}

// quoted reads a literal quoted by q, in which a doubled q stands for one,
// and returns its unescaped text and the bytes it spans.
func quoted(s string, q byte) (string, int, bool) {
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		if s[i] != q {
			b.WriteByte(s[i])
			continue
		}
		if i+1 < len(s) && s[i+1] == q && q != '`' {
			b.WriteByte(q)
			i++
			continue
		}
		return b.String(), i + 1, true
	}
	return "", 0, false
}

// number returns the length of the number literal at the start of s:
// digits, an optional fraction and an optional exponent. Like DynamoDB's
// parser, which reads it as a Java BigDecimal, it refuses an exponent that
// does not fit a 32-bit integer, or that leaves a scale (the digits after
// the point less the exponent) that does not.
func number(s string) (int, bool) {
	i := 0
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	fraction := 0
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && isDigit(s[i]) {
			i++
			fraction++
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		digits := j
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if j == digits {
			return i, true // not an exponent: "1e" is 1 followed by e
		}
		exp, err := strconv.ParseInt(s[i+1:j], 10, 32)
		if scale := int64(fraction) - exp; err != nil || scale != int64(int32(scale)) {
			return 0, false
		}
		i = j
	}
	return i, true
}

func isIdentStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '$'
}

func isIdentPart(c byte) bool { return isIdentStart(c) || isDigit(c) }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
