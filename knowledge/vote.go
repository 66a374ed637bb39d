package knowledge

// Vote is one 👍 (Up) or 👎 on one answer: the answer is named by its
// platform, command, arguments and knowledge version. It never names the
// person who voted.
type Vote struct {
	Platform  Platform
	Command   string
	Args      string
	KBVersion int64
	Up        bool
}
