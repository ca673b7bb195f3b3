// Package console serves a web console for DynamoDB: tables (list,
// describe, create, delete, indexes, time to live, stream settings), items
// (browse, query and scan builders, edit as plain or DynamoDB JSON), a live
// view of a table's stream, and import and export as JSON lines or CSV.
//
// The console works with any backend: it calls DynamoDB through ddb.API
// and ddb.StreamsAPI, so the embedded engine, `ddb serve`, DynamoDB Local
// and AWS all serve it. Its page and assets are embedded in the binary and
// load nothing from elsewhere; the page calls only the console's own JSON
// API, under Prefix, which the handler serves:
//
//	mux.Handle(console.Prefix, console.New(db.API(), db.Streams()))
//
// The console is meant for a person on this machine. Its handler answers
// only requests addressed to an IP address or to localhost (a web page
// cannot reach it by rebinding a name of its own to this machine), and a
// request that changes anything must come from the console's own page: it
// must carry the X-DDB-Console header, which a page of another origin
// cannot send without a CORS permission the console never gives, and its
// Origin, when the browser sends one, must be the console's own.
package console

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	smithy "github.com/aws/smithy-go"

	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/internal/hostname"
	"github.com/ddbkit/ddb/internal/itemio"
)

// Prefix is the path the console is served under.
const Prefix = "/console/"

// HeaderName is the request header every state-changing request of the
// console's page carries (with the value "1").
const HeaderName = "X-DDB-Console"

// Handler serves the console. It is safe for concurrent use.
type Handler struct {
	api     ddb.API
	streams ddb.StreamsAPI // nil: the backend serves no streams
	log     *slog.Logger
	hosts   map[string]bool // host names allowed besides IP addresses and localhost
	label   string          // what the page says it is connected to
	local   bool            // answer loopback clients only
	mux     *http.ServeMux
}

// Option configures a Handler.
type Option func(*Handler)

// WithLogger sets the logger for internal errors (default slog.Default()).
func WithLogger(l *slog.Logger) Option {
	return func(h *Handler) { h.log = l }
}

// WithHosts allows requests addressed to the given host names (without
// port), for a console reached through a name other than localhost, such
// as behind a reverse proxy. IP addresses and localhost are always allowed.
func WithHosts(names ...string) Option {
	return func(h *Handler) {
		for _, n := range names {
			h.hosts[strings.ToLower(n)] = true
		}
	}
}

// WithLoopbackOnly makes the console answer only clients on this machine
// (a loopback peer address): for a console beside an API that verifies
// signatures, which the console, calling the backend directly, does not.
func WithLoopbackOnly() Option {
	return func(h *Handler) { h.local = true }
}

// WithEndpoint sets what the page says the console is connected to, such as
// the endpoint's URL.
func WithEndpoint(label string) Option {
	return func(h *Handler) { h.label = label }
}

// New returns the console's handler for a backend. streams may be nil, for
// a backend without DynamoDB Streams; the stream view then says so.
func New(api ddb.API, streams ddb.StreamsAPI, opts ...Option) *Handler {
	h := &Handler{api: api, streams: streams, log: slog.Default(), hosts: map[string]bool{}, mux: http.NewServeMux()}
	for _, o := range opts {
		o(h)
	}
	h.routes()
	return h
}

// routes registers the console's page, assets and API.
func (h *Handler) routes() {
	m := h.mux
	m.HandleFunc("GET "+Prefix+"{$}", h.serveAsset)
	m.HandleFunc("GET "+Prefix+"{file}", h.serveAsset)

	api := Prefix + "api/"
	m.HandleFunc("GET "+api+"info", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"endpoint": h.label, "streams": h.streams != nil})
	})
	m.HandleFunc("GET "+api+"tables", h.serve(h.listTables))
	m.HandleFunc("POST "+api+"tables", h.serve(h.createTable))
	m.HandleFunc("GET "+api+"tables/{table}", h.serve(h.describeTable))
	m.HandleFunc("DELETE "+api+"tables/{table}", h.serve(h.deleteTable))
	m.HandleFunc("POST "+api+"tables/{table}/indexes", h.serve(h.createIndex))
	m.HandleFunc("DELETE "+api+"tables/{table}/indexes/{index}", h.serve(h.deleteIndex))
	m.HandleFunc("PUT "+api+"tables/{table}/ttl", h.serve(h.updateTTL))
	m.HandleFunc("PUT "+api+"tables/{table}/stream", h.serve(h.updateStream))

	m.HandleFunc("POST "+api+"tables/{table}/search", h.serve(h.search))
	m.HandleFunc("GET "+api+"tables/{table}/item", h.serve(h.getItem))
	m.HandleFunc("PUT "+api+"tables/{table}/item", h.serve(h.putItem))
	m.HandleFunc("DELETE "+api+"tables/{table}/item", h.serve(h.deleteItem))

	m.HandleFunc("POST "+api+"tables/{table}/export", h.serve(h.export))
	m.HandleFunc("POST "+api+"tables/{table}/import", h.serve(h.importItems))
	m.HandleFunc("POST "+api+"tables/{table}/stream/poll", h.serve(h.pollStream))

	m.HandleFunc(api, func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, &apiError{Code: "NotFound", Message: "no such console API: " + r.Method + " " + r.URL.Path})
	})
}

// apiFunc is a handler of the console API; its error is the answer.
type apiFunc func(w http.ResponseWriter, r *http.Request) error

