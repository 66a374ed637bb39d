package handlers

import (
	"context"
	"strings"
)

func (r *Router) help(ctx context.Context, v view, req Request) (Reply, error) {
	rep := Reply{Title: v.tr("help_title"), Paragraphs: []string{v.tr("help_p")}}
	for _, c := range Commands() {
		usage := "/" + c.Name
		if c.Usage != "" {
			usage += " " + c.Usage
		}
		rep.Fields = append(rep.Fields, Field{Label: usage, Value: v.text(c.Description) + "\n" + strings.Join(c.Examples, "  ")})
	}
	return rep, nil
}
