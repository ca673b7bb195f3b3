package server

import (
	"errors"
	"hash/crc32"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"
)

const testAuth = "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc"

// request describes a raw HTTP request to the server.
type request struct {
	method      string // default POST
	target      string // operation name; default GetItem
	contentType string // default application/x-amz-json-1.0
	auth        string // default testAuth; "-" for none
	body        string
}

func (r request) send(s *Server) *httptest.ResponseRecorder {
	method, target, contentType, auth := r.method, r.target, r.contentType, r.auth
	if method == "" {
		method = http.MethodPost
	}
	if target == "" {
		target = "GetItem"
	}
	if contentType == "" {
		contentType = "application/x-amz-json-1.0"
	}
	req := httptest.NewRequest(method, "/", strings.NewReader(r.body))
	req.Header.Set("X-Amz-Target", targetPrefix+target)
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("X-Amz-Date", "20260101T000000Z")
	switch auth {
	case "":
		req.Header.Set("Authorization", testAuth)
	case "-":
	default:
		req.Header.Set("Authorization", auth)
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, req)
	return w
}

func TestProtocol(t *testing.T) {
	item := map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: "a"}}
	tests := []struct {
		name       string
		req        request
		backendErr error
		wantStatus int
		wantBody   string
	}{
		{"health check", request{method: http.MethodGet}, nil, 200, "healthy: dynamodb.us-east-1.amazonaws.com "},
		{"other method", request{method: http.MethodPut, body: "{}"}, nil, 404, "<UnknownOperationException/>\n"},
		{"foreign content type", request{contentType: "text/plain", body: "{}"}, nil, 404, "<UnknownOperationException/>\n"},
		{"JSON 1.1 accepted", request{contentType: "application/x-amz-json-1.1", body: `{"TableName":"t"}`}, nil, 200, "{}"},
		{"unknown operation", request{target: "Frobnicate", body: "{}"}, nil, 400,
			`{"__type":"com.amazon.coral.service#UnknownOperationException"}`},
		{"malformed before unknown operation", request{target: "Frobnicate", body: "{"}, nil, 400,
			`{"__type":"com.amazon.coral.service#SerializationException"}`},
		{"no credentials", request{auth: "-", body: "{}"}, nil, 400,
			`{"__type":"com.amazon.coral.service#MissingAuthenticationTokenException","message":"Request is missing Authentication Token"}`},
		{"incomplete signature", request{auth: "AWS4-HMAC-SHA256 Credential=a/b/c/d/e, SignedHeaders=host", body: "{}"}, nil, 400,
			`{"__type":"com.amazon.coral.service#IncompleteSignatureException","message":"Authorization header requires 'Signature' parameter. Authorization=AWS4-HMAC-SHA256 Credential=a/b/c/d/e, SignedHeaders=host"}`},
		{"empty body", request{}, nil, 400, `{"__type":"com.amazon.coral.service#SerializationException"}`},
		{"malformed JSON", request{body: `{"TableName":"t"`}, nil, 400, `{"__type":"com.amazon.coral.service#SerializationException"}`},
		{"trailing garbage", request{body: `{"TableName":"t"} x`}, nil, 400, `{"__type":"com.amazon.coral.service#SerializationException"}`},
		{"number for string", request{body: `{"TableName":5}`}, nil, 400,
			`{"__type":"com.amazon.coral.service#SerializationException","Message":"NUMBER_VALUE cannot be converted to String"}`},
		{"decimal for string", request{body: `{"TableName":1.5}`}, nil, 400,
			`{"__type":"com.amazon.coral.service#SerializationException","Message":"DECIMAL_VALUE cannot be converted to String"}`},
		{"boolean for string", request{body: `{"TableName":true}`}, nil, 400,
			`{"__type":"com.amazon.coral.service#SerializationException","Message":"TRUE_VALUE cannot be converted to String"}`},
		{"object for string", request{body: `{"TableName":{}}`}, nil, 400,
			`{"__type":"com.amazon.coral.service#SerializationException","Message":"Start of structure or map found where not expected"}`},
		{"array for string", request{body: `{"TableName":[]}`}, nil, 400,
			`{"__type":"com.amazon.coral.service#SerializationException","Message":"Unrecognized collection type class java.lang.String"}`},
		{"type error then malformed", request{body: `{"TableName":5,`}, nil, 400, `{"__type":"com.amazon.coral.service#SerializationException"}`},
		{"string for integer", request{target: "Query", body: `{"TableName":"t","Limit":"abc"}`}, nil, 400,
			`{"__type":"com.amazon.coral.service#SerializationException","Message":"STRING_VALUE cannot be converted to Integer"}`},
		{"fraction for integer", request{target: "Query", body: `{"TableName":"t","Limit":1.5}`}, nil, 200, `{"Count":0,"Items":[],"ScannedCount":0}`},
		{"largest integer", request{target: "Query", body: `{"TableName":"t","Limit":2147483647}`}, nil, 200, `{"Count":0,"Items":[],"ScannedCount":0}`},
		{"tiny integer", request{target: "Query", body: `{"TableName":"t","Limit":1e-400}`}, nil, 200, `{"Count":0,"Items":[],"ScannedCount":0}`},
		// Numbers a Java Integer or Long cannot hold: DynamoDB's parser
		// fails on them (DynamoDB Local answers 500 InternalFailure).
		{"integer overflow", request{target: "Query", body: `{"TableName":"t","Limit":2147483648}`}, nil, 400, errMalformedBody},
		{"huge integer", request{target: "Query", body: `{"TableName":"t","Limit":1e400}`}, nil, 400, errMalformedBody},
		{"huge negative integer", request{target: "Query", body: `{"TableName":"t","Limit":-1e400}`}, nil, 400, errMalformedBody},
		{"largest long", request{target: "CreateTable", body: `{"ProvisionedThroughput":{"ReadCapacityUnits":9223372036854775807}}`}, nil, 200, "{}"},
		{"long overflow", request{target: "CreateTable", body: `{"ProvisionedThroughput":{"ReadCapacityUnits":9223372036854775808}}`}, nil, 400, errMalformedBody},
		{"bad boolean string", request{body: `{"TableName":"t","ConsistentRead":"maybe"}`}, nil, 400,
			`{"__type":"com.amazon.coral.service#SerializationException","Message":"Unexpected token received from parser"}`},
		{"yes for BOOL", request{body: `{"TableName":"t","Key":{"b":{"BOOL":"yes"}}}`}, nil, 400,
			`{"__type":"com.amazon.coral.service#SerializationException","Message":"Unexpected token received from parser"}`},
		{"0 for NULL", request{body: `{"TableName":"t","Key":{"b":{"NULL":"0"}}}`}, nil, 400,
			`{"__type":"com.amazon.coral.service#SerializationException","Message":"Unexpected token received from parser"}`},
		{"null in SS", request{body: `{"TableName":"t","Key":{"s":{"SS":["a",null]}}}`}, nil, 400,
			`{"__type":"com.amazon.coral.validate#ValidationException","message":"One or more parameter values were invalid: An string set may not have a null string as a member"}`},
		{"null in NS", request{body: `{"TableName":"t","Key":{"s":{"NS":[null]}}}`}, nil, 400,
			`{"__type":"com.amazon.coral.validate#ValidationException","message":"A value provided cannot be converted into a number"}`},
		{"null in BS", request{body: `{"TableName":"t","Key":{"s":{"BS":["AA==",null]}}}`}, nil, 400,
			`{"__type":"com.amazon.coral.validate#ValidationException","message":"The supplied Item contains a null AttributeValue"}`},
		{"array for item", request{body: `{"TableName":"t","Key":[]}`}, nil, 400,
			`{"__type":"com.amazon.coral.service#SerializationException","Message":"Unrecognized collection type java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>"}`},
		{"string for attribute value", request{body: `{"TableName":"t","Key":{"pk":"a"}}`}, nil, 400,
			`{"__type":"com.amazon.coral.service#SerializationException","Message":"Unexpected value type in payload"}`},
		{"number for S", request{body: `{"TableName":"t","Key":{"pk":{"S":5}}}`}, nil, 400,
			`{"__type":"com.amazon.coral.service#SerializationException","Message":"NUMBER_VALUE cannot be converted to String"}`},
		{"bad base64 length", request{body: `{"TableName":"t","Key":{"pk":{"B":"abc"}}}`}, nil, 400,
			`{"__type":"com.amazon.coral.service#SerializationException","Message":"Base64 encoded length is expected a multiple of 4 bytes but found: 3"}`},
		{"bad base64", request{body: `{"TableName":"t","Key":{"pk":{"B":"ab!="}}}`}, nil, 400,
			`{"__type":"com.amazon.coral.service#SerializationException","Message":"Invalid last non-pad Base64 character dectected"}`},
		{"two data types", request{body: `{"TableName":"t","Key":{"pk":{"S":"a","N":"1"}}}`}, nil, 400,
			`{"__type":"com.amazon.coral.validate#ValidationException","message":"Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes"}`},
		{"array for structure", request{target: "TransactGetItems", body: `{"TransactItems":[[]]}`}, nil, 400,
			`{"__type":"com.amazon.coral.service#SerializationException","Message":"Unrecognized collection type class com.amazonaws.dynamodb.v20120810.TransactGetItem"}`},
		{"conditional check failed", request{body: `{"TableName":"t"}`},
			&types.ConditionalCheckFailedException{Message: aws.String("The conditional request failed"), Item: item}, 400,
			`{"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException","message":"The conditional request failed","Item":{"pk":{"S":"a"}}}`},
		{"transaction canceled", request{body: `{"TableName":"t"}`},
			&types.TransactionCanceledException{Message: aws.String("Transaction cancelled"), CancellationReasons: []types.CancellationReason{{Code: aws.String("None")}}}, 400,
			`{"__type":"com.amazonaws.dynamodb.v20120810#TransactionCanceledException","Message":"Transaction cancelled","CancellationReasons":[{"Code":"None"}]}`},
		{"resource not found", request{body: `{"TableName":"t"}`},
			&types.ResourceNotFoundException{Message: aws.String("Requested resource not found")}, 400,
			`{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","message":"Requested resource not found"}`},
		{"not an API error", request{body: `{"TableName":"t"}`}, errors.New("disk on fire"), 500,
			`{"__type":"com.amazonaws.dynamodb.v20120810#InternalServerError","message":"Internal server error"}`},
		{"throttling reasons", request{body: `{"TableName":"t"}`},
			&types.ThrottlingException{Message: aws.String("slow down"), ThrottlingReasons: []types.ThrottlingReason{{Reason: aws.String("r"), Resource: aws.String("t")}}}, 400,
			`{"__type":"com.amazon.coral.availability#ThrottlingException","message":"slow down","throttlingReasons":[{"reason":"r","resource":"t"}]}`},
		{"byte order mark skipped", request{body: "\xEF\xBB\xBF{\"TableName\":\"t\"}"}, nil, 200, "{}"},
		// DynamoDB reads bodies as UTF-8 and refuses other bytes with a
		// SerializationException without a message (DynamoDB Local fails
		// with a 500 InternalFailure). Strings decoded from such bytes, or
		// from escapes of unpaired surrogates, which UTF-8 cannot encode,
		// would all read back as U+FFFD: distinct keys would collide. The
		// escapes, which are JSON, get a message that says what is wrong
		// (DynamoDB Local, whose strings are Java's UTF-16, takes them).
		{"invalid UTF-8 in a key", request{body: "{\"TableName\":\"t\",\"Key\":{\"pk\":{\"S\":\"\xfe(\"}}}"}, nil, 400, errMalformedBody},
		{"invalid UTF-8 in an attribute name", request{body: "{\"TableName\":\"t\",\"Key\":{\"\xff\":{\"S\":\"a\"}}}"}, nil, 400, errMalformedBody},
		{"invalid UTF-8 in an unknown member", request{body: "{\"TableName\":\"t\",\"Bogus\":\"\xc3(\"}"}, nil, 400, errMalformedBody},
		{"invalid UTF-8 before the operation is known", request{target: "Frobnicate", body: "{\"a\":\"\xff\"}"}, nil, 400, errMalformedBody},
		{"overlong encoding", request{body: "{\"TableName\":\"\xc0\xaf\"}"}, nil, 400, errMalformedBody},
		{"encoded surrogate", request{body: "{\"TableName\":\"\xed\xa0\x80\"}"}, nil, 400, errMalformedBody},
		{"truncated sequence", request{body: "{\"TableName\":\"a\xe2\x82\"}"}, nil, 400, errMalformedBody},
		{"lone high surrogate escape", request{body: `{"TableName":"\ud800"}`}, nil, 400, errLoneSurrogateBody},
		{"lone low surrogate escape", request{body: `{"TableName":"\udc00\ud800"}`}, nil, 400, errLoneSurrogateBody},
		{"high surrogate escape before a letter", request{body: `{"TableName":"\ud800\u0041"}`}, nil, 400, errLoneSurrogateBody},
		{"lone surrogate escape in an attribute value", request{body: `{"TableName":"t","Key":{"pk":{"S":"x\ud800y"}}}`}, nil, 400, errLoneSurrogateBody},
		{"lone surrogate escape in an unknown member", request{body: `{"TableName":"t","Bogus":["\ud83d"]}`}, nil, 400, errLoneSurrogateBody},
		{"surrogate pair escape and raw UTF-8", request{body: `{"TableName":"\ud83d\ude00 é 😀"}`}, nil, 200, "{}"},
		{"too large", request{body: `{"TableName":"` + strings.Repeat("x", MaxRequestBytes) + `"}`}, nil, 413, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := New(&fake{err: tt.backendErr}, WithLogger(slog.New(slog.DiscardHandler)))
			w := tt.req.send(s)
			if w.Code != tt.wantStatus {
				t.Errorf("status %d, want %d", w.Code, tt.wantStatus)
			}
			if got := w.Body.String(); got != tt.wantBody {
				t.Errorf("body\n got %s\nwant %s", got, tt.wantBody)
			}
			checkHeaders(t, w)
		})
	}
}

