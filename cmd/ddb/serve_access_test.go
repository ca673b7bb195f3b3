package main

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/smithy-go"

	"github.com/ddbkit/ddb/internal/clienttest"
	"github.com/ddbkit/ddb/internal/sdkrace"
)

// openFDs returns how many descriptors the process pid has open.
func openFDs(t *testing.T, pid int) int {
	t.Helper()
	fds, err := os.ReadDir("/proc/" + strconv.Itoa(pid) + "/fd")
	if err != nil {
		t.Skipf("no /proc to count descriptors: %v", err)
	}
	return len(fds)
}

// TestServeConnectionLimits checks --max-conns and --idle-timeout on the
// real binary: 60 clients that each sent one request and went quiet hold
// at most --max-conns connections (those over it are answered 503), a new
// client is served once the others have been idle a second (it takes the
// place of the longest idle), and idle connections are closed after the
// idle timeout.
func TestServeConnectionLimits(t *testing.T) {
	server := clienttest.Serve(t, clienttest.BuildDDB(t), "--max-conns", "20", "--idle-timeout", "3s")
	addr := strings.TrimPrefix(server.Endpoint, "http://")
	var conns []net.Conn
	for range 60 {
		nc, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer nc.Close()
		io.WriteString(nc, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
		if _, err := http.ReadResponse(bufio.NewReader(nc), nil); err != nil {
			t.Fatal(err)
		}
		conns = append(conns, nc)
	}
	// Refused connections are closed half a second after their answer.
	time.Sleep(1200 * time.Millisecond)
	if n := openFDs(t, server.PID()); n > 20+30 {
		t.Errorf("%d descriptors open with 60 idle clients and --max-conns 20", n)
	}
	nc, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	io.WriteString(nc, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	if resp, err := http.ReadResponse(bufio.NewReader(nc), nil); err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("a new client was not served: %v, %v", resp, err)
	}
	time.Sleep(2500 * time.Millisecond)
	for i, nc := range conns {
		nc.SetReadDeadline(time.Now().Add(time.Second))
		if _, err := nc.Read(make([]byte, 1)); !errors.Is(err, io.EOF) && !errors.Is(err, syscall.ECONNRESET) {
			t.Fatalf("connection %d still open after the idle timeout: %v", i, err)
		}
	}
}

// TestServeCutsSlowBody checks --body-timeout on the real binary: a body
// trickled a byte at a time is cut off.
func TestServeCutsSlowBody(t *testing.T) {
	server := clienttest.Serve(t, clienttest.BuildDDB(t), "--body-timeout", "1s")
	nc, err := net.Dial("tcp", strings.TrimPrefix(server.Endpoint, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	io.WriteString(nc, "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: DynamoDB_20120810.ListTables\r\n"+
		"Content-Type: application/x-amz-json-1.0\r\nContent-Length: 100\r\n\r\n")
	start := time.Now()
	closed := make(chan struct{})
	go func() {
		io.Copy(io.Discard, nc)
		close(closed)
	}()
	for {
		select {
		case <-closed:
			if took := time.Since(start); took > 5*time.Second {
				t.Errorf("slow body cut after %v, want about 1s", took)
			}
			return
		case <-time.After(200 * time.Millisecond):
			if time.Since(start) > 10*time.Second {
				t.Fatal("a body sent a byte at a time was not cut off in 10s")
			}
			nc.Write([]byte{' '})
		}
	}
}

// TestServeBodyBudget checks --max-body-mb on the real binary: while
// clients hold the whole 64 MB budget with bodies of 16 MB they have
// announced, a request that does not fit is answered 503, and requests are
// served again once the budget is free.
func TestServeBodyBudget(t *testing.T) {
	server := clienttest.Serve(t, clienttest.BuildDDB(t), "--max-body-mb", "64", "--body-timeout", "2s")
	for range 4 {
		holder, err := net.Dial("tcp", strings.TrimPrefix(server.Endpoint, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		defer holder.Close()
		io.WriteString(holder, "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: DynamoDB_20120810.ListTables\r\n"+
			"Content-Type: application/x-amz-json-1.0\r\nContent-Length: "+strconv.Itoa(16<<20)+"\r\n\r\n{")
	}
	time.Sleep(200 * time.Millisecond)
	status, body := rawCall(t, server.Endpoint, "ListTables", "{}")
	if want := `{"__type":"com.amazon.coral.availability#ServiceUnavailable","message":"The request has failed due to a temporary failure of the server."}`; status != 503 || body != want {
		t.Errorf("request over the budget: %d %s; want 503 %s", status, body, want)
	}
	time.Sleep(2500 * time.Millisecond) // the holders' body timeout frees the budget
	if status, body := rawCall(t, server.Endpoint, "ListTables", "{}"); status != 200 {
		t.Errorf("request after the budget was freed: %d %s", status, body)
	}
}

// TestServeCORS checks -cors on the real binary: by default only pages of
// this machine may call the server; "*" allows any.
func TestServeCORS(t *testing.T) {
	bin := clienttest.BuildDDB(t)
	tests := []struct {
		args            []string
		origin          string
		wantStatus      int
		wantAllowOrigin string
	}{
		{nil, "http://localhost:5173", 200, "http://localhost:5173"},
		{nil, "http://127.0.0.1:8080", 200, "http://127.0.0.1:8080"},
		{nil, "https://evil.example", 403, ""},
		{[]string{"-cors", "https://app.example.com"}, "https://app.example.com", 200, "https://app.example.com"},
		{[]string{"-cors", "https://app.example.com"}, "http://localhost:5173", 403, ""},
		{[]string{"-cors", "*"}, "https://evil.example", 200, "*"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " ")+" "+tt.origin, func(t *testing.T) {
			server := clienttest.Serve(t, bin, tt.args...)
			req, _ := http.NewRequest(http.MethodOptions, server.Endpoint, nil)
			req.Header.Set("Origin", tt.origin)
			req.Header.Set("Access-Control-Request-Method", "POST")
			req.Header.Set("Access-Control-Request-Headers", "content-type,x-amz-target,x-amz-date,authorization")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if got := resp.Header.Get("Access-Control-Allow-Origin"); resp.StatusCode != tt.wantStatus || got != tt.wantAllowOrigin {
				t.Errorf("preflight from %s: %d, Access-Control-Allow-Origin %q; want %d, %q", tt.origin, resp.StatusCode, got, tt.wantStatus, tt.wantAllowOrigin)
			}
		})
	}
}

// TestServeAuth checks --auth on the real binary with the SDK's signed
// requests.
func TestServeAuth(t *testing.T) {
	keyFile := filepath.Join(t.TempDir(), "keys")
	if err := os.WriteFile(keyFile, []byte("AKIDFILE:filesecret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	server := clienttest.Serve(t, clienttest.BuildDDB(t), "--auth", "AKIDFLAG:flagsecret", "--auth-file", keyFile)
	tests := []struct{ key, secret, wantCode string }{
		{"AKIDFLAG", "flagsecret", ""},
		{"AKIDFILE", "filesecret", ""},
		{"AKIDFLAG", "filesecret", "InvalidSignatureException"},
		{"AKIDOTHER", "whatever", "UnrecognizedClientException"},
	}
	for _, tt := range tests {
		client := dynamodb.New(dynamodb.Options{
			APIOptions:   sdkrace.Options(),
			BaseEndpoint: aws.String(server.Endpoint), Region: "us-east-1", RetryMaxAttempts: 1,
			Credentials: credentials.NewStaticCredentialsProvider(tt.key, tt.secret, ""),
		})
		_, err := client.ListTables(context.Background(), &dynamodb.ListTablesInput{})
		code := ""
		var ae smithy.APIError
		if errors.As(err, &ae) {
			code = ae.ErrorCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if code != tt.wantCode {
			t.Errorf("%s with secret %s: error %q, want %q", tt.key, tt.secret, code, tt.wantCode)
		}
	}
}

// TestServeTLS checks --tls-cert and --tls-key on the real binary: an SDK
// client that trusts the certificate is served over HTTPS.
func TestServeTLS(t *testing.T) {
	dir := t.TempDir()
	certFile, keyFile, pool := selfSignedCert(t, dir)
	server := clienttest.Serve(t, clienttest.BuildDDB(t), "--tls-cert", certFile, "--tls-key", keyFile)
	if !strings.HasPrefix(server.Endpoint, "https://") {
		t.Fatalf("endpoint %s, want https", server.Endpoint)
	}
	client := dynamodb.New(dynamodb.Options{
		APIOptions:   sdkrace.Options(),
		BaseEndpoint: aws.String(server.Endpoint), Region: "us-east-1", RetryMaxAttempts: 1,
		Credentials: credentials.NewStaticCredentialsProvider("AKID", "secret", ""),
		HTTPClient:  &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}},
	})
	createDurableTable(t, client)
	out, err := client.ListTables(context.Background(), &dynamodb.ListTablesInput{})
	if err != nil || len(out.TableNames) != 1 {
		t.Errorf("ListTables over HTTPS: %v, %v", out, err)
	}
}

// selfSignedCert writes a certificate for 127.0.0.1 and its key into dir
// and returns their files and a pool that trusts the certificate.
func selfSignedCert(t *testing.T, dir string) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "ddb test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, DNSNames: []string{"localhost"},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	return certFile, keyFile, pool
}
