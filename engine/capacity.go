package engine

import (
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Capacity unit sizes: a write unit covers 1 KB, a read unit 4 KB (strongly
// consistent; an eventually consistent read costs half).
const (
	writeUnitSize = 1024
	readUnitSize  = 4096
)

// writeUnits returns the write units of writing an item of size bytes.
func writeUnits(size int) float64 {
	return float64(max(1, (size+writeUnitSize-1)/writeUnitSize))
}

// readUnits returns the read units of reading size bytes.
func readUnits(size int, consistent bool) float64 {
	u := float64(max(1, (size+readUnitSize-1)/readUnitSize))
	if !consistent {
		u /= 2
	}
	return u
}

// usage is the capacity one request consumed, per table and index.
type usage struct {
	table   float64
	indexes map[*index]float64
}

// reportsCapacity reports whether a request's ReturnConsumedCapacity asks
// for the capacity it consumed.
func reportsCapacity(mode types.ReturnConsumedCapacity) bool {
	return mode == types.ReturnConsumedCapacityTotal || mode == types.ReturnConsumedCapacityIndexes
}

// consumed returns the ConsumedCapacity to report for mode, or nil.
func (t *table) consumed(mode types.ReturnConsumedCapacity, u usage) *types.ConsumedCapacity {
	if !reportsCapacity(mode) {
		return nil
	}
	total := u.table
	for _, units := range u.indexes {
		total += units
	}
	c := &types.ConsumedCapacity{TableName: ptr(t.name), CapacityUnits: ptr(total)}
	if mode == types.ReturnConsumedCapacityTotal {
		return c
	}
	c.Table = &types.Capacity{CapacityUnits: ptr(u.table)}
	for ix, units := range u.indexes {
		m := &c.LocalSecondaryIndexes
		if ix.global {
			m = &c.GlobalSecondaryIndexes
		}
		if *m == nil {
			*m = map[string]types.Capacity{}
		}
		(*m)[ix.name] = types.Capacity{CapacityUnits: ptr(units)}
	}
	return c
}
