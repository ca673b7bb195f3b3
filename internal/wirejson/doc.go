// Package wirejson appends the JSON text of DynamoDB's wire protocol that
// both ends of it write: strings, base64 blobs and attribute values. The
// engine's HTTP server encodes its answers with it and the library's own
// client its requests, so that both escape strings and spell attribute
// values one way.
package wirejson
