package engine

import (
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/internal/av"
)

// TestConcurrentCounter checks that read-modify-write updates of one item
// never lose an update, and that conditional writes are exclusive.
func TestConcurrentCounter(t *testing.T) {
	db := openMemory(t)
	mustCreate(t, db, indexedTableInput("counters"))
	key := item{"pk": av.S("c"), "sk": av.N("1")}
	const workers, adds = 8, 50
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for range workers {
		wg.Go(func() {
			for range adds {
				_, err := db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
					TableName:                 aws.String("counters"),
					Key:                       key,
					UpdateExpression:          aws.String("ADD n :one SET g = :g"),
					ExpressionAttributeValues: item{":one": av.N("1"), ":g": av.S("gsi")},
				})
				if err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if got, want := get(t, db, "counters", key)["n"], av.N("400"); !cmp.Equal(got, want, cmpAV) {
		t.Errorf("counter = %v, want %v", got, want)
	}

	// Of many writers racing to create one item, exactly one wins.
	wins := make(chan int, workers)
	for w := range workers {
		wg.Go(func() {
			_, err := db.PutItem(ctx, &dynamodb.PutItemInput{
				TableName:           aws.String("counters"),
				Item:                item{"pk": av.S("once"), "sk": av.N("1")},
				ConditionExpression: aws.String("attribute_not_exists(pk)"),
			})
			if err == nil {
				wins <- w
			}
		})
	}
	wg.Wait()
	close(wins)
	if n := len(wins); n != 1 {
		t.Errorf("%d conditional creates succeeded, want 1", n)
	}
}
