package expr

import "strings"

// parser is a recursive-descent parser over the token list. Alternatives are
// tried with backtracking; when every alternative fails, the syntax error is
// reported at the furthest token any of them reached, as DynamoDB does.
type parser struct {
	text    string
	toks    []token
	pos     int
	failPos int // index of the furthest token that could not be parsed; -1 if none

	// failedParens records the token positions where a parenthesized
	// alternative already failed, so that nested parentheses are not retried
	// exponentially often.
	failedParens map[int]bool
}

// emptyExpression is DynamoDB's message for an expression of length zero.
const emptyExpression = "The expression can not be empty;"

func newParser(text string) *parser {
	return &parser{text: text, toks: lex(text), failPos: -1}
}

func (p *parser) peek() token { return p.toks[p.pos] }

// fail records that the current token cannot be parsed and returns false.
func (p *parser) fail() bool {
	if p.pos > p.failPos {
		p.failPos = p.pos
	}
	return false
}

// syntaxError describes the furthest failure in DynamoDB's words: the token
// and the text from the token before it to the token after it.
func (p *parser) syntaxError() string {
	i := max(p.failPos, 0)
	tok := p.toks[i]
	from := 0
	if i > 0 {
		from = p.toks[i-1].start
	}
	to := len(p.text)
	if tok.kind != tokEOF && p.toks[i+1].kind != tokEOF {
		to = p.toks[i+1].end
	}
	return `Syntax error; token: "` + tok.text + `", near: "` + p.text[from:to] + `"`
}

// accept consumes the current token if it is the punctuation s.
func (p *parser) accept(s string) bool {
	if t := p.peek(); t.kind == tokPunct && t.text == s {
		p.pos++
		return true
	}
	return p.fail()
}

// keyword consumes the current token if it is the keyword kw (any case).
func (p *parser) keyword(kw string) bool {
	if t := p.peek(); t.kind == tokIdent && strings.EqualFold(t.text, kw) {
		p.pos++
		return true
	}
	return p.fail()
}

// isKeyword reports whether an identifier is a keyword of the grammar, which
// can never be an attribute or function name.
func isKeyword(s string) bool {
	switch strings.ToUpper(s) {
	case "AND", "OR", "NOT", "BETWEEN", "IN", "SET", "REMOVE", "ADD", "DELETE":
		return true
	}
	return false
}

// end succeeds when every token has been consumed.
func (p *parser) end() bool {
	if p.peek().kind == tokEOF {
		return true
	}
	return p.fail()
}

// parseConditionText parses a condition, filter or key condition expression.
func parseConditionText(text string) (*node, string) {
	if text == "" {
		return nil, emptyExpression
	}
	p := newParser(text)
	n := p.condition()
	if n == nil || !p.end() {
		return nil, p.syntaxError()
	}
	return n, ""
}

// condition := conjunction (OR conjunction)*
func (p *parser) condition() *node {
	left := p.conjunction()
	for left != nil && p.keyword("OR") {
		right := p.conjunction()
		if right == nil {
			return nil
		}
		left = &node{kind: nOr, args: []*node{left, right}}
	}
	return left
}

// conjunction := negation (AND negation)*
func (p *parser) conjunction() *node {
	left := p.negation()
	for left != nil && p.keyword("AND") {
		right := p.negation()
		if right == nil {
			return nil
		}
		left = &node{kind: nAnd, args: []*node{left, right}}
	}
	return left
}

// negation := NOT negation | '(' condition ')' | predicate
func (p *parser) negation() *node {
	if p.keyword("NOT") {
		inner := p.negation()
		if inner == nil {
			return nil
		}
		return &node{kind: nNot, args: []*node{inner}}
	}
	if inner := p.parenthesized(p.condition); inner != nil {
		return inner
	}
	return p.predicate()
}

// parenthesized tries the alternative '(' rule ')'; on failure it restores
// the position and returns nil so that the caller can try another one.
func (p *parser) parenthesized(rule func() *node) *node {
	start := p.pos
	if p.failedParens[start] || !p.accept("(") {
		return nil
	}
	if inner := rule(); inner != nil && p.accept(")") {
		inner.parens++
		return inner
	}
	if p.failedParens == nil {
		p.failedParens = make(map[int]bool)
	}
	p.failedParens[start] = true
	p.pos = start
	return nil
}

// predicate := operand comparator operand | operand BETWEEN operand AND operand
// | operand IN '(' operand (',' operand)* ')' | function
func (p *parser) predicate() *node {
	left := p.operand()
	if left == nil {
		return nil
	}
	t := p.peek()
	switch {
	case t.kind == tokPunct && isComparator(t.text):
		p.pos++
		right := p.operand()
		if right == nil {
			return nil
		}
		return &node{kind: nCompare, op: t.text, args: []*node{left, right}}
	case p.keyword("BETWEEN"):
		lo := p.operand()
		if lo == nil || !p.keyword("AND") {
			return nil
		}
		hi := p.operand()
		if hi == nil {
			return nil
		}
		return &node{kind: nBetween, args: []*node{left, lo, hi}}
	case p.keyword("IN"):
		if !p.accept("(") {
			return nil
		}
		args := []*node{left}
		for {
			o := p.operand()
			if o == nil {
				return nil
			}
			args = append(args, o)
			if !p.accept(",") {
				break
			}
		}
		if !p.accept(")") {
			return nil
		}
		return &node{kind: nIn, args: args}
	case left.kind == nFunc && left.parens == 0:
		return left
	}
	p.fail()
	return nil
}

