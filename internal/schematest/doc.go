// Package schematest checks the keys of a JSON log line against the
// schema a profile of package logger claims: OpenTelemetry's
// semantic-conventions registry, the Elastic Common Schema, Cloud
// Logging's LogEntry and Datadog's standard attributes, each with the
// type of its values. It is for tests: a key the schema does not know, a
// deprecated or experimental name, or a value of the wrong type is an
// error.
//
// The data in testdata/ are copied from the upstream projects (see each
// file's first line; Apache-2.0). Cloud Logging's and Datadog's keys come
// from their documentation, cited where they are listed.
//
// Keys under logger.ExtensionPrefix are tracelog's own, listed here with
// their types: every profile may write them, and no other extension key.
package schematest
