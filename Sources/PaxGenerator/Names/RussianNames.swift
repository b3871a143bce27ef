/// Russian names, kept in Cyrillic: documents print the ICAO Doc 9303 transliteration
/// (`IURII`), other sources often the older one (`YURIY`); see `CyrillicTransliteration`.
enum RussianNames {
    static let maleCyrillic = ["Александр", "Дмитрий", "Максим", "Сергей", "Андрей", "Алексей", "Артём", "Илья", "Кирилл", "Михаил",
                               "Никита", "Матвей", "Роман", "Егор", "Арсений", "Иван", "Денис", "Евгений", "Даниил", "Тимофей",
                               "Владимир", "Павел", "Николай", "Юрий", "Виктор", "Олег", "Игорь", "Вадим", "Григорий", "Константин",
                               "Фёдор", "Вячеслав", "Анатолий", "Борис", "Пётр", "Георгий"]
    static let femaleCyrillic = ["Анастасия", "Мария", "Дарья", "Анна", "Елизавета", "Полина", "Виктория", "Екатерина", "Софья", "Александра",
                                 "Ксения", "Алиса", "Валерия", "Вероника", "Арина", "Юлия", "Ольга", "Татьяна", "Наталья", "Ирина",
                                 "Светлана", "Елена", "Людмила", "Галина", "Марина", "Надежда", "Евгения", "Любовь", "Яна", "Алёна",
                                 "Кристина", "Ульяна", "Таисия", "Зоя"]
    /// Masculine forms; `RussianSurname.feminine` gives the feminine.
    static let surnamesCyrillic = ["Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов", "Новиков", "Фёдоров",
                                   "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров", "Павлов", "Козлов", "Степанов", "Николаев",
                                   "Орлов", "Андреев", "Макаров", "Никитин", "Захаров", "Зайцев", "Соловьёв", "Борисов", "Яковлев", "Григорьев",
                                   "Романов", "Воробьёв", "Сергеев", "Кузьмин", "Фролов", "Александров", "Дмитриев", "Королёв", "Гусев", "Киселёв",
                                   "Ильин", "Максимов", "Поляков", "Сорокин", "Виноградов", "Ковалёв", "Белов", "Медведев", "Антонов", "Тарасов",
                                   "Жуков", "Баранов", "Филиппов", "Комаров", "Давыдов", "Беляев", "Герасимов", "Богданов", "Осипов", "Сидоров",
                                   "Маяковский", "Вишневский", "Шевченко", "Бондаренко", "Коваленко", "Черных", "Белых", "Юсупов", "Абрамович", "Цветков"]

    static let corpus = NameCorpus(
        male: maleCyrillic.map(entry),
        female: femaleCyrillic.map(entry),
        surnames: surnamesCyrillic.map(entry))

    /// The feminine forms of `corpus.surnames`, index for index.
    static let feminineSurnames: [NameEntry] = surnamesCyrillic.map { entry(RussianSurname.feminine($0)) }

    /// The document (ICAO) form, the Cyrillic original and the older transliteration.
    static func entry(_ cyrillic: String) -> NameEntry {
        let icao = CyrillicTransliteration.latin(cyrillic, scheme: .icao9303)
        let popular = CyrillicTransliteration.latin(cyrillic, scheme: .popular)
        return NameEntry(icao, script: cyrillic.uppercased(), variants: popular == icao ? [] : [popular])
    }
}
