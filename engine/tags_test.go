package engine

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"
)

// TestTagsDurable checks that tags survive a restart in disk mode and that a
// table created again under a dropped table's name starts untagged.
func TestTagsDurable(t *testing.T) {
	dir := t.TempDir()
	db, err := Open(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	arn := aws.String(arnPrefix + "tagged")
	in := indexedTableInput("tagged")
	in.Tags = []types.Tag{{Key: aws.String("a"), Value: aws.String("1")}}
	mustCreate(t, db, in)
	if _, err := db.TagResource(ctx, &dynamodb.TagResourceInput{ResourceArn: arn, Tags: []types.Tag{{Key: aws.String("b"), Value: aws.String("2")}}}); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err = Open(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	list := func() []types.Tag {
		t.Helper()
		out, err := db.ListTagsOfResource(ctx, &dynamodb.ListTagsOfResourceInput{ResourceArn: arn})
		if err != nil {
			t.Fatal(err)
		}
		return out.Tags
	}
	want := []types.Tag{{Key: aws.String("a"), Value: aws.String("1")}, {Key: aws.String("b"), Value: aws.String("2")}}
	if diff := cmp.Diff(want, list(), cmp.AllowUnexported(types.Tag{})); diff != "" {
		t.Errorf("tags after restart (-want +got):\n%s", diff)
	}
	if _, err := db.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: aws.String("tagged")}); err != nil {
		t.Fatal(err)
	}
	mustCreate(t, db, indexedTableInput("tagged"))
	if got := list(); len(got) != 0 {
		t.Errorf("tags of the new table = %v, want none", got)
	}
}