// checkHeaders checks the headers DynamoDB sends with every response, with
// DynamoDB's spelling of their names.
func checkHeaders(t *testing.T, w *httptest.ResponseRecorder) {
	t.Helper()
	h := w.Result().Header
	get := func(name string) string { return strings.Join(h[name], ",") }
	if id := get("x-amzn-RequestId"); len(id) != 36 {
		t.Errorf("x-amzn-RequestId %q, want a UUID", id)
	}
	if got, want := get("x-amz-crc32"), strconv.FormatUint(uint64(crc32.ChecksumIEEE(w.Body.Bytes())), 10); got != want {
		t.Errorf("x-amz-crc32 %s, want %s", got, want)
	}
	if got, want := get("Content-Length"), strconv.Itoa(w.Body.Len()); got != want {
		t.Errorf("Content-Length %s, want %s", got, want)
	}
}

// TestDecodeInput checks what request bodies decode to.
func TestDecodeInput(t *testing.T) {
	tests := []struct {
		name string
		body string
		want *dynamodb.GetItemInput
	}{
		{"escapes and unknown members", `{"TableName":"a\"b\\c\/\u00e9\ud83d\ude00\n","Bogus":{"x":[1,true,null]},"ProjectionExpression":null}`,
			&dynamodb.GetItemInput{TableName: aws.String("a\"b\\c/é😀\n")}},
		{"boolean spellings", `{"ConsistentRead":"YES"}`, &dynamodb.GetItemInput{ConsistentRead: aws.Bool(true)}},
		{"BOOL spellings", `{"Key":{"t":{"BOOL":"True"},"f":{"BOOL":"FALSE"}}}`, &dynamodb.GetItemInput{Key: map[string]types.AttributeValue{
			"t": &types.AttributeValueMemberBOOL{Value: true}, "f": &types.AttributeValueMemberBOOL{Value: false}}}},
		{"every data type", `{"Key":{"s":{"S":""},"n":{"N":"1"},"b":{"B":"AAE="},"t":{"BOOL":false},"z":{"NULL":true},` +
			`"ss":{"SS":["a"]},"ns":{"NS":["2"]},"bs":{"BS":["AA=="]},"l":{"L":[{"S":"x"},{}]},"m":{"M":{"k":{"N":"3"}}},"e":{"Q":1}}}`,
			&dynamodb.GetItemInput{Key: map[string]types.AttributeValue{
				"s":  &types.AttributeValueMemberS{Value: ""},
				"n":  &types.AttributeValueMemberN{Value: "1"},
				"b":  &types.AttributeValueMemberB{Value: []byte{0, 1}},
				"t":  &types.AttributeValueMemberBOOL{Value: false},
				"z":  &types.AttributeValueMemberNULL{Value: true},
				"ss": &types.AttributeValueMemberSS{Value: []string{"a"}},
				"ns": &types.AttributeValueMemberNS{Value: []string{"2"}},
				"bs": &types.AttributeValueMemberBS{Value: [][]byte{{0}}},
				"l":  &types.AttributeValueMemberL{Value: []types.AttributeValue{&types.AttributeValueMemberS{Value: "x"}, emptyValue}},
				"m":  &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{"k": &types.AttributeValueMemberN{Value: "3"}}},
				"e":  emptyValue,
			}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fake{}
			if w := (request{body: tt.body}).send(New(f)); w.Code != 200 {
				t.Fatalf("status %d: %s", w.Code, w.Body)
			}
			if diff := cmp.Diff(tt.want, f.in, ignoreUnexported); diff != "" {
				t.Errorf("decoded input (-want +got):\n%s", diff)
			}
		})
	}
}

