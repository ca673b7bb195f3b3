package engine

import (
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/av"
)

// An index key value over its size limit (2048 bytes for a partition key,
// 1024 for a sort key) fails every write path with AWS's message, which
// names the attribute, its size and the index (DynamoDB Local says only
// "Size limit exceeded"). A transaction fails whole, as in DynamoDB Local.
func TestIndexKeySizeLimits(t *testing.T) {
	db := openMemory(t)
	mustCreate(t, db, indexedTableInput("sized"))
	key := item{"pk": av.S("a"), "sk": av.N("1")}
	long := func(n int) types.AttributeValue { return av.S(strings.Repeat("x", n)) }
	withKey := func(name string, v types.AttributeValue) item {
		return item{"pk": av.S("a"), "sk": av.N("1"), name: v}
	}
	const gsiErr = "ValidationException: One or more parameter values were invalid: Size limit exceeded for Index Key g Actual Size: 2049 bytes Max Size: 2048 bytes IndexName: gsi1"
	const lsiErr = "ValidationException: One or more parameter values were invalid: Size limit exceeded for Index Key l Actual Size: 1025 bytes Max Size: 1024 bytes IndexName: lsi1"
	tests := []struct {
		name  string
		write func() error
		err   string
	}{
		{"put at the partition limit", func() error {
			_, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("sized"), Item: withKey("g", long(2048))})
			return err
		}, ""},
		{"put at the sort limit", func() error {
			_, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("sized"), Item: withKey("l", long(1024))})
			return err
		}, ""},
		{"put", func() error {
			_, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("sized"), Item: withKey("g", long(2049))})
			return err
		}, gsiErr},
		{"put into a local index", func() error {
			_, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("sized"), Item: withKey("l", long(1025))})
			return err
		}, lsiErr},
		{"update", func() error {
			_, err := db.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: aws.String("sized"), Key: key,
				UpdateExpression: aws.String("SET g = :v"), ExpressionAttributeValues: item{":v": long(2049)}})
			return err
		}, gsiErr},
		{"batch write", func() error {
			_, err := db.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{
				"sized": {{PutRequest: &types.PutRequest{Item: withKey("g", long(2049))}}}}})
			return err
		}, gsiErr},
		{"transaction", func() error {
			_, err := db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
				{Put: &types.Put{TableName: aws.String("sized"), Item: withKey("l", long(1025))}}}})
			return err
		}, lsiErr},
		{"statement", func() error {
			_, err := db.ExecuteStatement(ctx, &dynamodb.ExecuteStatementInput{Statement: aws.String(`UPDATE "sized" SET g = ? WHERE pk = 'a' AND sk = 1`),
				Parameters: []types.AttributeValue{long(2049)}})
			return err
		}, gsiErr},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := errText(tt.write()); got != tt.err {
				t.Errorf("error %q, want %q", got, tt.err)
			}
		})
	}
}

// A transaction's actions may add up to 4 MB: the items of puts, the keys
// of other actions, their expression attribute values and, for the
// request's own expressions, their texts and attribute names. DynamoDB
// Local reports the size at the action that crosses the limit; the
// figures below are its answers to the same requests.
func TestTransactPayloadLimit(t *testing.T) {
	db := openMemory(t)
	mustCreate(t, db, &dynamodb.CreateTableInput{TableName: aws.String("big"), AttributeDefinitions: defs("pk", "S", "sk", "S"),
		KeySchema: keySchema("pk", "sk"), BillingMode: types.BillingModePayPerRequest})
	big := av.S(strings.Repeat("x", 380*1024))
	actions := func(action func(i int) types.TransactWriteItem) []types.TransactWriteItem {
		var out []types.TransactWriteItem
		for i := range 12 {
			out = append(out, action(i))
		}
		return out
	}
	key := func(i int, sk string) item { return item{"pk": av.S(strconv.Itoa(i)), "sk": av.S(sk)} }
	tests := []struct {
		name  string
		items []types.TransactWriteItem
		err   string
	}{
		{"puts", actions(func(i int) types.TransactWriteItem {
			it := key(i, "b")
			it["x"] = big
			return types.TransactWriteItem{Put: &types.Put{TableName: aws.String("big"), Item: it}}
		}), "ValidationException: Transaction payload size cannot exceed 4MB. Payload Size: 4280398"},
		{"ten puts fit", actions(func(i int) types.TransactWriteItem {
			it := key(i, "b")
			it["x"] = big
			return types.TransactWriteItem{Put: &types.Put{TableName: aws.String("big"), Item: it}}
		})[:10], ""},
		{"updates", actions(func(i int) types.TransactWriteItem {
			return types.TransactWriteItem{Update: &types.Update{TableName: aws.String("big"), Key: key(i, "u"),
				UpdateExpression: aws.String("SET x = :v"), ExpressionAttributeValues: item{":v": big}}}
		}), "ValidationException: Transaction payload size cannot exceed 4MB. Payload Size: 4280497"},
		{"condition checks", actions(func(i int) types.TransactWriteItem {
			return types.TransactWriteItem{ConditionCheck: &types.ConditionCheck{TableName: aws.String("big"), Key: key(i, "u"),
				ConditionExpression: aws.String("x <> :v"), ExpressionAttributeValues: item{":v": big}}}
		}), "ValidationException: Transaction payload size cannot exceed 4MB. Payload Size: 4280464"},
		{"names", actions(func(i int) types.TransactWriteItem {
			names := map[string]string{"#n": strings.Repeat("n", 65000), "#m": strings.Repeat("m", 65000)}
			cond := "attribute_not_exists(#n) AND attribute_not_exists(#m)"
			for j := range 5 {
				n := "#a" + strconv.Itoa(j)
				names[n] = strings.Repeat("z", 65000)
				cond += " AND attribute_not_exists(" + n + ")"
			}
			return types.TransactWriteItem{Put: &types.Put{TableName: aws.String("big"), Item: key(i, "p"),
				ConditionExpression: aws.String(cond), ExpressionAttributeNames: names}}
		}), "ValidationException: Transaction payload size cannot exceed 4MB. Payload Size: 4552090"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: tt.items})
			if got := errText(err); got != tt.err {
				t.Errorf("error %q, want %q", got, tt.err)
			}
		})
	}
	var stmts []types.ParameterizedStatement
	for i := range 12 {
		stmts = append(stmts, types.ParameterizedStatement{Statement: aws.String(`INSERT INTO "big" VALUE {'pk': ?, 'sk': 'c', 'x': ?}`),
			Parameters: []types.AttributeValue{av.S(strconv.Itoa(i)), big}})
	}
	_, err := db.ExecuteTransaction(ctx, &dynamodb.ExecuteTransactionInput{TransactStatements: stmts})
	if got, want := errText(err), "ValidationException: Transaction payload size cannot exceed 4MB. Payload Size: 4280398"; got != want {
		t.Errorf("ExecuteTransaction: %q, want %q", got, want)
	}
}
