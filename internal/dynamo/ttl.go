package dynamo

import "time"

// TTLHorizon is how far in the past an expiry time may be and still count:
// DynamoDB's time to live deletes no item whose expiry is further back (0,
// which applications store for "never", or a zero time.Time in seconds).
const TTLHorizon = 5 * 365 * 24 * time.Hour
