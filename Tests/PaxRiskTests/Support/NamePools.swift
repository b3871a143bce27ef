/// Small name pools for the seeded test populations: Latin American (the bulk of travellers),
/// Arabic (with script and romanisation variants), Russian (Cyrillic, ICAO and popular
/// romanisations), Greek (with script) and English.
enum NamePools {
    struct Name {
        var latin: String
        /// Other ways the same name is written: native script, other romanisations.
        var variants: [String] = []
    }

    struct Culture {
        var given: [Name]
        var surnames: [Name]
        var nationalities: [String]
        var twoSurnames: Bool
    }

    static let spanish = Culture(
        given: ["JOSE", "CARLOS", "JUAN", "LUIS", "JORGE", "MIGUEL", "FRANCISCO", "ANTONIO", "MANUEL", "JESUS", "ROBERTO",
                "RICARDO", "FERNANDO", "EDUARDO", "RAFAEL", "ALEJANDRO", "DANIEL", "DAVID", "OSCAR", "MARIO", "ERNESTO",
                "SERGIO", "JAVIER", "ANDRES", "DIEGO", "MARIA", "ANA", "ROSA", "CARMEN", "JOSEFINA", "GUADALUPE", "SOFIA",
                "VALENTINA", "LUCIA", "ISABEL", "ELENA", "PATRICIA", "GABRIELA", "ALEJANDRA", "ANDREA", "DANIELA",
                "CLAUDIA", "SANDRA", "VERONICA", "MONICA", "XIMENA", "RAQUEL", "INES", "ROCIO", "YESENIA"].map { Name(latin: $0) },
        surnames: ["HERNANDEZ", "GARCIA", "MARTINEZ", "LOPEZ", "GONZALEZ", "RODRIGUEZ", "PEREZ", "SANCHEZ", "RAMIREZ",
                   "FLORES", "CRUZ", "MORALES", "REYES", "GOMEZ", "DIAZ", "TORRES", "RIVERA", "RAMOS", "ORTIZ", "CASTILLO",
                   "JIMENEZ", "VASQUEZ", "MENDOZA", "AGUILAR", "GUZMAN", "ROMERO", "ALVARADO", "MEJIA", "QUINTANILLA",
                   "PORTILLO", "ESCOBAR", "ARGUETA", "MOLINA", "CHAVEZ", "CAMPOS", "VALLE", "ORELLANA", "FUENTES", "NAVARRO",
                   "SALAZAR", "MONTOYA", "DOMINGUEZ", "GUERRERO", "MUNOZ", "CARRANZA", "VELASQUEZ", "BONILLA", "ZELAYA",
                   "PINEDA", "LEMUS"].map { Name(latin: $0) },
        nationalities: ["SLV", "GTM", "HND", "MEX", "COL", "NIC"], twoSurnames: true)

    static let arabic = Culture(
        given: [
            Name(latin: "MOHAMMED", variants: ["محمد", "MUHAMMAD", "MOHAMED"]), Name(latin: "AHMED", variants: ["أحمد", "AHMAD"]),
            Name(latin: "OMAR", variants: ["عمر", "UMAR"]), Name(latin: "KHALID", variants: ["خالد", "KHALED"]),
            Name(latin: "YOUSEF", variants: ["يوسف", "YUSUF", "YOUSSEF"]), Name(latin: "HASSAN", variants: ["حسن", "HASAN"]),
            Name(latin: "MAHMOUD", variants: ["محمود", "MAHMUD"]), Name(latin: "TARIQ", variants: ["طارق", "TAREK"]),
            Name(latin: "KARIM", variants: ["كريم", "KAREEM"]), Name(latin: "WALID", variants: ["وليد", "WALEED"]),
            Name(latin: "FATIMA", variants: ["فاطمة", "FATMA"]), Name(latin: "MARIAM", variants: ["مريم", "MARYAM"]),
            Name(latin: "LAYLA", variants: ["ليلى", "LEILA"]), Name(latin: "YASMIN", variants: ["ياسمين", "YASMINE"]),
        ],
        surnames: [
            Name(latin: "AL-RASHID", variants: ["الراشد", "RASHED"]), Name(latin: "HADDAD", variants: ["حداد", "HADAD"]),
            Name(latin: "KHOURY", variants: ["خوري", "KHOURI"]), Name(latin: "MANSOUR", variants: ["منصور", "MANSUR"]),
            Name(latin: "NASSER", variants: ["ناصر", "NASIR"]), Name(latin: "SALEH", variants: ["صالح", "SALIH"]),
            Name(latin: "HAMDAN", variants: ["حمدان"]), Name(latin: "ABBAS", variants: ["عباس"]),
            Name(latin: "YOUSSEF", variants: ["يوسف", "YUSUF"]), Name(latin: "IBRAHIM", variants: ["إبراهيم", "EBRAHIM"]),
        ],
        nationalities: ["SYR", "JOR", "LBN", "EGY", "IRQ", "SAU"], twoSurnames: false)

