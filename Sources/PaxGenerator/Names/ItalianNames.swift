/// Italian names, with the final accents Italian documents keep (`NICCOLÒ`).
enum ItalianNames {
    static let corpus = NameCorpus(
        male: ["GIUSEPPE", "GIOVANNI", "ANTONIO", "MARIO", "LUIGI", "FRANCESCO", "ANGELO", "VINCENZO", "PIETRO", "SALVATORE",
               "CARLO", "FRANCO", "DOMENICO", "BRUNO", "PAOLO", "MICHELE", "GIORGIO", "ALESSANDRO", "LORENZO", "MATTIA",
               "LEONARDO", "RICCARDO", "TOMMASO", "EDOARDO", "NICCOLÒ", "GIACOMO", "FEDERICO", "DAVIDE", "SIMONE", "STEFANO"],
        female: ["MARIA", "ANNA", "GIUSEPPINA", "ROSA", "ANGELA", "GIOVANNA", "TERESA", "LUCIA", "CARMELA", "CATERINA",
                 "FRANCESCA", "ANTONELLA", "GIULIA", "CHIARA", "SARA", "MARTINA", "ALESSIA", "SOFIA", "AURORA", "GINEVRA",
                 "BEATRICE", "ELISA", "FEDERICA", "VALENTINA", "SILVIA", "PAOLA", "ROBERTA", "ELENA", "ILARIA", "NOEMI"],
        surnames: ["ROSSI", "RUSSO", "FERRARI", "ESPOSITO", "BIANCHI", "ROMANO", "COLOMBO", "RICCI", "MARINO", "GRECO",
                   "BRUNO", "GALLO", "CONTI", "DE LUCA", "MANCINI", "COSTA", "GIORDANO", "RIZZO", "LOMBARDI", "MORETTI",
                   "BARBIERI", "FONTANA", "SANTORO", "MARIANI", "RINALDI", "CARUSO", "FERRARA", "GALLI", "MARTINI", "LEONE",
                   "LONGO", "GENTILE", "MARTINELLI", "VITALE", "LOMBARDO", "SERRA", "COPPOLA", "DE SANTIS", "D'ANGELO", "NICOLÒ"])
}