func isComparator(s string) bool {
	switch s {
	case "=", "<>", "<", "<=", ">", ">=":
		return true
	}
	return false
}

// operand := path | :value | function | '(' operand ')'
func (p *parser) operand() *node {
	t := p.peek()
	switch t.kind {
	case tokValue:
		p.pos++
		return &node{kind: nValue, op: t.text}
	case tokName:
		return p.path()
	case tokIdent:
		if isKeyword(t.text) {
			break
		}
		if next := p.toks[p.pos+1]; next.kind == tokPunct && next.text == "(" {
			return p.function()
		}
		return p.path()
	case tokPunct:
		if t.text == "(" {
			p.pos++
			inner := p.operand()
			if inner == nil || !p.accept(")") {
				return nil
			}
			inner.parens++
			return inner
		}
	}
	p.fail()
	return nil
}

// function := name '(' operand (',' operand)* ')'
func (p *parser) function() *node {
	n := &node{kind: nFunc, op: p.peek().text}
	p.pos += 2
	for {
		o := p.operand()
		if o == nil {
			return nil
		}
		n.args = append(n.args, o)
		if !p.accept(",") {
			break
		}
	}
	if !p.accept(")") {
		return nil
	}
	return n
}

// path := (name | #name) ('.' (name | #name) | '[' number ']')*
func (p *parser) path() *node {
	n := &node{kind: nPath}
	if !p.pathName(n) {
		return nil
	}
	for {
		t := p.peek()
		if t.kind != tokPunct {
			return n
		}
		switch t.text {
		case ".":
			p.pos++
			if !p.pathName(n) {
				return nil
			}
		case "[":
			p.pos++
			t := p.peek()
			if t.kind != tokNumber {
				p.fail()
				return nil
			}
			p.pos++
			n.path = append(n.path, rawStep{text: t.text, index: true})
			if !p.accept("]") {
				return nil
			}
		default:
			return n
		}
	}
}

func (p *parser) pathName(n *node) bool {
	t := p.peek()
	if t.kind == tokName || t.kind == tokIdent && !isKeyword(t.text) {
		p.pos++
		n.path = append(n.path, rawStep{text: t.text})
		return true
	}
	return p.fail()
}

// parseUpdateText parses an update expression into its actions, in the order
// written.
func parseUpdateText(text string) ([]rawAction, string) {
	if text == "" {
		return nil, emptyExpression
	}
	p := newParser(text)
	var actions []rawAction
	for {
		clause, ok := p.clause()
		if !ok {
			return nil, p.syntaxError()
		}
		for first := true; ; first = false {
			a, ok := p.action(clause)
			if !ok {
				return nil, p.syntaxError()
			}
			a.first = first
			actions = append(actions, a)
			if !p.accept(",") {
				break
			}
		}
		if p.end() {
			return actions, ""
		}
	}
}

func (p *parser) clause() (clauseKind, bool) {
	for i, name := range clauseNames {
		if p.keyword(name) {
			return clauseKind(i), true
		}
	}
	return 0, false
}

func (p *parser) action(clause clauseKind) (rawAction, bool) {
	a := rawAction{clause: clause, path: p.pathOnly()}
	if a.path == nil {
		return a, false
	}
	switch clause {
	case clauseSet:
		if !p.accept("=") {
			return a, false
		}
		a.value = p.setValue()
	case clauseAdd, clauseDelete:
		if t := p.peek(); t.kind == tokValue {
			p.pos++
			a.value = &node{kind: nValue, op: t.text}
		} else {
			p.fail()
		}
	default:
		return a, true
	}
	return a, a.value != nil
}

// pathOnly parses a document path where nothing else is allowed.
func (p *parser) pathOnly() *node {
	if t := p.peek(); t.kind == tokName || t.kind == tokIdent {
		return p.path()
	}
	p.fail()
	return nil
}

// setValue := '(' setValue ')' | operand (('+' | '-') operand)?
func (p *parser) setValue() *node {
	if inner := p.parenthesized(p.setValue); inner != nil {
		return inner
	}
	left := p.operand()
	if left == nil {
		return nil
	}
	if t := p.peek(); t.kind == tokPunct && (t.text == "+" || t.text == "-") {
		p.pos++
		right := p.operand()
		if right == nil {
			return nil
		}
		return &node{kind: nArith, op: t.text, args: []*node{left, right}}
	}
	return left
}

// parseProjectionText parses a projection expression into its paths.
func parseProjectionText(text string) ([]*node, string) {
	if text == "" {
		return nil, emptyExpression
	}
	p := newParser(text)
	var paths []*node
	for {
		n := p.pathOnly()
		if n == nil {
			return nil, p.syntaxError()
		}
		paths = append(paths, n)
		if !p.accept(",") {
			break
		}
	}
	if !p.end() {
		return nil, p.syntaxError()
	}
	return paths, ""
}
