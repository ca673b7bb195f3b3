// Package itemenc is the binary encoding in which the engine stores items:
// AppendItem writes it, DecodeItem and DecodeAttributes turn it back into
// the SDK's attribute values, Cursor walks it one name or value at a time,
// AppendItemJSON writes it as the wire protocol's JSON and
// AppendItemFromJSON makes it from that JSON.
//
// It sits outside the engine so that the library, which must not link the
// engine, can decode an in-process engine's stored items straight into
// structs (docs/decisions/stored-items-to-structs.md).
package itemenc
