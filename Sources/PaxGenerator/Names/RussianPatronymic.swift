/// The patronymic Russians carry as a middle name (Сергеевич, Александровна), from the
/// father's given name. International passports leave it out; domestic records and many
/// watch lists keep it.
enum RussianPatronymic {
    static func from(_ father: String, female: Bool) -> String {
        let name = father.replacingOccurrencesOfYo()
        switch name {
        case "Илья": return female ? "Ильинична" : "Ильич"
        case "Никита": return female ? "Никитична" : "Никитич"
        default: break
        }
        if name.hasSuffix("й") || name.hasSuffix("ь") {
            return String(name.dropLast()) + (female ? "евна" : "евич")
        }
        return name + (female ? "овна" : "ович")
    }
}

private extension String {
    /// Пётр -> Петр: the patronymic is written with е (Петрович).
    func replacingOccurrencesOfYo() -> String {
        String(map { $0 == "ё" ? "е" : $0 })
    }
}
