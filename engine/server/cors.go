package server

import "net/http"

// CORS headers DynamoDB sends to browsers: any origin may call it, a
// preflight answer may be cached for two days, and scripts may read the
// request id and error headers of a response.
var (
	corsAnyOrigin     = []string{"*"}
	corsMaxAge        = []string{"172800"}
	corsExposeHeaders = []string{"x-amzn-RequestId,x-amzn-ErrorType,x-amz-request-id,x-amz-id-2,x-amzn-ErrorMessage,Date"}
)

// cors adds DynamoDB's CORS headers to the response to a request from a
// browser (one with an Origin header) and answers its preflight requests:
// an OPTIONS request gets status 200 and no body, allowing the method and
// headers it asks for. It reports whether the request has been answered.
func (s *Server) cors(w http.ResponseWriter, r *http.Request) bool {
	if r.Header.Get("Origin") == "" {
		return false
	}
	h := w.Header()
	h["Access-Control-Allow-Origin"] = corsAnyOrigin
	if r.Method != http.MethodOptions {
		h["Access-Control-Expose-Headers"] = corsExposeHeaders
		return false
	}
	if v := r.Header.Values("Access-Control-Request-Headers"); len(v) > 0 {
		h["Access-Control-Allow-Headers"] = v
	}
	if v := r.Header.Values("Access-Control-Request-Method"); len(v) > 0 {
		h["Access-Control-Allow-Methods"] = v
	}
	h["Access-Control-Max-Age"] = corsMaxAge
	s.respond(w, http.StatusOK, nil, nil)
	return true
}
