package alarms

// Busiest gives the external tests the window count the pacing tests use,
// so both measure a rate the same way.
var Busiest = busiest

// Expiries gives the external tests the fleets of expiry alarms the
// internal tests build, on the same key ids.
var Expiries = expiries

// NewFake gives the external tests the internal tests' in-process
// CloudWatch and client with the SDK's retries off.
var NewFake = newFake

// Put and Unowned seed a fake as the internal tests do: Put stores alarms
// through the client, Unowned is an alarm outside every prefix they own.
var (
	Put     = put
	Unowned = unowned
)
