// Package wirejson reads and writes the JSON text of DynamoDB's wire
// protocol. Its writer appends what both ends of the protocol write:
// strings, base64 blobs and attribute values; the engine's HTTP server
// encodes its answers with it and the library's own client its requests,
// so that both escape strings and spell attribute values one way. Its
// Scanner is the one JSON tokenizer the library's readers build on: Reader
// (the JSON of items, for the library's codec) and the lean client's reader
// of response bodies.
package wirejson
