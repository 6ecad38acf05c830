import PropertyBased
import Testing

@testable import LabelgateCore

@Suite struct Base32Tests {
    @Test func matchesRFC4648Vectors() {
        let vectors: [(String, String)] = [
            ("", ""), ("f", "MY"), ("fo", "MZXQ"), ("foo", "MZXW6"), ("foob", "MZXW6YQ"), ("fooba", "MZXW6YTB"),
            ("foobar", "MZXW6YTBOI"),
        ]
        for (plain, encoded) in vectors {
            #expect(Base32.encode(Array(plain.utf8)) == encoded)
            #expect(Base32.decode(encoded) == Array(plain.utf8))
        }
    }

    @Test func rejectsLowerCasePaddingAndNonCanonicalText() {
        #expect(Base32.decode("mzxw6") == nil)
        #expect(Base32.decode("MZXW6===") == nil)
        #expect(Base32.decode("MZ1") == nil)
        #expect(Base32.decode("MY") == [0x66])
        #expect(Base32.decode("MB") == nil)  // non-zero pad bits
    }

    @Test func roundTripsAnyBytes() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...255).array(of: 0...40)) { ints in
            let bytes = ints.map { UInt8($0) }
            #expect(Base32.decode(Base32.encode(bytes)) == bytes)
        }
    }
}

@Suite struct ConstantTimeTests {
    @Test func comparesWholeSequences() {
        #expect(ConstantTime.equals([1, 2, 3], [1, 2, 3]))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2, 4]))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2]))
        #expect(ConstantTime.equals([UInt8](), []))
    }
}
