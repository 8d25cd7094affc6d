import Testing

@testable import Essentials

@Suite("Hex digits")
struct HexDigitTests {
    @Test("every byte encodes to two digits that read back to it, in either case")
    func roundTrip() {
        for byte in 0...255 {
            let b = UInt8(byte)
            for uppercase in [false, true] {
                var out: [UInt8] = []
                HexDigit.append(b, to: &out, uppercase: uppercase)
                #expect(out.count == 2)
                #expect(HexDigit.value(out[0])! << 4 | HexDigit.value(out[1])! == b)
            }
        }
    }

    @Test("encodes bytes as printf's %02x and %02X would")
    func matchesPrintf() {
        let bytes: [UInt8] = [0x00, 0x09, 0x0a, 0x7f, 0x80, 0xab, 0xff]
        #expect(HexDigit.encode(bytes) == "00090a7f80abff")
        #expect(HexDigit.encode(bytes, uppercase: true) == "00090A7F80ABFF")
        #expect(HexDigit.encode([]) == "")
    }

    @Test("a seeded UUID keeps the RFC 4122 text form with lower-case digits")
    func uuidForm() {
        var random = SeededGenerator(seed: 7)
        let uuid = random.uuidString()
        let parts = uuid.split(separator: "-").map(\.count)
        #expect(parts == [8, 4, 4, 4, 12])
        #expect(uuid.utf8.allSatisfy { $0 == UInt8(ascii: "-") || (HexDigit.value($0) != nil && !($0 >= 0x41 && $0 <= 0x46)) })
        #expect(Array(uuid)[14] == "4")
    }
}
