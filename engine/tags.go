package engine

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/internal/apierr"
	"github.com/ddbkit/ddb/engine/internal/storage"
)

// tagsPrefix prefixes the tags of every table, stored by table keyspace id
// (never reused, so a table created again under a name starts untagged).
var tagsPrefix = []byte{metaPrefix, 'G'}

// tagsPage is the most tags one ListTagsOfResource answer holds.
const tagsPage = 10

func tagsKey(id uint32) []byte {
	return binary.BigEndian.AppendUint32(append([]byte(nil), tagsPrefix...), id)
}

// TagResource adds tags to a table, replacing the values of keys it
// already has.
func (db *DB) TagResource(ctx context.Context, in *dynamodb.TagResourceInput, _ ...func(*dynamodb.Options)) (*dynamodb.TagResourceOutput, error) {
	in = orEmpty(in)
	if _, err := db.begin(ctx, "TagResource", in); err != nil {
		return nil, err
	}
	var v violations
	v.present("tags", in.Tags != nil)
	checkTags(&v, in.Tags)
	if err := checkResourceARN(&v, in.ResourceArn, "TagResource"); err != nil {
		return nil, err
	}
	if len(in.Tags) == 0 {
		return nil, apierr.Validation("Atleast one Tag needs to be provided as Input.")
	}
	err := db.changeTags(*in.ResourceArn, func(tags map[string]string) {
		for _, t := range in.Tags {
			tags[*t.Key] = *t.Value
		}
	})
	if err != nil {
		return nil, err
	}
	return &dynamodb.TagResourceOutput{}, nil
}

// UntagResource removes tags from a table; keys it does not have are
// ignored.
func (db *DB) UntagResource(ctx context.Context, in *dynamodb.UntagResourceInput, _ ...func(*dynamodb.Options)) (*dynamodb.UntagResourceOutput, error) {
	in = orEmpty(in)
	if _, err := db.begin(ctx, "UntagResource", in); err != nil {
		return nil, err
	}
	var v violations
	v.present("tagKeys", in.TagKeys != nil)
	for i, k := range in.TagKeys {
		v.text("tagKeys."+strconv.Itoa(i+1)+".member", &k, 1, 128)
	}
	if err := checkResourceARN(&v, in.ResourceArn, "UntagResource"); err != nil {
		return nil, err
	}
	if len(in.TagKeys) == 0 {
		return nil, apierr.Validation("Atleast one Tag Key needs to be provided as Input.")
	}
	err := db.changeTags(*in.ResourceArn, func(tags map[string]string) {
		for _, k := range in.TagKeys {
			delete(tags, k)
		}
	})
	if err != nil {
		return nil, err
	}
	return &dynamodb.UntagResourceOutput{}, nil
}

// ListTagsOfResource returns the tags of a table in key order, tagsPage at
// a time; NextToken is the last key of the previous page.
func (db *DB) ListTagsOfResource(ctx context.Context, in *dynamodb.ListTagsOfResourceInput, _ ...func(*dynamodb.Options)) (*dynamodb.ListTagsOfResourceOutput, error) {
	in = orEmpty(in)
	if _, err := db.begin(ctx, "ListTagsOfResource", in); err != nil {
		return nil, err
	}
	var v violations
	if err := checkResourceARN(&v, in.ResourceArn, "ListTagsOfResource"); err != nil {
		return nil, err
	}
	db.mu.RLock()
	defer db.mu.RUnlock()
	t, err := db.taggedTable(*in.ResourceArn)
	if err != nil {
		return nil, err
	}
	tags, err := db.loadTags(t)
	if err != nil {
		return nil, err
	}
	keys := slices.Sorted(func(yield func(string) bool) {
		for k := range tags {
			if (in.NextToken == nil || k > *in.NextToken) && !yield(k) {
				return
			}
		}
	})
	out := &dynamodb.ListTagsOfResourceOutput{Tags: []types.Tag{}}
	for i, k := range keys {
		if i == tagsPage {
			out.NextToken = ptr(keys[i-1])
			break
		}
		out.Tags = append(out.Tags, types.Tag{Key: ptr(k), Value: ptr(tags[k])})
	}
	return out, nil
}

