package main

import (
	"log/slog"

	"github.com/spf13/pflag"

	"github.com/ddbkit/ddb/engine"
	"github.com/ddbkit/ddb/engine/server"
)

// adminUsage documents --admin in "ddb serve -h".
const adminUsage = `
With --admin the server also answers an admin API for local testing, on the
same listener: deterministic faults and a clock tests can move. Never expose
it: it changes what every client sees. Browser pages of other origins are
refused, whatever -cors allows; with --auth, admin calls must be signed like
any other. JSON in, JSON out (errors are {"message": "..."}):

  GET    /_ddb/faults        the fault rules, in order, with their "calls"
                             (matched) and "hits" (fired)
  POST   /_ddb/faults        add a rule; the answer carries its "id"
  DELETE /_ddb/faults[/ID]   remove every rule, or rule ID
  GET    /_ddb/clock         {"now": "2030-01-02T03:04:05Z"}
  POST   /_ddb/clock         {"advance": "24h"} or {"set": "2030-01-03T00:00:00Z"}:
                             moves the clock forward, then deletes the items
                             whose time to live it passed and trims streams;
                             with --data the move outlasts a restart

A rule matches calls by "operation", "table" and "key" (DynamoDB JSON; any
item of a batch or transaction), fires on matching calls "from".."to"
(numbered from 1; leave out for every call), with a "probability" drawn from
"seed", and its "fault" is a "delay" (up to "maxDelay": "150ms"), then an
"error" (ProvisionedThroughputExceededException, ThrottlingException,
RequestLimitExceeded, InternalServerError, TransactionConflictException) or
"unprocessed": true (the batch items it selects come back in
UnprocessedItems or UnprocessedKeys). For example:

  curl -d '{"operation":"PutItem","to":2,"fault":{"error":"ThrottlingException"}}' \
    http://127.0.0.1:8000/_ddb/faults
  curl -d '{"advance":"25h"}' http://127.0.0.1:8000/_ddb/clock
`

// addAdminFlag defines --admin.
func addAdminFlag(fs *pflag.FlagSet, cfg *serveConfig) {
	fs.BoolVar(&cfg.admin, "admin", false, "serve the admin API (fault injection, clock) under /_ddb/: for local testing only")
}

// adminOptions returns the server options that --admin asks for.
func adminOptions(cfg serveConfig, db *engine.DB, log *slog.Logger) []server.Option {
	if !cfg.admin {
		return nil
	}
	log.Warn("admin API enabled under /_ddb/: for local testing only")
	return []server.Option{server.WithAdmin(db)}
}
