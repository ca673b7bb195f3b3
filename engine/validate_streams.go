package engine

import (
	"fmt"

	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	streamtypes "github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"

	"github.com/ddbkit/ddb/engine/internal/apierr"
)

// Checks of DynamoDB Streams requests, with the errors DynamoDB Local
// answers (its messages; the model's length constraints).

// Limits of the Streams API.
const (
	maxListStreams    = 100
	maxDescribeShards = 100
	maxGetRecords     = 1000
)

// Errors of the Streams API.
var (
	errInvalidIterator     = apierr.Validation("Invalid ShardIterator")
	errInvalidStreamArn    = apierr.Validation("Invalid StreamArn")
	errNoShardID           = apierr.Validation("No ShardId specified.")
	errNoStreamArn         = invalidParam("streamArn cannot be empty or null.")
	errIteratorType        = apierr.Validation("Invalid ShardIteratorType.")
	errSeqMissing          = invalidParam("Invalid SequenceNumber")
	errSeqNotAllowed       = invalidParam("SequenceNumber should not be passed for this iterator type")
	errSeqNotInShard       = apierr.Validation("Invalid SequenceNumber for the shard")
	errTimestampMissing    = invalidParam("Timestamp must be specified for the AT_TIMESTAMP iterator type")
	errTimestampNotAllowed = invalidParam("Timestamp should not be passed for this iterator type")
	errTimestampFuture     = invalidParam("Timestamp cannot be in the future")
	errShardNotFound       = &streamtypes.ResourceNotFoundException{Message: ptr("Shard does not exist")}
	errStreamNotFound      = &streamtypes.ResourceNotFoundException{Message: ptr("Stream does not exist")}
	errIteratorShardGone   = &streamtypes.ResourceNotFoundException{Message: ptr("Invalid ShardId in ShardIterator")}
	errTrimmed             = &streamtypes.TrimmedDataAccessException{Message: ptr("The operation attempted to read past the oldest stream record in a shard.")}
)

// streamNotFound is DescribeStream's error for an unknown stream.
func streamNotFound(arn string) error {
	return &streamtypes.ResourceNotFoundException{Message: ptr("Requested resource not found: Stream: " + arn + " not found")}
}

// checkLimit checks the Limit of a Streams request: at least 1 (the model's
// constraint) and at most max, with the wording of the operation.
func checkLimit(limit *int32, max int, tooMany string) error {
	switch {
	case limit == nil:
		return nil
	case *limit < 1:
		return apierr.Validationf("1 validation error detected: Value '%d' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1", *limit)
	case int(*limit) > max:
		return invalidParam("%s%d", tooMany, max)
	}
	return nil
}

// checkLength checks a string member against the model's length bounds.
func checkLength(field string, v *string, minLen, maxLen int) error {
	switch {
	case v == nil:
		return nil
	case len(*v) < minLen:
		return apierr.Validationf("1 validation error detected: Value '%s' at '%s' failed to satisfy constraint: Member must have length greater than or equal to %d", *v, field, minLen)
	case len(*v) > maxLen:
		return apierr.Validationf("1 validation error detected: Value '%s' at '%s' failed to satisfy constraint: Member must have length less than or equal to %d", *v, field, maxLen)
	}
	return nil
}

func checkListStreamsInput(in *dynamodbstreams.ListStreamsInput) error {
	return checkLimit(in.Limit, maxListStreams, "Limit cannot be greater than the maximum allowed size: ")
}

func checkDescribeStreamInput(in *dynamodbstreams.DescribeStreamInput) error {
	if in.StreamArn == nil {
		return errInvalidStreamArn
	}
	if err := checkLimit(in.Limit, maxDescribeShards, "Limit cannot be greater than the maximum: "); err != nil {
		return err
	}
	if err := checkLength("exclusiveStartShardId", in.ExclusiveStartShardId, 28, 65); err != nil {
		return err
	}
	if f := in.ShardFilter; f != nil {
		if f.Type != streamtypes.ShardFilterTypeChildShards {
			return apierr.Validation(fmt.Sprintf("1 validation error detected: Value '%s' at 'shardFilter.type' failed to satisfy constraint: Member must satisfy enum value set: [CHILD_SHARDS]", f.Type))
		}
		if err := checkLength("shardFilter.shardId", f.ShardId, 28, 65); err != nil {
			return err
		}
	}
	return nil
}

func checkGetShardIteratorInput(in *dynamodbstreams.GetShardIteratorInput) error {
	switch {
	case in.ShardId == nil:
		return errNoShardID
	case in.StreamArn == nil || *in.StreamArn == "":
		return errNoStreamArn
	}
	switch in.ShardIteratorType {
	case streamtypes.ShardIteratorTypeTrimHorizon, streamtypes.ShardIteratorTypeLatest, streamtypes.ShardIteratorTypeAtTimestamp:
		if in.SequenceNumber != nil {
			return errSeqNotAllowed
		}
	case streamtypes.ShardIteratorTypeAtSequenceNumber, streamtypes.ShardIteratorTypeAfterSequenceNumber:
		if in.SequenceNumber == nil {
			return errSeqMissing
		}
		if err := checkLength("sequenceNumber", in.SequenceNumber, 21, 40); err != nil {
			return err
		}
	default:
		return errIteratorType
	}
	switch {
	case in.ShardIteratorType == streamtypes.ShardIteratorTypeAtTimestamp && in.Timestamp == nil:
		return errTimestampMissing
	case in.ShardIteratorType != streamtypes.ShardIteratorTypeAtTimestamp && in.Timestamp != nil:
		return errTimestampNotAllowed
	}
	return nil
}

func checkGetRecordsInput(in *dynamodbstreams.GetRecordsInput) (shardIterator, error) {
	if in.ShardIterator == nil {
		return shardIterator{}, errInvalidIterator
	}
	it, ok := parseIterator(*in.ShardIterator)
	if !ok {
		return shardIterator{}, errInvalidIterator
	}
	return it, nil
}
