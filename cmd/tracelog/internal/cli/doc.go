// Package cli is the tracelog command: argument parsing, output and exit
// codes over package tracefind. [Main] runs one command line; the binary's
// main only calls it with the process's environment.
//
// Output is deterministic for given input: no color unless asked for (or
// stdout is a terminal), times in UTC.
package cli
