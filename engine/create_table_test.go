package engine

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

func TestCreateTableErrors(t *testing.T) {
	pt := &types.ProvisionedThroughput{ReadCapacityUnits: aws.Int64(1), WriteCapacityUnits: aws.Int64(1)}
	base := func() *dynamodb.CreateTableInput {
		return &dynamodb.CreateTableInput{
			TableName:             aws.String("things"),
			AttributeDefinitions:  defs("pk", "S", "sk", "S", "x", "S"),
			KeySchema:             keySchema("pk", "sk"),
			ProvisionedThroughput: pt,
			LocalSecondaryIndexes: []types.LocalSecondaryIndex{{
				IndexName: aws.String("byx"), KeySchema: keySchema("pk", "x"),
				Projection: &types.Projection{ProjectionType: types.ProjectionTypeAll},
			}},
		}
	}
	tests := []struct {
		name   string
		change func(in *dynamodb.CreateTableInput)
		want   string
	}{
		{"short name", func(in *dynamodb.CreateTableInput) { in.TableName = aws.String("ab") },
			"ValidationException: 1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3"},
		{"bad character", func(in *dynamodb.CreateTableInput) { in.TableName = aws.String("a$b") },
			"ValidationException: 1 validation error detected: Value 'a$b' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"},
		{"long name", func(in *dynamodb.CreateTableInput) { in.TableName = aws.String(strings.Repeat("a", 256)) },
			"ValidationException: 1 validation error detected: Value '" + strings.Repeat("a", 256) + "' at 'tableName' failed to satisfy constraint: Member must have length less than or equal to 255"},
		{"no name", func(in *dynamodb.CreateTableInput) { in.TableName = nil },
			"ValidationException: 1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null"},
		{"unused definition", func(in *dynamodb.CreateTableInput) { in.LocalSecondaryIndexes = nil },
			"ValidationException: One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions"},
		{"unused definition with an index", func(in *dynamodb.CreateTableInput) {
			in.AttributeDefinitions = append(in.AttributeDefinitions, defs("y", "S")...)
		},
			"ValidationException: One or more parameter values were invalid: Some AttributeDefinitions are not used. AttributeDefinitions: [pk, sk, x, y], keys used: [pk, sk, x]"},
		{"two hash keys", func(in *dynamodb.CreateTableInput) { in.KeySchema[1].KeyType = types.KeyTypeHash },
			"ValidationException: Invalid KeySchema: The second KeySchemaElement is not a RANGE key type"},
		{"undefined hash key", func(in *dynamodb.CreateTableInput) { in.KeySchema = keySchema("zz", "sk") },
			"ValidationException: Hash Key not specified in Attribute Definitions.  Type unknown."},
		{"undefined range key", func(in *dynamodb.CreateTableInput) { in.KeySchema = keySchema("pk", "zz") },
			"ValidationException: Range Key not specified in Attribute Definitions.  Type unknown."},
		{"range first", func(in *dynamodb.CreateTableInput) {
			in.KeySchema = in.KeySchema[1:]
			in.KeySchema[0].KeyType = types.KeyTypeRange
		},
			"ValidationException: Invalid KeySchema: The first KeySchemaElement is not a HASH key type"},
		{"same key twice", func(in *dynamodb.CreateTableInput) { in.KeySchema = keySchema("pk", "pk") },
			"ValidationException: Invalid KeySchema: Some index key attribute have no definition"},
		{"bad attribute type", func(in *dynamodb.CreateTableInput) { in.AttributeDefinitions[0].AttributeType = "BOOL" },
			"ValidationException: 1 validation error detected: Value 'BOOL' at 'attributeDefinitions.1.member.attributeType' failed to satisfy constraint: Member must satisfy enum value set: [B, N, S]"},
		{"no throughput", func(in *dynamodb.CreateTableInput) { in.ProvisionedThroughput = nil },
			"ValidationException: No provisioned throughput specified for the table"},
		{"zero throughput", func(in *dynamodb.CreateTableInput) {
			in.ProvisionedThroughput = &types.ProvisionedThroughput{ReadCapacityUnits: aws.Int64(0), WriteCapacityUnits: aws.Int64(1)}
		}, "ValidationException: 1 validation error detected: Value '0' at 'provisionedThroughput.readCapacityUnits' failed to satisfy constraint: Member must have value greater than or equal to 1"},
		{"no throughput at all", func(in *dynamodb.CreateTableInput) {
			in.ProvisionedThroughput = &types.ProvisionedThroughput{ReadCapacityUnits: aws.Int64(0), WriteCapacityUnits: aws.Int64(-2)}
		}, "ValidationException: 2 validation errors detected: Value '-2' at 'provisionedThroughput.writeCapacityUnits' failed to satisfy constraint: Member must have value greater than or equal to 1; " +
			"Value '0' at 'provisionedThroughput.readCapacityUnits' failed to satisfy constraint: Member must have value greater than or equal to 1"},
		{"a global index of no write capacity", func(in *dynamodb.CreateTableInput) {
			in.AttributeDefinitions = append(in.AttributeDefinitions, types.AttributeDefinition{AttributeName: aws.String("g"), AttributeType: types.ScalarAttributeTypeS})
			in.GlobalSecondaryIndexes = []types.GlobalSecondaryIndex{{IndexName: aws.String("gsi1"), KeySchema: keySchema("g"),
				Projection: &types.Projection{ProjectionType: types.ProjectionTypeAll}, ProvisionedThroughput: &types.ProvisionedThroughput{ReadCapacityUnits: aws.Int64(1), WriteCapacityUnits: aws.Int64(0)}}}
		}, "ValidationException: 1 validation error detected: Value '0' at 'globalSecondaryIndexes.1.member.provisionedThroughput.writeCapacityUnits' failed to satisfy constraint: Member must have value greater than or equal to 1"},
		{"on demand with throughput", func(in *dynamodb.CreateTableInput) { in.BillingMode = types.BillingModePayPerRequest },
			"ValidationException: One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST"},
		{"lsi on hash table", func(in *dynamodb.CreateTableInput) {
			in.KeySchema = keySchema("pk")
		}, "ValidationException: One or more parameter values were invalid: Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex"},
		{"lsi other hash", func(in *dynamodb.CreateTableInput) { in.LocalSecondaryIndexes[0].KeySchema = keySchema("x", "sk") },
			"ValidationException: Local Secondary indices must have the same hash key as the main table"},
		{"lsi without range", func(in *dynamodb.CreateTableInput) { in.LocalSecondaryIndexes[0].KeySchema = keySchema("pk") },
			"ValidationException: Local secondary indices must have a range key"},
		{"include without attributes", func(in *dynamodb.CreateTableInput) {
			in.LocalSecondaryIndexes[0].Projection = &types.Projection{ProjectionType: types.ProjectionTypeInclude}
		}, "ValidationException: One or more parameter values were invalid: ProjectionType is INCLUDE, but NonKeyAttributes is not specified"},
		{"attributes without include", func(in *dynamodb.CreateTableInput) {
			in.LocalSecondaryIndexes[0].Projection.NonKeyAttributes = []string{"a"}
		}, "ValidationException: One or more parameter values were invalid: ProjectionType is ALL, but NonKeyAttributes is specified"},
		{"too many lsis", func(in *dynamodb.CreateTableInput) {
			for _, name := range []string{"i2x", "i3x", "i4x", "i5x", "i6x"} {
				l := in.LocalSecondaryIndexes[0]
				l.IndexName = aws.String(name)
				in.LocalSecondaryIndexes = append(in.LocalSecondaryIndexes, l)
			}
		}, "ValidationException: One or more parameter values were invalid: Number of LocalSecondaryIndexes exceeds per-table limit of 5"},
		{"gsi without throughput", func(in *dynamodb.CreateTableInput) {
			in.GlobalSecondaryIndexes = []types.GlobalSecondaryIndex{{IndexName: aws.String("gx1"), KeySchema: keySchema("x"),
				Projection: &types.Projection{ProjectionType: types.ProjectionTypeAll}}}
		}, "ValidationException: No provisioned throughput specified for the global secondary index"},
		{"gsi undefined key", func(in *dynamodb.CreateTableInput) {
			in.GlobalSecondaryIndexes = []types.GlobalSecondaryIndex{{IndexName: aws.String("gx1"), KeySchema: keySchema("y"),
				Projection: &types.Projection{ProjectionType: types.ProjectionTypeAll}, ProvisionedThroughput: pt}}
		}, "ValidationException: Global Secondary Index hash key not specified in Attribute Definitions.Type unknown."},
		{"gsi named like lsi", func(in *dynamodb.CreateTableInput) {
			in.GlobalSecondaryIndexes = []types.GlobalSecondaryIndex{{IndexName: aws.String("byx"), KeySchema: keySchema("x"),
				Projection: &types.Projection{ProjectionType: types.ProjectionTypeAll}, ProvisionedThroughput: pt}}
		}, "ValidationException: Local Secondary Indices AND Global Secondary Indices must have different names"},
		{"duplicate table", nil, "ResourceInUseException: Table already exists: things"},
	}
	db := openMemory(t)
	mustCreate(t, db, base())
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := base()
			if tt.change != nil {
				in.TableName = aws.String("other")
				tt.change(in)
			}
			_, err := db.CreateTable(ctx, in)
			if got := errText(err); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestCreateTableDescription(t *testing.T) {
	db := openMemory(t)
	in := indexedTableInput("described")
	in.StreamSpecification = &types.StreamSpecification{StreamEnabled: aws.Bool(true), StreamViewType: types.StreamViewTypeNewImage}
	out, err := db.CreateTable(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	d := out.TableDescription
	if d.TableStatus != types.TableStatusCreating || d.GlobalSecondaryIndexes[0].IndexStatus != types.IndexStatusCreating {
		t.Errorf("CreateTable status = %s / %s, want CREATING", d.TableStatus, d.GlobalSecondaryIndexes[0].IndexStatus)
	}
	if got, want := *d.TableArn, "arn:aws:dynamodb:ddblocal:000000000000:table/described"; got != want {
		t.Errorf("TableArn = %s, want %s", got, want)
	}
	if got, want := *d.GlobalSecondaryIndexes[0].IndexArn, "arn:aws:dynamodb:ddblocal:000000000000:table/described/index/gsi1"; got != want {
		t.Errorf("IndexArn = %s, want %s", got, want)
	}
	if d.BillingModeSummary == nil || d.BillingModeSummary.BillingMode != types.BillingModePayPerRequest {
		t.Errorf("BillingModeSummary = %+v", d.BillingModeSummary)
	}
	if d.LatestStreamArn == nil || !strings.HasPrefix(*d.LatestStreamArn, *d.TableArn+"/stream/") {
		t.Errorf("LatestStreamArn = %v", d.LatestStreamArn)
	}
	desc, err := db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String("described")})
	if err != nil {
		t.Fatal(err)
	}
	if desc.Table.TableStatus != types.TableStatusActive || desc.Table.GlobalSecondaryIndexes[0].IndexStatus != types.IndexStatusActive {
		t.Errorf("DescribeTable status = %s, want ACTIVE", desc.Table.TableStatus)
	}
	if *desc.Table.ItemCount != 0 || *desc.Table.ProvisionedThroughput.ReadCapacityUnits != 0 {
		t.Errorf("ItemCount %d, RCU %d; want 0, 0", *desc.Table.ItemCount, *desc.Table.ProvisionedThroughput.ReadCapacityUnits)
	}
	// The description is a copy: changing it changes nothing inside.
	desc.Table.KeySchema[0].AttributeName = aws.String("changed")
	again, _ := db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String("described")})
	if *again.Table.KeySchema[0].AttributeName != "pk" {
		t.Error("DescribeTable returned the engine's own description")
	}
}
