package server

import (
	"net/http"
	"sync/atomic"
	"time"
)

// formattedDate is the Date header's text for one second.
type formattedDate struct {
	unix int64
	text []byte
}

// lastDate caches the Date header of the current second.
var lastDate atomic.Pointer[formattedDate]

// appendDate appends the current time as an HTTP Date header value.
func appendDate(b []byte) []byte {
	now := time.Now()
	d := lastDate.Load()
	if d == nil || d.unix != now.Unix() {
		d = &formattedDate{now.Unix(), now.UTC().AppendFormat(nil, http.TimeFormat)}
		lastDate.Store(d)
	}
	return append(b, d.text...)
}
