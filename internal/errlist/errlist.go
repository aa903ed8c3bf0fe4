// Package errlist serves the Unwrap method of an error that holds several
// errors of one type, so that errors.Is and errors.As see each of them. It
// imports the standard library only, as package events must.
package errlist

// Of returns list as a []error, in order.
func Of[E error](list []E) []error {
	errs := make([]error, len(list))
	for i, e := range list {
		errs[i] = e
	}
	return errs
}
