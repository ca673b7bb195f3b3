package itemio

import (
	"github.com/ddbkit/ddb/internal/wirejson"
)

// AppendDynamoJSON appends the DynamoDB JSON of item to dst, on one line,
// its attributes in name order: the text Marshal(DynamoJSON, item, "")
// returns, written directly by wirejson.AppendStdItem rather than through
// encoding/json (several times faster, for exports of whole tables). An
// item the format cannot hold is an error, and dst is then returned
// unchanged.
func AppendDynamoJSON(dst []byte, item Item) ([]byte, error) {
	out, ok := wirejson.AppendStdItem(dst, item)
	if !ok {
		// A value of no known type: the conversion Marshal makes, which
		// knows the same types, names it with its path.
		_, err := dynamoItem(item, "")
		return dst, err
	}
	return out, nil
}
