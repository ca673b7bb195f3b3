package engine

import "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

// tableUsage sums the capacity a multi-item request (a batch or a
// transaction) uses, per table, in the order the tables first appear.
type tableUsage struct {
	order []*table
	used  map[*table]*usage
}

// add records u, used on table t, times factor (transactions cost twice).
func (tu *tableUsage) add(t *table, u usage, factor float64) {
	if tu.used == nil {
		tu.used = map[*table]*usage{}
	}
	sum := tu.used[t]
	if sum == nil {
		sum = &usage{}
		tu.used[t] = sum
		tu.order = append(tu.order, t)
	}
	sum.table += u.table * factor
	for ix, units := range u.indexes {
		if sum.indexes == nil {
			sum.indexes = map[*index]float64{}
		}
		sum.indexes[ix] += units * factor
	}
}

// capacityKind says whether a request's ConsumedCapacity also reports
// its units as read or write units, as transactions do.
type capacityKind int

const (
	anyUnits capacityKind = iota
	readUnitsKind
	writeUnitsKind
)

// consumed returns the ConsumedCapacity of every table for mode, or nil.
func (tu *tableUsage) consumed(mode types.ReturnConsumedCapacity, kind capacityKind) []types.ConsumedCapacity {
	var out []types.ConsumedCapacity
	for _, t := range tu.order {
		c := t.consumed(mode, *tu.used[t])
		if c == nil {
			return nil
		}
		if kind != anyUnits {
			kind.label(&c.CapacityUnits, &c.ReadCapacityUnits, &c.WriteCapacityUnits)
			if c.Table != nil {
				kind.label(&c.Table.CapacityUnits, &c.Table.ReadCapacityUnits, &c.Table.WriteCapacityUnits)
			}
			kind.labelIndexes(c.GlobalSecondaryIndexes)
			kind.labelIndexes(c.LocalSecondaryIndexes)
		}
		out = append(out, *c)
	}
	return out
}

// label copies units into read or write, as the kind says.
func (kind capacityKind) label(units, read, write **float64) {
	switch kind {
	case readUnitsKind:
		*read = *units
	case writeUnitsKind:
		*write = *units
	}
}

// labelIndexes labels the units of each index, as the table's are (DynamoDB
// Local reports an index's write units in a transaction as the table's).
func (kind capacityKind) labelIndexes(indexes map[string]types.Capacity) {
	for name, c := range indexes {
		kind.label(&c.CapacityUnits, &c.ReadCapacityUnits, &c.WriteCapacityUnits)
		indexes[name] = c
	}
}
