package slackbot

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strings"
)

// sealVersion prefixes every sealed token, so a later key rotation or
// algorithm can tell its own ciphertext from this one's.
const sealVersion = 1

// sealer encrypts tokens at rest with AES-256-GCM. The workspace's key is
// the additional data, so a sealed token copied into another workspace's
// row does not open.
type sealer struct {
	aead cipher.AEAD
	key  []byte // the configured key, from which the state key is derived too
}

// ParseEncryptionKey decodes SLACK_TOKEN_ENCRYPTION_KEY: 32 bytes in
// standard or URL-safe base64. The error never contains the value.
func ParseEncryptionKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, errors.New("SLACK_TOKEN_ENCRYPTION_KEY is not set: OAuth mode stores every workspace's token encrypted and needs it (make one with careerbot keygen)")
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
		if k, err := enc.DecodeString(s); err == nil {
			if len(k) != 32 {
				return nil, errors.New("SLACK_TOKEN_ENCRYPTION_KEY must be 32 bytes in base64 (careerbot keygen makes one)")
			}
			return k, nil
		}
	}
	return nil, errors.New("SLACK_TOKEN_ENCRYPTION_KEY is not base64 (careerbot keygen makes one)")
}

// GenerateEncryptionKey returns a new random key for
// SLACK_TOKEN_ENCRYPTION_KEY.
func GenerateEncryptionKey() string {
	return base64.StdEncoding.EncodeToString(randomBytes(32))
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return b
}

func newSealer(key []byte) (*sealer, error) {
	// A key per purpose: the state signing key is derived from the same
	// secret, and the two must not be the same bytes.
	k, err := hkdf.Key(sha256.New, key, nil, "careerbot slack token sealing v1", 32)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(k)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &sealer{aead: aead, key: key}, nil
}

func (s *sealer) seal(plain, where string) []byte {
	if plain == "" {
		return nil
	}
	nonce := randomBytes(s.aead.NonceSize())
	out := append([]byte{sealVersion}, nonce...)
	return s.aead.Seal(out, nonce, []byte(plain), []byte(where))
}

func (s *sealer) open(sealed []byte, where string) (string, error) {
	if len(sealed) == 0 {
		return "", nil
	}
	n := s.aead.NonceSize()
	if len(sealed) < 1+n || sealed[0] != sealVersion {
		return "", errors.New("the stored token is not in a known format")
	}
	plain, err := s.aead.Open(nil, sealed[1:1+n], sealed[1+n:], []byte(where))
	if err != nil {
		return "", errors.New("the stored token does not decrypt: was SLACK_TOKEN_ENCRYPTION_KEY changed? Reinstall the app in that workspace (/slack/install)")
	}
	return string(plain), nil
}
