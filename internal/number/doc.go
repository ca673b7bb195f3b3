// Package number parses, checks, compares and writes DynamoDB numbers:
// decimals of at most 38 significant digits with a magnitude from 1E-130 to
// 9.9999999999999999999999999999999999999E+125, written with the syntax of
// Java's BigDecimal as DynamoDB reads them.
//
// It sits below both halves of the module: the library (package ddb)
// validates Number values with it and the engine (engine/internal/attr)
// parses, orders and encodes numbers with it. Errors are *Error values
// whose Kind each side maps to its own wording: the engine to DynamoDB's
// exact ValidationException messages, the library to its own.
package number
