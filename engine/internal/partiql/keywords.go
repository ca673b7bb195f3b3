package partiql

import "strings"

// reserved holds the words DynamoDB's PartiQL parser reserves (SQL-92's
// and PartiQL's own keywords, and the literals true, false, null and
// missing): an attribute with such a name must be written as a quoted
// identifier ("size"). Recorded from DynamoDB Local, 2026, by selecting
// each word as an attribute name.
var reserved = map[string]bool{
	"absolute": true, "action": true, "add": true, "all": true, "allocate": true, "alter": true, "and": true,
	"any": true, "are": true, "as": true, "asc": true, "assertion": true, "at": true, "authorization": true,
	"avg": true, "bag": true, "begin": true, "between": true, "bit": true, "bit_length": true, "blob": true,
	"bool": true, "boolean": true, "by": true, "cascade": true, "cascaded": true, "case": true, "cast": true,
	"catalog": true, "char": true, "char_length": true, "character": true, "character_length": true,
	"check": true, "clob": true, "close": true, "coalesce": true, "collate": true, "collation": true,
	"column": true, "commit": true, "conflict": true, "connect": true, "connection": true, "constraint": true,
	"constraints": true, "continue": true, "convert": true, "corresponding": true, "count": true,
	"create": true, "cross": true, "current": true, "current_date": true, "current_time": true,
	"current_timestamp": true, "current_user": true, "cursor": true, "date": true, "date_add": true,
	"date_diff": true, "deallocate": true, "dec": true, "decimal": true, "declare": true, "default": true,
	"deferrable": true, "deferred": true, "delete": true, "desc": true, "describe": true, "descriptor": true,
	"diagnostics": true, "disconnect": true, "distinct": true, "do": true, "domain": true, "double": true,
	"drop": true, "else": true, "end": true, "escape": true, "except": true, "exception": true, "exec": true,
	"execute": true, "exists": true, "external": true, "extract": true, "fetch": true, "first": true,
	"float": true, "for": true, "foreign": true, "found": true, "from": true, "full": true, "get": true,
	"global": true, "go": true, "goto": true, "grant": true, "group": true, "having": true, "identity": true,
	"immediate": true, "in": true, "index": true, "indicator": true, "initially": true, "inner": true,
	"input": true, "insensitive": true, "insert": true, "int": true, "integer": true, "intersect": true,
	"interval": true, "into": true, "is": true, "isolation": true, "join": true, "key": true, "language": true,
	"last": true, "left": true, "let": true, "level": true, "like": true, "limit": true, "list": true,
	"local": true, "lower": true, "match": true, "max": true, "min": true, "modified": true, "module": true,
	"names": true, "national": true, "natural": true, "nchar": true, "new": true, "next": true, "no": true,
	"not": true, "nothing": true, "nullif": true, "numeric": true, "octet_length": true, "of": true,
	"old": true, "on": true, "only": true, "open": true, "option": true, "or": true, "order": true,
	"outer": true, "output": true, "overlaps": true, "pad": true, "partial": true, "pivot": true,
	"position": true, "precision": true, "prepare": true, "preserve": true, "primary": true, "prior": true,
	"privileges": true, "procedure": true, "public": true, "read": true, "real": true, "references": true,
	"relative": true, "remove": true, "restrict": true, "returning": true, "revoke": true, "right": true,
	"rollback": true, "rows": true, "schema": true, "scroll": true, "section": true, "select": true,
	"session": true, "session_user": true, "set": true, "sexp": true, "size": true, "smallint": true,
	"some": true, "space": true, "sql": true, "sqlcode": true, "sqlerror": true, "sqlstate": true,
	"string": true, "struct": true, "substring": true, "sum": true, "symbol": true, "system_user": true,
	"table": true, "temporary": true, "then": true, "time": true, "timestamp": true, "to": true,
	"transaction": true, "translate": true, "trim": true, "tuple": true, "union": true, "unique": true,
	"unknown": true, "unpivot": true, "update": true, "upper": true, "usage": true, "user": true, "using": true,
	"value": true, "values": true, "varchar": true, "varying": true, "view": true, "when": true,
	"whenever": true, "where": true, "with": true, "work": true, "write": true, "zone": true, "true": true,
	"false": true, "null": true, "missing": true,
}

// isReserved reports whether an identifier is a reserved word, in any case.
func isReserved(ident string) bool {
	return reserved[strings.ToLower(ident)]
}
