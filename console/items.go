package console

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	smithy "github.com/aws/smithy-go"

	"github.com/ddbkit/ddb/internal/dynamo"
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

// getItem answers {"text": ..., "loaded": ...}: an item in the requested
// format, for the editor, and in DynamoDB JSON, which the page sends back
// with its changes so that they are saved only if the item is still as
// loaded.
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
	loaded, err := itemio.Marshal(itemio.DynamoJSON, out.Item, "")
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"text": string(text), "loaded": json.RawMessage(loaded)})
	return nil
}

// putRequest saves an item from the editor.
type putRequest struct {
	Format string `json:"format"`
	Text   string `json:"text"`
	// Original is the key of the item being edited, in DynamoDB JSON; null
	// for a new item, which must not replace one with its key.
	Original json.RawMessage `json:"original"`
	// Loaded is the item as the editor loaded it, in DynamoDB JSON; an
	// edit is saved only if the stored item is still the same.
	Loaded json.RawMessage `json:"loaded"`
}

// putItem writes an item from the editor. A new item must not exist yet;
// an edited item must still be as the editor loaded it, else the answer is
// a conflict (see unchanged); an edited item whose key changed is written
// under its new key and removed from its old one in one transaction.
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
	if original == nil {
		_, err = h.api.PutItem(ctx, &dynamodb.PutItemInput{TableName: &table, Item: item,
			ConditionExpression: &notExists, ExpressionAttributeNames: names})
		if isConditionFailure(err) {
			err = badRequest("an item with this key exists already")
		}
	} else {
		var cond condition
		if cond, err = h.unchanged(ctx, desc.Table, original, req.Loaded, false); err != nil {
			return err
		}
		if sameKey(key, original) {
			_, err = h.api.PutItem(ctx, &dynamodb.PutItemInput{TableName: &table, Item: item,
				ConditionExpression: &cond.expr, ExpressionAttributeNames: cond.names, ExpressionAttributeValues: cond.values})
			if isConditionFailure(err) {
				err = errChanged
			}
		} else {
			_, err = h.api.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
				{Put: &types.Put{TableName: &table, Item: item, ConditionExpression: &notExists, ExpressionAttributeNames: names}},
				{Delete: &types.Delete{TableName: &table, Key: original,
					ConditionExpression: &cond.expr, ExpressionAttributeNames: cond.names, ExpressionAttributeValues: cond.values}},
			}})
			err = cancellationReason(err)
		}
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

// errChanged answers a save or a deletion of an item that changed since
// the page loaded it.
var errChanged = conflict("the item changed since you opened it; reload it")

// DynamoDB's limits on a condition expression: its length in bytes, and
// its operators (each attribute compared takes two, = and AND).
const (
	maxConditionBytes     = 4096
	maxConditionOperators = 300
)

// condition is a condition expression with its names and values.
type condition struct {
	expr   string
	names  map[string]string
	values map[string]types.AttributeValue
}

