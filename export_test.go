package ddb

// SDKCmp exports sdkCmp to the external tests.
var SDKCmp = sdkCmp
