package discord

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha512"

	"filippo.io/edwards25519"
)

// sigVerifier checks Ed25519 signatures by one public key. It decodes the
// key once: crypto/ed25519.Verify decodes it (a field square root) on every
// call, a few percent of the endpoint's CPU under load.
//
// Verify is crypto/ed25519.Verify, step for step as Go 1.26 does it
// (crypto/internal/fips140/ed25519.verifyWithDom, pure Ed25519), using the
// same edwards25519 code in its public form.
type sigVerifier struct {
	key    [ed25519.PublicKeySize]byte // as given, for the hash
	minusA edwards25519.Point          // -A, the key's point negated
	ok     bool                        // the key is 32 bytes and a point
}

// newSigVerifier returns a verifier for pub. A key that is not 32 bytes or
// not a point on the curve gives one under which every signature fails, as
// ed25519.Verify would (it panics on a bad length; this returns false).
func newSigVerifier(pub []byte) *sigVerifier {
	v := &sigVerifier{}
	if len(pub) != ed25519.PublicKeySize {
		return v
	}
	var a edwards25519.Point
	if _, err := a.SetBytes(pub); err != nil {
		return v
	}
	copy(v.key[:], pub)
	v.minusA.Negate(&a)
	v.ok = true
	return v
}

// Verify reports whether sig is a valid signature of message by the key.
func (v *sigVerifier) Verify(message, sig []byte) bool {
	if !v.ok || len(sig) != ed25519.SignatureSize || sig[63]&224 != 0 {
		return false
	}
	h := sha512.New()
	h.Write(sig[:32])
	h.Write(v.key[:])
	h.Write(message)
	var digest [sha512.Size]byte
	k, err := edwards25519.NewScalar().SetUniformBytes(h.Sum(digest[:0]))
	if err != nil {
		return false // cannot happen: the digest is 64 bytes
	}
	s, err := edwards25519.NewScalar().SetCanonicalBytes(sig[32:])
	if err != nil {
		return false
	}
	// [S]B = R + [k]A, so R = [k](-A) + [S]B.
	var r edwards25519.Point
	r.VarTimeDoubleScalarBaseMult(k, &v.minusA, s)
	return bytes.Equal(sig[:32], r.Bytes())
}
