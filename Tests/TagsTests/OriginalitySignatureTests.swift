import LabelgateCore
import Tags
import Testing

/// secp128r1 ECDSA verification against signatures made by OpenSSL (fixtures/nfc/originality.json).
@Suite struct OriginalitySignatureTests {
    static let trust = OriginalityTrust(keys: [TestMaker.key])

    @Test(arguments: TestMaker.uids)
    func verifiesSignatureMadeByOpenSSL(_ uid: String) {
        let signature = TestHex.bytes(TestMaker.signature(for: uid))
        #expect(Self.trust.verifier(uid: TestHex.bytes(uid), signature: signature, product: .ntag213) == "test maker")
    }

    @Test(arguments: TestMaker.uids)
    func refusesSignatureOfAnotherUID(_ uid: String) {
        let other = TestMaker.uids.first { $0 != uid }!
        let signature = TestHex.bytes(TestMaker.signature(for: other))
        #expect(Self.trust.verifier(uid: TestHex.bytes(uid), signature: signature, product: .ntag213) == nil)
    }

    @Test func refusesSignatureWithOneBitChanged() {
        let uid = TestMaker.uids[0]
        let good = TestHex.bytes(TestMaker.signature(for: uid))
        for index in [0, 15, 16, 31] {
            var bad = good
            bad[index] ^= 0x01
            #expect(Self.trust.verifier(uid: TestHex.bytes(uid), signature: bad, product: .ntag213) == nil)
        }
        #expect(Self.trust.verifier(uid: TestHex.bytes(uid), signature: nil, product: .ntag213) == nil)
        #expect(Self.trust.verifier(uid: TestHex.bytes(uid), signature: [UInt8](repeating: 0, count: 32), product: .ntag213) == nil)
    }

    @Test func refusesKeyForOtherProducts() {
        let uid = TestMaker.uids[0]
        let signature = TestHex.bytes(TestMaker.signature(for: uid))
        #expect(Self.trust.verifier(uid: TestHex.bytes(uid), signature: signature, product: .ultralight) == nil)
    }

    @Test func nxpPublishedKeysAreOnTheCurve() {
        for key in OriginalityTrust.nxp.keys {
            #expect(Secp128r1.PublicKey(uncompressed: key.publicKey) != nil, "\(key.name)")
        }
        var offCurve = OriginalityTrust.nxp.keys[0].publicKey
        offCurve[32] ^= 0x01
        #expect(Secp128r1.PublicKey(uncompressed: offCurve) == nil)
    }

    @Test func testMakerSignaturesAreNotGenuineNXP() {
        let uid = TestMaker.uids[0]
        let signature = TestHex.bytes(TestMaker.signature(for: uid))
        #expect(OriginalityTrust.nxp.verifier(uid: TestHex.bytes(uid), signature: signature, product: .ntag213) == nil)
    }
}
