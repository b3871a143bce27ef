/// Dutch and Flemish names, surnames with their particles.
enum DutchNames {
    static let corpus = NameCorpus(
        male: ["JAN", "PIETER", "HENDRIK", "WILLEM", "JOHANNES", "CORNELIS", "GERRIT", "DIRK", "JEROEN", "BAS",
               "DAAN", "SEM", "LIAM", "LUCAS", "FINN", "MILAN", "LEVI", "THIJS", "RUBEN", "STIJN",
               "MAARTEN", "JOOST", "BRAM", "SANDER", "KOEN", "WOUTER", "NIELS", "TIM", "LARS", "RUUD"],
        female: ["MARIA", "JOHANNA", "ANNA", "CORNELIA", "WILHELMINA", "GEERTRUIDA", "EMMA", "JULIA", "SOPHIE", "TESS",
                 "ZOË", "SARA", "FENNA", "LOTTE", "SANNE", "ANOUK", "FLEUR", "ELINE", "MAAIKE", "INGE",
                 "ESTHER", "MARLOES", "NIENKE", "FLEUR", "ROOS", "ISA", "NOOR", "EVA", "LIEKE", "FEMKE"],
        surnames: ["DE JONG", "JANSEN", "DE VRIES", "VAN DEN BERG", "VAN DIJK", "BAKKER", "JANSSEN", "VISSER", "SMIT", "MEIJER",
                   "DE BOER", "MULDER", "DE GROOT", "BOS", "VOS", "PETERS", "HENDRIKS", "VAN LEEUWEN", "DEKKER", "BROUWER",
                   "DE WIT", "DIJKSTRA", "SMITS", "DE GRAAF", "VAN DER MEER", "VAN DER LINDEN", "KOK", "JACOBS", "DE HAAN", "VERMEULEN",
                   "PEETERS", "MAES", "WILLEMS", "CLAES", "GOOSSENS", "WOUTERS", "DE SMET", "VAN DAMME", "VERSTRAETEN", "MERTENS"])
}
