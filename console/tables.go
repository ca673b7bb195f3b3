package console

import (
	"context"
	"errors"
	"net/http"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	smithy "github.com/aws/smithy-go"
)

// maxTables bounds the table names listed (DynamoDB allows 2,500 tables a
// region by default).
const maxTables = 10000

// listTables answers {"tables": [names]}.
func (h *Handler) listTables(w http.ResponseWriter, r *http.Request) error {
	names := []string{}
	in := &dynamodb.ListTablesInput{}
	for len(names) < maxTables {
		out, err := h.api.ListTables(r.Context(), in)
		if err != nil {
			return err
		}
		names = append(names, out.TableNames...)
		if out.LastEvaluatedTableName == nil {
			break
		}
		in.ExclusiveStartTableName = out.LastEvaluatedTableName
	}
	writeJSON(w, http.StatusOK, map[string]any{"tables": names})
	return nil
}

// tagLister is implemented by backends that list a table's tags (the SDK
// client and the engine).
type tagLister interface {
	ListTagsOfResource(ctx context.Context, in *dynamodb.ListTagsOfResourceInput, optFns ...func(*dynamodb.Options)) (*dynamodb.ListTagsOfResourceOutput, error)
}

// tableInfo is the answer of describeTable: DynamoDB's description of the
// table, its time to live settings and its tags.
type tableInfo struct {
	Table *types.TableDescription      `json:"table"`
	TTL   *types.TimeToLiveDescription `json:"ttl,omitempty"`
	// TTLError and TagsError say why the settings could not be read.
	TTLError  string      `json:"ttlError,omitempty"`
	Tags      []types.Tag `json:"tags"`
	TagsError string      `json:"tagsError,omitempty"`
	Streams   bool        `json:"streams"` // the console can read the stream
}

// describeTable answers a table's description, TTL and tags.
func (h *Handler) describeTable(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	name := r.PathValue("table")
	out, err := h.describe(ctx, name)
	if err != nil {
		return err
	}
	info := tableInfo{Table: out.Table, Tags: []types.Tag{}, Streams: h.streams != nil}
	if ttl, err := h.api.DescribeTimeToLive(ctx, &dynamodb.DescribeTimeToLiveInput{TableName: &name}); err != nil {
		info.TTLError = errorText(err)
	} else {
		info.TTL = ttl.TimeToLiveDescription
	}
	if tl, ok := h.api.(tagLister); !ok {
		info.TagsError = "this backend does not list tags"
	} else if arn := out.Table.TableArn; arn != nil {
		in := &dynamodb.ListTagsOfResourceInput{ResourceArn: arn}
		for {
			tags, err := tl.ListTagsOfResource(ctx, in)
			if err != nil {
				info.TagsError = errorText(err)
				break
			}
			info.Tags = append(info.Tags, tags.Tags...)
			if tags.NextToken == nil {
				break
			}
			in.NextToken = tags.NextToken
		}
	}
	writeJSON(w, http.StatusOK, info)
	return nil
}

// errorText returns an error's message, DynamoDB's own for its errors.
func errorText(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode() + ": " + ae.ErrorMessage()
	}
	return err.Error()
}

// createTable creates a table from a CreateTableInput in DynamoDB's JSON
// shape (as the AWS CLI's --cli-input-json takes it).
func (h *Handler) createTable(w http.ResponseWriter, r *http.Request) error {
	var in dynamodb.CreateTableInput
	if err := readJSON(r, &in); err != nil {
		return err
	}
	out, err := h.api.CreateTable(r.Context(), &in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"table": out.TableDescription})
	return nil
}

// deleteTable deletes a table.
func (h *Handler) deleteTable(w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("table")
	out, err := h.api.DeleteTable(r.Context(), &dynamodb.DeleteTableInput{TableName: &name})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"table": out.TableDescription})
	return nil
}

// indexRequest adds a global secondary index: the index and the
// definitions of the attributes its keys use.
type indexRequest struct {
	Index                types.CreateGlobalSecondaryIndexAction
	AttributeDefinitions []types.AttributeDefinition
}

// createIndex adds a global secondary index to a table.
func (h *Handler) createIndex(w http.ResponseWriter, r *http.Request) error {
	var req indexRequest
	if err := readJSON(r, &req); err != nil {
		return err
	}
	name := r.PathValue("table")
	return h.updateTable(w, r, &dynamodb.UpdateTableInput{
		TableName:                   &name,
		AttributeDefinitions:        req.AttributeDefinitions,
		GlobalSecondaryIndexUpdates: []types.GlobalSecondaryIndexUpdate{{Create: &req.Index}},
	})
}

// deleteIndex removes a global secondary index.
func (h *Handler) deleteIndex(w http.ResponseWriter, r *http.Request) error {
	name, index := r.PathValue("table"), r.PathValue("index")
	return h.updateTable(w, r, &dynamodb.UpdateTableInput{
		TableName:                   &name,
		GlobalSecondaryIndexUpdates: []types.GlobalSecondaryIndexUpdate{{Delete: &types.DeleteGlobalSecondaryIndexAction{IndexName: &index}}},
	})
}

// updateStream turns a table's stream on (with a view type) or off.
func (h *Handler) updateStream(w http.ResponseWriter, r *http.Request) error {
	var req struct {
		Enabled  bool
		ViewType types.StreamViewType
	}
	if err := readJSON(r, &req); err != nil {
		return err
	}
	name := r.PathValue("table")
	spec := &types.StreamSpecification{StreamEnabled: &req.Enabled}
	if req.Enabled {
		spec.StreamViewType = req.ViewType
	}
	return h.updateTable(w, r, &dynamodb.UpdateTableInput{TableName: &name, StreamSpecification: spec})
}

// updateTable runs an UpdateTable and answers the new description.
func (h *Handler) updateTable(w http.ResponseWriter, r *http.Request, in *dynamodb.UpdateTableInput) error {
	out, err := h.api.UpdateTable(r.Context(), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"table": out.TableDescription})
	return nil
}

// updateTTL turns time to live on (for an attribute) or off.
func (h *Handler) updateTTL(w http.ResponseWriter, r *http.Request) error {
	var req struct {
		Enabled   bool
		Attribute string
	}
	if err := readJSON(r, &req); err != nil {
		return err
	}
	name := r.PathValue("table")
	out, err := h.api.UpdateTimeToLive(r.Context(), &dynamodb.UpdateTimeToLiveInput{
		TableName:               &name,
		TimeToLiveSpecification: &types.TimeToLiveSpecification{Enabled: &req.Enabled, AttributeName: &req.Attribute},
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"ttl": out.TimeToLiveSpecification})
	return nil
}
