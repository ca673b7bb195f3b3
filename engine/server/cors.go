package server

import "net/http"

// CORS headers DynamoDB sends to browsers: any origin may call it, a
// preflight answer may be cached for two days, and scripts may read the
// request id and error headers of a response.
const (
	corsAnyOrigin     = "*"
	corsMaxAge        = "172800"
	corsExposeHeaders = "x-amzn-RequestId,x-amzn-ErrorType,x-amz-request-id,x-amz-id-2,x-amzn-ErrorMessage,Date"
)

// cors adds DynamoDB's CORS headers to the reply to a call from a browser
// (one with an Origin header) and answers its preflight requests: an OPTIONS
// request gets status 200 and no body, allowing the method and headers it
// asks for. It reports whether the call has been answered.
func (s *Server) cors(c *call, out *reply) bool {
	if c.origin == "" {
		return false
	}
	out.headers = append(out.headers, header{"Access-Control-Allow-Origin", corsAnyOrigin})
	if c.method != http.MethodOptions {
		out.headers = append(out.headers, header{"Access-Control-Expose-Headers", corsExposeHeaders})
		return false
	}
	for _, v := range c.corsHeaders {
		out.headers = append(out.headers, header{"Access-Control-Allow-Headers", v})
	}
	for _, v := range c.corsMethods {
		out.headers = append(out.headers, header{"Access-Control-Allow-Methods", v})
	}
	out.headers = append(out.headers, header{"Access-Control-Max-Age", corsMaxAge})
	out.set(http.StatusOK, nil, nil)
	return true
}
