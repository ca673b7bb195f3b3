package console

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	smithy "github.com/aws/smithy-go"

	"github.com/ddbkit/ddb/internal/avequal"
	"github.com/ddbkit/ddb/internal/itemio"
)

// editorIndent indents the items the editor shows.
const editorIndent = "  "

// itemFormat reads the format of an item's text: json (plain, the default)
// or ddb-json.
func itemFormat(s string) (itemio.Format, error) {
	if s == "" {
		return itemio.JSON, nil
	}
	f, err := itemio.ParseFormat(s)
	if err != nil || f == itemio.CSV {
		return "", badRequest("format " + s + ": want json or ddb-json")
	}
	return f, nil
}

// queryKey reads the key parameter of a request: an item's key in
// DynamoDB JSON.
func queryKey(r *http.Request) (itemio.Item, error) {
	raw := r.URL.Query().Get("key")
	if raw == "" {
		return nil, badRequest("missing key parameter (the item's key in DynamoDB JSON)")
	}
	return itemio.Unmarshal(itemio.DynamoJSON, []byte(raw))
}

// getItem answers {"text": ...}: an item in the requested format, for the
// editor.
func (h *Handler) getItem(w http.ResponseWriter, r *http.Request) error {
	f, err := itemFormat(r.URL.Query().Get("format"))
	if err != nil {
		return err
	}
	key, err := queryKey(r)
	if err != nil {
		return err
	}
	table := r.PathValue("table")
	consistent := true
	out, err := h.api.GetItem(r.Context(), &dynamodb.GetItemInput{TableName: &table, Key: key, ConsistentRead: &consistent})
	if err != nil {
		return err
	}
	if out.Item == nil {
		writeError(w, http.StatusNotFound, &apiError{Code: "NotFound", Message: "no item has this key (deleted meanwhile?)"})
		return nil
	}
	text, err := itemio.Marshal(f, out.Item, editorIndent)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]string{"text": string(text)})
	return nil
}

// putRequest saves an item from the editor.
type putRequest struct {
	Format string `json:"format"`
	Text   string `json:"text"`
	// Original is the key of the item being edited, in DynamoDB JSON; null
	// for a new item, which must not replace one with its key.
	Original json.RawMessage `json:"original"`
}

// putItem writes an item from the editor. A new item must not exist yet;
// an edited item whose key changed is written under its new key and
// removed from its old one in one transaction.
func (h *Handler) putItem(w http.ResponseWriter, r *http.Request) error {
	var req putRequest
	if err := readJSON(r, &req); err != nil {
		return err
	}
	f, err := itemFormat(req.Format)
	if err != nil {
		return err
	}
	item, err := itemio.Unmarshal(f, []byte(req.Text))
	if err != nil {
		return err
	}
	original, err := startKey(req.Original)
	if err != nil {
		return err
	}
	ctx := r.Context()
	table := r.PathValue("table")
	desc, err := h.describe(ctx, table)
	if err != nil {
		return err
	}
	hash, _, _ := indexKeys(desc.Table, "")
	notExists := "attribute_not_exists(#k)"
	names := map[string]string{"#k": hash}
	key := keyOf(desc.Table, item)
	switch {
	case original == nil:
		_, err = h.api.PutItem(ctx, &dynamodb.PutItemInput{TableName: &table, Item: item,
			ConditionExpression: &notExists, ExpressionAttributeNames: names})
		if isConditionFailure(err) {
			err = badRequest("an item with this key exists already")
		}
	case sameKey(key, original):
		_, err = h.api.PutItem(ctx, &dynamodb.PutItemInput{TableName: &table, Item: item})
	default:
		_, err = h.api.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
			{Put: &types.Put{TableName: &table, Item: item, ConditionExpression: &notExists, ExpressionAttributeNames: names}},
			{Delete: &types.Delete{TableName: &table, Key: original}},
		}})
		err = cancellationReason(err)
	}
	if err != nil {
		return err
	}
	text, err := itemio.Marshal(itemio.DynamoJSON, key, "")
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]json.RawMessage{"key": text})
	return nil
}

// cancellationReason returns, for a canceled transaction, the reason of the
// item that canceled it as an error of its own (the transaction's message
// names only the reasons' codes); other errors are returned as they are.
func cancellationReason(err error) error {
	var tc *types.TransactionCanceledException
	if !errors.As(err, &tc) {
		return err
	}
	for i, r := range tc.CancellationReasons {
		if r.Code == nil || *r.Code == "None" {
			continue
		}
		if i == 0 && *r.Code == "ConditionalCheckFailed" {
			return badRequest("an item with the new key exists already")
		}
		msg := *r.Code
		if r.Message != nil {
			msg = *r.Message
		}
		return &smithy.GenericAPIError{Code: *r.Code, Message: msg, Fault: smithy.FaultClient}
	}
	return err
}

// isConditionFailure reports whether err is a failed condition.
func isConditionFailure(err error) bool {
	var cf *types.ConditionalCheckFailedException
	return errors.As(err, &cf)
}

// keyOf returns the key attributes of an item of the table.
func keyOf(desc *types.TableDescription, item itemio.Item) itemio.Item {
	key := itemio.Item{}
	for _, k := range desc.KeySchema {
		if v, ok := item[*k.AttributeName]; ok {
			key[*k.AttributeName] = v
		}
	}
	return key
}

// sameKey reports whether two keys are equal, numbers by value (1.0 is 1).
func sameKey(a, b itemio.Item) bool { return avequal.EqualItems(a, b) }

// deleteItem deletes the item with the key parameter's key.
func (h *Handler) deleteItem(w http.ResponseWriter, r *http.Request) error {
	key, err := queryKey(r)
	if err != nil {
		return err
	}
	table := r.PathValue("table")
	if _, err := h.api.DeleteItem(r.Context(), &dynamodb.DeleteItemInput{TableName: &table, Key: key}); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]bool{"deleted": true})
	return nil
}
