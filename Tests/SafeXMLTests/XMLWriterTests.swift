import PaxTestSupport
import Testing
import SafeXML

@Suite struct XMLWriterTests {
    @Test func escapesTextAndAttributes() throws {
        var w = XMLWriter(indent: nil, declaration: false)
        try w.start("a", attributes: ["q": "x<\"&'>\t\n\r"])
        try w.text("1 < 2 & 3 > \"two\"\r\n")
        try w.end()
        let text = String(decoding: try w.finish(), as: UTF8.self)
        #expect(text == "<a q=\"x&lt;&quot;&amp;'&gt;&#9;&#10;&#13;\">1 &lt; 2 &amp; 3 &gt; \"two\"&#13;\n</a>\n")
    }

    @Test func parserReadsBackExactlyWhatWasWritten() throws {
        var generator = SplitMix64(state: 7)
        let alphabet: [Character] = ["a", "Z", "<", ">", "&", "\"", "'", " ", "\t", "\n", "\r", "é", "ñ", "Ж", "中", "🛂", "]]>", "&amp;"].flatMap { Array($0) }
        for _ in 0..<300 {
            let value = String((0..<Int(generator.next() % 40)).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
            var w = XMLWriter()
            try w.start("root", attributes: ["v": value])
            try w.element("t", value)
            try w.end()
            let document = try XMLDocument.parse(try w.finish())
            let root = try #require(document.root)
            #expect(root.attribute("v") == value)
            #expect(root.child(named: "t")?.text == value)
        }
    }

    @Test func refusesWhatXMLCannotCarry() {
        var w = XMLWriter()
        #expect(throws: XMLWriterError.self) {
            try w.start("r")
            try w.text("bell\u{7}")
        }
        var v = XMLWriter()
        #expect(throws: XMLWriterError.invalidName("1bad")) { try v.start("1bad") }
        var u = XMLWriter()
        #expect(throws: XMLWriterError.self) {
            try u.start("r")
            _ = try u.finish()
        }
        #expect(XMLWriter.sanitized("a\u{0}b") == "a\u{FFFD}b")
    }

    @Test func indentsElementContentOnly() throws {
        var w = XMLWriter()
        try w.start("a")
        try w.start("b")
        try w.element("c", "x")
        try w.end()
        try w.start("empty")
        try w.end()
        try w.end()
        #expect(String(decoding: try w.finish(), as: UTF8.self) == """
        <?xml version="1.0" encoding="UTF-8"?>
        <a>
          <b>
            <c>x</c>
          </b>
          <empty/>
        </a>

        """)
    }
}
