package sdkrace

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// bodyRecorder is an HTTP client that records the requests it is given and
// answers a GetItem, the first time with a retryable server error.
type bodyRecorder struct {
	writesTo bool
	bodies   []string
}

func (r *bodyRecorder) Do(req *http.Request) (*http.Response, error) {
	_, r.writesTo = req.Body.(io.WriterTo)
	b, err := io.ReadAll(req.Body)
	if err != nil {
		return nil, err
	}
	r.bodies = append(r.bodies, string(b))
	status, answer := 200, "{}"
	if len(r.bodies) == 1 {
		status, answer = 500, `{"__type":"com.amazonaws.dynamodb.v20120810#InternalServerError","message":"try again"}`
	}
	return &http.Response{StatusCode: status, Header: http.Header{"Content-Type": {"application/x-amz-json-1.0"}},
		Body: io.NopCloser(strings.NewReader(answer)), Request: req}, nil
}

func TestFix(t *testing.T) {
	for _, fix := range []bool{false, true} {
		rec := &bodyRecorder{}
		client := dynamodb.New(dynamodb.Options{Region: "us-east-1", HTTPClient: rec, BaseEndpoint: aws.String("http://127.0.0.1:1"),
			Credentials: credentials.NewStaticCredentialsProvider("k", "s", "")}, func(o *dynamodb.Options) {
			if fix {
				o.APIOptions = append(o.APIOptions, Fix)
			}
		})
		_, err := client.GetItem(t.Context(), &dynamodb.GetItemInput{TableName: aws.String("t"),
			Key: map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: "a"}}})
		if err != nil {
			t.Fatal(err)
		}
		// Without the fix the body net/http gets has WriteTo, which answers
		// io.EOF once smithy-go has closed it: the race's trigger.
		if rec.writesTo == fix {
			t.Errorf("fix %v: request body has WriteTo = %v", fix, rec.writesTo)
		}
		// The retry after the server error sends the same body again: the
		// stream still rewinds.
		want := `{"Key":{"pk":{"S":"a"}},"TableName":"t"}`
		if len(rec.bodies) != 2 || rec.bodies[0] != want || rec.bodies[1] != want {
			t.Errorf("fix %v: bodies %q, want %s twice", fix, rec.bodies, want)
		}
	}
}
