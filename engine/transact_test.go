package engine

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/internal/av"
)

// transfer is a transaction moving amount from one account to another,
// provided the source has enough.
func transfer(from, to string, amount int) *dynamodb.TransactWriteItemsInput {
	v := item{":a": av.N(itoa(amount))}
	return &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
		{Update: &types.Update{TableName: aws.String("accounts"), Key: item{"id": av.S(from)},
			UpdateExpression: aws.String("SET balance = balance - :a"), ConditionExpression: aws.String("balance >= :a"), ExpressionAttributeValues: v}},
		{Update: &types.Update{TableName: aws.String("accounts"), Key: item{"id": av.S(to)},
			UpdateExpression: aws.String("SET balance = balance + :a"), ExpressionAttributeValues: v}},
	}}
}

// TestTransactionTransfers runs concurrent transfers between accounts: the
// total never changes, and no balance goes negative.
func TestTransactionTransfers(t *testing.T) {
	checkTransfers(t, func(db *DB, from, to string, amount int) error {
		_, err := db.TransactWriteItems(ctx, transfer(from, to, amount))
		return err
	})
}

// checkTransfers runs concurrent transfers between accounts, each a
// transaction that run makes: the total never changes, and no balance goes
// negative. A transfer may be canceled, by a conflict or a balance too low.
func checkTransfers(t *testing.T, run func(db *DB, from, to string, amount int) error) {
	t.Helper()
	db := openMemory(t)
	simpleTable(t, db, "accounts")
	const accounts, workers, transfers = 5, 6, 40
	for i := range accounts {
		put(t, db, "accounts", item{"id": av.S(itoa(i)), "balance": av.N("100")})
	}
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := range workers {
		wg.Go(func() {
			for i := range transfers {
				from, to := (w+i)%accounts, (w+2*i+1)%accounts
				if from == to {
					continue
				}
				err := run(db, itoa(from), itoa(to), 7+i%50)
				var tce *types.TransactionCanceledException
				if err != nil && !errors.As(err, &tce) {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	total := 0
	for i := range accounts {
		b, _ := strconv.Atoi(get(t, db, "accounts", item{"id": av.S(itoa(i))})["balance"].(*types.AttributeValueMemberN).Value)
		if b < 0 {
			t.Errorf("account %d has a negative balance %d", i, b)
		}
		total += b
	}
	if total != accounts*100 {
		t.Errorf("total = %d, want %d", total, accounts*100)
	}
}

// TestTransactionCancelled checks that a failing condition cancels the whole
// transaction, with a reason per action.
func TestTransactionCancelled(t *testing.T) {
	db := openMemory(t)
	mustCreate(t, db, indexedTableInput("txi"))
	simpleTable(t, db, "accounts")
	put(t, db, "accounts", item{"id": av.S("a"), "balance": av.N("5")})
	_, err := db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
		{Put: &types.Put{TableName: aws.String("txi"), Item: item{"pk": av.S("p"), "sk": av.N("1"), "g": av.S("x")}}},
		{ConditionCheck: &types.ConditionCheck{TableName: aws.String("accounts"), Key: item{"id": av.S("a")},
			ConditionExpression: aws.String("balance > :z"), ExpressionAttributeValues: item{":z": av.N("10")},
			ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld}},
		{Delete: &types.Delete{TableName: aws.String("accounts"), Key: item{"id": av.S("b")}, ConditionExpression: aws.String("attribute_exists(id)")}},
	}})
	var tce *types.TransactionCanceledException
	if !errors.As(err, &tce) {
		t.Fatalf("got %v, want TransactionCanceledException", err)
	}
	want := &types.TransactionCanceledException{
		Message: aws.String("Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed, ConditionalCheckFailed]"),
		CancellationReasons: []types.CancellationReason{
			{Code: aws.String("None")},
			{Code: aws.String("ConditionalCheckFailed"), Message: aws.String("The conditional request failed."), Item: item{"id": av.S("a"), "balance": av.N("5")}},
			{Code: aws.String("ConditionalCheckFailed"), Message: aws.String("The conditional request failed")},
		},
	}
	if diff := cmp.Diff(want, tce, cmpAV); diff != "" {
		t.Errorf("error (-want +got):\n%s", diff)
	}
	if get(t, db, "txi", item{"pk": av.S("p"), "sk": av.N("1")}) != nil {
		t.Error("a cancelled transaction wrote its put")
	}
	if rows := indexRows(t, db, "txi"); len(rows) != 0 {
		t.Errorf("a cancelled transaction wrote index rows %v", rows)
	}

	// An invalid item cancels with a ValidationError reason.
	_, err = db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
		{Put: &types.Put{TableName: aws.String("accounts"), Item: item{"id": av.S("ok")}}},
		{Update: &types.Update{TableName: aws.String("accounts"), Key: item{"id": av.S("a")}, UpdateExpression: aws.String("SET id = :x"), ExpressionAttributeValues: item{":x": av.S("x")}}},
	}})
	if got, want := errText(err), "TransactionCanceledException: Transaction cancelled, please refer cancellation reasons for specific reasons [None, ValidationError]"; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// TestTransactWriteCapacityOfIndexes checks that a transaction labels the
