// Package redact removes or masks sensitive data in log lines: by key, with
// a deny list matched word by word across naming styles, and by value, with
// patterns for credentials.
//
// The same rules are available as plain functions on a [Redactor] for
// headers ([Redactor.Header]), query strings ([Redactor.Query]) and gRPC
// metadata ([Redactor.Metadata]); httplog and grpclog use them.
package redact
