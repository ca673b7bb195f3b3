package ddb

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"
)

func TestCapacityAdds(t *testing.T) {
	var c Capacity
	opt := ConsumedCapacity(&c).(capacityOption)
	opt.sink.add(false, types.ConsumedCapacity{
		TableName:              aws.String("a"),
		CapacityUnits:          aws.Float64(3),
		GlobalSecondaryIndexes: map[string]types.Capacity{"g": {CapacityUnits: aws.Float64(1)}},
	})
	opt.sink.add(true, types.ConsumedCapacity{TableName: aws.String("a"), CapacityUnits: aws.Float64(2)},
		types.ConsumedCapacity{TableName: aws.String("b"), CapacityUnits: aws.Float64(6), ReadCapacityUnits: aws.Float64(2), WriteCapacityUnits: aws.Float64(4),
			LocalSecondaryIndexes: map[string]types.Capacity{"l": {CapacityUnits: aws.Float64(0.5)}}})
	opt.sink.addOne(false, nil)
	want := Capacity{Total: 11, Read: 5, Write: 6, Tables: map[string]float64{"a": 5, "b": 6}, Indexes: map[string]float64{"g": 1, "l": 0.5}}
	if diff := cmp.Diff(want, c); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if m := (*capacitySink)(nil).mode(); m != "" {
		t.Errorf("mode without a sink = %q", m)
	}
}
