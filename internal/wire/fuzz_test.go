package wire

import (
	"bufio"
	"bytes"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// FuzzResponse reads arbitrary bytes as an HTTP response and its body as
// every kind of answer: a broken or hostile endpoint may make a call fail,
// never panic or hang the client.
func FuzzResponse(f *testing.F) {
	f.Add([]byte("HTTP/1.1 200 OK\r\nContent-Length: 25\r\n\r\n{\"Item\":{\"pk\":{\"S\":\"a\"}}}"))
	f.Add([]byte("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"Cou\r\n7\r\nnt\":1}\r\n0\r\n\r\n"))
	f.Add([]byte("HTTP/1.1 400 Bad Request\r\nContent-Length: 86\r\n\r\n{\"__type\":\"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException\",\"Item\":{}}"))
	f.Add([]byte("HTTP/1.1 200 OK\r\n\r\n" + queryBody()))
	f.Add([]byte("HTTP/1.1 200 OK\r\n\r\n{\"TableDescription\":{\"TableName\":\"t\",\"CreationDateTime\":1.5e9,\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"}]}}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		resp, _, err := readResponse(bufio.NewReader(bytes.NewReader(data)))
		body := data
		if err == nil {
			body = resp.body
			checkCRC32(resp)
			apiError(dynamoDB.errors, resp)
		}
		s := string(body)
		for _, read := range []func(*reader){
			func(r *reader) { readQuery(r, new(dynamodb.QueryOutput)) },
			func(r *reader) { readGetItem(r, new(dynamodb.GetItemOutput)) },
			func(r *reader) { readBatchGetItem(r, new(dynamodb.BatchGetItemOutput)) },
			func(r *reader) { readBatchExecuteStatement(r, new(dynamodb.BatchExecuteStatementOutput)) },
			func(r *reader) { readShape(r, new(dynamodb.DescribeTableOutput)) },
			func(r *reader) { readShape(r, new(dynamodb.TransactWriteItemsOutput)) },
		} {
			r := newReader(s)
			read(&r)
			r.Done()
			if r.Depth() < 0 {
				t.Fatalf("negative depth after %q", s)
			}
		}
		readErrorInfo(s)
	})
}
