package conformance

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/av"
)

// TestConditionalCheckFailure pins the ConditionalCheckFailedException of
// every single-item write: DynamoDB's message, and the stored item attached
// when ReturnValuesOnConditionCheckFailure is ALL_OLD (none otherwise).
func TestConditionalCheckFailure(t *testing.T) {
	stored := item{"pk": av.S("ccf"), "attr1": av.S("original")}
	key := item{"pk": av.S("ccf")}
	allOld := types.ReturnValuesOnConditionCheckFailureAllOld
	cases := []struct {
		name  string
		write func(be backend, rv types.ReturnValuesOnConditionCheckFailure) error
	}{
		{name: "PutItem", write: func(be backend, rv types.ReturnValuesOnConditionCheckFailure) error {
			_, err := be.api.PutItem(context.Background(), &dynamodb.PutItemInput{TableName: aws.String(be.tb.hash),
				Item: item{"pk": av.S("ccf"), "attr1": av.S("overwrite")}, ConditionExpression: aws.String("attribute_not_exists(pk)"),
				ReturnValuesOnConditionCheckFailure: rv})
			return err
		}},
		{name: "DeleteItem", write: func(be backend, rv types.ReturnValuesOnConditionCheckFailure) error {
			_, err := be.api.DeleteItem(context.Background(), &dynamodb.DeleteItemInput{TableName: aws.String(be.tb.hash), Key: key,
				ConditionExpression: aws.String("attr1 = :v"), ExpressionAttributeValues: item{":v": av.S("wrong")},
				ReturnValuesOnConditionCheckFailure: rv})
			return err
		}},
		{name: "UpdateItem", write: func(be backend, rv types.ReturnValuesOnConditionCheckFailure) error {
			_, err := be.api.UpdateItem(context.Background(), &dynamodb.UpdateItemInput{TableName: aws.String(be.tb.hash), Key: key,
				UpdateExpression: aws.String("SET attr1 = :new"), ConditionExpression: aws.String("attr1 = :expected"),
				ExpressionAttributeValues: item{":new": av.S("updated"), ":expected": av.S("wrong")}, ReturnValuesOnConditionCheckFailure: rv})
			return err
		}},
	}
	forEachBackend(t, func(t *testing.T, be backend) {
		put(t, be.api, be.tb.hash, stored)
		for _, c := range cases {
			for _, rv := range []types.ReturnValuesOnConditionCheckFailure{"", allOld} {
				t.Run(c.name+" "+string(rv), func(t *testing.T) {
					err := c.write(be, rv)
					errCondFailed.check(t, err)
					var ccf *types.ConditionalCheckFailedException
					if !errors.As(err, &ccf) {
						t.Fatalf("%T is not a ConditionalCheckFailedException", err)
					}
					var want item
					if rv == allOld {
						want = stored
					}
					sameItem(t, ccf.Item, want)
					sameItem(t, get(t, be.api, be.tb.hash, key), stored)
				})
			}
		}
	})
}