// write units of each index, as of the table, under INDEXES.
func TestTransactWriteCapacityOfIndexes(t *testing.T) {
	db := openMemory(t)
	mustCreate(t, db, indexedTableInput("twi"))
	out, err := db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{
		TransactItems: []types.TransactWriteItem{{Put: &types.Put{TableName: aws.String("twi"),
			Item: item{"pk": av.S("a"), "sk": av.N("1"), "g": av.S("x"), "l": av.S("y")}}}},
		ReturnConsumedCapacity: types.ReturnConsumedCapacityIndexes,
	})
	if err != nil {
		t.Fatal(err)
	}
	two := aws.Float64(2)
	want := []types.ConsumedCapacity{{TableName: aws.String("twi"), CapacityUnits: aws.Float64(6), WriteCapacityUnits: aws.Float64(6),
		Table:                  &types.Capacity{CapacityUnits: two, WriteCapacityUnits: two},
		GlobalSecondaryIndexes: map[string]types.Capacity{"gsi1": {CapacityUnits: two, WriteCapacityUnits: two}},
		LocalSecondaryIndexes:  map[string]types.Capacity{"lsi1": {CapacityUnits: two, WriteCapacityUnits: two}},
	}}
	if diff := cmp.Diff(want, out.ConsumedCapacity, cmpAV); diff != "" {
		t.Errorf("capacity (-want +got):\n%s", diff)
	}
}

