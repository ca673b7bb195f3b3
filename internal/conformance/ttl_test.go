package conformance

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// TestTimeToLive pins UpdateTimeToLive and DescribeTimeToLive: DISABLED
// until enabled, the specification echoed back, the attribute name
// described, and the rejections of an empty name and a missing table.
func TestTimeToLive(t *testing.T) {
	forEachBackend(t, func(t *testing.T, be backend) {
		ctx := context.Background()
		describe := func(t *testing.T, table string) *types.TimeToLiveDescription {
			t.Helper()
			out, err := be.api.DescribeTimeToLive(ctx, &dynamodb.DescribeTimeToLiveInput{TableName: aws.String(table)})
			if err != nil {
				t.Fatal(err)
			}
			return out.TimeToLiveDescription
		}
		t.Run("disabled by default", func(t *testing.T) {
			if got := describe(t, be.tb.hash); got == nil || got.TimeToLiveStatus != types.TimeToLiveStatusDisabled {
				t.Errorf("TimeToLiveDescription = %+v, want DISABLED", got)
			}
		})
		for _, name := range []string{"ttl", "expiresAt"} {
			t.Run("enable on "+name, func(t *testing.T) {
				table := be.tb.composite
				if name == "expiresAt" {
					table = be.tb.hashB
				}
				out, err := be.api.UpdateTimeToLive(ctx, &dynamodb.UpdateTimeToLiveInput{TableName: aws.String(table),
					TimeToLiveSpecification: &types.TimeToLiveSpecification{Enabled: aws.Bool(true), AttributeName: aws.String(name)}})
				if err != nil {
					t.Fatal(err)
				}
				if spec := out.TimeToLiveSpecification; spec == nil || !aws.ToBool(spec.Enabled) || aws.ToString(spec.AttributeName) != name {
					t.Errorf("TimeToLiveSpecification = %+v, want enabled on %s", spec, name)
				}
				got := describe(t, table)
				if got.TimeToLiveStatus != types.TimeToLiveStatusEnabled && got.TimeToLiveStatus != types.TimeToLiveStatusEnabling || aws.ToString(got.AttributeName) != name {
					t.Errorf("TimeToLiveDescription = %s on %s, want ENABLED (or ENABLING) on %s", got.TimeToLiveStatus, aws.ToString(got.AttributeName), name)
				}
			})
		}
		cases := []struct {
			name string
			call func() error
			want wantErr
		}{
			{name: "empty attribute name", call: func() error {
				_, err := be.api.UpdateTimeToLive(ctx, &dynamodb.UpdateTimeToLiveInput{TableName: aws.String(be.tb.hash),
					TimeToLiveSpecification: &types.TimeToLiveSpecification{Enabled: aws.Bool(true), AttributeName: aws.String("")}})
				return err
			}, want: wantErr{code: codeValidation}},
			{name: "update on a missing table", call: func() error {
				_, err := be.api.UpdateTimeToLive(ctx, &dynamodb.UpdateTimeToLiveInput{TableName: aws.String(missingTable),
					TimeToLiveSpecification: &types.TimeToLiveSpecification{Enabled: aws.Bool(true), AttributeName: aws.String("ttl")}})
				return err
			}, want: wantErr{code: codeNotFound}},
			{name: "describe a missing table", call: func() error {
				_, err := be.api.DescribeTimeToLive(ctx, &dynamodb.DescribeTimeToLiveInput{TableName: aws.String(missingTable)})
				return err
			}, want: wantErr{code: codeNotFound}},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				c.want.check(t, c.call())
			})
		}
	})
}
