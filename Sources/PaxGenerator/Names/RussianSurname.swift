/// Russian surnames agree with the bearer's sex: Иванов / Иванова, Маяковский / Маяковская;
/// Ukrainian -енко and Siberian -ых do not change.
enum RussianSurname {
    static func feminine(_ cyrillic: String) -> String {
        for (masculine, feminine) in [("ский", "ская"), ("цкий", "цкая"), ("ой", "ая")] where cyrillic.hasSuffix(masculine) {
            return String(cyrillic.dropLast(masculine.count)) + feminine
        }
        for ending in ["ов", "ев", "ёв", "ин", "ын"] where cyrillic.hasSuffix(ending) {
            return cyrillic + "а"
        }
        return cyrillic
    }
}