// TestTransactWriteItems checks a successful transaction's effects and
// capacity (twice a plain write), and idempotency tokens.
func TestTransactWriteItems(t *testing.T) {
	db := openMemory(t)
	simpleTable(t, db, "tw1")
	simpleTable(t, db, "tw2")
	put(t, db, "tw1", item{"id": av.S("old"), "n": av.N("1")})
	in := &dynamodb.TransactWriteItemsInput{
		TransactItems: []types.TransactWriteItem{
			{Put: &types.Put{TableName: aws.String("tw1"), Item: item{"id": av.S("new")}}},
			{Update: &types.Update{TableName: aws.String("tw1"), Key: item{"id": av.S("old")}, UpdateExpression: aws.String("ADD n :one"), ExpressionAttributeValues: item{":one": av.N("1")}}},
			{Delete: &types.Delete{TableName: aws.String("tw2"), Key: item{"id": av.S("none")}}},
			{ConditionCheck: &types.ConditionCheck{TableName: aws.String("tw2"), Key: item{"id": av.S("x")}, ConditionExpression: aws.String("attribute_not_exists(id)")}},
		},
		ReturnConsumedCapacity: types.ReturnConsumedCapacityTotal,
		ClientRequestToken:     aws.String("token-1"),
	}
	out, err := db.TransactWriteItems(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	want := []types.ConsumedCapacity{
		{TableName: aws.String("tw1"), CapacityUnits: aws.Float64(4), WriteCapacityUnits: aws.Float64(4)},
		{TableName: aws.String("tw2"), CapacityUnits: aws.Float64(4), WriteCapacityUnits: aws.Float64(4)},
	}
	if diff := cmp.Diff(want, out.ConsumedCapacity, cmpAV); diff != "" {
		t.Errorf("capacity (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(item{"id": av.S("old"), "n": av.N("2")}, get(t, db, "tw1", item{"id": av.S("old")}), cmpAV); diff != "" {
		t.Errorf("updated item (-want +got):\n%s", diff)
	}

	// The same token and parameters: success, nothing written again.
	out, err = db.TransactWriteItems(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	want = []types.ConsumedCapacity{
		{TableName: aws.String("tw1"), CapacityUnits: aws.Float64(4), ReadCapacityUnits: aws.Float64(4)},
		{TableName: aws.String("tw2"), CapacityUnits: aws.Float64(4), ReadCapacityUnits: aws.Float64(4)},
	}
	if diff := cmp.Diff(want, out.ConsumedCapacity, cmpAV); diff != "" {
		t.Errorf("replayed capacity (-want +got):\n%s", diff)
	}
	if got := get(t, db, "tw1", item{"id": av.S("old")})["n"]; !cmp.Equal(got, av.N("2"), cmpAV) {
		t.Errorf("replay applied the update again: n = %v", got)
	}
	// The same token, other parameters.
	other := *in
	other.TransactItems = in.TransactItems[:1]
	if _, err := db.TransactWriteItems(ctx, &other); !errors.As(err, new(*types.IdempotentParameterMismatchException)) {
		t.Errorf("token reused with other parameters: got %v, want IdempotentParameterMismatchException", err)
	}
	// The same token on a request with a mistake: the mistake, as DynamoDB
	// Local reports it.
	bad := *in
	bad.TransactItems = []types.TransactWriteItem{{ConditionCheck: &types.ConditionCheck{TableName: aws.String("tw1"),
		Key: item{"id": av.S("old")}, ConditionExpression: aws.String("n > n")}}}
	var api smithy.APIError
	if _, err := db.TransactWriteItems(ctx, &bad); !errors.As(err, &api) || api.ErrorCode() != "ValidationException" {
		t.Errorf("token reused on an invalid request: got %v, want ValidationException", err)
	}
}

// TestTransactUpdateInvalidForItem checks that an update that the item it
// finds makes invalid cancels the transaction with a ValidationError reason
// at its action, the API reference's TransactWriteItems listing these
// messages under "Validation Error" among the cancellation reasons; the
// other actions' reasons are kept, and nothing is written. DynamoDB Local
// (1.25.1 and 2.9.30) refuses such a request with a ValidationException
// instead (internal/difftest's localTransactUpdateItem). An update's own
// mistake, whatever the items, still fails the request.
func TestTransactUpdateInvalidForItem(t *testing.T) {
	db := openMemory(t)
	simpleTable(t, db, "tup")
	put(t, db, "tup", item{"id": av.S("a"), "v": av.S("text"), "l": av.L(av.N("1")), "big": av.N("9E125")})
	update := func(expr string, key string, values item) types.TransactWriteItem {
		return types.TransactWriteItem{Update: &types.Update{TableName: aws.String("tup"), Key: item{"id": av.S(key)},
			UpdateExpression: aws.String(expr), ExpressionAttributeValues: values}}
	}
	one := item{":o": av.N("1")}
	putB := types.TransactWriteItem{Put: &types.Put{TableName: aws.String("tup"), Item: item{"id": av.S("b")}}}
	failingCheck := types.TransactWriteItem{ConditionCheck: &types.ConditionCheck{TableName: aws.String("tup"), Key: item{"id": av.S("c")},
		ConditionExpression: aws.String("attribute_exists(id)")}}
	const (
		operandType = "An operand in the update expression has an incorrect data type"
		invalidPath = "The document path provided in the update expression is invalid for update"
		missing     = "The provided expression refers to an attribute that does not exist in the item"
		overflow    = "Number overflow. Attempting to store a number with magnitude larger than supported range"
	)
	for _, tt := range []struct {
		name   string
		items  []types.TransactWriteItem
		reason string // the ValidationError's message, at the last action
		codes  string
	}{
		{"arithmetic on a string", []types.TransactWriteItem{putB, update("SET v = v + :o", "a", one)}, operandType, "[None, ValidationError]"},
		{"ADD to a list", []types.TransactWriteItem{putB, update("ADD l :o", "a", one)}, operandType, "[None, ValidationError]"},
		{"path into a string", []types.TransactWriteItem{putB, update("SET v.x = :o", "a", one)}, invalidPath, "[None, ValidationError]"},
		{"number overflow", []types.TransactWriteItem{putB, update("SET big = big + :o", "a", item{":o": av.N("9E125")})}, overflow, "[None, ValidationError]"},
		{"attribute of a missing item", []types.TransactWriteItem{putB, update("SET v = v + :o", "zz", one)}, missing, "[None, ValidationError]"},
		{"beside a failing check", []types.TransactWriteItem{failingCheck, update("SET v = v + :o", "a", one)}, operandType, "[ConditionalCheckFailed, ValidationError]"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: tt.items})
			var tce *types.TransactionCanceledException
			if !errors.As(err, &tce) {
				t.Fatalf("got %v, want TransactionCanceledException", err)
			}
			if want := "Transaction cancelled, please refer cancellation reasons for specific reasons " + tt.codes; aws.ToString(tce.Message) != want {
				t.Errorf("message %q, want %q", aws.ToString(tce.Message), want)
			}
			last := tce.CancellationReasons[len(tce.CancellationReasons)-1]
			if want := (types.CancellationReason{Code: aws.String("ValidationError"), Message: aws.String(tt.reason)}); !cmp.Equal(last, want, cmpAV) {
				t.Errorf("reason %s: %s, want ValidationError: %s", aws.ToString(last.Code), aws.ToString(last.Message), tt.reason)
			}
			if get(t, db, "tup", item{"id": av.S("b")}) != nil {
				t.Error("a cancelled transaction wrote its put")
			}
		})
	}
	_, err := db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{putB, update("SET v = v +", "a", nil)}})
	if got := errText(err); !strings.HasPrefix(got, "ValidationException: Invalid UpdateExpression: Syntax error") {
		t.Errorf("a syntax error: %s, want a ValidationException", got)
	}
}

