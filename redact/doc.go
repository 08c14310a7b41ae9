// Package redact removes or masks sensitive data in log lines, nested
// fields included, at no allocation when a line has nothing to redact.
//
// A [Redactor] holds the rules: a key deny list matched word by word across
// naming styles, key paths, value patterns that find credentials wherever
// they appear (the message, strings, errors), an optional allowlist, and
// the action each rule takes. [NewCore] applies them to every line of a
// zap core; tracelog.New does so by default. The same rules are plain
// functions for headers ([Redactor.Header]), query strings
// ([Redactor.Query]), gRPC metadata ([Redactor.Metadata]) and any text
// ([Redactor.String]); httplog and grpclog use them.
//
//	r, err := redact.New(redact.WithDenyKeys("pin"), redact.WithEmails())
//	if err != nil { ... }
//	log := zap.New(redact.NewCore(core, r))
//	log.Info("login", zap.String("user", "ada"), zap.String("password", "hunter2"))
//	// {"msg":"login","user":"ada","password":"[REDACTED]"}
//
// # Default rules
//
// Keys ([DefaultKeys]), masked with [Mask] wherever they appear:
//
//	password passwords passwd pwd passphrase secret secrets client_secret
//	token access_token refresh_token id_token csrf xsrf api_key apikey
//	access_key private_key authorization auth credential credentials cookie
//	cookies set-cookie session signature sig x-amz-signature otp
//	credit_card card_number cvv cvc ssn iban
//
// A key matches an entry when the entry's words appear, in order and whole,
// among the key's words, compared without case: apiKey, api-key, API_KEY,
// x-api-key and user[api_key] match api_key; session_id matches session;
// tokens_used and author match nothing.
//
// Value patterns, replacing only the secret part of a string:
//
//	| pattern         | finds                                                      | default |
//	|-----------------|------------------------------------------------------------|---------|
//	| bearer          | the credentials after Bearer / Basic                       | on      |
//	| jwt             | JSON Web Tokens (eyJ...)                                   | on      |
//	| private_key     | -----BEGIN ... PRIVATE KEY----- blocks                     | on      |
//	| aws_access_key  | AKIA / ASIA access key IDs                                 | on      |
//	| credit_card     | 13-19 digits (spaces, dashes) passing Luhn, starting 2-6   | on      |
//	| url_credentials | the password in scheme://user:password@host                | on      |
//	| key_value       | the value after a deny-listed key: password=x, "token":"x" | on      |
//	| email           | e-mail addresses ([WithEmails])                            | off     |
//	| ip              | IPv4 and IPv6 addresses ([WithIPs])                        | off     |
//
// The default action is [MaskAction]: the key stays and the value becomes
// "[REDACTED]" (a pattern replaces the part it found).
//
// # What is checked
//
// Everything that reaches the output is checked, in the form it is
// written: strings, the text of errors (with their %+v form and the causes
// of a group), Stringers and marshalers, each rendered once so that the
// checked text is the written text; bytes (zap.Binary, []byte values),
// scanned before they are written as base64; keys (a key holding what a
// pattern finds is written masked, its value redacted); integers and
// floats, for card numbers (never inside a longer hex or alphanumeric
// token, such as a git SHA). Percent- and form-encoded text is decoded
// (up to three layers) before the patterns run, and masked where it is
// written: user%5Bpassword%5D=x and next=%2Fcb%3Ftoken%3Dx are found.
//
// # Changing the rules
//
// Options apply in order; a later one wins for the same key, path or
// pattern:
//
//	| option                          | effect                                                     |
//	|---------------------------------|------------------------------------------------------------|
//	| [WithDenyKeys](k...)            | adds keys to the deny list                                 |
//	| [WithoutDenyKeys](k...)         | removes keys, and lets keys with exactly those words pass  |
//	| [WithPaths](p...)               | adds key paths from the line's root: "user.password"       |
//	| [WithPattern](name, re)         | adds a value pattern ([WithPatternString] compiles one)    |
//	| [WithoutPatterns](name...)      | turns patterns off                                         |
//	| [WithEmails], [WithIPs]         | turn on the e-mail and IP patterns                         |
//	| [WithAllowKeys](k...)           | allowlist mode: only these keys pass (fail closed)         |
//	| [WithAction](a)                 | replaces the default action                                |
//	| [WithRules](rules...)           | adds [Key], [Path] and [Pattern] rules with their own action |
//	| [WithSummary]                   | adds a summary of each line's redactions                   |
//	| [WithMaxDepth](n)               | how deep nested values are checked (default 16)            |
//
// Actions: [MaskAction] (default), [Drop] (removes the field; a secret a
// pattern finds inside text is masked in place), [KeepFirst]
// and [KeepLast] (keep a few characters, as in "[REDACTED]1111", never more
// than half), and [Hash] (a keyed HMAC-SHA256, "hmac:1a2b3c4d5e6f", so
// lines about the same secret can be matched):
//
//	redact.New(redact.WithRules(
//		redact.Key("card_number", redact.KeepLast(4)),
//		redact.Key("session", redact.Hash(hashKey)),
//		redact.Path("user.email", redact.Drop()),
//	))
//
// # Keys written
//
//	| key                 | value                                                   |
//	|---------------------|---------------------------------------------------------|
//	| (a redacted field)  | "[REDACTED]" ([Mask]), or what its action leaves        |
//	| redacted            | with [WithSummary], on lines with redactions:           |
//	|                     | {"count":2,"keys":["password","msg"]} (never values)   |
//
// A zap.Any value that refers back to one of its parents is written as
// "[CYCLE]" at the point where it does.
//
// # Nested values
//
// The rules apply at any depth: inside zap.Object and zap.Inline (the
// marshaler gets a redacting encoder, so no map is built), zap.Array,
// zap.Dict, zap.Namespace (a namespace the rules name redacts every field
// in it), fields added with With (redacted once, when With is called),
// errors (a zap.Error whose text, or %+v text, holds a secret is written
// as masked strings), and the maps, slices and structs of zap.Any, which
// are walked with reflect: json tag names are the keys, struct tags
// log:"-" leave a field out and log:"redact" redact it. Values deeper than
// [WithMaxDepth] levels are masked whole. Key paths count every level: the
// path of a field inside zap.Object("user", ...) starts with "user".
//
// Context fields (logger.Context, and zap.Any fields holding a
// context.Context) pass untouched, as do the trace keys the tracelog core
// writes (trace_id, span_id, ...), which are never taken for secrets even
// in allowlist mode. The library marks the fields it writes itself: a
// field of the caller's with the key trace_id is checked like any other.
//
// # Payloads
//
// [Redactor.JSON] applies the rules to a JSON document exactly as the core
// applies them to a zap.Any field holding it: paths start at the key the
// document is logged under, every action applies, and base64 strings (how
// protojson writes bytes) are checked as the bytes they encode. grpclog
// logs payloads through it, then cuts them to their limit.
//
// # In tracelog
//
// tracelog.New puts the redacting core above everything it builds, so the
// output, the cores added with tracelog.WithCore, span events and the
// OpenTelemetry Logs export all get redacted lines, while service.name,
// service.version and the trace keys are added below it and never checked.
// tracelog.WithRedactor sets the rules (a Redactor that httplog and grpclog
// can share), tracelog.WithoutRedaction turns redaction off.
//
// # Allowlist mode
//
// With [WithAllowKeys], rules fail closed, as the OpenTelemetry Collector's
// redaction processor does: only fields whose key is allowed pass; the
// others get the default action. The deny list and patterns still apply
// to allowed fields. Keys the encoder writes (time, level, msg, caller)
// are not fields and are not affected; the message is still scanned. The
// access lines of httplog and grpclog keep their own keys (http.status,
// grpc.code): the allowlist names the caller's keys, and the deny list and
// patterns still apply to those lines.
//
// # Cost
//
// A line with nothing to redact reaches the wrapped core with its own
// field slice and no allocation: key verdicts are cached (by content, in
// a bounded cache that keeps copies of at most 512 keys of up to 64 bytes
// and evicts, so keys from data never fill it for good), and each
// string is scanned once by a table-driven pre-filter that looks for the
// patterns' trigger bytes and prefixes ("eyJ", "AKIA", "-----BEGIN",
// "bearer", runs of 13 digits, "://", "=" after a deny-listed key) before
// any pattern runs; a line of scalars is found clean in one pass. A line
// with redactions allocates its new field slice and the masked strings.
// Nested marshalers are wrapped and redacted while they encode; the
// wrapper of a short line's marshaler comes from a pool when the wrapped
// core keeps nothing of a line once written (zapcore.NewCore's cores, and
// the tracelog cores above them), and is one small allocation otherwise.
// zap.Any values are
// walked once to look and, only when something must change, again to
// write. [Redactor.Count] reports how many values were redacted.
package redact
