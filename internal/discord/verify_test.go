package discord

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha512"
	"encoding/hex"
	"math/big"
	"math/rand/v2"
	"testing"

	"filippo.io/edwards25519"
)

// smallOrderKeys are encodings of the eight points of order 1, 2, 4 and 8,
// and non-canonical encodings of some of them, which SetBytes accepts.
var smallOrderKeys = []string{
	"0100000000000000000000000000000000000000000000000000000000000000", // identity
	"ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // y = -1
	"0000000000000000000000000000000000000000000000000000000000000000", // y = 0
	"0000000000000000000000000000000000000000000000000000000000000080",
	"26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
	"26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
	"c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
	"c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
	"0100000000000000000000000000000000000000000000000000000000000080", // identity, sign bit set
	"eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // y = p+1
	"edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // y = p
}

// groupOrder is L, the order of the prime subgroup.
var groupOrder, _ = new(big.Int).SetString("7237005577332262213973186563042994240857116359379907606001950938285454250989", 10)

func mustHexBytes(tb testing.TB, s string) []byte {
	tb.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// undecodableKey returns the first 32-byte little-endian y that is not a
// point's y coordinate.
func undecodableKey(tb testing.TB) []byte {
	tb.Helper()
	for i := 2; i < 1000; i++ {
		key := make([]byte, 32)
		key[0], key[1] = byte(i), byte(i>>8)
		if _, err := new(edwards25519.Point).SetBytes(key); err != nil {
			return key
		}
	}
	tb.Fatal("no undecodable key found")
	return nil
}

// plusL returns sig with L added to S: a non-canonical S that still fits
// in 253 bits, so only SetCanonicalBytes refuses it.
func plusL(sig []byte) []byte {
	le := func(b []byte) []byte { // little-endian <-> big-endian
		r := bytes.Clone(b)
		for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
			r[i], r[j] = r[j], r[i]
		}
		return r
	}
	s := new(big.Int).SetBytes(le(sig[32:]))
	s.Add(s, groupOrder)
	out := bytes.Clone(sig)
	copy(out[32:], le(s.FillBytes(make([]byte, 32))))
	return out
}

// forgeSmallOrder returns a signature of msg that a small-order key
// accepts: R = [S]B - [j]A for a guess j, right when k = j modulo A's order.
func forgeSmallOrder(tb testing.TB, key, msg []byte, rng *rand.Rand) []byte {
	tb.Helper()
	a, err := new(edwards25519.Point).SetBytes(key)
	if err != nil {
		tb.Fatal(err)
	}
	minusA := new(edwards25519.Point).Negate(a)
	for try := 0; try < 1000; try++ {
		var wide [64]byte
		for i := range wide {
			wide[i] = byte(rng.Uint32())
		}
		s, _ := edwards25519.NewScalar().SetUniformBytes(wide[:])
		j := edwards25519.NewScalar()
		var jb [32]byte
		jb[0] = byte(try % 8)
		j.SetCanonicalBytes(jb[:])
		r := new(edwards25519.Point).VarTimeDoubleScalarBaseMult(j, minusA, s)
		sig := append(r.Bytes(), s.Bytes()...)
		if ed25519.Verify(key, msg, sig) {
			return sig
		}
	}
	tb.Fatalf("no signature forged for small-order key %x", key)
	return nil
}

func flipBit(b []byte, bit int) []byte {
	out := bytes.Clone(b)
	if len(out) > 0 {
		out[bit/8%len(out)] ^= 1 << (bit % 8)
	}
	return out
}

// checkSame fails unless the verifier agrees with crypto/ed25519.Verify;
// it returns the verdict.
func checkSame(t *testing.T, what string, key, msg, sig []byte) bool {
	t.Helper()
	want := len(key) == ed25519.PublicKeySize && ed25519.Verify(key, msg, sig)
	if got := newSigVerifier(key).Verify(msg, sig); got != want {
		t.Fatalf("%s: Verify = %v, ed25519.Verify = %v (key %x, msg %x, sig %x)", what, got, want, key, msg, sig)
	}
	return want
}

