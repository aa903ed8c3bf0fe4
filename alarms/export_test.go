package alarms

// Busiest gives the external tests the window count the pacing tests use,
// so both measure a rate the same way.
var Busiest = busiest

// Expiries gives the external tests the fleets of expiry alarms the
// internal tests build, on the same key ids.
var Expiries = expiries
