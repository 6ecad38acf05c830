/// ECDSA verification on SEC 2 curve secp128r1, the curve of NXP's originality signatures.
///
/// swift-crypto has no secp128r1, so this is the small verification only (no signing, no secret data), with
/// 128-bit fixed-width arithmetic: field and order are primes below 2^128, products are 256-bit
/// (`multipliedFullWidth`) and reduced with `dividingFullWidth`. Points use Jacobian coordinates (a = −3).
@available(macOS 15.0, *)
public enum Secp128r1 {
    static let p: UInt128 = 0xFFFF_FFFD_FFFF_FFFF_FFFF_FFFF_FFFF_FFFF
    static let a: UInt128 = 0xFFFF_FFFD_FFFF_FFFF_FFFF_FFFF_FFFF_FFFC
    static let b: UInt128 = 0xE875_79C1_1079_F43D_D824_993C_2CEE_5ED3
    static let gx: UInt128 = 0x161F_F752_8B89_9B2D_0C28_607C_A52C_5B86
    static let gy: UInt128 = 0xCF5A_C839_5BAF_EB13_C02D_A292_DDED_7A83
    static let n: UInt128 = 0xFFFF_FFFE_0000_0000_75A3_0D1B_9038_A115

    static let field = Modulus(m: p)
    static let order = Modulus(m: n)

    /// An uncompressed public key `04 || X || Y` on the curve; nil when it is not one.
    public struct PublicKey: Hashable, Sendable {
        let x: UInt128
        let y: UInt128

        /// Parses the 33-byte uncompressed form and checks that the point is on the curve.
        public init?(uncompressed bytes: [UInt8]) {
            guard bytes.count == 33, bytes[0] == 0x04 else { return nil }
            let x = Secp128r1.integer(bytes[1..<17])
            let y = Secp128r1.integer(bytes[17..<33])
            guard x < p, y < p else { return nil }
            let f = Secp128r1.field
            let rhs = f.add(f.add(f.mul(f.mul(x, x), x), f.mul(a, x)), b)
            guard f.mul(y, y) == rhs else { return nil }
            self.x = x
            self.y = y
        }
    }

    /// True when `signature` (r || s, 16 bytes each) is a valid ECDSA signature of `message` under `key`.
    ///
    /// The message is used as the hash value itself (NXP signs the raw UID): its leftmost 128 bits as an integer.
    public static func verify(signature: [UInt8], message: [UInt8], key: PublicKey) -> Bool {
        guard signature.count == 32 else { return false }
        let r = integer(signature[0..<16])
        let s = integer(signature[16..<32])
        guard r > 0, r < n, s > 0, s < n else { return false }
        let e = integer(message.prefix(16)) % n
        let w = order.inverse(s)
        let u1 = order.mul(e, w)
        let u2 = order.mul(r, w)
        let g = Point(x: gx, y: gy, z: 1)
        let q = Point(x: key.x, y: key.y, z: 1)
        let sum = add(g, q)
        var result = Point.infinity
        for bit in stride(from: 127, through: 0, by: -1) {
            result = double(result)
            switch ((u1 >> UInt128(bit)) & 1, (u2 >> UInt128(bit)) & 1) {
            case (1, 1): result = add(result, sum)
            case (1, 0): result = add(result, g)
            case (0, 1): result = add(result, q)
            default: break
            }
        }
        guard result.z != 0 else { return false }
        let f = field
        let zInverse = f.inverse(result.z)
        let x = f.mul(result.x, f.mul(zInverse, zInverse))
        return x % n == r
    }

    static func integer(_ bytes: some Collection<UInt8>) -> UInt128 {
        bytes.reduce(0) { $0 << 8 | UInt128($1) }
    }

    struct Point {
        var x: UInt128
        var y: UInt128
        var z: UInt128
        static let infinity = Point(x: 1, y: 1, z: 0)
    }

    /// dbl-2001-b (a = −3).
    static func double(_ point: Point) -> Point {
        guard point.z != 0, point.y != 0 else { return .infinity }
        let f = field
        let delta = f.mul(point.z, point.z)
        let gamma = f.mul(point.y, point.y)
        let beta = f.mul(point.x, gamma)
        let t = f.mul(f.sub(point.x, delta), f.add(point.x, delta))
        let alpha = f.add(f.add(t, t), t)
        let beta4 = f.add(f.add(beta, beta), f.add(beta, beta))
        let x3 = f.sub(f.mul(alpha, alpha), f.add(beta4, beta4))
        let yz = f.add(point.y, point.z)
        let z3 = f.sub(f.sub(f.mul(yz, yz), gamma), delta)
        let gamma2 = f.mul(gamma, gamma)
        let gamma4 = f.add(f.add(gamma2, gamma2), f.add(gamma2, gamma2))
        let gamma8 = f.add(gamma4, gamma4)
        let y3 = f.sub(f.mul(alpha, f.sub(beta4, x3)), gamma8)
        return Point(x: x3, y: y3, z: z3)
    }

    /// add-2007-bl.
    static func add(_ lhs: Point, _ rhs: Point) -> Point {
        if lhs.z == 0 { return rhs }
        if rhs.z == 0 { return lhs }
        let f = field
        let z1z1 = f.mul(lhs.z, lhs.z)
        let z2z2 = f.mul(rhs.z, rhs.z)
        let u1 = f.mul(lhs.x, z2z2)
        let u2 = f.mul(rhs.x, z1z1)
        let s1 = f.mul(f.mul(lhs.y, rhs.z), z2z2)
        let s2 = f.mul(f.mul(rhs.y, lhs.z), z1z1)
        let h = f.sub(u2, u1)
        let rHalf = f.sub(s2, s1)
        if h == 0 { return rHalf == 0 ? double(lhs) : .infinity }
        let h2 = f.add(h, h)
        let i = f.mul(h2, h2)
        let j = f.mul(h, i)
        let r = f.add(rHalf, rHalf)
        let v = f.mul(u1, i)
        let x3 = f.sub(f.sub(f.mul(r, r), j), f.add(v, v))
        let s1j = f.mul(s1, j)
        let y3 = f.sub(f.mul(r, f.sub(v, x3)), f.add(s1j, s1j))
        let zz = f.add(lhs.z, rhs.z)
        let z3 = f.mul(f.sub(f.sub(f.mul(zz, zz), z1z1), z2z2), h)
        return Point(x: x3, y: y3, z: z3)
    }

    /// Arithmetic modulo a prime below 2^128.
    struct Modulus {
        let m: UInt128

        func add(_ a: UInt128, _ b: UInt128) -> UInt128 {
            let (sum, overflow) = a.addingReportingOverflow(b)
            return overflow || sum >= m ? sum &- m : sum
        }

        func sub(_ a: UInt128, _ b: UInt128) -> UInt128 {
            a >= b ? a - b : a &- b &+ m
        }

        /// Both operands below `m`, so the product's high half is below `m` as `dividingFullWidth` requires.
        func mul(_ a: UInt128, _ b: UInt128) -> UInt128 {
            let product = a.multipliedFullWidth(by: b)
            return m.dividingFullWidth((high: product.high, low: product.low)).remainder
        }

        /// a^(m−2): the inverse of a nonzero a, m being prime.
        func inverse(_ a: UInt128) -> UInt128 {
            var result: UInt128 = 1
            var base = a
            var exponent = m - 2
            while exponent > 0 {
                if exponent & 1 == 1 { result = mul(result, base) }
                base = mul(base, base)
                exponent >>= 1
            }
            return result
        }
    }
}
