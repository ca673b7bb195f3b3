// Package codecbench compares the speed of the ddb codec with
// aws-sdk-go-v2's feature/dynamodb/attributevalue and guregu/dynamo. It is a
// module of its own so that the library does not depend on either.
package codecbench
