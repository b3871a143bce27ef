/// German names with umlauts and ß as German, Austrian and Swiss documents print them.
enum GermanNames {
    static let corpus = NameCorpus(
        male: ["PETER", "MICHAEL", "THOMAS", "ANDREAS", "WOLFGANG", "KLAUS", "JÜRGEN", "STEFAN", "FRANK", "UWE",
               "MATTHIAS", "MARKUS", "JÖRG", "BERND", "DIETER", "HANS", "GÜNTER", "HORST", "RALF", "TORSTEN",
               "LUKAS", "JONAS", "LEON", "FINN", "PAUL", "FELIX", "MAXIMILIAN", "NIKLAS", "TOBIAS", "SEBASTIAN",
               "FLORIAN", "JAN", "TIM", "BJÖRN", "SÖREN", "JÖRN", "KARL", "FRIEDRICH", "EMIL", "ANTON"],
        female: ["URSULA", "MONIKA", "PETRA", "SABINE", "BIRGIT", "KARIN", "ANDREA", "GABRIELE", "BRIGITTE", "RENATE",
                 "SUSANNE", "KATHARINA", "JULIA", "ANNA", "LAURA", "LENA", "LEONIE", "HANNAH", "SOPHIE", "MIA",
                 "JÜLIDE", "BÄRBEL", "JÖRDIS", "GRETA", "CHARLOTTE", "EMILIA", "FRIEDERIKE", "HILDEGARD", "INGRID", "HEIKE",
                 "ULRIKE", "DOROTHEA", "FRANZISKA", "KERSTIN", "SILKE", "ANKE", "MAREIKE", "CLARA", "MAJA", "IDA"],
        surnames: ["MÜLLER", "SCHMIDT", "SCHNEIDER", "FISCHER", "WEBER", "MEYER", "WAGNER", "BECKER", "SCHULZ", "HOFFMANN",
                   "SCHÄFER", "KOCH", "BAUER", "RICHTER", "KLEIN", "WOLF", "SCHRÖDER", "NEUMANN", "SCHWARZ", "ZIMMERMANN",
                   "BRAUN", "KRÜGER", "HOFMANN", "HARTMANN", "LANGE", "SCHMITT", "WERNER", "SCHMITZ", "KRAUSE", "MEIER",
                   "LEHMANN", "SCHMID", "SCHULZE", "MAIER", "KÖHLER", "HERRMANN", "KÖNIG", "WALTER", "MAYER", "HUBER",
                   "GROß", "STRAßER", "WEIß", "FUCHS", "VOGEL", "FRIEDRICH", "KELLER", "GÜNTHER", "FRANKE", "JÄGER",
                   "YILMAZ", "KAYA", "NOWAK", "KOWALSKI", "VON BERG", "ZU GUTTENBERG", "GÄRTNER", "MÖLLER", "BÖHM", "LÖFFLER"])
}
