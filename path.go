package ddb

import (
	"fmt"
	"strconv"
	"strings"
)

// A document path names an attribute or an element nested inside one:
// top-level names separated by dots walk into maps, and [N] selects element N
// of a list, as in "address.lines[1]" or "matrix[0][2]". Every name becomes an
// expression attribute name placeholder, so names need no quoting even when
// they are DynamoDB reserved words or contain characters such as '-' or ':'.
// Names cannot contain '.', '[' or ']'.

// pathSyntax are the characters that structure a document path, which
// attribute names in paths cannot hold.
const pathSyntax = ".[]"

// pathElem is one step of a document path: a map key or a list index.
type pathElem struct {
	name  string
	index int
	list  bool // index applies; name is unused
}

// docPath is a parsed document path; its first element is always a name.
type docPath []pathElem

// parsePath parses a document path such as "a.b[2].c".
func parsePath(s string) (docPath, error) {
	var p docPath
	rest := s
	for {
		end := strings.IndexAny(rest, pathSyntax)
		if end < 0 {
			end = len(rest)
		}
		if end == 0 {
			return nil, invalid(s, "path %q: empty attribute name", s)
		}
		p = append(p, pathElem{name: rest[:end]})
		rest = rest[end:]
		for strings.HasPrefix(rest, "[") {
			closing := strings.IndexByte(rest, ']')
			if closing < 0 {
				return nil, invalid(s, "path %q: missing ']'", s)
			}
			digits := rest[1:closing]
			n, err := strconv.Atoi(digits)
			if err != nil || strings.Trim(digits, "0123456789") != "" {
				return nil, invalid(s, "path %q: list index %q is not a non-negative integer", s, digits)
			}
			p = append(p, pathElem{index: n, list: true})
			rest = rest[closing+1:]
		}
		switch {
		case rest == "":
			return p, nil
		case rest[0] == '.':
			rest = rest[1:]
		default:
			return nil, invalid(s, "path %q: unexpected %q", s, rest[0])
		}
	}
}

// String returns the path in the syntax parsePath reads.
func (p docPath) String() string {
	var sb strings.Builder
	for i, e := range p {
		switch {
		case e.list:
			fmt.Fprintf(&sb, "[%d]", e.index)
		case i > 0:
			sb.WriteString("." + e.name)
		default:
			sb.WriteString(e.name)
		}
	}
	return sb.String()
}
