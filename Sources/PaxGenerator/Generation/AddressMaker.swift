import PaxMessages

/// Addresses where a traveller stays: a street of the place's tradition, its city and a
/// postal code in the country's format.
enum AddressMaker {
    static func address(in airport: Airport, random: inout SeededRandom) -> Address {
        let profile = Countries.profile(airport.country)
        let culture = profile?.primaryCulture ?? .english
        let street = random.pick(StreetNames.streets(culture))
        let number = String(random.int(in: 1...9899))
        var line = StreetNames.numberFirst(culture) ? number + " " + street : street + " " + number
        if culture == .english, random.percent(35) { line += " Apt " + String(random.int(in: 1...40) * 10 + random.int(in: 1...9)) }
        var postalCode: String? = nil
        if let prefix = airport.postalPrefix {
            postalCode = prefix + String(random.int(in: 10...99))
        } else if let format = profile?.postalCodeFormat {
            postalCode = fill(format, &random)
        }
        return Address(street: line, city: airport.city, postalCode: postalCode, country: airport.country)
    }

    /// `format` with each `D` a random digit and each `L` a random letter.
    static func fill(_ format: String, _ random: inout SeededRandom) -> String {
        var bytes = Array(format.utf8)
        for index in bytes.indices {
            if bytes[index] == UInt8(ascii: "D") { bytes[index] = UInt8(ascii: "0") + UInt8(random.below(10)) }
            else if bytes[index] == UInt8(ascii: "L") { bytes[index] = UInt8(ascii: "A") + UInt8(random.below(26)) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
