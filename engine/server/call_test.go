package server

import (
	"bufio"
	"io"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// GET requests are answered by path as DynamoDB answers them: the root is
// the health check (whatever the query), every other path is 404 with the
// body DynamoDB gives for requests it has no operation for. DynamoDB Local
// answers no GET request (500 InternalFailure, or 400
// MissingAuthenticationToken without credentials); we follow DynamoDB.
func TestGetPaths(t *testing.T) {
	health := "healthy: dynamodb.us-east-1.amazonaws.com "
	tests := []struct {
		path   string
		status int
		body   string
	}{
		{"/", 200, health},
		{"/?Action=ListTables&x=1", 200, health},
		{"/foo", 404, "<UnknownOperationException/>\n"},
		{"/console/", 404, "<UnknownOperationException/>\n"},
		{"//", 404, "<UnknownOperationException/>\n"},
		{"/%2F", 404, "<UnknownOperationException/>\n"},
	}
	for name, start := range transports {
		url := start(t, New(&fake{}))
		for _, tt := range tests {
			resp, err := plainClient.Get(url + tt.path)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tt.status || string(body) != tt.body {
				t.Errorf("%s: GET %s: %d %q, want %d %q", name, tt.path, resp.StatusCode, body, tt.status, tt.body)
			}
			if ct := resp.Header.Get("Content-Type"); ct != "text/plain" {
				t.Errorf("%s: GET %s: Content-Type %q", name, tt.path, ct)
			}
		}
	}
}

// The connection loop finds the path of a request target in absolute form
// too, as HTTP/1.1 servers must accept it.
func TestGetAbsoluteTarget(t *testing.T) {
	url := startLoop(t, New(&fake{}))
	nc := dial(t, url)
	go io.WriteString(nc, "GET http://x:8000/ HTTP/1.1\r\nHost: x\r\n\r\nGET http://x:8000 HTTP/1.1\r\nHost: x\r\n\r\nGET http://x/other?q HTTP/1.1\r\nHost: x\r\n\r\n")
	got := readAnswers(t, nc, bufio.NewReader(nc), http.MethodGet, 3)
	want := []wireAnswer{
		{Status: 200, Body: "healthy: dynamodb.us-east-1.amazonaws.com "},
		{Status: 200, Body: "healthy: dynamodb.us-east-1.amazonaws.com "},
		{Status: 404, Body: "<UnknownOperationException/>\n"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("answers (-want +got):\n%s", diff)
	}
}

func TestTargetPath(t *testing.T) {
	for target, want := range map[string]string{
		"/": "/", "/a/b": "/a/b", "http://h": "/", "http://h:1/": "/", "https://h/x/y": "/x/y", "*": "*", "": "",
	} {
		if got := targetPath(target); got != want {
			t.Errorf("targetPath(%q) = %q, want %q", target, got, want)
		}
	}
}