func TestTransactWriteItemsErrors(t *testing.T) {
	db := openMemory(t)
	simpleTable(t, db, "tw3")
	putA := types.TransactWriteItem{Put: &types.Put{TableName: aws.String("tw3"), Item: item{"id": av.S("a")}}}
	many := make([]types.TransactWriteItem, 101)
	for i := range many {
		many[i] = types.TransactWriteItem{Put: &types.Put{TableName: aws.String("tw3"), Item: item{"id": av.S(itoa(i))}}}
	}
	tests := []struct {
		name  string
		items []types.TransactWriteItem
		want  string
	}{
		{"null", nil, "ValidationException: 1 validation error detected: Value null at 'transactItems' failed to satisfy constraint: Member must not be null"},
		{"empty", []types.TransactWriteItem{}, "ValidationException: 1 validation error detected: Value '[]' at 'transactItems' failed to satisfy constraint: Member must have length greater than or equal to 1"},
		{"too many", many, "ValidationException: 1 validation error detected: Member must have length less than or equal to 100"},
		{"no action", []types.TransactWriteItem{{}}, "ValidationException: Invalid Request: TransactWriteRequest should contain Delete or Put or Update request"},
		{"two actions", []types.TransactWriteItem{{Put: putA.Put, Delete: &types.Delete{TableName: aws.String("tw3"), Key: item{"id": av.S("a")}}}},
			"ValidationException: TransactItems can only contain one of Check, Put, Update or Delete"},
		{"same item", []types.TransactWriteItem{putA, {Delete: &types.Delete{TableName: aws.String("tw3"), Key: item{"id": av.S("a")}}}},
			"ValidationException: Transaction request cannot include multiple operations on one item"},
		{"missing table", []types.TransactWriteItem{{Put: &types.Put{TableName: aws.String("nothere"), Item: item{"id": av.S("a")}}}}, "ResourceNotFoundException: Requested resource not found"},
		{"check without condition", []types.TransactWriteItem{putA, {ConditionCheck: &types.ConditionCheck{TableName: aws.String("tw3"), Key: item{"id": av.S("b")}}}},
			"ValidationException: 1 validation error detected: Value null at 'transactItems.2.member.conditionCheck.conditionExpression' failed to satisfy constraint: Member must not be null"},
		{"undefined value", []types.TransactWriteItem{{Update: &types.Update{TableName: aws.String("tw3"), Key: item{"id": av.S("b")}, UpdateExpression: aws.String("SET a = :x")}}},
			"ValidationException: Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :x"},
		{"key type", []types.TransactWriteItem{{Put: &types.Put{TableName: aws.String("tw3"), Item: item{"id": av.N("2")}}}},
			"TransactionCanceledException: Transaction cancelled, please refer cancellation reasons for specific reasons [ValidationError]"},
		// An invalid value is refused before the transaction runs, as
		// DynamoDB refuses it before it looks the table up.
		{"empty set", []types.TransactWriteItem{putA, {Put: &types.Put{TableName: aws.String("tw3"), Item: item{"id": av.S("b"), "s": av.NS()}}}},
			"ValidationException: One or more parameter values were invalid: An number set  may not be empty"},
		{"set duplicates", []types.TransactWriteItem{{Put: &types.Put{TableName: aws.String("tw3"), Item: item{"id": av.S("b"), "s": av.SS("x", "x")}}}},
			"ValidationException: One or more parameter values were invalid: Input collection [x, x] contains duplicates."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: tt.items})
			if got := errText(err); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestTransactGetItems(t *testing.T) {
	db := openMemory(t)
	simpleTable(t, db, "tg1")
	put(t, db, "tg1", item{"id": av.S("a"), "x": av.S("hello"), "y": av.N("2")})
	out, err := db.TransactGetItems(ctx, &dynamodb.TransactGetItemsInput{
		TransactItems: []types.TransactGetItem{
			{Get: &types.Get{TableName: aws.String("tg1"), Key: item{"id": av.S("a")}}},
			{Get: &types.Get{TableName: aws.String("tg1"), Key: item{"id": av.S("zz")}}},
			{Get: &types.Get{TableName: aws.String("tg1"), Key: item{"id": av.S("b")}, ProjectionExpression: aws.String("#y"), ExpressionAttributeNames: map[string]string{"#y": "y"}}},
		},
		ReturnConsumedCapacity: types.ReturnConsumedCapacityTotal,
	})
	if err != nil {
		t.Fatal(err)
	}
	want := &dynamodb.TransactGetItemsOutput{
		Responses:        []types.ItemResponse{{Item: item{"id": av.S("a"), "x": av.S("hello"), "y": av.N("2")}}, {}, {}},
		ConsumedCapacity: []types.ConsumedCapacity{{TableName: aws.String("tg1"), CapacityUnits: aws.Float64(6), ReadCapacityUnits: aws.Float64(6)}},
	}
	if diff := cmp.Diff(want, out, cmpAV); diff != "" {
		t.Errorf("output (-want +got):\n%s", diff)
	}

	for _, tt := range []struct {
		name  string
		items []types.TransactGetItem
		want  string
	}{
		{"empty", nil, "ValidationException: 1 validation error detected: Value null at 'transactItems' failed to satisfy constraint: Member must not be null"},
		{"no get", []types.TransactGetItem{{}}, "ValidationException: 1 validation error detected: Value null at 'transactItems.1.member.get' failed to satisfy constraint: Member must not be null"},
		{"same item", []types.TransactGetItem{{Get: &types.Get{TableName: aws.String("tg1"), Key: item{"id": av.S("a")}}}, {Get: &types.Get{TableName: aws.String("tg1"), Key: item{"id": av.S("a")}}}},
			"ValidationException: Transaction request cannot include multiple operations on one item"},
		{"missing table", []types.TransactGetItem{{Get: &types.Get{TableName: aws.String("nothere"), Key: item{"id": av.S("a")}}}}, "ResourceNotFoundException: Requested resource not found"},
	} {
		_, err := db.TransactGetItems(ctx, &dynamodb.TransactGetItemsInput{TransactItems: tt.items})
		if got := errText(err); got != tt.want {
			t.Errorf("%s: got  %s\nwant %s", tt.name, got, tt.want)
		}
	}
}

// TestTransactGetSnapshot checks that TransactGetItems never sees half of a
// concurrent transfer.
func TestTransactGetSnapshot(t *testing.T) {
	db := openMemory(t)
	simpleTable(t, db, "accounts")
	put(t, db, "accounts", item{"id": av.S("a"), "balance": av.N("1000")})
	put(t, db, "accounts", item{"id": av.S("b"), "balance": av.N("1000")})
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := 0; ; i++ {
			select {
			case <-done:
				return
			default:
			}
			from, to := "a", "b"
			if i%2 == 1 {
				from, to = to, from
			}
			db.TransactWriteItems(ctx, transfer(from, to, 3))
		}
	})
	read := &dynamodb.TransactGetItemsInput{TransactItems: []types.TransactGetItem{
		{Get: &types.Get{TableName: aws.String("accounts"), Key: item{"id": av.S("a")}}},
		{Get: &types.Get{TableName: aws.String("accounts"), Key: item{"id": av.S("b")}}},
	}}
	for range 200 {
		out, err := db.TransactGetItems(ctx, read)
		if err != nil {
			t.Fatal(err)
		}
		sum := 0
		for _, r := range out.Responses {
			v, _ := strconv.Atoi(r.Item["balance"].(*types.AttributeValueMemberN).Value)
			sum += v
		}
		if sum != 2000 {
			t.Fatalf("snapshot total = %d, want 2000", sum)
		}
	}
	close(done)
	wg.Wait()
}

