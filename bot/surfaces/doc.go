// Package surfaces holds only tests: they ask the real engine the same
// questions and hold the console, Slack and Discord renderings to the same
// content (every number and every caveat the console shows).
package surfaces
