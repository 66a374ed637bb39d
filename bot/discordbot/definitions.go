package discordbot

import (
	"encoding/json"

	"careerbot/handlers"
)

// CommandsJSON returns the JSON array of command definitions that a Bot's
// Sync sends, without a Bot and so without any token: `careerbot commands
// --platform discord` prints it.
func CommandsJSON() ([]byte, error) {
	cmds, err := buildCommands(handlers.Commands())
	if err != nil {
		return nil, err
	}
	return json.Marshal(cmds)
}
