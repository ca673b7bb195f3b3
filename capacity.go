package ddb

import (
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Capacity is the capacity DynamoDB reports as consumed, summed over every
// request of the operations given the same ConsumedCapacity option (all the
// pages of a query, all the requests and retries of a batch).
type Capacity struct {
	Total   float64            // capacity units, tables and indexes together
	Read    float64            // read capacity units
	Write   float64            // write capacity units
	Tables  map[string]float64 // units per table, its indexes included
	Indexes map[string]float64 // units per secondary index name
}

// CapacityOption is an option every operation accepts.
type CapacityOption interface {
	GetOption
	PutOption
	UpdateOption
	DeleteOption
	QueryOption
	ScanOption
	BatchGetOption
	BatchOption
	TxOption
}

// capacitySink adds consumed capacity to a Capacity; a mutex guards it
// because parallel scans and concurrent calls sharing one option add to it
// at once.
type capacitySink struct {
	mu  sync.Mutex
	dst *Capacity
}

type capacityOption struct{ sink *capacitySink }

func (o capacityOption) applyGet(p *getParams)      { p.capacity = o.sink }
func (o capacityOption) applyBatchGet(p *getParams) { p.capacity = o.sink }
func (o capacityOption) applyPut(p *writeParams)    { p.capacity = o.sink }
func (o capacityOption) applyUpdate(p *writeParams) { p.capacity = o.sink }
func (o capacityOption) applyDelete(p *writeParams) { p.capacity = o.sink }
func (o capacityOption) applyQuery(p *searchParams) { p.capacity = o.sink }
func (o capacityOption) applyScan(p *searchParams)  { p.capacity = o.sink }
func (o capacityOption) applyBatch(p *batchParams)  { p.capacity = o.sink }
func (o capacityOption) applyTx(p *txParams)        { p.capacity = o.sink }

// ConsumedCapacity asks DynamoDB for the capacity the operation consumes
// (ReturnConsumedCapacity INDEXES) and adds it to dst, which may collect
// over several operations. It is safe to share between goroutines.
func ConsumedCapacity(dst *Capacity) CapacityOption {
	return capacityOption{&capacitySink{dst: dst}}
}

// mode returns the ReturnConsumedCapacity setting: INDEXES with a sink, ""
// without.
func (s *capacitySink) mode() types.ReturnConsumedCapacity {
	if s == nil {
		return ""
	}
	return types.ReturnConsumedCapacityIndexes
}

// add adds consumed capacity reports to the destination. Units DynamoDB
// does not split into reads and writes count as reads when write is false.
func (s *capacitySink) add(write bool, reports ...types.ConsumedCapacity) {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.dst
	for _, r := range reports {
		units := aws.ToFloat64(r.CapacityUnits)
		c.Total += units
		switch {
		case r.ReadCapacityUnits != nil || r.WriteCapacityUnits != nil:
			c.Read += aws.ToFloat64(r.ReadCapacityUnits)
			c.Write += aws.ToFloat64(r.WriteCapacityUnits)
		case write:
			c.Write += units
		default:
			c.Read += units
		}
		if r.TableName != nil {
			if c.Tables == nil {
				c.Tables = map[string]float64{}
			}
			c.Tables[*r.TableName] += units
		}
		for _, indexes := range []map[string]types.Capacity{r.GlobalSecondaryIndexes, r.LocalSecondaryIndexes} {
			for name, ix := range indexes {
				if c.Indexes == nil {
					c.Indexes = map[string]float64{}
				}
				c.Indexes[name] += aws.ToFloat64(ix.CapacityUnits)
			}
		}
	}
}

// addOne adds a single optional report.
func (s *capacitySink) addOne(write bool, r *types.ConsumedCapacity) {
	if r != nil {
		s.add(write, *r)
	}
}
