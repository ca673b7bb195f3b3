package server

import (
	"bufio"
	"bytes"
	"errors"
	"reflect"
	"testing"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// FuzzReadRequest reads arbitrary bytes as HTTP/1.1 requests, as the
// connection loop does: reading must never panic nor hold more of a body
// than the limit, and a request read must be one the parser accepts again.
// The seed corpus is in testdata/fuzz/FuzzReadRequest.
func FuzzReadRequest(f *testing.F) {
	f.Add([]byte(post(`{"TableName":"t"}`)))
	f.Add([]byte(chunked("5\r\n{\"Tab\r\n", "c\r\nleName\":\"t\"}\r\n", "0\r\n\r\n")))
	f.Add([]byte("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r := bufio.NewReaderSize(bytes.NewReader(data), 64)
		for range 4 { // pipelined requests
			var q httpRequest
			q.keepAll = true
			if _, err := q.read(r); err != nil {
				return
			}
			const limit = 1 << 10
			body, err := q.readBody(r, nil, limit, func(int) error { return nil })
			if len(body) > limit {
				t.Fatalf("read a %d-byte body over the %d-byte limit", len(body), limit)
			}
			if err != nil {
				return
			}
			if !q.chunked && int64(len(body)) != q.contentLength {
				t.Fatalf("body of %d bytes, Content-Length %d", len(body), q.contentLength)
			}
		}
	})
}

// FuzzDecodeBody decodes arbitrary bytes as the bodies of the operations
// with the deepest inputs: decoding must never panic, must refuse what is
// not JSON with the message-less SerializationException, and any string
// it decodes is UTF-8. The seed corpus is in testdata/fuzz/FuzzDecodeBody.
func FuzzDecodeBody(f *testing.F) {
	f.Add([]byte(`{"TableName":"t","Item":{"pk":{"S":"a"},"l":{"L":[{"N":"1"},{"M":{"x":{"BOOL":true}}}]}}}`))
	f.Add([]byte(`{"TableName":"t","Key":{"pk":{"S":"\ud83d\ude00"}},"ExpressionAttributeValues":{":v":{"SS":["a","b"]}},"Limit":1.5}`))
	f.Add([]byte(`{"TransactItems":[{"Update":{"TableName":"t","ExpressionAttributeValues":{":d":` + nestedList(40) + `}}}]}`))
	inputs := []reflect.Type{
		reflect.TypeFor[dynamodb.PutItemInput](),
		reflect.TypeFor[dynamodb.QueryInput](),
		reflect.TypeFor[dynamodb.TransactWriteItemsInput](),
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		body := string(data)
		for _, in := range inputs {
			v := reflect.New(in)
			err := decodeBody([]byte(body), nil, lockedDecoder(in), v.UnsafePointer())
			if bad := malformation(body); bad != nil && !errors.Is(err, bad) {
				t.Fatalf("%v: body not JSON, error %v; want the SerializationException", in, err)
			}
			if err == nil && utf8.ValidString(body) {
				checkStrings(t, v.Elem())
			}
		}
	})
}

// checkStrings fails the test if a string reachable from v is not UTF-8.
func checkStrings(t *testing.T, v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		if !utf8.ValidString(v.String()) {
			t.Fatalf("decoded a string that is not UTF-8: %q", v.String())
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			checkStrings(t, v.Elem())
		}
	case reflect.Slice:
		for i := range v.Len() {
			checkStrings(t, v.Index(i))
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			checkStrings(t, it.Key())
			checkStrings(t, it.Value())
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				checkStrings(t, v.Field(i))
			}
		}
	}
}
