package engine

import (
	"encoding/hex"
	"slices"
	"strings"

	"github.com/ddbkit/ddb/engine/internal/apierr"
)

// ListExports and ListImports list their jobs newest first, a page at a
// time; a page's NextToken is opaque: the hex of the kind of job listed
// and the ARN of the page's last job.

// defaultJobPage is the size of a page of ListExports and ListImports when
// the request does not say.
const defaultJobPage = 10

// jobPage returns the page of jobs (their ARNs, from newest to oldest)
// after the one token names, of at most size jobs (0: the default), and
// the token of the next page ("" when there is none).
func jobPage(kind string, arns []string, token *string, size int32) (page []string, next string, err error) {
	slices.SortFunc(arns, func(a, b string) int { return strings.Compare(jobID(b), jobID(a)) })
	if token != nil {
		b, err := hex.DecodeString(*token)
		after, ok := strings.CutPrefix(string(b), kind+":")
		if err != nil || !ok {
			return nil, "", apierr.Validation("Invalid Request: Provided nextToken is invalid: " + *token)
		}
		i := slices.IndexFunc(arns, func(a string) bool { return jobID(a) < jobID(after) })
		if i < 0 {
			i = len(arns)
		}
		arns = arns[i:]
	}
	n := int(size)
	if n == 0 {
		n = defaultJobPage
	}
	if len(arns) > n {
		return arns[:n], hex.EncodeToString([]byte(kind + ":" + arns[n-1])), nil
	}
	return arns, "", nil
}

// jobID returns the id an export's or import's ARN ends with: its
// creation time and random digits, which order jobs by creation.
func jobID(arn string) string {
	return arn[strings.LastIndex(arn, "/")+1:]
}