// unchanged checks that the item with key is still as the page loaded it
// (loaded, in DynamoDB JSON; when partial, loaded has only some of the
// item's attributes, as a projection or an index returns them): it reads
// the item consistently and compares. It returns the condition that a
// write must carry for the rest of the race: each attribute of loaded is
// still equal, the key's first, then as many others as fit in DynamoDB's
// limits on an expression's length and operators. An attribute added between the read and
// the write escapes that condition.
func (h *Handler) unchanged(ctx context.Context, desc *types.TableDescription, key itemio.Item, rawLoaded json.RawMessage, partial bool) (condition, error) {
	loaded, err := startKey(rawLoaded)
	if err != nil {
		return condition{}, err
	}
	if loaded == nil {
		return condition{}, badRequest("missing loaded: the item as it was opened, in DynamoDB JSON")
	}
	if !sameKey(keyOf(desc, loaded), key) {
		return condition{}, badRequest("the loaded item does not have the item's key")
	}
	consistent := true
	out, err := h.api.GetItem(ctx, &dynamodb.GetItemInput{TableName: desc.TableName, Key: key, ConsistentRead: &consistent})
	if err != nil {
		return condition{}, err
	}
	if out.Item == nil {
		return condition{}, conflict("the item was deleted since you opened it")
	}
	stored := out.Item
	if partial {
		stored = make(itemio.Item, len(loaded))
		for name := range loaded {
			stored[name] = out.Item[name]
		}
	}
	if !dynamo.EqualItems(loaded, stored) {
		return condition{}, errChanged
	}
	names := make([]string, 0, len(loaded))
	for _, k := range desc.KeySchema {
		names = append(names, *k.AttributeName)
	}
	others := slices.Sorted(maps.Keys(loaded))
	others = slices.DeleteFunc(others, func(n string) bool { return slices.Contains(names, n) })
	cond := condition{names: map[string]string{}, values: map[string]types.AttributeValue{}}
	var b strings.Builder
	for i, name := range append(names, others...) {
		term := fmt.Sprintf("#a%d = :a%d", i, i)
		if i > 0 {
			term = " AND " + term
		}
		if b.Len()+len(term) > maxConditionBytes || 2*i+1 > maxConditionOperators {
			break
		}
		b.WriteString(term)
		cond.names[fmt.Sprintf("#a%d", i)] = name
		cond.values[fmt.Sprintf(":a%d", i)] = loaded[name]
	}
	cond.expr = b.String()
	return cond, nil
}

// cancellationReason returns, for a canceled rename (the new item's Put,
// then the original's Delete), the reason of the item that canceled it as
// an error of its own (the transaction's message names only the reasons'
// codes); other errors are returned as they are.
func cancellationReason(err error) error {
	var tc *types.TransactionCanceledException
	if !errors.As(err, &tc) {
		return err
	}
	for i, r := range tc.CancellationReasons {
		if r.Code == nil || *r.Code == "None" {
			continue
		}
		if *r.Code == "ConditionalCheckFailed" {
			if i == 0 {
				return badRequest("an item with the new key exists already")
			}
			return errChanged
		}
		msg := *r.Code
		if r.Message != nil {
			msg = *r.Message
		}
		return &smithy.GenericAPIError{Code: reasonException(*r.Code), Message: msg, Fault: smithy.FaultClient}
	}
	return err
}

// reasonException returns the exception a single-item write fails with
// for a transaction's cancellation reason code: ValidationException for
// ValidationError, ThrottlingException for ThrottlingError,
// ConditionalCheckFailedException for ConditionalCheckFailed.
func reasonException(code string) string {
	if base, ok := strings.CutSuffix(code, "Error"); ok {
		code = base
	}
	if code == "RequestLimitExceeded" {
		return code
	}
	return code + "Exception"
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
func sameKey(a, b itemio.Item) bool { return dynamo.EqualItems(a, b) }

// deleteRequest is the body of a deletion: the item as the page shows it.
type deleteRequest struct {
	// Loaded is the item as the page loaded it, in DynamoDB JSON; it is
	// deleted only if it is still the same.
	Loaded json.RawMessage `json:"loaded"`
	// Partial is true when Loaded has only some of the item's attributes
	// (a projection, an index): only those are compared.
	Partial bool `json:"partial"`
}

// deleteItem deletes the item with the key parameter's key if it is still
// as the page loaded it (the body, a deleteRequest).
func (h *Handler) deleteItem(w http.ResponseWriter, r *http.Request) error {
	key, err := queryKey(r)
	if err != nil {
		return err
	}
	var req deleteRequest
	if err := readJSON(r, &req); err != nil {
		return err
	}
	ctx := r.Context()
	table := r.PathValue("table")
	desc, err := h.describe(ctx, table)
	if err != nil {
		return err
	}
	cond, err := h.unchanged(ctx, desc.Table, key, req.Loaded, req.Partial)
	if err != nil {
		return err
	}
	_, err = h.api.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: &table, Key: key,
		ConditionExpression: &cond.expr, ExpressionAttributeNames: cond.names, ExpressionAttributeValues: cond.values})
	if isConditionFailure(err) {
		err = errChanged
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]bool{"deleted": true})
	return nil
}
