package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unsafe"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine"
	"github.com/ddbkit/ddb/internal/hostname"
)

// The admin API, for local testing only: fault rules and the clock of the
// engine served, as JSON under /_ddb/ on the server's own listener, off
// unless the server is made WithAdmin. docs/admin-api.md describes it.
// Browsers may not call it from another origin (no CORS answer, and 403
// for a foreign Origin), nor through a name other than an IP address or
// localhost (403: a site that points its own name at this machine, DNS
// rebinding, would otherwise be the server's own origin), so a web page
// cannot reach it through a developer's browser.

// adminPrefix starts the path of every admin call.
const adminPrefix = "/_ddb/"

// maxAdminBytes bounds the body of an admin call.
const maxAdminBytes = 1 << 20

// WithAdmin serves the admin API of db (fault rules and clock, see
// engine.Faults and engine.Clock) under /_ddb/, for local testing only.
func WithAdmin(db *engine.DB) Option {
	return func(s *Server) { s.admin = db }
}

// isAdmin reports whether c is a call of the admin API.
func (s *Server) isAdmin(c *call) bool {
	return s.admin != nil && strings.HasPrefix(c.path, adminPrefix)
}

// adminHead refuses admin calls from browser pages of another origin or
// addressed to another name than this machine's, and bodies over
// maxAdminBytes; it reports whether it answered.
func (s *Server) adminHead(c *call, out *reply) bool {
	host := c.header("host")
	switch {
	case !hostname.Local(host):
		adminError(out, http.StatusForbidden, "the admin API answers requests addressed to an IP address or localhost only, not "+host)
	case c.method == http.MethodOptions || (c.origin != "" && c.origin != "http://"+host && c.origin != "https://"+host):
		adminError(out, http.StatusForbidden, "the admin API does not serve other origins")
	case c.contentLength > maxAdminBytes:
		adminError(out, http.StatusRequestEntityTooLarge, "request body too large")
	default:
		return false
	}
	return true
}

// adminCall answers an admin call whose body has been read. A server that
// verifies signatures (WithAuth) requires them of admin calls too.
func (s *Server) adminCall(c *call, out *reply) {
	if s.auth != nil {
		err := checkAuth(c)
		if err == nil {
			err = s.auth.verify(c, c.sent)
		}
		if err != nil {
			adminError(out, http.StatusForbidden, "the admin API requires a valid signature: "+err.Error())
			return
		}
	}
	route, id, _ := strings.Cut(strings.TrimPrefix(c.path, adminPrefix), "/")
	faults := s.admin.Faults()
	clock := s.admin.Clock()
	switch {
	case route == "faults" && id != "":
		n, err := strconv.Atoi(id)
		switch {
		case c.method != http.MethodDelete:
			adminError(out, http.StatusMethodNotAllowed, "use DELETE to remove a rule")
		case err != nil || !faults.Remove(n):
			adminError(out, http.StatusNotFound, "no fault rule "+id)
		default:
			adminJSON(out, struct{}{})
		}
	case route == "faults" && c.method == http.MethodGet:
		rules := []ruleStatusJSON{}
		for _, r := range faults.List() {
			rules = append(rules, ruleStatusOf(r))
		}
		adminJSON(out, map[string][]ruleStatusJSON{"rules": rules})
	case route == "faults" && c.method == http.MethodPost:
		var in ruleJSON
		if err := strictJSON(c.body, &in); err != nil {
			adminError(out, http.StatusBadRequest, err.Error())
			return
		}
		r, err := in.rule()
		if err == nil {
			_, err = faults.Add(r)
		}
		if err != nil {
			adminError(out, http.StatusBadRequest, err.Error())
			return
		}
		all := faults.List()
		adminJSON(out, ruleStatusOf(all[len(all)-1]))
	case route == "faults" && c.method == http.MethodDelete:
		faults.Clear()
		adminJSON(out, struct{}{})
	case route == "faults":
		adminError(out, http.StatusMethodNotAllowed, "use GET, POST or DELETE")
	case route == "clock" && id == "" && c.method == http.MethodGet:
		adminJSON(out, clockJSON{Now: clock.Now().UTC().Format(time.RFC3339Nano)})
	case route == "clock" && id == "" && c.method == http.MethodPost:
		if err := moveClock(clock, c.body); err != nil {
			adminError(out, http.StatusBadRequest, err.Error())
			return
		}
		adminJSON(out, clockJSON{Now: clock.Now().UTC().Format(time.RFC3339Nano)})
	case route == "clock" && id == "":
		adminError(out, http.StatusMethodNotAllowed, "use GET or POST")
	default:
		adminError(out, http.StatusNotFound, "no admin API at "+c.path)
	}
}

// clockJSON is the clock's time, and a request to move it.
type clockJSON struct {
	Now     string `json:"now,omitempty"`
	Advance string `json:"advance,omitempty"`
	Set     string `json:"set,omitempty"`
}

