package proc

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestPing(t *testing.T) {
	status := http.StatusOK
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Amz-Target") != "DynamoDB_20120810.ListTables" || r.Header.Get("X-Amz-Date") == "" ||
			!strings.HasPrefix(r.Header.Get("Authorization"), "AWS4-HMAC-SHA256 Credential=") {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		w.WriteHeader(status)
	}))
	defer srv.Close()
	if err := Ping(context.Background(), srv.URL); err != nil {
		t.Errorf("Ping of an answering server: %v", err)
	}
	status = http.StatusInternalServerError
	if err := Ping(context.Background(), srv.URL); err == nil {
		t.Error("Ping accepted HTTP 500")
	}
}
