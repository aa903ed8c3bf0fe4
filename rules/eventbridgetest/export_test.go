package eventbridgetest

// ClearDelivered forgets every delivery, so that a benchmark's state stays
// bounded however many iterations it runs.
func (s *Server) ClearDelivered() { s.eng.ClearDelivered() }
