package server

import (
	"strings"

	"github.com/ddbkit/ddb/engine/internal/apierr"
)

// checkAuth rejects requests that carry no AWS Signature Version 4
// credentials, with DynamoDB's errors. Signatures are not verified: any
// access key and secret are accepted, as DynamoDB Local does.
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
