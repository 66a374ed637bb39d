package knowledge

import (
	"errors"
	"fmt"
)

// Error codes, shared by every layer so that adapters can pick a reply or an
// HTTP status without knowing where an error came from.
const (
	ENOTFOUND  = "ENOTFOUND"
	EINVALID   = "EINVALID"
	EFORBIDDEN = "EFORBIDDEN"
	EINTERNAL  = "EINTERNAL"
)

// Error is a typed error with a code and a message meant for the person who
// will read it.
type Error struct {
	Code    string
	Message string
	Err     error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %v", e.Message, e.Err)
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf builds an *Error with the given code.
func Errorf(code, format string, args ...any) *Error {
	err := fmt.Errorf(format, args...)
	return &Error{Code: code, Message: err.Error(), Err: errors.Unwrap(err)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for
// any other error, and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}
