module github.com/tracelog/tracelog/e2e

go 1.24.0