// checkTags records the constraint violations of a list of tags.
func checkTags(v *violations, tags []types.Tag) {
	for i, t := range tags {
		path := "tags." + strconv.Itoa(i+1) + ".member."
		if v.present(path+"key", t.Key != nil) {
			v.text(path+"key", t.Key, 1, 128)
		}
		if v.present(path+"value", t.Value != nil) {
			v.text(path+"value", t.Value, 0, 256)
		}
	}
}

// checkResourceARN reports the constraint violations found so far together
// with those of the resource ARN, then checks that the ARN names a table of
// this database, as DynamoDB does: an ARN of another account or service is
// denied, a malformed one, one of another region or one naming an index or
// stream is invalid.
func checkResourceARN(v *violations, arn *string, op string) error {
	if v.present("resourceArn", arn != nil) {
		v.text("resourceArn", arn, 1, 1283)
	}
	if err := v.err(); err != nil {
		return err
	}
	invalid := apierr.Validation("Invalid TableArn: Invalid ResourceArn provided as input " + *arn)
	parts := strings.SplitN(*arn, ":", 6)
	if len(parts) < 6 || parts[0] != "arn" {
		return invalid
	}
	ours := strings.Split(arnPrefix, ":")
	if parts[2] != "dynamodb" || parts[4] != ours[4] {
		return apierr.New(apierr.CodeAccessDenied, fmt.Sprintf("User: arn:aws:iam::%s:root is not authorized to perform: dynamodb:%s on resource: %s", ours[4], op, *arn))
	}
	name, ok := strings.CutPrefix(parts[5], "table/")
	if parts[3] != ours[3] || !ok || !validName(name) {
		return invalid
	}
	return nil
}

// taggedTable returns the table a checked ARN names. Callers hold db.mu.
func (db *DB) taggedTable(arn string) (*table, error) {
	t := db.tables[strings.TrimPrefix(arn, arnPrefix)]
	if t == nil {
		return nil, &types.ResourceNotFoundException{Message: ptr("Requested resource not found: ResourcArn: " + arn + " not found")}
	}
	return t, nil
}

// changeTags applies change to the tags of the table a checked ARN names
// and stores them.
func (db *DB) changeTags(arn string, change func(map[string]string)) error {
	db.mu.Lock()
	defer db.mu.Unlock()
	t, err := db.taggedTable(arn)
	if err != nil {
		return err
	}
	tags, err := db.loadTags(t)
	if err != nil {
		return err
	}
	change(tags)
	if err := db.store.Write([]storage.Op{tagsOp(t.id, tags)}); err != nil {
		return apierr.Internal("cannot store the tags: " + err.Error())
	}
	return nil
}

// loadTags reads the tags of t. Callers hold db.mu.
func (db *DB) loadTags(t *table) (map[string]string, error) {
	tags := map[string]string{}
	v, ok, err := db.store.Get(tagsKey(t.id))
	if err == nil && ok {
		err = json.Unmarshal(v, &tags)
	}
	if err != nil {
		return nil, apierr.Internal("cannot read the tags: " + err.Error())
	}
	return tags, nil
}

// tagsOp is the storage write that sets the tags of table id.
func tagsOp(id uint32, tags map[string]string) storage.Op {
	if len(tags) == 0 {
		return storage.Op{Key: tagsKey(id), Delete: true}
	}
	b, err := json.Marshal(tags)
	if err != nil {
		panic("engine: cannot encode tags: " + err.Error())
	}
	return storage.Op{Key: tagsKey(id), Value: b}
}

// newTags checks the Tags of a CreateTable request and returns them by key.
func newTags(tags []types.Tag) (map[string]string, error) {
	var v violations
	checkTags(&v, tags)
	if err := v.err(); err != nil {
		return nil, err
	}
	byKey := map[string]string{}
	for _, t := range tags {
		byKey[*t.Key] = *t.Value
	}
	return byKey, nil
}
