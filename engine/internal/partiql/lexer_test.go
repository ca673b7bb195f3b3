package partiql

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLex(t *testing.T) {
	tests := []struct {
		text string
		want []token
	}{
		{"SELECT * FROM \"T\"", []token{
			{tokIdent, "SELECT", pos{1, 1, 6}}, {tokPunct, "*", pos{1, 8, 1}}, {tokIdent, "FROM", pos{1, 10, 4}},
			{tokQuoted, "T", pos{1, 15, 3}}, {tokEOF, "<EOF>", pos{1, 18, 0}},
		}},
		{"'it''s' \"a\"\"b\" <<>> != <> <= >= ||", []token{
			{tokString, "it's", pos{1, 1, 7}}, {tokQuoted, `a"b`, pos{1, 9, 6}}, {tokPunct, "<<", pos{1, 16, 2}},
			{tokPunct, ">>", pos{1, 18, 2}}, {tokPunct, "!=", pos{1, 21, 2}}, {tokPunct, "<>", pos{1, 24, 2}},
			{tokPunct, "<=", pos{1, 27, 2}}, {tokPunct, ">=", pos{1, 30, 2}}, {tokPunct, "||", pos{1, 33, 2}},
			{tokEOF, "<EOF>", pos{1, 35, 0}},
		}},
		// Columns count characters, not bytes; comments are skipped.
		{"'é' -- note\n /* a\nb */ ?", []token{
			{tokString, "é", pos{1, 1, 3}}, {tokParam, "?", pos{3, 6, 1}}, {tokEOF, "<EOF>", pos{3, 7, 0}},
		}},
		{"1 1.5 .5 7.31e6 1E-3 1e x1", []token{
			{tokNumber, "1", pos{1, 1, 1}}, {tokNumber, "1.5", pos{1, 3, 3}}, {tokNumber, ".5", pos{1, 7, 2}},
			{tokNumber, "7.31e6", pos{1, 10, 6}}, {tokNumber, "1E-3", pos{1, 17, 4}}, {tokNumber, "1", pos{1, 22, 1}},
			{tokIdent, "e", pos{1, 23, 1}}, {tokIdent, "x1", pos{1, 25, 2}}, {tokEOF, "<EOF>", pos{1, 27, 0}},
		}},
		{"`{a:1}`", []token{{tokIon, "{a:1}", pos{1, 1, 7}}, {tokEOF, "<EOF>", pos{1, 8, 0}}}},
	}
	for _, tt := range tests {
		got, err := lex(tt.text)
		if err != nil {
			t.Errorf("lex(%q): %v", tt.text, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(token{}, pos{})); diff != "" {
			t.Errorf("lex(%q) (-want +got):\n%s", tt.text, diff)
		}
	}
}

// Like DynamoDB's, the lexer refuses what starts no token, unclosed quotes
// and comments, and numbers Java's BigDecimal cannot hold.
func TestLexErrors(t *testing.T) {
	for _, text := range []string{
		"a # b", "'open", `"open`, "a /* open", "`open",
		"1e2147483648", "1e99999999999", "1.5e-2147483647", "1e-2147483648",
	} {
		if _, err := lex(text); err != errLexical {
			t.Errorf("lex(%q) = %v, want %v", text, err, errLexical)
		}
	}
	for _, text := range []string{"1e2147483647", "1e-2147483647", "1.5e-2147483646"} {
		if _, err := lex(text); err != nil {
			t.Errorf("lex(%q): %v", text, err)
		}
	}
}