func TestSigVerifierMatchesEd25519(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	msg := []byte("1700000000" + `{"type":1}`)
	sig := ed25519.Sign(testPriv, msg)
	if !checkSame(t, "valid", testPub, msg, sig) {
		t.Fatal("a valid signature fails")
	}
	for bit := range 8 * len(msg) {
		checkSame(t, "message bit", testPub, flipBit(msg, bit), sig)
	}
	for bit := range 8 * len(sig) {
		checkSame(t, "signature bit", testPub, msg, flipBit(sig, bit))
	}
	for bit := range 8 * len(testPub) {
		checkSame(t, "key bit", flipBit(testPub, bit), msg, sig)
	}
	if checkSame(t, "S+L", testPub, msg, plusL(sig)) {
		t.Fatal("a non-canonical S verifies")
	}
	for _, n := range []int{0, 1, 63, 65, 128} {
		long := append(bytes.Clone(sig), make([]byte, 128)...)
		checkSame(t, "signature length", testPub, msg, long[:n])
	}
	for _, n := range []int{0, 31, 33, 64} {
		key := append(bytes.Clone(testPub), make([]byte, 64)...)[:n]
		if newSigVerifier(key).Verify(msg, sig) {
			t.Fatalf("a %d-byte key verifies", n)
		}
	}
	bad := undecodableKey(t)
	checkSame(t, "undecodable key", bad, msg, sig)
	checkSame(t, "undecodable key", bad, msg, make([]byte, 64))
	for _, h := range smallOrderKeys {
		key := mustHexBytes(t, h)
		checkSame(t, "small-order key, other's signature", key, msg, sig)
		// Several messages: a key of order n takes a forged signature for a
		// wrong hash (one of the key's bytes mixed up) once in n.
		for i := range 8 {
			m := append(bytes.Clone(msg), byte(i))
			forged := forgeSmallOrder(t, key, m, rng)
			if !checkSame(t, "small-order key, forged", key, m, forged) {
				t.Fatal("unreachable: forged signatures verify by construction")
			}
			checkSame(t, "small-order key, forged, S+L", key, m, plusL(forged))
			checkSame(t, "small-order key, forged, other message", key, append(m, '!'), forged)
		}
	}
}

func TestSigVerifierRandomKeys(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range 200 {
		var seed [ed25519.SeedSize]byte
		for j := range seed {
			seed[j] = byte(rng.Uint32())
		}
		priv := ed25519.NewKeyFromSeed(seed[:])
		pub := priv.Public().(ed25519.PublicKey)
		msg := make([]byte, rng.IntN(300))
		for j := range msg {
			msg[j] = byte(rng.Uint32())
		}
		sig := ed25519.Sign(priv, msg)
		if !checkSame(t, "valid", pub, msg, sig) {
			t.Fatalf("key %d: a valid signature fails", i)
		}
		checkSame(t, "signature bit", pub, msg, flipBit(sig, rng.IntN(512)))
		checkSame(t, "key bit", flipBit(pub, rng.IntN(256)), msg, sig)
		checkSame(t, "S+L", pub, msg, plusL(sig))
	}
}

// FuzzVerifySignature holds the verifier to crypto/ed25519.Verify. mode
// picks what is checked: a valid signature (of a key made from seed), one
// bit flipped in the message, signature or key, S+L, raw as the
// signature, raw as key and signature, or a signature of another length.
func FuzzVerifySignature(f *testing.F) {
	f.Add([]byte("seed"), []byte(`1700000000{"type":1}`), []byte{}, uint8(0), uint16(0))
	for mode := range uint8(8) {
		f.Add([]byte{mode}, []byte("message"), bytes.Repeat([]byte{mode}, 96), mode, uint16(mode)*37)
	}
	for _, h := range smallOrderKeys {
		f.Add([]byte{}, []byte("m"), append(mustHexBytes(f, h), make([]byte, 64)...), uint8(5), uint16(0))
	}
	f.Fuzz(func(t *testing.T, seed, msg, raw []byte, mode uint8, bit uint16) {
		key, msg, sig := fuzzCase(seed, msg, raw, mode, int(bit))
		checkSame(t, "fuzz", key, msg, sig)
	})
}

// fuzzCase builds the key, message and signature FuzzVerifySignature checks.
func fuzzCase(seed, msg, raw []byte, mode uint8, bit int) (key, m, sig []byte) {
	s := sha512.Sum512(seed)
	priv := ed25519.NewKeyFromSeed(s[:ed25519.SeedSize])
	key = priv.Public().(ed25519.PublicKey)
	sig = ed25519.Sign(priv, msg)
	switch mode % 8 {
	case 1:
		msg = flipBit(msg, bit)
	case 2:
		sig = flipBit(sig, bit)
	case 3:
		key = flipBit(key, bit)
	case 4:
		sig = plusL(sig)
	case 5:
		if len(raw) >= ed25519.PublicKeySize {
			key, sig = raw[:ed25519.PublicKeySize], raw[ed25519.PublicKeySize:]
		}
	case 6:
		sig = append(sig, raw...)[:bit%(len(sig)+len(raw)+1)]
	case 7:
		sig = raw
	}
	return key, msg, sig
}

// BenchmarkVerifySignature is one signature check of a Discord-sized body:
// "std" is crypto/ed25519.Verify, which decodes the key each time;
// "decoded" is sigVerifier, which decoded it once.
func BenchmarkVerifySignature(b *testing.B) {
	msg := append([]byte("1700000000"), bytes.Repeat([]byte("x"), 1500)...)
	sig := ed25519.Sign(testPriv, msg)
	b.Run("std", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if !ed25519.Verify(testPub, msg, sig) {
				b.Fatal("fails")
			}
		}
	})
	b.Run("decoded", func(b *testing.B) {
		v := newSigVerifier(testPub)
		b.ReportAllocs()
		for b.Loop() {
			if !v.Verify(msg, sig) {
				b.Fatal("fails")
			}
		}
	})
}
