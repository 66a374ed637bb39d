package main

import (
	"careerbot/handlers"
)

// handlersOptions are the router options for commands that only read.
func handlersOptions() handlers.Options { return handlers.Options{} }
