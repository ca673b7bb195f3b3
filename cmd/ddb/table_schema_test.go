package main

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// TestSchemaOfBilling checks the billing a copy declares from a source's
// description, with and without a billing mode summary.
func TestSchemaOfBilling(t *testing.T) {
	desc := func(summary types.BillingMode, read int64) *types.TableDescription {
		d := &types.TableDescription{
			AttributeDefinitions:  []types.AttributeDefinition{{AttributeName: aws.String("pk"), AttributeType: types.ScalarAttributeTypeS}},
			KeySchema:             []types.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: types.KeyTypeHash}},
			ProvisionedThroughput: &types.ProvisionedThroughputDescription{ReadCapacityUnits: aws.Int64(read), WriteCapacityUnits: aws.Int64(read)},
		}
		if summary != "" {
			d.BillingModeSummary = &types.BillingModeSummary{BillingMode: summary}
		}
		return d
	}
	tests := []struct {
		d    *types.TableDescription
		want types.BillingMode
	}{
		{desc(types.BillingModePayPerRequest, 0), types.BillingModePayPerRequest},
		{desc(types.BillingModeProvisioned, 5), types.BillingModeProvisioned},
		{desc("", 0), types.BillingModePayPerRequest}, // no summary, no capacity: on demand
		{desc("", 5), types.BillingModeProvisioned},
	}
	for i, tt := range tests {
		s, err := schemaOf(tt.d, "copy", "")
		if err != nil {
			t.Fatal(err)
		}
		in := s.CreateTableInput()
		if in.BillingMode != tt.want {
			t.Errorf("case %d: billing %s, want %s", i, in.BillingMode, tt.want)
		}
		if tt.want == types.BillingModeProvisioned && aws.ToInt64(in.ProvisionedThroughput.ReadCapacityUnits) != 5 {
			t.Errorf("case %d: capacity %v", i, in.ProvisionedThroughput)
		}
	}
}
