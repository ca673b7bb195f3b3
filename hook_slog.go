package ddb

import (
	"context"
	"log/slog"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// LogHook returns a Hook that logs every request with logger at level, as
// the message "ddb request" with the attributes op, tables, index (when
// reading one), duration, attempt (after the first), retries (when any),
// capacity (the units consumed, when reported), unprocessed (when a batch
// response left any) and error (when it failed).
//
//	db, err := ddb.Open(ctx, url, ddb.WithHook(ddb.LogHook(slog.Default(), slog.LevelDebug)))
func LogHook(logger *slog.Logger, level slog.Level) Hook {
	return HookFunc(func(ctx context.Context, c *CallInfo) {
		if !logger.Enabled(ctx, level) {
			return
		}
		attrs := make([]slog.Attr, 0, 9)
		attrs = append(attrs, slog.String("op", c.Operation), slog.Any("tables", c.Tables))
		if c.Index != "" {
			attrs = append(attrs, slog.String("index", c.Index))
		}
		attrs = append(attrs, slog.Duration("duration", c.Duration))
		if c.Attempt > 1 {
			attrs = append(attrs, slog.Int("attempt", c.Attempt))
		}
		if c.Retries > 0 {
			attrs = append(attrs, slog.Int("retries", c.Retries))
		}
		if len(c.Capacity) > 0 {
			units := 0.0
			for _, cc := range c.Capacity {
				units += aws.ToFloat64(cc.CapacityUnits)
			}
			attrs = append(attrs, slog.Float64("capacity", units))
		}
		if c.Unprocessed > 0 {
			attrs = append(attrs, slog.Int("unprocessed", c.Unprocessed))
		}
		if c.Err != nil {
			attrs = append(attrs, slog.String("error", c.Err.Error()))
		}
		logger.LogAttrs(ctx, level, "ddb request", attrs...)
	})
}
