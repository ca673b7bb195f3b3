package server

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/ddbkit/ddb/engine/internal/apierr"
)

// checkAuth rejects requests that carry no AWS Signature Version 4
// credentials, with DynamoDB's errors. Signatures are verified only with
// WithAuth (see verify); otherwise any access key and secret are accepted,
// as DynamoDB Local does.
func checkAuth(c *call) error {
	auth := c.authorization
	if auth == "" && strings.Contains(c.rawQuery, "X-Amz-Algorithm=") {
		return nil // a presigned request
	}
	if !strings.HasPrefix(strings.TrimSpace(auth), "AWS4-") {
		return apierr.New(apierr.CodeMissingAuthentication, "Request is missing Authentication Token")
	}
	var msg strings.Builder
	for _, param := range []string{"Credential", "Signature", "SignedHeaders"} {
		if !strings.Contains(auth, param+"=") {
			msg.WriteString("Authorization header requires '" + param + "' parameter. ")
		}
	}
	if c.amzDate == "" && c.date == "" {
		msg.WriteString("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ")
	}
	if msg.Len() > 0 {
		return apierr.New(apierr.CodeIncompleteSignature, msg.String()+"Authorization="+auth)
	}
	return nil
}

// accessKeys are the access keys a server started WithAuth accepts, and
// what verifying their signatures takes.
type accessKeys struct {
	secrets map[string]string // secret access key by access key id
	signer  *v4.Signer
	now     func() time.Time
}

// WithAuth makes the server verify the AWS Signature Version 4 of every
// request, as DynamoDB does: keys maps each access key id accepted to its
// secret access key. A request signed with another key is refused with
// UnrecognizedClientException, one whose signature does not match (or whose
// time is more than 15 minutes from the server's) with
// InvalidSignatureException. Requests presigned in their query string are
// refused. Without WithAuth, signatures are not checked.
func WithAuth(keys map[string]string) Option {
	return func(s *Server) {
		s.auth = &accessKeys{secrets: keys, signer: v4.NewSigner(), now: time.Now}
	}
}

// maxClockSkew is how far a request's time may be from the server's.
const maxClockSkew = 15 * time.Minute

// amzDateFormat is the layout of X-Amz-Date.
const amzDateFormat = "20060102T150405Z"

// Messages of AWS's signature errors.
const (
	msgUnrecognizedClient = "The security token included in the request is invalid."
	msgSignatureMismatch  = "The request signature we calculated does not match the signature you provided. " +
		"Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
)

// verify checks the signature of a request with a body, by signing the
// same request again with aws-sdk-go-v2's signer and the secret of its
// access key, and comparing.
func (k *accessKeys) verify(c *call, body []byte) error {
	if c.authorization == "" {
		return apierr.New(apierr.CodeMissingAuthentication, "Request is missing Authentication Token")
	}
	credential, signedHeaders, signature := authParams(c.authorization)
	scope := strings.Split(credential, "/")
	if len(scope) != 5 || scope[4] != "aws4_request" {
		return apierr.New(apierr.CodeIncompleteSignature, "Authorization header requires 'Credential' parameter. Authorization="+c.authorization)
	}
	secret, ok := k.secrets[scope[0]]
	if !ok {
		return apierr.New(apierr.CodeUnrecognizedClient, msgUnrecognizedClient)
	}
	signed, err := time.Parse(amzDateFormat, c.amzDate)
	if err != nil {
		return apierr.New(apierr.CodeInvalidSignature, msgSignatureMismatch)
	}
	now := k.now().UTC()
	if earliest := now.Add(-maxClockSkew); signed.Before(earliest) {
		return apierr.New(apierr.CodeInvalidSignature, "Signature expired: "+c.amzDate+" is now earlier than "+
			earliest.Format(amzDateFormat)+" ("+now.Format(amzDateFormat)+" - 15 min.)")
	}
	if latest := now.Add(maxClockSkew); signed.After(latest) {
		return apierr.New(apierr.CodeInvalidSignature, "Signature not yet current: "+c.amzDate+" is still later than "+
			latest.Format(amzDateFormat)+" ("+now.Format(amzDateFormat)+" + 15 min.)")
	}

	// The request as the client signed it: its method, path, query and the
	// headers it names as signed.
	req := &http.Request{Method: c.method, URL: &url.URL{Scheme: "http", Path: c.path, RawQuery: c.rawQuery}, Header: http.Header{}}
	if c.tls {
		req.URL.Scheme = "https"
	}
	creds := aws.Credentials{AccessKeyID: scope[0], SecretAccessKey: secret}
	for name := range strings.SplitSeq(signedHeaders, ";") {
		switch name {
		case "host":
			req.Host = c.header("host")
		case "content-length":
			req.ContentLength = int64(len(body))
		case "x-amz-security-token":
			creds.SessionToken = c.header(name)
		default:
			for _, h := range c.headers {
				if strings.EqualFold(h.name, name) {
					req.Header.Add(name, h.value)
				}
			}
		}
	}
	sum := sha256.Sum256(body)
	if err := k.signer.SignHTTP(context.Background(), creds, req, hex.EncodeToString(sum[:]), scope[3], scope[2], signed); err != nil {
		return apierr.New(apierr.CodeInvalidSignature, msgSignatureMismatch)
	}
	_, wantHeaders, want := authParams(req.Header.Get("Authorization"))
	if wantHeaders != signedHeaders || subtle.ConstantTimeCompare([]byte(want), []byte(signature)) != 1 {
		return apierr.New(apierr.CodeInvalidSignature, msgSignatureMismatch)
	}
	return nil
}

// authParams returns the Credential, SignedHeaders and Signature of an
// Authorization header.
func authParams(auth string) (credential, signedHeaders, signature string) {
	_, params, _ := strings.Cut(strings.TrimSpace(auth), " ")
	for p := range strings.SplitSeq(params, ",") {
		name, value, _ := strings.Cut(strings.TrimSpace(p), "=")
		switch name {
		case "Credential":
			credential = value
		case "SignedHeaders":
			signedHeaders = value
		case "Signature":
			signature = value
		}
	}
	return credential, signedHeaders, signature
}
