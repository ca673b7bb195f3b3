package partiql

import (
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// parser is a recursive-descent parser over the tokens of one statement.
// It stops at the first error.
type parser struct {
	text   string
	toks   []token
	i      int
	params int // ? parameters seen so far
}

// parse parses the text of a statement.
func parse(text string) (*Statement, error) {
	toks, err := lex(text)
	if err != nil {
		return nil, err
	}
	p := &parser{text: text, toks: toks}
	s, err := p.statement()
	if err != nil {
		return nil, err
	}
	p.accept(";")
	if p.peek().kind != tokEOF {
		return nil, errLeftover
	}
	s.params = p.params
	s.collections()
	return s, nil
}

func (p *parser) peek() token { return p.toks[p.i] }

// lookahead returns the token n places after the current one.
func (p *parser) lookahead(n int) token {
	if p.i+n < len(p.toks) {
		return p.toks[p.i+n]
	}
	return p.toks[len(p.toks)-1]
}

func (p *parser) next() token {
	t := p.toks[p.i]
	if t.kind != tokEOF {
		p.i++
	}
	return t
}

// accept consumes the current token if it is the punctuation mark s.
func (p *parser) accept(s string) bool {
	if p.peek().is(s) {
		p.i++
		return true
	}
	return false
}

// keyword consumes the current token if it is the keyword kw.
func (p *parser) keyword(kw string) bool {
	if p.peek().isKeyword(kw) {
		p.i++
		return true
	}
	return false
}

// fail is the error of a statement that does not follow the grammar where
// DynamoDB's detail is not known: like DynamoDB Local, it quotes the
// statement.
func (p *parser) fail() error { return syntaxError(p.text) }

// expect consumes the punctuation mark s or fails.
func (p *parser) expect(s string) error {
	if !p.accept(s) {
		return p.fail()
	}
	return nil
}

// expectKeyword consumes the keyword kw or fails.
func (p *parser) expectKeyword(kw string) error {
	if !p.keyword(kw) {
		return p.fail()
	}
	return nil
}

// statement := select | insert | update | delete | from-first update | EXISTS(select)
func (p *parser) statement() (*Statement, error) {
	switch t := p.peek(); {
	case t.isKeyword("SELECT"):
		return p.selectStatement()
	case t.isKeyword("INSERT"):
		return p.insertStatement()
	case t.isKeyword("UPDATE"):
		return p.updateStatement((*parser).updateClauses, (*parser).whereClause)
	case t.isKeyword("DELETE"):
		return p.deleteStatement()
	case t.isKeyword("FROM"):
		return p.updateStatement((*parser).whereClause, (*parser).updateClauses)
	case t.isKeyword("EXISTS") && p.lookahead(1).is("("):
		p.i += 2
		s, err := p.selectStatement()
		if err != nil {
			return nil, err
		}
		if err := p.expect(")"); err != nil {
			return nil, err
		}
		s.kind = Exists
		return s, nil
	}
	return nil, errNotStatement
}

// selectStatement := SELECT projection FROM source [WHERE expr] [ORDER BY keys]
func (p *parser) selectStatement() (*Statement, error) {
	p.next()
	s := &Statement{kind: Select}
	switch t := p.peek(); {
	case t.isKeyword("DISTINCT"):
		return nil, semantic("Unsupported token in expression: DISTINCT")
	case (t.isKeyword("VALUE") || t.isKeyword("PIVOT")) && !p.lookahead(1).isKeyword("FROM"):
		return nil, semantic("Select projection doesn't support value or pivot keywords")
	}
	if p.accept("*") {
		s.star = true
	} else {
		for {
			n, err := p.expr()
			if err != nil {
				return nil, err
			}
			if err := p.noAlias(); err != nil {
				return nil, err
			}
			s.columns = append(s.columns, n)
			if !p.accept(",") {
				break
			}
		}
	}
	if err := p.expectKeyword("FROM"); err != nil {
		return nil, err
	}
	if err := p.source(s, true); err != nil {
		return nil, err
	}
	if err := p.noAlias(); err != nil {
		return nil, err
	}
	if p.keyword("WHERE") {
		var err error
		if s.where, err = p.expr(); err != nil {
			return nil, err
		}
	}
	if p.keyword("ORDER") {
		if err := p.expectKeyword("BY"); err != nil {
			return nil, err
		}
		for {
			n, err := p.expr()
			if err != nil {
				return nil, err
			}
			k := orderKey{path: n}
			if p.keyword("DESC") {
				k.desc = true
			} else {
				p.keyword("ASC")
			}
			s.order = append(s.order, k)
			if !p.accept(",") {
				break
			}
		}
	}
	for _, c := range s.columns {
		if err := checkColumn(c); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// checkColumn checks that an item of a projection is a document path.
func checkColumn(n *node) error {
	if n.kind != nPath {
		return semanticAt("Unexpected path component", n.pos)
	}
	for _, st := range n.path {
		if st.bad != nil {
			return semanticAt("Unexpected path component", st.bad.pos)
		}
	}
	return nil
}

// noAlias refuses an alias (AS name, or a bare name) after a projection
// item or a table.
func (p *parser) noAlias() error {
	switch t := p.peek(); {
	case t.isKeyword("AS"), t.kind == tokQuoted, t.kind == tokIdent && !isReserved(t.text):
		return semantic("Aliasing is not supported")
	}
	return nil
}

// source := name ['.' name], into the statement's table and index; the
// index is allowed only when reading.
func (p *parser) source(s *Statement, read bool) error {
	name := func() (string, error) {
		t := p.next()
		switch {
		case t.kind == tokQuoted && t.text == "":
			return "", semantic("Path component cannot be an empty string")
		case t.kind == tokQuoted, t.kind == tokIdent && !isReserved(t.text):
			return t.text, nil
		}
		return "", p.fail()
	}
	var err error
	if s.table, err = name(); err != nil {
		return err
	}
	if !p.accept(".") {
		return nil
	}
	if s.index, err = name(); err != nil {
		return err
	}
	if p.peek().is(".") {
		return semantic("A path may contain at most 2 components in the FROM clause")
	}
	if !read {
		return semantic("This operation is not supported on an index")
	}
	return nil
}

// insertStatement := INSERT INTO name VALUE expr
func (p *parser) insertStatement() (*Statement, error) {
	p.next()
	if err := p.expectKeyword("INTO"); err != nil {
		return nil, err
	}
	s := &Statement{kind: Insert}
	if err := p.source(s, true); err != nil {
		return nil, err
	}
	if s.index != "" {
		return nil, semantic("FROM clause may only contain a single table name")
	}
	if !p.keyword("VALUE") {
		if t := p.peek(); t.kind == tokIdent || t.kind == tokQuoted {
			return nil, errLeftover
		}
		return nil, p.fail()
	}
	var err error
	if s.value, err = p.expr(); err != nil {
		return nil, err
	}
	if p.peek().isKeyword("RETURNING") {
		return nil, semantic("RETURNING is not supported in INSERT")
	}
	return s, nil
}

// updateStatement := UPDATE name clauses WHERE expr [RETURNING ...]
//
//	| FROM name WHERE expr clauses [RETURNING ...]
//
// reading the two clauses after the table in the order given.
func (p *parser) updateStatement(first, second func(*parser, *Statement) error) (*Statement, error) {
	p.next()
	s := &Statement{kind: Update}
	if err := p.writeTarget(s); err != nil {
		return nil, err
	}
	if err := first(p, s); err != nil {
		return nil, err
	}
	if err := second(p, s); err != nil {
		return nil, err
	}
	return s, p.returning(s)
}

// writeTarget reads the table an UPDATE or DELETE writes, which has no
// alias.
func (p *parser) writeTarget(s *Statement) error {
	if err := p.source(s, false); err != nil {
		return err
	}
	return p.noAlias()
}

// whereClause reads the WHERE clause a write requires.
func (p *parser) whereClause(s *Statement) (err error) {
	if err = p.expectKeyword("WHERE"); err == nil {
		s.where, err = p.expr()
	}
	return err
}

// updateClauses := (SET path = expr {, path = expr} | REMOVE path {, path})+
func (p *parser) updateClauses(s *Statement) error {
	for {
		set := p.keyword("SET")
		if !set && !p.keyword("REMOVE") {
			break
		}
		for {
			path, err := p.unary()
			if err != nil {
				return err
			}
			if path.kind != nPath {
				return p.fail()
			}
			a := action{path: path}
			if set {
				if err := p.expect("="); err != nil {
					return err
				}
				if a.value, err = p.expr(); err != nil {
					return err
				}
			}
			s.actions = append(s.actions, a)
			if !p.accept(",") {
				break
			}
		}
	}
	if len(s.actions) == 0 {
		return p.fail()
	}
	return nil
}

// deleteStatement := DELETE FROM name WHERE expr [RETURNING ...]
func (p *parser) deleteStatement() (*Statement, error) {
	p.next()
	if err := p.expectKeyword("FROM"); err != nil {
		return nil, err
	}
	s := &Statement{kind: Delete}
	if err := p.writeTarget(s); err != nil {
		return nil, err
	}
	if err := p.whereClause(s); err != nil {
		return nil, err
	}
	if err := p.returning(s); err != nil {
		return nil, err
	}
	if s.returning != ReturnNothing && s.returning != ReturnAllOld {
		return nil, semantic("Invalid returning clause: RETURNING " + returningText[s.returning] + " *. Only RETURNING ALL OLD * is allowed in DELETE statements.")
	}
	return s, nil
}

// returning := RETURNING (ALL | MODIFIED) (OLD | NEW) *
func (p *parser) returning(s *Statement) error {
	if !p.keyword("RETURNING") {
		return nil
	}
	var r Returning
	switch {
	case p.keyword("ALL"):
		r = ReturnAllOld
	case p.keyword("MODIFIED"):
		r = ReturnModifiedOld
	default:
		return p.fail()
	}
	switch {
	case p.keyword("OLD"):
	case p.keyword("NEW"):
		r += ReturnAllNew - ReturnAllOld
	default:
		return p.fail()
	}
	s.returning = r
	return p.expect("*")
}

// expr := disjunction
func (p *parser) expr() (*node, error) { return p.binary(0) }

// levels are the binary operators by increasing precedence; NOT and the
// predicates (comparison, IS, IN, BETWEEN, LIKE) sit between AND and ||.
var levels = [][]string{{"OR"}, {"AND"}, nil, {"||"}, {"+", "-"}, {"*", "/", "%"}}

// notLevel is the level of NOT and the predicates.
const notLevel = 2

// binary parses the operators of precedence level and above.
func (p *parser) binary(level int) (*node, error) {
	switch {
	case level == notLevel:
		return p.negation()
	case level == len(levels):
		return p.unary()
	}
	left, err := p.binary(level + 1)
	if err != nil {
		return nil, err
	}
	for {
		t := p.peek()
		op := ""
		for _, o := range levels[level] {
			if t.is(o) || t.isKeyword(o) {
				op = o
			}
		}
		if op == "" {
			return left, nil
		}
		p.next()
		right, err := p.binary(level + 1)
		if err != nil {
			return nil, err
		}
		left = &node{kind: nBinary, op: op, args: []*node{left, right}, pos: t.pos}
	}
}

// negation := NOT negation | predicate
func (p *parser) negation() (*node, error) {
	if t := p.peek(); t.isKeyword("NOT") {
		p.next()
		inner, err := p.negation()
		if err != nil {
			return nil, err
		}
		return &node{kind: nNot, args: []*node{inner}, pos: t.pos}, nil
	}
	return p.predicate()
}

// isTypes maps the type names IS accepts to DynamoDB's types (MISSING to
// "").
var isTypes = map[string]string{
	"MISSING": "", "NULL": "NULL", "BOOL": "BOOL", "BOOLEAN": "BOOL", "STRING": "S", "BLOB": "B",
	"LIST": "L", "STRUCT": "M", "TUPLE": "M",
}

// predicate := operand [comparison operand | IS [NOT] type | [NOT] IN list
// | [NOT] BETWEEN operand AND operand | [NOT] LIKE operand]
func (p *parser) predicate() (*node, error) {
	left, err := p.binary(notLevel + 1)
	if err != nil {
		return nil, err
	}
	t := p.peek()
	switch {
	case t.kind == tokPunct && isComparison(t.text):
		p.next()
		right, err := p.binary(notLevel + 1)
		if err != nil {
			return nil, err
		}
		return &node{kind: nBinary, op: t.text, args: []*node{left, right}, pos: t.pos}, nil
	case t.isKeyword("IS"):
		p.next()
		n := &node{kind: nIs, args: []*node{left}, pos: t.pos, not: p.keyword("NOT")}
		typ := p.next()
		name := strings.ToUpper(typ.text)
		if _, ok := isTypes[name]; typ.kind == tokIdent && ok {
			n.op = name
			return n, nil
		}
		switch name {
		case "BAG", "SYMBOL", "CLOB", "SEXP":
			return nil, semanticAt("Unsupported data type for IS operator: "+name+
				". Supported data types are [MISSING, NULL, BOOLEAN, BLOB, STRING, NUMERIC, STRUCT, TUPLE, LIST]", t.pos)
		}
		return nil, p.fail()
	}
	not := false
	if t.isKeyword("NOT") {
		not = true
		p.next()
		t = p.peek()
	}
	n := &node{not: not, pos: t.pos}
	switch {
	case t.isKeyword("IN"):
		p.next()
		list, err := p.inList()
		if err != nil {
			return nil, err
		}
		n.kind, n.args = nIn, []*node{left, list}
	case t.isKeyword("BETWEEN"):
		p.next()
		lo, err := p.binary(notLevel + 1)
		if err != nil {
			return nil, err
		}
		if err := p.expectKeyword("AND"); err != nil {
			return nil, err
		}
		hi, err := p.binary(notLevel + 1)
		if err != nil {
			return nil, err
		}
		n.kind, n.args = nBetween, []*node{left, lo, hi}
	case t.isKeyword("LIKE"):
		p.next()
		pattern, err := p.binary(notLevel + 1)
		if err != nil {
			return nil, err
		}
		n.kind, n.args = nLike, []*node{left, pattern}
	default:
		if not {
			return nil, p.fail()
		}
		return left, nil
	}
	return n, nil
}

func isComparison(op string) bool {
	switch op {
	case "=", "<>", "!=", "<", "<=", ">", ">=":
		return true
	}
	return false
}

// inList := '(' expr {, expr} ')' | operand
func (p *parser) inList() (*node, error) {
	t := p.peek()
	if !t.is("(") {
		return p.binary(notLevel + 1)
	}
	p.next()
	return p.collection(&node{kind: nList, pos: t.pos}, ")")
}

// unary := ('-' | '+') unary | primary
func (p *parser) unary() (*node, error) {
	t := p.peek()
	if !t.is("-") && !t.is("+") {
		return p.primary()
	}
	p.next()
	n, err := p.unary()
	if err != nil || t.text == "+" {
		return n, err
	}
	if n.kind == nLiteral && n.op != "" && !n.paren {
		n.op = negate(n.op) // DynamoDB's messages point at the number after the sign
		return n, nil
	}
	return &node{kind: nNeg, args: []*node{n}, pos: t.pos}, nil
}

// negate returns the text of the negation of a number literal.
func negate(number string) string {
	if rest, ok := strings.CutPrefix(number, "-"); ok {
		return rest
	}
	return "-" + number
}

// primary := literal | ? | path | function call | '(' expr ')' | [list] |
// {struct} | <<bag>>
func (p *parser) primary() (*node, error) {
	t := p.next()
	switch t.kind {
	case tokNumber:
		// The text is converted to a number when bound, where an
		// out-of-range number is reported with its place in the value.
		return &node{kind: nLiteral, op: t.text, pos: t.pos}, nil
	case tokString:
		return &node{kind: nLiteral, value: &types.AttributeValueMemberS{Value: t.text}, pos: t.pos}, nil
	case tokParam:
		p.params++
		return &node{kind: nParam, param: p.params - 1, pos: t.pos}, nil
	case tokIon:
		return nil, semanticAt("Ion Literals are not supported: "+ionType(t.text)+" under key root", t.pos)
	case tokQuoted:
		return p.path(&node{kind: nPath, path: []step{{name: t.text}}, pos: t.pos, quoted: true})
	case tokIdent:
		return p.identifier(t)
	}
	switch {
	case t.is("("):
		n, err := p.expr()
		if err != nil {
			return nil, err
		}
		n.paren = true
		return n, p.expect(")")
	case t.is("["):
		return p.collection(&node{kind: nList, pos: t.pos}, "]")
	case t.is("<<"):
		return p.collection(&node{kind: nBag, pos: t.pos}, ">>")
	case t.is("{"):
		return p.structure(t)
	}
	p.i--
	return nil, p.fail()
}

// identifier reads what starts with a bare identifier: a literal keyword, a
// function call or a path.
func (p *parser) identifier(t token) (*node, error) {
	if p.peek().is("(") {
		p.next()
		n := &node{kind: nCall, op: strings.ToLower(t.text), pos: t.pos}
		if p.accept(")") {
			if aggregateFunctions[n.op] { // PartiQL's grammar gives an aggregate an argument
				return nil, p.fail()
			}
			return n, nil
		}
		for {
			if star := p.peek(); star.is("*") { // as in count(*), which DynamoDB refuses
				p.next()
				n.args = append(n.args, &node{kind: nMissing, pos: star.pos})
				if !p.accept(",") {
					break
				}
				continue
			}
			arg, err := p.expr()
			if err != nil {
				return nil, err
			}
			n.args = append(n.args, arg)
			if !p.accept(",") {
				break
			}
		}
		return n, p.expect(")")
	}
	switch strings.ToUpper(t.text) {
	case "TRUE", "FALSE":
		return &node{kind: nLiteral, value: &types.AttributeValueMemberBOOL{Value: strings.EqualFold(t.text, "TRUE")}, pos: t.pos}, nil
	case "NULL":
		return &node{kind: nLiteral, value: &types.AttributeValueMemberNULL{Value: true}, pos: t.pos}, nil
	case "MISSING":
		return &node{kind: nMissing, pos: t.pos}, nil
	}
	if isReserved(t.text) {
		p.i--
		return nil, p.fail()
	}
	return p.path(&node{kind: nPath, path: []step{{name: t.text}}, pos: t.pos})
}

// path reads the steps after the first name of a path: .name, ."name",
// [index] and ['key'].
func (p *parser) path(n *node) (*node, error) {
	for {
		switch {
		case p.accept("."):
			t := p.next()
			switch {
			case t.kind == tokQuoted:
				n.path = append(n.path, step{name: t.text})
			case t.kind == tokIdent && isReserved(t.text):
				return nil, errPathDotKeyword
			case t.kind == tokIdent:
				n.path = append(n.path, step{name: t.text})
			case t.is("*"):
				return nil, semantic("Changing item's hierarchy while reading isn't supported")
			default:
				return nil, p.fail()
			}
		case p.accept("["):
			e, err := p.expr()
			if err != nil {
				return nil, err
			}
			n.path = append(n.path, indexStep(e))
			if err := p.expect("]"); err != nil {
				return nil, err
			}
		default:
			return n, nil
		}
	}
}

// indexStep converts the expression in brackets after a path: a list
// index, a map key, or anything else, which DynamoDB cannot use.
func indexStep(e *node) step {
	if e.kind == nLiteral {
		if s, ok := e.value.(*types.AttributeValueMemberS); ok {
			return step{name: s.Value}
		}
		if i, err := strconv.ParseUint(e.op, 10, 31); err == nil {
			return step{index: int(i), isIndex: true}
		}
	}
	return step{bad: e}
}

// collection reads the elements of a list or bag up to its closing mark.
func (p *parser) collection(n *node, end string) (*node, error) {
	if p.accept(end) {
		return n, nil
	}
	for {
		e, err := p.expr()
		if err != nil {
			return nil, err
		}
		n.args = append(n.args, e)
		if !p.accept(",") {
			break
		}
	}
	return n, p.expect(end)
}

// structure := '{' [expr ':' expr {, expr ':' expr}] '}'
func (p *parser) structure(t token) (*node, error) {
	n := &node{kind: nStruct, pos: t.pos}
	if p.accept("}") {
		return n, nil
	}
	for {
		k, err := p.expr()
		if err != nil {
			return nil, err
		}
		if err := p.expect(":"); err != nil {
			return nil, err
		}
		v, err := p.expr()
		if err != nil {
			return nil, err
		}
		n.keys, n.args = append(n.keys, k), append(n.args, v)
		if !p.accept(",") {
			break
		}
	}
	return n, p.expect("}")
}

// ionType names the type of an Ion literal as DynamoDB's message does.
func ionType(text string) string {
	text = strings.TrimSpace(text)
	switch {
	case strings.HasPrefix(text, "{{"):
		return "BLOB"
	case strings.HasPrefix(text, "{"):
		return "STRUCT"
	case strings.HasPrefix(text, "["):
		return "LIST"
	case strings.HasPrefix(text, "("):
		return "SEXP"
	case strings.HasPrefix(text, `"`), strings.HasPrefix(text, "'"):
		return "STRING"
	case text == "true" || text == "false":
		return "BOOL"
	case strings.HasPrefix(text, "null"):
		return "NULL"
	case text != "" && (isDigit(text[0]) || text[0] == '-'):
		switch {
		case strings.ContainsAny(text, ".dD"):
			return "DECIMAL"
		case strings.ContainsAny(text, "eE"):
			return "FLOAT"
		}
		return "INT"
	}
	return "SYMBOL"
}
