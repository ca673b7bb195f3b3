package conformance

import (
	"context"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"
)

// tagger is the tagging part of the SDK client's method set, which the
// engine and the SDK client have beyond ddb.API.
type tagger interface {
	TagResource(ctx context.Context, in *dynamodb.TagResourceInput, optFns ...func(*dynamodb.Options)) (*dynamodb.TagResourceOutput, error)
	UntagResource(ctx context.Context, in *dynamodb.UntagResourceInput, optFns ...func(*dynamodb.Options)) (*dynamodb.UntagResourceOutput, error)
	ListTagsOfResource(ctx context.Context, in *dynamodb.ListTagsOfResourceInput, optFns ...func(*dynamodb.Options)) (*dynamodb.ListTagsOfResourceOutput, error)
}

const localNoTags = "it does not support tagging (UnknownOperationException: Tagging is not currently supported in DynamoDB Local)"

// tag is a Tag from its key and value.
func tag(k, v string) types.Tag { return types.Tag{Key: aws.String(k), Value: aws.String(v)} }

// allTags lists every tag of arn, following NextToken, as key=value.
func allTags(t *testing.T, api tagger, arn string) []string {
	t.Helper()
	var got []string
	in := &dynamodb.ListTagsOfResourceInput{ResourceArn: aws.String(arn)}
	for {
		out, err := api.ListTagsOfResource(context.Background(), in)
		if err != nil {
			t.Fatalf("ListTagsOfResource: %v", err)
		}
		for _, tg := range out.Tags {
			got = append(got, aws.ToString(tg.Key)+"="+aws.ToString(tg.Value))
		}
		if out.NextToken == nil {
			return got
		}
		in.NextToken = out.NextToken
	}
}

func TestTags(t *testing.T) {
	forEachBackend(t, func(t *testing.T, be backend) {
		be.skipLocal(t, localNoTags)
		api := be.api.(tagger)
		ctx := context.Background()
		out, err := tryCreate(t, be.api, tableIn([]string{"pk", "S"}, func(in *dynamodb.CreateTableInput) {
			in.Tags = []types.Tag{tag("created", "yes")}
		}), false)
		if err != nil {
			t.Fatal(err)
		}
		arn := aws.ToString(out.TableDescription.TableArn)
		steps := []struct {
			name string
			call func() error
			want []string
		}{
			{"tags given at creation", func() error { return nil }, []string{"created=yes"}},
			{"add two", func() error {
				_, err := api.TagResource(ctx, &dynamodb.TagResourceInput{ResourceArn: &arn, Tags: []types.Tag{tag("env", "test"), tag("project", "conformity")}})
				return err
			}, []string{"created=yes", "env=test", "project=conformity"}},
			{"overwrite a value", func() error {
				_, err := api.TagResource(ctx, &dynamodb.TagResourceInput{ResourceArn: &arn, Tags: []types.Tag{tag("env", "production")}})
				return err
			}, []string{"created=yes", "env=production", "project=conformity"}},
			{"remove one and a missing key", func() error {
				_, err := api.UntagResource(ctx, &dynamodb.UntagResourceInput{ResourceArn: &arn, TagKeys: []string{"project", "absent"}})
				return err
			}, []string{"created=yes", "env=production"}},
		}
		for _, s := range steps {
			if err := s.call(); err != nil {
				t.Fatalf("%s: %v", s.name, err)
			}
			if diff := cmp.Diff(s.want, allTags(t, api, arn)); diff != "" {
				t.Errorf("%s: tags (-want +got):\n%s", s.name, diff)
			}
		}
	})
}

func TestTagsPaged(t *testing.T) {
	forEachBackend(t, func(t *testing.T, be backend) {
		be.skipLocal(t, localNoTags)
		api := be.api.(tagger)
		out, err := tryCreate(t, be.api, tableIn([]string{"pk", "S"}), false)
		if err != nil {
			t.Fatal(err)
		}
		arn := out.TableDescription.TableArn
		var tags []types.Tag
		var want []string
		for i := range 25 {
			k := fmt.Sprintf("k%02d", i)
			tags = append(tags, tag(k, "v"))
			want = append(want, k+"=v")
		}
		if _, err := api.TagResource(context.Background(), &dynamodb.TagResourceInput{ResourceArn: arn, Tags: tags}); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, allTags(t, api, *arn)); diff != "" {
			t.Errorf("tags (-want +got):\n%s", diff)
		}
	})
}

func TestTagsRejected(t *testing.T) {
	forEachBackend(t, func(t *testing.T, be backend) {
		be.skipLocal(t, localNoTags)
		api := be.api.(tagger)
		ctx := context.Background()
		out, err := tryCreate(t, be.api, tableIn([]string{"pk", "S"}), false)
		if err != nil {
			t.Fatal(err)
		}
		arn := aws.ToString(out.TableDescription.TableArn)
		missing := arn[:len(arn)-len(aws.ToString(out.TableDescription.TableName))] + "nonexistent_table_xyz"
		invalidARN := func(a string) *wantErr {
			return &wantErr{code: codeValidation, msg: "Invalid TableArn: Invalid ResourceArn provided as input " + a}
		}
		cases := []struct {
			name string
			call func() error
			err  *wantErr
		}{
			{"not an ARN", func() error {
				_, err := api.TagResource(ctx, &dynamodb.TagResourceInput{ResourceArn: aws.String("not-a-valid-arn"), Tags: []types.Tag{tag("env", "test")}})
				return err
			}, invalidARN("not-a-valid-arn")},
			{"an index ARN", func() error {
				_, err := api.ListTagsOfResource(ctx, &dynamodb.ListTagsOfResourceInput{ResourceArn: aws.String(arn + "/index/gsi")})
				return err
			}, invalidARN(arn + "/index/gsi")},
			{"another account", func() error {
				_, err := api.ListTagsOfResource(ctx, &dynamodb.ListTagsOfResourceInput{ResourceArn: aws.String("arn:aws:dynamodb:us-east-1:123456789012:table/x")})
				return err
			}, &wantErr{code: "AccessDeniedException"}},
			{"missing table", func() error {
				_, err := api.ListTagsOfResource(ctx, &dynamodb.ListTagsOfResourceInput{ResourceArn: &missing})
				return err
			}, &wantErr{code: codeNotFound, msg: "Requested resource not found: ResourcArn: " + missing + " not found"}},
			{"no tags", func() error {
				_, err := api.TagResource(ctx, &dynamodb.TagResourceInput{ResourceArn: &arn, Tags: []types.Tag{}})
				return err
			}, &wantErr{code: codeValidation, msg: "Atleast one Tag needs to be provided as Input."}},
			{"no tag keys", func() error {
				_, err := api.UntagResource(ctx, &dynamodb.UntagResourceInput{ResourceArn: &arn, TagKeys: []string{}})
				return err
			}, &wantErr{code: codeValidation, msg: "Atleast one Tag Key needs to be provided as Input."}},
			{"empty tag key", func() error {
				_, err := api.TagResource(ctx, &dynamodb.TagResourceInput{ResourceArn: &arn, Tags: []types.Tag{tag("", "v")}})
				return err
			}, &wantErr{code: codeValidation, msg: "1 validation error detected: Value '' at 'tags.1.member.key' failed to satisfy constraint: Member must have length greater than or equal to 1"}},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) { c.err.check(t, c.call()) })
		}
	})
}