// TestTransactReadsOver4MB checks that a transaction of reads whose items
// add up to more than 4 MB is refused as a whole, TransactGetItems and
// ExecuteTransaction alike, and that the limit counts the items as
// returned (projected).
func TestTransactReadsOver4MB(t *testing.T) {
	db := openMemory(t)
	simpleTable(t, db, "big")
	data := av.S(strings.Repeat("x", 390000))
	var gets, keysOnly []types.TransactGetItem
	var stmts []string
	for i := range 12 {
		id := fmt.Sprintf("k%02d", i)
		put(t, db, "big", item{"id": av.S(id), "d": data})
		g := types.Get{TableName: aws.String("big"), Key: item{"id": av.S(id)}}
		gets = append(gets, types.TransactGetItem{Get: &g})
		p := g
		p.ProjectionExpression = aws.String("id")
		keysOnly = append(keysOnly, types.TransactGetItem{Get: &p})
		stmts = append(stmts, "SELECT * FROM big WHERE id = '"+id+"'")
	}
	// Each item is 2+3 + 1+390000 bytes; the 11th takes the sum past 4 MB.
	const want = "ValidationException: Payload in response is too large.4290066"
	_, err := db.TransactGetItems(ctx, &dynamodb.TransactGetItemsInput{TransactItems: gets})
	if got := errText(err); got != want {
		t.Errorf("TransactGetItems: %s, want %s", got, want)
	}
	_, err = db.ExecuteTransaction(ctx, txStatements(stmts...))
	if got := errText(err); got != want {
		t.Errorf("ExecuteTransaction: %s, want %s", got, want)
	}
	out, err := db.TransactGetItems(ctx, &dynamodb.TransactGetItemsInput{TransactItems: keysOnly})
	if err != nil || len(out.Responses) != 12 {
		t.Errorf("projected to their keys: %v, %d items", err, len(out.Responses))
	}
}
