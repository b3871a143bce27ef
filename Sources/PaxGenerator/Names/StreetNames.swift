/// Street names by naming tradition, and how an address line is written there (number
/// first in English, after the name in most of Europe and Latin America).
enum StreetNames {
    static func streets(_ culture: NameCulture) -> [String] {
        byCulture[culture] ?? []
    }

    /// The lists below, built once (an address is made for most booking groups).
    private static let byCulture = Dictionary(uniqueKeysWithValues: NameCulture.allCases.map { ($0, list($0)) })

    private static func list(_ culture: NameCulture) -> [String] {
        switch culture {
        case .english: ["Westheimer Rd", "Main St", "Oak Ave", "Maple Dr", "Washington Blvd", "Park Ave", "Elm St", "Linden Park Dr",
                        "Harwin Dr", "Bellaire Blvd", "Sunset Blvd", "Lake Shore Dr", "Peachtree St", "Ocean Dr", "Broadway",
                        "High Street", "Station Road", "Church Lane", "Victoria Road", "King Street", "Queen Street", "Mill Lane"]
        case .spanish: ["Calle Arce", "Avenida Olímpica", "Paseo General Escalón", "Calle del Prado", "Avenida de la Reforma",
                        "Calle Mayor", "Avenida Juárez", "Calle San Martín", "Boulevard de los Héroes", "Calle Real", "Avenida Bolívar"]
        case .portuguese: ["Rua Augusta", "Avenida Paulista", "Rua das Flores", "Avenida da Liberdade", "Rua Oscar Freire",
                           "Rua do Carmo", "Avenida Atlântica", "Rua da Conceição"]
        case .french: ["Rue de Rivoli", "Avenue des Champs-Élysées", "Boulevard Saint-Michel", "Rue de la Paix", "Rue Victor Hugo",
                       "Avenue Jean Jaurès", "Rue de la République", "Quai des Célestins"]
        case .german: ["Hauptstraße", "Bahnhofstraße", "Schillerstraße", "Goethestraße", "Lindenallee", "Königsallee",
                       "Friedrichstraße", "Marktplatz"]
        case .dutch: ["Keizersgracht", "Prinsengracht", "Kalverstraat", "Dorpsstraat", "Stationsweg", "Kerkstraat", "Meir"]
        case .italian: ["Via Roma", "Via Garibaldi", "Corso Vittorio Emanuele", "Via del Corso", "Via Dante", "Via Mazzini"]
        case .turkish: ["İstiklal Caddesi", "Bağdat Caddesi", "Atatürk Bulvarı", "Cumhuriyet Caddesi", "Barbaros Bulvarı"]
        case .russian: ["ulitsa Tverskaya", "Nevskii prospekt", "ulitsa Arbat", "Leninskii prospekt", "ulitsa Pushkina"]
        case .arabic: ["Sheikh Zayed Road", "Al Wasl Road", "King Fahd Road", "Corniche Street", "Tahrir Street", "Al Rashid Street"]
        case .chinese: ["Nanjing Road", "Chang'an Avenue", "Huaihai Road", "Nathan Road", "Zhongshan Road", "Orchard Road"]
        case .hindi: ["MG Road", "Nehru Place", "Linking Road", "Park Street", "Brigade Road", "Anna Salai"]
        case .japanese: ["Ginza 4-chome", "Shibuya 2-chome", "Umeda 1-chome", "Shinjuku 3-chome", "Roppongi 6-chome"]
        case .korean: ["Gangnam-daero", "Teheran-ro", "Sejong-daero", "Itaewon-ro", "Jongno"]
        case .hebrew: ["Rehov Dizengoff", "Rehov Allenby", "Rothschild Blvd", "Rehov Jaffa", "Rehov Herzl"]
        }
    }

    /// Whether the house number comes before the street name.
    static func numberFirst(_ culture: NameCulture) -> Bool {
        switch culture {
        case .english, .chinese, .hindi, .arabic, .japanese, .korean, .french: true
        default: false
        }
    }
}
