package redact

import "github.com/tracelog/tracelog/internal/rules"

// Names of the built-in value patterns, for [WithoutPatterns] and
// [Pattern]. All are on by default except [PatternEmail] and [PatternIP].
const (
	// PatternBearer finds the credentials after "Bearer" or "Basic" (any
	// case) when they look like one: 8 or more token characters with a
	// digit, a symbol or an inner capital ("Basic information" is left
	// alone). The scheme word is kept.
	PatternBearer = rules.PatternBearer
	// PatternJWT finds JSON Web Tokens: "eyJ" and base64url parts joined
	// by dots.
	PatternJWT = rules.PatternJWT
	// PatternPrivateKey finds PEM private key blocks, from
	// "-----BEGIN ... PRIVATE KEY-----" to the matching END line (or the end
	// of the text when it is cut).
	PatternPrivateKey = rules.PatternPrivateKey
	// PatternAWSAccessKey finds AWS access key IDs: AKIA or ASIA and 16 or
	// more capitals and digits.
	PatternAWSAccessKey = rules.PatternAWSAccessKey
	// PatternCreditCard finds card numbers: 13 to 19 digits, optionally in
	// groups separated by single spaces or dashes, starting with 2 to 6 and
	// passing the Luhn check, so that most order numbers and IDs are not
	// taken for cards. It also applies to integer fields.
	PatternCreditCard = rules.PatternCreditCard
	// PatternURLCredentials finds the user information of URLs: the
	// password of scheme://user:password@host, or the whole user part
	// when there is no password (tokens used as user names).
	PatternURLCredentials = rules.PatternURLCredentials
	// PatternKeyValue finds values written after a deny-listed key in
	// text: password=hunter2, "token": "abc", x-api-key: abc, and query
	// strings inside messages. The value ends at a space, quote or one of
	// , ; & ) ] } < >; a quoted value ends at its closing quote.
	PatternKeyValue = rules.PatternKeyValue
	// PatternEmail finds e-mail addresses. Off by default: see [WithEmails].
	PatternEmail = rules.PatternEmail
	// PatternIP finds IPv4 and IPv6 addresses. Off by default: see
	// [WithIPs].
	PatternIP = rules.PatternIP
)