    static let russian = Culture(
        given: [
            Name(latin: "SERGEI", variants: ["Сергей", "SERGEY"]), Name(latin: "IURII", variants: ["Юрий", "YURIY"]),
            Name(latin: "DMITRII", variants: ["Дмитрий", "DMITRIY"]), Name(latin: "ALEKSANDR", variants: ["Александр", "ALEXANDER"]),
            Name(latin: "NATALIA", variants: ["Наталья", "NATALYA"]), Name(latin: "OLGA", variants: ["Ольга"]),
            Name(latin: "TATIANA", variants: ["Татьяна", "TATYANA"]), Name(latin: "ANDREI", variants: ["Андрей", "ANDREY"]),
            Name(latin: "MIKHAIL", variants: ["Михаил", "MIKHAYL"]), Name(latin: "IRINA", variants: ["Ирина"]),
        ],
        surnames: [
            Name(latin: "IVANOV", variants: ["Иванов"]), Name(latin: "SMIRNOV", variants: ["Смирнов"]),
            Name(latin: "KUZNETSOV", variants: ["Кузнецов"]), Name(latin: "FEDOROV", variants: ["Фёдоров", "FYODOROV"]),
            Name(latin: "IAKOVLEV", variants: ["Яковлев", "YAKOVLEV"]), Name(latin: "SOLOVEV", variants: ["Соловьёв", "SOLOVYOV"]),
            Name(latin: "SHCHERBAKOV", variants: ["Щербаков"]), Name(latin: "VOLKOV", variants: ["Волков"]),
            Name(latin: "ZAITSEV", variants: ["Зайцев"]), Name(latin: "MOROZOV", variants: ["Морозов"]),
        ],
        nationalities: ["RUS", "UKR", "BLR"], twoSurnames: false)

    static let greek = Culture(
        given: [
            Name(latin: "GEORGIOS", variants: ["Γεώργιος"]), Name(latin: "CHRISTOS", variants: ["Χρήστος"]),
            Name(latin: "NIKOLAOS", variants: ["Νικόλαος"]), Name(latin: "KONSTANTINOS", variants: ["Κωνσταντίνος"]),
            Name(latin: "MARIA", variants: ["Μαρία"]), Name(latin: "ELENI", variants: ["Ελένη"]),
            Name(latin: "DIMITRIOS", variants: ["Δημήτριος"]), Name(latin: "IOANNIS", variants: ["Ιωάννης"]),
            Name(latin: "EVANGELOS", variants: ["Ευάγγελος"]), Name(latin: "PANAGIOTIS", variants: ["Παναγιώτης"]),
            Name(latin: "AIKATERINI", variants: ["Αικατερίνη"]), Name(latin: "SOFIA", variants: ["Σοφία"]),
        ],
        surnames: [
            Name(latin: "PAPADOPOULOS", variants: ["Παπαδόπουλος"]), Name(latin: "GEORGIOU", variants: ["Γεωργίου"]),
            Name(latin: "NIKOLAIDIS", variants: ["Νικολαΐδης"]), Name(latin: "PAPAGEORGIOU", variants: ["Παπαγεωργίου"]),
            Name(latin: "KARAGIANNIS", variants: ["Καραγιάννης"]), Name(latin: "VLACHOS", variants: ["Βλάχος"]),
            Name(latin: "OIKONOMOU", variants: ["Οικονόμου"]), Name(latin: "MAKRIS", variants: ["Μακρής"]),
            Name(latin: "ANTONIOU", variants: ["Αντωνίου"]), Name(latin: "DIMITRIOU", variants: ["Δημητρίου"]),
            Name(latin: "KONSTANTINIDIS", variants: ["Κωνσταντινίδης"]), Name(latin: "CHRISTODOULOU", variants: ["Χριστοδούλου"]),
        ],
        nationalities: ["GRC", "CYP"], twoSurnames: false)

    static let english = Culture(
        given: ["JOHN", "MICHAEL", "DAVID", "JAMES", "ROBERT", "WILLIAM", "MARY", "JENNIFER", "LINDA", "ELIZABETH", "SARAH",
                "JESSICA", "THOMAS", "CHRISTOPHER", "MATTHEW", "EMILY", "DANIEL", "PAUL", "MARK", "GEORGE", "KAREN",
                "NANCY", "LISA", "BETTY", "HELEN", "SANDRA", "DONALD", "STEVEN", "ANDREW", "KENNETH", "JOSHUA"].map { Name(latin: $0) },
        surnames: ["SMITH", "JOHNSON", "WILLIAMS", "BROWN", "JONES", "MILLER", "DAVIS", "WILSON", "ANDERSON", "TAYLOR",
                   "THOMAS", "MOORE", "MARTIN", "JACKSON", "THOMPSON", "WHITE", "HARRIS", "CLARK", "LEWIS", "ROBINSON", "WALKER",
                   "YOUNG", "ALLEN", "KING", "WRIGHT", "SCOTT", "HILL", "GREEN", "ADAMS", "BAKER", "NELSON", "CARTER"].map { Name(latin: $0) },
        nationalities: ["USA", "CAN", "GBR"], twoSurnames: false)

    /// Cultures with their share of the population.
    static let mix: [(Culture, Int)] = [(spanish, 60), (english, 15), (arabic, 10), (russian, 10), (greek, 5)]
}
