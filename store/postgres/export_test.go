package postgres

// Notified is how many import notifications for its schema s received.
func (s *Store) Notified() int64 { return s.notified.Load() }
