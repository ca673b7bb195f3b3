package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
)

// BenchmarkServeListTables measures a ListTables round trip through `ddb serve`
// on one keep-alive connection, without and with --console (whose
// connections are routed by their first request and then read through the
// routing's buffer), with a client that writes the request's bytes itself.
//
//	go test -run '^$' -bench ServeListTables -count 6 ./cmd/ddb
func BenchmarkServeListTables(b *testing.B) {
	for name, args := range map[string][]string{"api-only": {"serve", "--port", "0"}, "console": {"serve", "--port", "0", "--console"}} {
		b.Run(name, func(b *testing.B) {
			ctx, stop := context.WithCancel(context.Background())
			defer stop()
			stdout, w := io.Pipe()
			done := make(chan error, 1)
			go func() { done <- run(ctx, args, w, io.Discard) }()
			line, err := bufio.NewReader(stdout).ReadString('\n')
			if err != nil {
				b.Fatal(err)
			}
			go io.Copy(io.Discard, stdout)
			endpoint := strings.TrimSpace(strings.TrimPrefix(line, "listening on "))
			body := `{}`
			req := fmt.Sprintf("POST / HTTP/1.1\r\nHost: %s\r\nContent-Type: application/x-amz-json-1.0\r\n"+
				"X-Amz-Target: DynamoDB_20120810.ListTables\r\nX-Amz-Date: 20260101T000000Z\r\n"+
				"Authorization: AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc\r\n"+
				"Content-Length: %d\r\n\r\n%s", strings.TrimPrefix(endpoint, "http://"), len(body), body)
			c, err := net.Dial("tcp", strings.TrimPrefix(endpoint, "http://"))
			if err != nil {
				b.Fatal(err)
			}
			defer c.Close()
			r := bufio.NewReader(c)
			b.ResetTimer()
			for range b.N {
				if _, err := io.WriteString(c, req); err != nil {
					b.Fatal(err)
				}
				resp, err := http.ReadResponse(r, nil)
				if err != nil {
					b.Fatal(err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					b.Fatalf("status %d", resp.StatusCode)
				}
			}
			b.StopTimer()
			c.Close()
			stop()
			<-done
		})
	}
}
