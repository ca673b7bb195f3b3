package engine

import (
	"math"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/internal/apierr"
)

// bytesPerGB converts an item collection's size to SizeEstimateRangeGB.
const bytesPerGB = 1 << 30

// itemCollectionMetrics returns the metrics of the item collection holding
// item (the table's rows and local index rows sharing its partition key)
// when the request asked for them and the table has local indexes.
func (db *DB) itemCollectionMetrics(t *table, mode types.ReturnItemCollectionMetrics, item map[string]types.AttributeValue) (*types.ItemCollectionMetrics, error) {
	if mode != types.ReturnItemCollectionMetricsSize || !t.hasLSI() {
		return nil, nil
	}
	pk := item[t.hash.name]
	size := 0
	ids := []uint32{t.id}
	for _, ix := range t.indexList() {
		if !ix.global {
			ids = append(ids, ix.id)
		}
	}
	for _, id := range ids {
		prefix := partitionPrefix(id, pk)
		err := db.store.Scan(prefix, prefixEnd(prefix), false, func(k, v []byte) bool {
			size += len(v)
			return true
		})
		if err != nil {
			return nil, apierr.Internal("cannot measure the item collection: " + err.Error())
		}
	}
	low := math.Floor(float64(size) / bytesPerGB)
	return &types.ItemCollectionMetrics{
		ItemCollectionKey:   map[string]types.AttributeValue{t.hash.name: pk},
		SizeEstimateRangeGB: []float64{low, low + 1},
	}, nil
}
