package server

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"sync/atomic"
)

// requestIDs generates the x-amzn-RequestId of each response: UUID-shaped
// strings made of a random per-server prefix and a counter, unique within a
// process and far cheaper than a random UUID per request.
type requestIDs struct {
	prefix [8]byte
	n      atomic.Uint64
}

func newRequestIDs() *requestIDs {
	g := &requestIDs{}
	rand.Read(g.prefix[:])
	return g
}

// append appends a new request ID such as
// 1f0c22a4-9b3e-4d71-0000-00000000002a to dst.
func (g *requestIDs) append(dst []byte) []byte {
	var raw [16]byte
	copy(raw[:8], g.prefix[:])
	binary.BigEndian.PutUint64(raw[8:], g.n.Add(1))
	var out [36]byte
	hex.Encode(out[0:8], raw[0:4])
	out[8] = '-'
	hex.Encode(out[9:13], raw[4:6])
	out[13] = '-'
	hex.Encode(out[14:18], raw[6:8])
	out[18] = '-'
	hex.Encode(out[19:23], raw[8:10])
	out[23] = '-'
	hex.Encode(out[24:36], raw[10:16])
	return append(dst, out[:]...)
}
