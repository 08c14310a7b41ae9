package redact

import "github.com/tracelog/tracelog/internal/rules"

// Mask replaces a masked value.
const Mask = rules.Mask

// DefaultKeys returns a copy of the default deny list. A key matches an
// entry when the entry's words appear, in order and whole, among the key's
// words. Words are runs of letters and digits: they are split at every
// other ASCII character ('-', '_', '.', ' ', '[', ...), at changes from an
// ASCII lower-case letter to an upper-case one (apiKey), before the last
// capital of a run followed by a lower-case letter (APIKey), between
// letters and digits (token2) and between ASCII and other characters
// (✓password), and they compare without case (Unicode simple folding). So apiKey, api-key, API_KEY,
// x-api-key and user[api_key] match "api_key", while tokens_used and author
// match nothing.
func DefaultKeys() []string { return rules.DefaultKeys() }