// moveClock moves clock as body asks: by "advance" or to "set".
func moveClock(clock *engine.Clock, body []byte) error {
	var in clockJSON
	if err := strictJSON(body, &in); err != nil {
		return err
	}
	switch {
	case in.Now != "" || (in.Advance == "") == (in.Set == ""):
		return errors.New(`give the clock either "advance" (a duration such as "24h") or "set" (an RFC 3339 time)`)
	case in.Advance != "":
		d, err := time.ParseDuration(in.Advance)
		if err != nil {
			return fmt.Errorf("advance: %w", err)
		}
		return clock.Advance(d)
	}
	t, err := time.Parse(time.RFC3339Nano, in.Set)
	if err != nil {
		return fmt.Errorf("set: %w", err)
	}
	return clock.Set(t)
}

// ruleJSON is the JSON form of an engine.Rule.
type ruleJSON struct {
	Operation   string          `json:"operation,omitempty"`
	Table       string          `json:"table,omitempty"`
	Key         json.RawMessage `json:"key,omitempty"` // DynamoDB JSON
	From        int             `json:"from,omitempty"`
	To          int             `json:"to,omitempty"`
	Probability float64         `json:"probability,omitempty"`
	Seed        uint64          `json:"seed,omitempty"`
	Fault       faultJSON       `json:"fault"`
}

// faultJSON is the JSON form of an engine.Fault.
type faultJSON struct {
	Error       string `json:"error,omitempty"`
	Message     string `json:"message,omitempty"`
	Unprocessed bool   `json:"unprocessed,omitempty"`
	Delay       string `json:"delay,omitempty"`
	MaxDelay    string `json:"maxDelay,omitempty"`
}

// ruleStatusJSON is the JSON form of an engine.RuleStatus.
type ruleStatusJSON struct {
	ID int `json:"id"`
	ruleJSON
	Calls int `json:"calls"`
	Hits  int `json:"hits"`
}

// keyCodecs are the codecs that read and write keys in DynamoDB JSON,
// compiled on first use.
var keyCodecs = newLazyCodecs(itemType, itemType, "")

// rule converts the JSON form to an engine.Rule.
func (j *ruleJSON) rule() (engine.Rule, error) {
	r := engine.Rule{
		Operation: j.Operation, Table: j.Table, From: j.From, To: j.To, Probability: j.Probability, Seed: j.Seed,
		Fault: engine.Fault{Error: j.Fault.Error, Message: j.Fault.Message, Unprocessed: j.Fault.Unprocessed},
	}
	if len(j.Key) > 0 && string(j.Key) != "null" {
		var key map[string]types.AttributeValue
		if err := decodeBody(j.Key, nil, keyCodecs.get().dec, unsafe.Pointer(&key)); err != nil {
			return r, fmt.Errorf("key: %w", err)
		}
		for name, v := range key {
			if v == nil || v == emptyValue {
				return r, fmt.Errorf("key: attribute %q has no value", name)
			}
		}
		r.Key = key
	}
	for _, d := range []struct {
		name string
		text string
		to   *time.Duration
	}{{"delay", j.Fault.Delay, &r.Fault.Delay}, {"maxDelay", j.Fault.MaxDelay, &r.Fault.MaxDelay}} {
		if d.text == "" {
			continue
		}
		v, err := time.ParseDuration(d.text)
		if err != nil {
			return r, fmt.Errorf("%s: %w", d.name, err)
		}
		*d.to = v
	}
	return r, nil
}

// ruleStatusOf converts an engine.RuleStatus to its JSON form.
func ruleStatusOf(s engine.RuleStatus) ruleStatusJSON {
	j := ruleStatusJSON{ID: s.ID, Calls: s.Calls, Hits: s.Hits, ruleJSON: ruleJSON{
		Operation: s.Operation, Table: s.Table, From: s.From, To: s.To, Probability: s.Probability, Seed: s.Seed,
		Fault: faultJSON{Error: s.Fault.Error, Message: s.Fault.Message, Unprocessed: s.Fault.Unprocessed},
	}}
	if s.Key != nil {
		e := encoder{}
		keyCodecs.get().enc(&e, unsafe.Pointer(&s.Key))
		j.Key = e.buf
	}
	if s.Fault.Delay != 0 {
		j.Fault.Delay = s.Fault.Delay.String()
	}
	if s.Fault.MaxDelay != 0 {
		j.Fault.MaxDelay = s.Fault.MaxDelay.String()
	}
	return j
}

// strictJSON decodes body into v, refusing members v does not have.
func strictJSON(body []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(body))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		return fmt.Errorf("malformed request: %w", err)
	}
	if d.More() {
		return errors.New("malformed request: more than one JSON value")
	}
	return nil
}

// contentTypeAdmin is the content type of the admin API's answers.
var contentTypeAdmin = []string{"application/json"}

// adminJSON answers with status 200 and the JSON of v.
func adminJSON(out *reply, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		adminError(out, http.StatusInternalServerError, err.Error())
		return
	}
	out.set(http.StatusOK, contentTypeAdmin, append(body, '\n'))
}

// adminError answers with an error status and message.
func adminError(out *reply, status int, message string) {
	body, _ := json.Marshal(map[string]string{"message": message})
	out.set(status, contentTypeAdmin, append(body, '\n'))
}
