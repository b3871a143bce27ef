/// French names with the accents French identity documents print.
enum FrenchNames {
    static let corpus = NameCorpus(
        male: ["JEAN", "PIERRE", "MICHEL", "ANDRÉ", "PHILIPPE", "RENÉ", "LOUIS", "ALAIN", "JACQUES", "BERNARD",
               "FRANÇOIS", "NICOLAS", "JULIEN", "THOMAS", "ANTOINE", "MATHIEU", "SÉBASTIEN", "JÉRÔME", "CÉDRIC", "STÉPHANE",
               "GUILLAUME", "OLIVIER", "CHRISTOPHE", "FRÉDÉRIC", "LAURENT", "HUGO", "LUCAS", "GABRIEL", "LÉO", "RAPHAËL",
               "ARTHUR", "JULES", "MAËL", "NOÉ", "ÉTIENNE", "BENOÎT", "GAËTAN", "THÉO", "CLÉMENT", "AMAURY"],
        female: ["MARIE", "JEANNE", "FRANÇOISE", "MONIQUE", "CATHERINE", "NATHALIE", "ISABELLE", "SYLVIE", "ANNE", "CHRISTINE",
                 "HÉLÈNE", "ÉLODIE", "CÉLINE", "AURÉLIE", "SÉVERINE", "VIRGINIE", "STÉPHANIE", "JULIE", "CAMILLE", "CHLOÉ",
                 "LÉA", "MANON", "EMMA", "INÈS", "ZOÉ", "LOUISE", "JADE", "LÉNA", "MAÉLYS", "AGATHE",
                 "GENEVIÈVE", "BÉATRICE", "CLÉMENCE", "MÉLANIE", "NOÉMIE", "GAËLLE", "OCÉANE", "ANAÏS", "ÉLISE", "MARGAUX"],
        surnames: ["MARTIN", "BERNARD", "DUBOIS", "THOMAS", "ROBERT", "RICHARD", "PETIT", "DURAND", "LEROY", "MOREAU",
                   "SIMON", "LAURENT", "LEFÈVRE", "MICHEL", "GARCIA", "DAVID", "BERTRAND", "ROUX", "VINCENT", "FOURNIER",
                   "MOREL", "GIRARD", "ANDRÉ", "LEFÈBVRE", "MERCIER", "DUPONT", "LAMBERT", "BONNET", "FRANÇOIS", "MARTINEZ",
                   "LEGRAND", "GARNIER", "FAURE", "ROUSSEAU", "BLANC", "GUÉRIN", "MULLER", "HENRY", "ROUSSEL", "NICOLAS",
                   "PERRIN", "MORIN", "MATHIEU", "CLÉMENT", "GAUTHIER", "DUMONT", "LOPEZ", "FONTAINE", "CHEVALIER", "ROBIN",
                   "D'ALEMBERT", "DE LA FONTAINE", "BÉRANGER", "CHÂTELAIN", "LEBŒUF", "NGUYEN", "DIALLO", "TRAORÉ", "KONÉ", "BENALI"])
}
