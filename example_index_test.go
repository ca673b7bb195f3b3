package ddb_test

import (
	"context"
	"fmt"
	"log"

	"github.com/ddbkit/ddb"
	_ "github.com/ddbkit/ddb/embedded" // registers mem:// and file://
)

// Game is a match of a tournament, indexed by tournament and region (the
// partition key of by_round) and by round then bracket (its sort key).
type Game struct {
	ID         string `ddb:"id,hash"`
	Tournament string `ddb:"tournament,gsi=by_round:hash1"`
	Region     string `ddb:"region,gsi=by_round:hash2"`
	Round      int    `ddb:"round,gsi=by_round:range1"`
	Bracket    string `ddb:"bracket,gsi=by_round:range2"`
}

// A global index may have a multi-attribute key: up to four partition key
// attributes (tag options gsi=NAME:hash1 to hash4) and up to four sort key
// attributes (range1 to range4). A query gives a value for every partition
// key attribute, then conditions on the sort key attributes in order.
func ExamplePartition_multiAttributeKey() {
	ctx := context.Background()
	db, err := ddb.Open(ctx, "mem://")
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	games, err := ddb.NewTable[Game](db, "games")
	if err != nil {
		log.Fatal(err)
	}
	if err := games.Create(ctx); err != nil {
		log.Fatal(err)
	}
	for _, g := range []Game{
		{"g1", "winter", "eu", 2, "upper"},
		{"g2", "winter", "eu", 1, "lower"},
		{"g3", "winter", "eu", 2, "lower"},
		{"g4", "winter", "us", 2, "upper"},
	} {
		if err := games.Put(ctx, g); err != nil {
			log.Fatal(err)
		}
	}
	round2, err := games.Query(ctx, ddb.Partition("winter", "eu").SortEqual(2), ddb.OnIndex("by_round")).Collect(10)
	if err != nil {
		log.Fatal(err)
	}
	for _, g := range round2 {
		fmt.Println(g.ID, g.Round, g.Bracket)
	}
	upper, err := games.Query(ctx, ddb.Partition("winter", "eu").SortEqual(2).SortGreaterThan("lower"), ddb.OnIndex("by_round")).Collect(10)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(upper[0].ID)
	// Output:
	// g3 2 lower
	// g1 2 upper
	// g1
}
