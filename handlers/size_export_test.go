package handlers

// Compact is the compaction step Router.Handle applies, for the size
// benchmark.
var Compact = compact

// SizerLengths cuts rep's items one by one, as compaction may, and returns
// at each step (source notes shortened first) what the sizer counts and what the console would show.
func SizerLengths(rep Reply) (counted, shown []int) {
	s := newSizer(rep, false, fixedLen(rep))
	s.link()
	counted, shown = append(counted, s.full()), append(shown, consoleLen(rep))
	step := func() {
		r := s.build()
		r.Notes = append(r.Notes, moreLine(rep.Locale, max(s.cut, 1)))
		counted, shown = append(counted, s.length()), append(shown, consoleLen(r))
	}
	step()
	for i := range s.srcNote {
		if s.srcNote[i] != "" {
			s.setSrcNote(i, leadWithin(s.srcNote[i], 20, rep.Locale))
			s.cut++
			step()
		}
	}
	for k := len(s.units) - 1; k >= 0; k-- {
		if !s.units[k].pinned {
			s.drop(k)
			step()
		}
	}
	return counted, shown
}
