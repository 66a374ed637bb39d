package handlers

import "slices"

// Clone returns a copy of r that shares no slice or table with it, so that
// one reply (a composed digest) can go to several adapters at once, each
// free to adjust its copy while rendering.
func (r Reply) Clone() Reply {
	r.Paragraphs = slices.Clone(r.Paragraphs)
	r.Fields = slices.Clone(r.Fields)
	r.Notes = slices.Clone(r.Notes)
	r.Sources = slices.Clone(r.Sources)
	r.Suggestions = slices.Clone(r.Suggestions)
	r.Actions = slices.Clone(r.Actions)
	r.Charts = cloneCharts(r.Charts)
	if r.Table != nil {
		t := Table{Columns: slices.Clone(r.Table.Columns)}
		for _, row := range r.Table.Rows {
			t.Rows = append(t.Rows, slices.Clone(row))
		}
		r.Table = &t
	}
	return r
}