// serve adapts an apiFunc to net/http, answering its error (see fail).
func (h *Handler) serve(f apiFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := f(w, r); err != nil {
			h.fail(w, r, err)
		}
	}
}

// ServeHTTP answers a request for the console, after checking that it is
// addressed to this machine and, if it changes anything, comes from the
// console's own page.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hdr := w.Header()
	hdr.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
	hdr.Set("X-Content-Type-Options", "nosniff")
	hdr.Set("Referrer-Policy", "no-referrer")
	hdr.Set("Cross-Origin-Resource-Policy", "same-origin")
	if h.local && !loopbackPeer(r.RemoteAddr) {
		writeError(w, http.StatusForbidden, &apiError{Code: "Forbidden", Message: "the console answers clients on this machine only"})
		return
	}
	if !h.allowedHost(r.Host) {
		writeError(w, http.StatusForbidden, &apiError{Code: "Forbidden", Message: "the console answers requests addressed to an IP address or localhost only, not " + r.Host})
		return
	}
	if err := checkSameOrigin(r); err != nil {
		writeError(w, http.StatusForbidden, &apiError{Code: "Forbidden", Message: err.Error()})
		return
	}
	h.mux.ServeHTTP(w, r)
}

// allowedHost reports whether a request's Host may reach the console: an
// IP address (which no other site can make a browser resolve to this
// machine), localhost or a name under it, or a name allowed by WithHosts.
func (h *Handler) allowedHost(host string) bool {
	return hostname.Local(host) || h.hosts[hostname.Name(host)]
}

// loopbackPeer reports whether a request's remote address is a loopback
// address.
func loopbackPeer(remote string) bool {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// checkSameOrigin refuses a request that changes something unless the
// console's page sent it: it carries the console's header, and the
// browser's Origin and Sec-Fetch-Site, when present, say it comes from the
// console's own origin.
func checkSameOrigin(r *http.Request) error {
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		if site := r.Header.Get("Sec-Fetch-Site"); site == "cross-site" && strings.HasPrefix(r.URL.Path, Prefix+"api/") {
			return errors.New("the console API answers its own page only")
		}
		return nil
	}
	if r.Header.Get(HeaderName) != "1" {
		return errors.New("a request that changes data must come from the console's page (missing " + HeaderName + " header)")
	}
	if origin := r.Header.Get("Origin"); origin != "" && origin != "http://"+r.Host && origin != "https://"+r.Host {
		return errors.New("the console API answers its own page only, not " + origin)
	}
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" && site != "same-origin" {
		return errors.New("the console API answers its own page only (Sec-Fetch-Site: " + site + ")")
	}
	return nil
}

// apiError is the body of an error answer: {"error": {...}}. Errors of
// DynamoDB keep their code and message; errors in an item's text carry
// where they are.
type apiError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
	Path    string `json:"path,omitempty"`
}

// writeJSON writes v as a JSON answer.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// writeError writes an error answer.
func writeError(w http.ResponseWriter, status int, e *apiError) {
	writeJSON(w, status, map[string]*apiError{"error": e})
}

// fail answers with err (see errorAnswer).
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	status, e := h.errorAnswer(r, err)
	if e != nil {
		writeError(w, status, e)
	}
}

// errorAnswer returns the status and body of an error answer: a DynamoDB
// error keeps its code and message (400 for the client's errors, 502 for
// the service's), an itemio.ParseError its position, a badRequest is 400, a
// conflict 409, and anything else is 500. A nil body means no answer (the
// page went away).
func (h *Handler) errorAnswer(r *http.Request, err error) (int, *apiError) {
	var pe *itemio.ParseError
	var br badRequest
	var cf conflict
	var ae smithy.APIError
	switch {
	case errors.As(err, &pe):
		return http.StatusBadRequest, &apiError{Code: "ParseError", Message: pe.Msg, Line: pe.Line, Column: pe.Column, Path: pe.Path}
	case errors.As(err, &br):
		return http.StatusBadRequest, &apiError{Code: "BadRequest", Message: string(br)}
	case errors.As(err, &cf):
		return http.StatusConflict, &apiError{Code: "Conflict", Message: string(cf)}
	case errors.As(err, &ae):
		status := http.StatusBadRequest
		if ae.ErrorFault() == smithy.FaultServer {
			status = http.StatusBadGateway
		}
		return status, &apiError{Code: ae.ErrorCode(), Message: ae.ErrorMessage()}
	case errors.Is(err, context.Canceled):
		return 0, nil
	default:
		h.log.Error("console: request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		return http.StatusInternalServerError, &apiError{Code: "InternalError", Message: err.Error()}
	}
}

// badRequest is an error in a console request itself.
type badRequest string

func (e badRequest) Error() string { return string(e) }

// conflict is a write refused because its item changed since the page
// loaded it.
type conflict string

func (e conflict) Error() string { return string(e) }

// readJSON decodes a request's JSON body into v.
func readJSON(r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, maxRequestJSON))
	if err := dec.Decode(v); err != nil {
		return badRequest("the request is not the JSON expected: " + err.Error())
	}
	return nil
}

// maxRequestJSON bounds the JSON body of a console request (an item's text
// in any format fits).
const maxRequestJSON = 8 << 20

// describe returns a table's description.
func (h *Handler) describe(ctx context.Context, table string) (*dynamodb.DescribeTableOutput, error) {
	return h.api.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: &table})
}
