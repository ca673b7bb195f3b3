// Package itemio converts DynamoDB items to and from the text formats people
// move data in: plain JSON, DynamoDB JSON and CSV, one item at a time or as
// streams of items. The console and the command-line tools share it; it
// depends on nothing but the SDK's attribute value types.
//
// # Plain JSON
//
// An item is a JSON object whose members are its attributes. Strings,
// numbers, booleans, null, arrays (L) and objects (M) are written as JSON
// writes them; numbers keep their exact decimal text, never passing through
// a float. The four types JSON has no form for are written as objects with
// a single member named after the type:
//
//	{"$B": "AQI="}                 binary, base64 (standard, padded)
//	{"$SS": ["a", "b"]}            string set
//	{"$NS": [1, 2.5]}              number set
//	{"$BS": ["AQI=", "Aw=="]}      binary set
//
// A map whose only member is named "$B", "$SS", "$NS", "$BS" or "$M" is
// written wrapped as {"$M": {...}}, so that every item reads back as the
// item that was written: plain JSON round-trips every DynamoDB value. Text
// written by hand needs the wrappers only for those four types.
//
// # DynamoDB JSON
//
// The form of DynamoDB's wire protocol and of the AWS CLI's output: every
// value is an object naming its type, {"S": "x"}, {"N": "1"}, {"M": {...}}.
// The lines of DynamoDB's export to S3, {"Item": {...}}, are read as well
// (a line whose only member is "Item" holding an object that is not itself
// one attribute value), and written when asked (DynamoJSONWriter.Export).
//
// # JSON lines
//
// The streaming forms of both JSON formats hold one item per line; blank
// lines are skipped, and a line that is not an item is reported as a
// *RowError without ending the stream.
//
// # CSV
//
// The first record names the columns: an attribute name, optionally
// followed by a colon and a type, "id:S", "price:N", "tags:SS". The type
// is split off at the last colon only when it is one of S, N, B, BOOL,
// NULL, SS, NS, BS, L, M or ANY, so attribute names may hold colons. Each
// later record is an item; an empty cell means the item has no such
// attribute. A cell holds:
//
//	S       the string itself
//	N       the number's text
//	B       base64
//	BOOL    true or false
//	NULL    null
//	SS NS BS  a JSON array of the members (strings, numbers, base64 strings)
//	L M     the value in plain JSON
//	ANY     the value in DynamoDB JSON, {"S": "x"}, for columns whose values
//	        differ in type or hold empty strings or binaries
//
// A column without a type holds strings, unless the reader is asked to
// infer types (CSVOptions.InferTypes): then a cell that is a JSON number
// DynamoDB can store (at most 38 significant digits, within its range) is a
// number and true or false is a boolean. Inference is off by default so
// that codes such as "007" stay strings.
//
// A CSV writer is given its columns; a ColumnSet plans them from the items
// to be written, typing each column by the values it holds, so that what a
// CSVWriter writes reads back as the same items.
package itemio
