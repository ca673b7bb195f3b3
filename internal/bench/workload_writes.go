package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb"
)

// The write workloads besides PutItem, conditional UpdateItem and
// BatchWriteItem: each changes stored data on every call, so that a
// durable backend syncs for each.

// updateItemPlain sets an attribute of one of the preloaded items, with no
// condition.
func updateItemPlain(api ddb.API) Op {
	return func(ctx context.Context, w, seq int) error {
		_, err := api.UpdateItem(ctx, &dynamodb.UpdateItemInput{
			TableName:                 aws.String(ItemsTable),
			Key:                       key("key-"+strconv.Itoa((w*7919+seq)%preloadKeys), 0),
			UpdateExpression:          aws.String("SET m = :v"),
			ExpressionAttributeValues: map[string]types.AttributeValue{":v": &types.AttributeValueMemberN{Value: strconv.Itoa(seq)}},
		})
		return err
	}
}

// deleteItem deletes an item that exists. Each worker keeps a stock of its
// own items and refills it, when empty, with one BatchWriteItem of 25: one
// call in 25 also pays for that batch. The items' keys are the op's own
// (a random prefix), so that ops made for two clients of one server never
// delete each other's items.
func deleteItem(api ddb.API) Op {
	var (
		mu     sync.Mutex
		stocks = map[int][]map[string]types.AttributeValue{}
		gen    atomic.Int64
		own    = rand.Uint64()
	)
	return func(ctx context.Context, w, _ int) error {
		mu.Lock()
		stock := stocks[w]
		mu.Unlock()
		if len(stock) == 0 {
			pk := fmt.Sprintf("del-%x-%d-%d", own, w, gen.Add(1))
			items := make([]map[string]types.AttributeValue, batchSize)
			for i := range items {
				items[i] = item(pk, i)
				stock = append(stock, key(pk, i))
			}
			if err := Load(ctx, api, ItemsTable, items); err != nil {
				return err
			}
		}
		k := stock[len(stock)-1]
		mu.Lock()
		stocks[w] = stock[:len(stock)-1]
		mu.Unlock()
		out, err := api.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String(ItemsTable), Key: k, ReturnValues: types.ReturnValueAllOld})
		if err == nil && out.Attributes == nil {
			err = fmt.Errorf("DeleteItem found no item")
		}
		return err
	}
}

// transactWrite puts a new item and increments one of the preloaded items
// under a condition (as updateItem does), in one TransactWriteItems.
func transactWrite(api ddb.API) Op {
	return func(ctx context.Context, w, seq int) error {
		inc := increment(w, seq)
		_, err := api.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
			{Put: &types.Put{TableName: aws.String(ItemsTable), Item: item(fmt.Sprintf("tx-%d-%d", w, seq), 0)}},
			{Update: &types.Update{TableName: inc.TableName, Key: inc.Key, UpdateExpression: inc.UpdateExpression,
				ConditionExpression: inc.ConditionExpression, ExpressionAttributeValues: inc.ExpressionAttributeValues}},
		}})
		return err
	}
}
