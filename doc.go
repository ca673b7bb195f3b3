// Package ddb is a toolkit for Amazon DynamoDB: tables declared once as Go
// types, typed reads and writes, and expressions built from Go code, against
// AWS, any DynamoDB-compatible endpoint, or the embedded engine.
//
// # Connecting
//
// New wraps an aws-sdk-go-v2 *dynamodb.Client or anything else implementing
// API; Open picks the backend from a URL (http://host:port, aws://region,
// mem://, file:///path) or from $DDB_URL.
//
// # Declaring tables
//
// A table is declared from a struct whose `ddb` tags name the attributes and
// the keys:
//
//	type Order struct {
//		Customer string    `ddb:"customer,hash"`
//		OrderID  int       `ddb:"order_id,range"`
//		Status   string    `ddb:"status,gsi=by_status"`
//		Placed   time.Time `ddb:"placed,unixtime,lsi=by_placed"`
//		Version  int       `ddb:"version,version"`     // optimistic locking
//		Updated  time.Time `ddb:"updated,updated"`     // set on every write
//		Expires  time.Time `ddb:"expires,ttl"`         // the time-to-live attribute
//	}
//	orders, err := ddb.NewTable[Order](db, "orders", ddb.Provisioned(5, 5),
//		ddb.WithIndex("by_status", ddb.ProjectKeysOnly()))
//
// A global index's key may have several attributes (up to four each for the
// partition and the sort key, in order): the tag options gsi=NAME:hash1 to
// hash4 and gsi=NAME:range1 to range4 place a field in it (hash and range
// are hash1 and range1), and Partition then takes one value per partition
// key attribute:
//
//	Tournament string `ddb:"tournament,gsi=by_round:hash1"`
//	Region     string `ddb:"region,gsi=by_round:hash2"`
//	Round      int    `ddb:"round,gsi=by_round:range1"`
//	...
//	games.Query(ctx, ddb.Partition("winter", "eu").SortEqual(2), ddb.OnIndex("by_round"))
//
// NewTable reports declaration mistakes as a *SchemaError naming the field:
// among them fields of a type no item could be stored with (channels,
// functions, complex numbers, maps without string keys; tag them `ddb:"-"`),
// key fields of a type without a fixed key type (a Marshaler declares its
// own with KeyTyper) or tagged omitempty, attribute names holding '.', '['
// or ']' (which document paths read as nesting), index names DynamoDB
// refuses, fields promoted through an embedded pointer to an unexported
// struct type (which decoding cannot allocate), and an embedded field, such
// as a time.Time, whose MarshalText method would make the whole item a
// string. Code without a Go type for its items declares a Definition with
// NewSchema and uses TableWithSchema[Item]. The Schema derives the
// CreateTableInput; Create makes the table idempotently and waits until it
// is ACTIVE.
//
// # Existing tables
//
// When the table already exists, Create compares it with the declaration
// (key schema and key attribute types, indexes with their kinds, keys and
// projections, time to live, stream) and reports each difference as a
// warning in the DB's log; with the table option StrictSchema it returns
// them all as a *SchemaDriftError instead, as it always does for a
// different key schema. Both match ErrSchemaMismatch.
//
// # Schema sync
//
// Plan compares the live table with its declaration, adding billing mode,
// throughput and declared tags (WithTags) to what Create compares, and
// returns what Sync would do, printed like Terraform's plan:
//
//	table orders: 3 to change
//	  - index by_owner: global [owner HASH S] KEYS_ONLY (projection differs; created again below)
//	  ~ billing mode: PAY_PER_REQUEST -> PROVISIONED
//	  + index by_owner: global [owner HASH S] ALL
//
// Sync applies it in the order DynamoDB allows: it deletes global indexes
// that are undeclared or must be created anew, switches billing or
// throughput, creates global indexes one at a time (waiting after each
// until it is ACTIVE and backfilled), then changes the stream, time to
// live and tags, reporting progress to OnSyncProgress and to the DB's
// log. Running it twice does nothing the second time. Changes DynamoDB
// cannot make in place (the table's keys, local indexes) are a
// *ManualChangeError, returned before anything changes, saying what to do
// instead: create a new table and copy the items.
//
// # Single-table design
//
// NewEntity declares one entity type of a table that holds several. Its
// key templates build the table's (and indexes') key attributes from the
// item's fields; every field is stored as its own attribute too, with a
// type attribute ("_type") naming the entity:
//
//	type Order struct {
//		_        struct{} `ddbkey:"pk=CUSTOMER#{customer}"`
//		_        struct{} `ddbkey:"sk=ORDER#{number:08}"`
//		Customer string   `ddb:"customer"`
//		Number   int      `ddb:"number"`
//	}
//	orders, err := ddb.NewEntity[Order](app, "Order")
//	order, err := orders.Get(ctx, ddb.Key("ann", 42)) // pk CUSTOMER#ann, sk ORDER#00000042
//
// In templates, times are the fixed-width text below and {field:0W}
// zero-pads integers to W digits, so that both sort (a time tagged
// unixtime or unixmilli needs a width, as in {started:012}). An Entity is
// a Table of its items: Get, Put, Update, Delete, Query, Scan, batches,
// transactions (across entities and tables) and Changes take key values
// for the templates' fields, and read only the entity's items, skipping
// the others of a shared partition (ReportOtherTypes reports them).
// Update, Delete and a transaction's Check likewise fail on another
// entity's item under the same key (an *EntityTypeError); Put replaces it.
// Collection reads one partition of several entities at once, each item
// decoded as its own type:
//
//	res, err := ddb.Collection(customers, orders).Query(ctx, ddb.Partition("ann"))
//	for _, o := range ddb.Items(res, orders) { ... }
//
// All iterates over them, and Page reads them a page at a time for
// cursor-paginated APIs (res.Next() is the following page's cursor).
//
// # Times
//
// A time.Time is stored as S in RFC 3339, in UTC with all nine fraction
// digits ("2024-05-01T14:00:00.000000000Z"): every time has the same width,
// so the texts sort as the times do, in range keys, BETWEEN and
// comparisons. Any RFC 3339 text decodes, whatever its zone and fraction.
// The tag options unixtime and unixmilli store a time as N, in seconds or
// milliseconds since the Unix epoch (as time to live needs).
//
// Data written by aws-sdk-go-v2's attributevalue or by guregu/dynamo holds
// times as time.RFC3339Nano formats them, in the time's own zone and
// without trailing zeros ("2024-01-01T00:00:01Z"), which the default form
// never matches: a Get or a key condition by such a time misses the item.
// The tag option rfc3339nano stores a field's times that way, in items,
// keys, conditions, filters and updates, for reading and writing that
// data. Such texts do not sort as the times do (a fraction, or another
// zone, changes the order), and a time given in another zone than the one
// written is another text, so use it to interoperate with existing data
// only.
//
// # Keys and items
//
// Items are read, updated and deleted by key value: Key(hash) or Key(hash,
// range), encoded as the key fields are and checked against the key's type.
// Put takes the whole item. A missing item is ErrNotFound.
//
//	order, err := orders.Get(ctx, ddb.Key("ann", 42), ddb.Consistent())
//
// Put replaces the whole stored item; Upsert writes only the attributes of
// the item's fields, as an Update, and keeps the others (those another
// type or program writes), creating the item when absent. With SkipNil, a
// field holding nil (a pointer, slice or map) leaves its attribute as it
// is, so a struct of pointer fields writes only what it points to:
//
//	err := statuses.Upsert(ctx, OrderStatus{Customer: "ann", OrderID: 42, Status: &paid}, ddb.SkipNil())
//
// # Expressions
//
// Conditions start from Attr and combine with And, Or and Not; Expr accepts
// a hand-written expression with its own placeholders. Updates chain Set,
// Increment, Append, Remove, Add, AddToSet, DeleteFromSet and friends.
// Document paths such as "lines[0].sku" are parsed once and every name
// becomes a #placeholder, so reserved words need no care:
//
//	err := orders.Update(ctx, ddb.Key("ann", 42),
//		ddb.Set("status", "paid").Increment("version", 1),
//		ddb.If(ddb.Attr("status").Equal("open")),
//		ddb.ReturnNew(&order))
//
// A value given for a path that names a declared field (nested ones too)
// is encoded as that field is in items, with its tag options: a time.Time
// compared with, or set on, a field tagged unixtime is a number, a
// []string set on a field tagged set is an SS. This holds in keys, key
// conditions, conditions, filters and updates; elements given to Contains,
// Append or AddToSet are encoded as elements of the field. Raw Expr values
// are encoded as MarshalValue does.
//
// Return values are decoded into the destination given to ReturnOld,
// ReturnNew, ReturnUpdatedOld or ReturnUpdatedNew, a non-nil pointer that
// is checked before the request is sent.
//
// # Queries and scans
//
// Query reads one partition of the table or of an index, selected with
// Partition and an optional sort key condition; Scan reads everything,
// optionally in parallel segments. Both return Results, run by its methods:
// All iterates lazily over every page, Page reads one page and returns a
// cursor for the next, Collect, First and One read a few items and Count
// counts them:
//
//	for order, err := range orders.Query(ctx, ddb.Partition("ann").SortGreaterThan(40),
//		ddb.Filter(ddb.Attr("status").Equal("open"))).All() {
//		...
//	}
//
// PageSize sets DynamoDB's Limit, the items evaluated per request; it never
// bounds the total.
//
// # Batches and transactions
//
// BatchGet and BatchWrite read and write several tables in one batch (the
// table methods of the same names, one table), split the keys and items
// into DynamoDB's request sizes, send up to Concurrency requests at once
// (4 by default) and resend what DynamoDB leaves unprocessed with jittered
// backoff. What is still left when they give up (retries spent, a request
// failed, the context ended) is never dropped: the *UnprocessedError
// holds it, typed per table with UnprocessedItems and UnprocessedKeys.
//
//	err := ddb.BatchWrite(db).Put(orders, o1, o2).Delete(customers, ddb.Key("bob")).Run(ctx)
//	err = ddb.BatchGet(db).Get(orders, keys, &found).Get(customers, ids, &people).Run(ctx)
//
// WriteTx and GetTx build transactions across tables of any item types; a
// canceled transaction's *Error lists each action's CancellationReason. One
// canceled for a conflict with another transaction in flight on the same
// items (ErrTransactionConflict) wrote nothing and can be sent again.
// WriteTx's Check is DynamoDB's ConditionCheck: a condition on an item the
// transaction does not write, which ReturnOldOnConditionFailure reports
// the item of when it fails.
//
// ConsumedCapacity, accepted by every operation, adds the capacity DynamoDB
// reports into a Capacity.
//
// # Optimistic locking and timestamps
//
// A field tagged version (an integer) makes the item versioned. Put writes
// it only if the stored item still has the version the item holds (for
// version 0: no stored item, or one without a version), and stores the
// next version; Save does the same and leaves the new version and
// timestamps in the caller's struct. Update adds one to the version and,
// with IfVersion(v), requires v; Delete and WriteTx's Check take IfVersion
// too. A stale version fails with a *VersionConflictError, which matches
// ErrVersionConflict and ErrConditionFailed (in a transaction it names the
// action); ReturnOldOnConditionFailure hands back the current item to redo
// the change from. IgnoreVersion skips the check for one write, still
// counting the version up (a Put from the item's version, an Update from
// the stored one); batches cannot check it, and UnprocessedItems hands
// back what they leave unput with the version it was given.
//
//	w, err := wallets.Get(ctx, ddb.Key("ann"))
//	w.Balance += 5
//	err = wallets.Save(ctx, &w) // errors.Is(err, ddb.ErrVersionConflict) if someone wrote in between
//
// Fields tagged created and updated (a time.Time or *time.Time, in any time
// encoding) are set by the library from the DB's clock (WithClock; default
// time.Now). Put and Update set updated. Update sets created with
// if_not_exists, so only when the item is new. A Put sets created when it
// knows the item is new (version 0 with the check on, or IfNotExists), and
// otherwise keeps the item's own value, which is that of the stored item
// when the item was read first. A plain Put of a struct whose created is
// zero cannot know whether an item exists: it sets created to now,
// replacing the stored one; read the item first, or use Update or
// IfNotExists, to keep it. An Update that sets one of these attributes
// itself keeps its own value. The fields of entities (NewEntity) take these
// tags too.
//
// # Time to live
//
// A field tagged ttl (a time.Time or *time.Time, stored as seconds since
// the Unix epoch, left out while zero, and removed by an Update that sets
// it to a zero time) is the table's time-to-live
// attribute (Schema.TTL): Create enables time to live on it, and reports a
// table whose time to live is missing or on another attribute as a
// difference (an entity's ttl field must be the one its table declares
// with WithTTL). DynamoDB deletes expired items within a few days, and reads
// return them until then: HideExpired (per read) and HideExpiredByDefault
// (per table; ShowExpired undoes it) hide them. Like DynamoDB, they count
// an item as expired only when its expiry is at most five years past, so
// an item whose attribute holds 0 (a common "never") stays visible. Query
// and Scan filter with NOT (ttl BETWEEN now-5y AND now), so that pages,
// PageSize and Count stay DynamoDB's (an index that does not project the
// attribute, and in a Query an index whose
// key it is, are read unfiltered); Get, BatchGet and GetTx drop the
// expired items they receive.
//
// # Observing requests
//
// WithHook adds a Hook that sees every request the DB sends: its Start runs
// before the request with the context the request is sent with (a tracing
// hook starts its span there), its End after it, with the operation,
// tables, index, the library's attempt (resends of a batch's unprocessed
// items), the client's retries (the SDK's, counted through its retry
// middleware; other clients call RecordRetry), duration, consumed capacity
// and error. LogHook logs them with log/slog; the module
// github.com/ddbkit/ddb/otel traces and measures them with OpenTelemetry.
//
// # Changes
//
// A table declared WithStream records its item changes in a DynamoDB
// stream. Changes reads them as typed Change values (kind, keys, the item
// before and after when the view type carries them, sequence number, time),
// from every shard in order, parents before children, so that each item's
// changes come in the order they were made:
//
//	for c, err := range orders.Changes(ctx, checkpoint) {
//		if err != nil {
//			return err
//		}
//		...
//		checkpoint = c.Position // store it (MarshalText) to resume later
//	}
//
// It works on AWS, DynamoDB Local, ddb serve and the embedded engine; for a
// DB from New, pass the Streams client with WithStreams. With the embedded
// engine, OnChange runs a function for each committed change before the
// write returns, so a test can check what a stream consumer did without
// polling.
//
// # PartiQL
//
// Statement runs a PartiQL statement, DynamoDB's dialect of SQL, and decodes
// the items it returns into T, with the methods of Results; Exec runs one
// for its effect. Arguments fill the statement's ? parameters, encoded as
// attributes are; options such as Consistent and PageSize may be given among
// them:
//
//	open, err := ddb.Statement[Order](ctx, db,
//		`SELECT * FROM "orders" WHERE customer = ? AND status = 'open'`, "ann").Collect(10)
//	err = ddb.Exec(ctx, db,
//		`UPDATE "orders" SET status = 'paid' WHERE customer = ? AND order_id = ?`, "ann", 42)
//
// A SELECT reads as a Query the partitions its WHERE clause names with = or
// IN on the partition key, and otherwise scans the table or index. An
// INSERT of an existing item fails with ErrDuplicateItem; an UPDATE or
// DELETE whose WHERE clause does not hold fails with ErrConditionFailed.
// StatementTx runs statements as one transaction (ExecuteTransaction),
// BatchStatements as a batch whose statements succeed or fail on their own
// (BatchExecuteStatement).
//
// # Testing
//
// Package ddbtest gives each test a database of its own in one line:
// ddbtest.New(t) is a fresh embedded engine, or with DDB_URL set, a
// namespace of a shared endpoint (every table name the test uses gets a
// prefix of its own); ddbtest.Table creates a declared table for the test
// and ddbtest.Seed fills it. It is safe under t.Parallel.
//
// # Errors
//
// DynamoDB's errors become a *Error with the Code, Message, operation and
// table, matching sentinels such as ErrConditionFailed with errors.Is; the
// SDK's typed error stays reachable with errors.As.
//
// Mistakes the library finds before sending a request (a key of the wrong
// type or arity, an empty update, a malformed path such as "a..b", an
// unknown index, a cursor made for another index, a destination that is
// not a pointer, options that contradict each other) are a
// *ValidationError naming the field, path or option at fault in Field; it
// matches ErrValidation, as DynamoDB's ValidationException does. Nothing
// was sent, so nothing changed.
package ddb