// TestAlwaysPresent checks the members DynamoDB sends even when empty.
func TestAlwaysPresent(t *testing.T) {
	tests := []struct {
		target string
		want   string
	}{
		{"ListTables", `{"TableNames":[]}`},
		{"Query", `{"Count":0,"Items":[],"ScannedCount":0}`},
		{"Scan", `{"Count":0,"Items":[],"ScannedCount":0}`},
		{"BatchGetItem", `{"Responses":{},"UnprocessedKeys":{}}`},
		{"BatchWriteItem", `{"UnprocessedItems":{}}`},
		{"GetItem", `{}`},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			w := (request{target: tt.target, body: `{}`}).send(New(&fake{}))
			if got := w.Body.String(); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestAppendJavaDouble(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{
		{0, "0.0"}, {1, "1.0"}, {0.5, "0.5"}, {-2.25, "-2.25"}, {1234567, "1234567.0"},
		{1e7, "1.0E7"}, {1.795631689051e9, "1.795631689051E9"}, {0.001, "0.001"}, {0.0001, "1.0E-4"}, {-1.5e-5, "-1.5E-5"},
	}
	for _, tt := range tests {
		if got := string(appendJavaDouble(nil, tt.in)); got != tt.want {
			t.Errorf("appendJavaDouble(%v) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestCORS(t *testing.T) {
	const expose = "x-amzn-RequestId,x-amzn-ErrorType,x-amz-request-id,x-amz-id-2,x-amzn-ErrorMessage,Date"
	preflight := func(origin, headers string) map[string]string {
		return map[string]string{"Origin": origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": headers}
	}
	tests := []struct {
		name        string
		allowed     []string // nil: the default, LocalOrigins
		method      string
		headers     map[string]string
		wantStatus  int
		wantHeaders map[string]string // "" means absent
	}{
		{"preflight from a local page", nil, http.MethodOptions, preflight("http://localhost:5173", "content-type,x-amz-target,authorization"), 200, map[string]string{
			"Access-Control-Allow-Origin": "http://localhost:5173", "Vary": "Origin", "Access-Control-Allow-Methods": "GET,POST",
			"Access-Control-Allow-Headers": "content-type,x-amz-target,authorization", "Access-Control-Max-Age": "172800",
			"Access-Control-Expose-Headers": "", "Content-Length": "0",
		}},
		{"preflight asks for headers no SDK sends", nil, http.MethodOptions, preflight("http://127.0.0.1:3000", "X-Amz-Target, x-evil, amz-sdk-request, cookie"), 200, map[string]string{
			"Access-Control-Allow-Origin": "http://127.0.0.1:3000", "Access-Control-Allow-Headers": "x-amz-target,amz-sdk-request",
		}},
		{"preflight of a compressed request", nil, http.MethodOptions, preflight("http://localhost:5173", "content-type,content-encoding"), 200, map[string]string{
			"Access-Control-Allow-Headers": "content-type,content-encoding",
		}},
		{"preflight from IPv6 loopback", nil, http.MethodOptions, preflight("http://[::1]:8080", "content-type"), 200, map[string]string{
			"Access-Control-Allow-Origin": "http://[::1]:8080",
		}},
		{"local page without a port", nil, http.MethodOptions, preflight("https://localhost", "content-type"), 200, map[string]string{
			"Access-Control-Allow-Origin": "https://localhost",
		}},
		{"preflight from another site", nil, http.MethodOptions, preflight("http://app.example", "content-type"), 403, map[string]string{
			"Access-Control-Allow-Origin": "", "Access-Control-Allow-Headers": "",
		}},
		{"a host that only starts like a local one", nil, http.MethodOptions, preflight("http://localhost.evil.example:80", "content-type"), 403, map[string]string{
			"Access-Control-Allow-Origin": "",
		}},
		{"request from another site", nil, http.MethodPost, map[string]string{"Origin": "http://app.example"}, 403, map[string]string{"Access-Control-Allow-Origin": ""}},
		{"request from a local page", nil, http.MethodPost, map[string]string{"Origin": "http://localhost:5173"}, 200, map[string]string{
			"Access-Control-Allow-Origin": "http://localhost:5173", "Access-Control-Expose-Headers": expose, "Access-Control-Max-Age": "",
		}},
		{"site allowed by name", []string{"https://app.example.com"}, http.MethodPost, map[string]string{"Origin": "https://app.example.com"}, 200, map[string]string{
			"Access-Control-Allow-Origin": "https://app.example.com",
		}},
		{"other port of a site allowed by name", []string{"https://app.example.com"}, http.MethodPost, map[string]string{"Origin": "https://app.example.com:8443"}, 403, nil},
		{"local page when only a site is allowed", []string{"https://app.example.com"}, http.MethodPost, map[string]string{"Origin": "http://localhost:5173"}, 403, nil},
		{"any origin", []string{"*"}, http.MethodOptions, preflight("http://app.example", "content-type"), 200, map[string]string{
			"Access-Control-Allow-Origin": "*", "Vary": "",
		}},
		{"no origin allowed", []string{}, http.MethodPost, map[string]string{"Origin": "http://localhost:5173"}, 403, nil},
		{"options without origin", nil, http.MethodOptions, nil, 404, map[string]string{"Access-Control-Allow-Origin": ""}},
		{"request without origin", nil, http.MethodPost, nil, 200, map[string]string{"Access-Control-Allow-Origin": ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(tt.method, "/", strings.NewReader(`{"TableName":"t"}`))
			req.Header.Set("X-Amz-Target", targetPrefix+"GetItem")
			req.Header.Set("Content-Type", "application/x-amz-json-1.0")
			req.Header.Set("X-Amz-Date", "20260101T000000Z")
			req.Header.Set("Authorization", testAuth)
			for k, v := range tt.headers {
				req.Header.Set(k, v)
			}
			w := httptest.NewRecorder()
			var opts []Option
			if tt.allowed != nil {
				opts = append(opts, WithCORS(tt.allowed))
			}
			New(&fake{}, opts...).ServeHTTP(w, req)
			if w.Code != tt.wantStatus {
				t.Errorf("status %d, want %d", w.Code, tt.wantStatus)
			}
			for k, want := range tt.wantHeaders {
				if got := w.Header().Get(k); got != want {
					t.Errorf("%s: %q, want %q", k, got, want)
				}
			}
			checkHeaders(t, w)
		})
	}
}

// TestCheckOrigins checks which --cors patterns are refused: a "*" other
// than the whole entry or the port.
func TestCheckOrigins(t *testing.T) {
	for _, list := range [][]string{{"*"}, LocalOrigins, {"https://app.example.com", " http://app.test:* "}, nil} {
		if err := CheckOrigins(list); err != nil {
			t.Errorf("CheckOrigins(%q): %v, want nil", list, err)
		}
	}
	for _, list := range [][]string{{"http://*.test"}, {"http://localhost:*", "https://app.*:8443"}, {"*:*"}, {"http://*"}} {
		if err := CheckOrigins(list); err == nil {
			t.Errorf("CheckOrigins(%q): nil, want an error", list)
		}
	}
}
