package exchange

import (
	"errors"
	"fmt"
	"strconv"
)

// RowError says which row of an input file is bad and why. Error renders it
// as `incidents.csv:17: field "event_date": want YYYY-MM-DD, got "17/3/2025"`.
type RowError struct {
	File  string // file name as given, "-" for standard input
	Line  int    // 1-based line where the row starts
	Field string // the offending field or column; empty when the row as a whole is bad
	Msg   string
}

func (e *RowError) Error() string {
	s := e.File + ":" + strconv.Itoa(e.Line) + ": "
	if e.Field != "" {
		s += "field " + strconv.Quote(e.Field) + ": "
	}
	return s + e.Msg
}

// ErrRefused is wrapped by the error Import returns when it refused to write
// anything because some rows were bad.
var ErrRefused = errors.New("import refused")

// ErrFormat is wrapped when the input's format cannot be recognised or is
// malformed as a whole (not a single bad row).
var ErrFormat = errors.New("unrecognised input format")

// fieldErr is a row error before the file and line are known.
type fieldErr struct {
	field, msg string
}

func (e *fieldErr) Error() string { return fmt.Sprintf("field %q: %s", e.field, e.msg) }

func errField(field, format string, args ...any) error {
	return &fieldErr{field: field, msg: fmt.Sprintf(format, args...)}
}

// rowError attaches file and line to err, keeping the field when err names one.
func rowError(file string, line int, err error) *RowError {
	var re *RowError
	if errors.As(err, &re) {
		return re
	}
	var fe *fieldErr
	if errors.As(err, &fe) {
		return &RowError{File: file, Line: line, Field: fe.field, Msg: fe.msg}
	}
	return &RowError{File: file, Line: line, Msg: err.Error()}
}
