/// Tag makers' public keys for the originality signature (READ_SIG), and the check a genuine tag passes.
///
/// NXP signs each NTAG21x and Ultralight EV1 UID at manufacture (ECDSA on secp128r1, the raw UID as the message).
/// A tag whose signature does not verify under its maker's key is not genuine. The signature is readable, so a
/// perfect copy of UID and signature onto a UID-writable tag still verifies: the check stops tags with a made-up
/// or changed UID, and the UID binding of the claim stops a claim moved to another tag.
public struct OriginalityTrust: Sendable {
    /// A trusted key with the products it signs.
    public struct Key: Sendable {
        /// Who holds the private key.
        public var name: String
        /// Uncompressed secp128r1 public key (`04 || X || Y`, 33 bytes).
        public var publicKey: [UInt8]
        /// The products whose signatures it makes.
        public var products: Set<TagProduct>

        /// Creates a key entry.
        public init(name: String, publicKey: [UInt8], products: Set<TagProduct>) {
            self.name = name
            self.publicKey = publicKey
            self.products = products
        }
    }

    /// The keys.
    public let keys: [Key]

    /// NXP's published keys (AN11350 and the Ultralight EV1 data sheet).
    public static let nxp = OriginalityTrust(keys: [
        Key(
            name: "NXP NTAG21x", publicKey: hexBytes("04494E1A386D3D3CFE3DC10E5DE68A499B1C202DB5B132393E89ED19FE5BE8BC61"),
            products: [.ntag213, .ntag215, .ntag216]),
        Key(
            name: "NXP Ultralight EV1",
            publicKey: hexBytes("0490933BDCD6E99B4E255E3DA55389A827564E11718E017292FAF23226A96614B8"),
            products: [.ultralightEV1]),
    ])

    /// Trust in exactly `keys`.
    package init(keys: [Key]) {
        self.keys = keys
    }

    /// The trust store with `extra` added (package-internal: tests add a test maker's key for emulated tags).
    package func adding(_ extra: Key) -> OriginalityTrust {
        OriginalityTrust(keys: keys + [extra])
    }

    /// The name of the key that verifies `signature` over `uid` for `product`; nil when none does.
    public func verifier(uid: [UInt8], signature: [UInt8]?, product: TagProduct) -> String? {
        guard let signature, signature.count == 32 else { return nil }
        guard #available(macOS 15.0, *) else { return nil }
        for key in keys where key.products.contains(product) {
            guard let publicKey = Secp128r1.PublicKey(uncompressed: key.publicKey) else { continue }
            if Secp128r1.verify(signature: signature, message: uid, key: publicKey) { return key.name }
        }
        return nil
    }

    static func hexBytes(_ hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var iterator = hex.utf8.makeIterator()
        while let high = iterator.next(), let low = iterator.next() {
            out.append(UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) ?? 0)
        }
        return out
    }
}
