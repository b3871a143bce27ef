import Foundation
import PaxBase
import PaxTestSupport
import Testing

@Suite struct JSONStringTests {
    @Test func escapesQuotesBackslashesAndEveryControlCharacter() throws {
        #expect(JSONString.quoted("plain é 😀") == "\"plain é 😀\"")
        #expect(JSONString.quoted("a\"b\\c") == #""a\"b\\c""#)
        #expect(JSONString.quoted("l1\nl2") == #""l1\nl2""#)
        // Carriage return and tab as \u escapes, like every other control character.
        #expect(JSONString.quoted("\r\t\u{0}\u{1F}") == #""\u000d\u0009\u0000\u001f""#)
        // Whatever the text, a JSON parser reads back exactly that text (seeded inputs).
        var random = SplitMix64(state: 7)
        for _ in 0..<500 {
            let text = String(String.UnicodeScalarView((0..<12).map { _ in UnicodeScalar(UInt8.random(in: 0...127, using: &random)) }))
            let decoded = try JSONSerialization.jsonObject(with: Data(JSONString.quoted(text).utf8), options: .fragmentsAllowed)
            #expect(decoded as? String == text)
        }
    }
}
